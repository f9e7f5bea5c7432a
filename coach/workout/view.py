"""What the workout engine hands out: the screen's state (`WorkoutView`), the end report (`WorkoutSummary`), and the
moments worth a sound (`EngineEvent`). Frozen: the UI draws them and never changes the engine through them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coach.workout.recorder import SessionStatus, SetStatus


class Phase(StrEnum):
    """What the person should be doing now."""

    GET_READY = "get_ready"  # countdown before an exercise starts (get into position)
    ACTIVE = "active"  # a set is running
    REST = "rest"  # countdown between sets or exercises
    PAUSED = "paused"
    DONE = "done"  # completed or quit (see WorkoutView.status)


class EventKind(StrEnum):
    """Things that just happened, for sounds."""

    REP_COUNTED = "rep_counted"
    REP_NOT_CREDITED = "rep_not_credited"  # the classifier saw another exercise
    SET_DONE = "set_done"  # target reached
    SET_SKIPPED = "set_skipped"
    REST_OVER = "rest_over"  # a rest or get-ready countdown ended: go
    WORKOUT_DONE = "workout_done"
    WORKOUT_ABORTED = "workout_aborted"


@dataclass(frozen=True)
class EngineEvent:
    """One thing that happened at `t_s`."""

    kind: EventKind
    t_s: float


@dataclass(frozen=True)
class SetResult:
    """One set as it ended (indices count from 0)."""

    position: int  # among all the plan's sets
    block_index: int
    item_index: int
    set_index: int
    exercise: str
    exercise_name: str
    reps: int
    target_reps: int | None
    hold_seconds: float
    target_seconds: float | None
    avg_quality: float | None  # of the credited reps (None for holds or no reps)
    best_quality: float | None
    duration_s: float  # active time, pauses excluded
    xp: int  # everything this set earned, bonus included
    status: SetStatus


@dataclass(frozen=True)
class BestRep:
    """The highest-quality rep of the workout (the first one, on a tie)."""

    exercise: str
    exercise_name: str
    quality: float
    position: int  # the set it was in
    end_s: float


@dataclass(frozen=True)
class WorkoutView:
    """Everything the workout screen draws, at one moment. Indices count from 0; during a rest or get-ready they
    point at the set coming next."""

    plan_name: str
    status: SessionStatus
    phase: Phase
    paused_phase: Phase | None  # what a pause interrupted
    block_index: int
    block_count: int
    block_name: str
    item_index: int
    item_count: int  # items in this block
    set_index: int
    set_count: int  # sets of this item
    position: int  # among all the plan's sets
    total_sets: int
    exercise: str
    exercise_name: str
    is_hold: bool
    reps: int
    target_reps: int | None
    hold_seconds: float
    target_seconds: float | None
    countdown_s: float | None  # seconds left of the get-ready or rest countdown (frozen while paused)
    cue: str | None  # the latest form or verification cue
    cue_s: float | None  # when it was set, so the UI can fade it
    score: int  # XP earned in this workout
    total_xp: int  # the person's XP before the workout + score
    combo: int
    multiplier: float  # what the next good rep would be scored with
    last_quality: float | None
    last_set: SetResult | None  # the set that just ended (for "10/10" during the rest)


@dataclass(frozen=True)
class WorkoutSummary:
    """The end-of-workout report (also available mid-workout: status in_progress)."""

    plan_name: str
    status: SessionStatus
    sets: tuple[SetResult, ...]
    xp_earned: int
    best_rep: BestRep | None
    best_combo: int
    total_reps: int
    total_hold_seconds: float
    total_s: float  # from start to end (or to now), pauses included
    paused_s: float
