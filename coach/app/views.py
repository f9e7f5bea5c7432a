"""The data screens draw, as small frozen dataclasses. Callers fill them: storage for Home, the workout engine for the
Workout HUD and the Summary. Screens never compute scores or read the database themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Phase = Literal["get_ready", "active", "rest", "paused", "done"]


@dataclass(frozen=True)
class HomeView:
    """The profile on the Home screen."""

    name: str
    level: int = 1
    xp_in_level: int = 0  # XP earned since reaching `level`
    xp_for_level: int = 0  # XP the level takes in total (0: unknown, the bar stays empty)
    streak_days: int = 0
    workouts_done: int = 0
    last_workout: str | None = None  # e.g. "Legs, yesterday"


@dataclass(frozen=True)
class WorkoutHud:
    """Everything the Workout screen shows about the plan's progress at one moment.

    `reps`/`target_reps` for rep sets, `hold_s`/`target_hold_s` for holds (plank). `seconds_left`/`seconds_total`
    count down the current phase (get ready, rest). `cue_age_s` is how long ago `cue` was first said (it fades).
    While resting, `set_number` is the set just finished and `next_exercise_name` what comes next.
    While saving works, the HUD is the workout as of its last stored write; `save_problem` says when it is not.
    """

    plan_name: str
    exercise_id: str
    exercise_name: str
    phase: Phase
    block_number: int = 1
    block_count: int = 1
    set_number: int = 1
    set_count: int = 1
    reps: int = 0
    target_reps: int | None = None
    hold_s: float = 0.0
    target_hold_s: float | None = None
    seconds_left: float | None = None
    seconds_total: float | None = None
    cue: str | None = None
    cue_age_s: float = 0.0
    score: int = 0
    combo: int = 0
    last_quality: float | None = None  # 0..1, of the last rep
    next_exercise_name: str | None = None  # shown while resting
    save_problem: str | None = None  # why the workout is not being saved right now (the banner), None when it is
    unsaved_reps: int = 0  # reps on screen that are not stored yet (only while `save_problem` is set)
    source_problem: str | None = None  # why there is no picture (the workout is paused until it is back)

    @property
    def is_hold(self) -> bool:
        """Whether this set counts seconds instead of reps."""
        return self.target_hold_s is not None


@dataclass(frozen=True)
class SetSummary:
    """One set's outcome. `quality` is the mean rep (or hold) quality 0..1, None when nothing was done."""

    exercise_id: str
    exercise_name: str
    reps: int = 0
    target_reps: int | None = None
    hold_s: float = 0.0
    target_hold_s: float | None = None
    quality: float | None = None
    skipped: bool = False


@dataclass(frozen=True)
class SummaryView:
    """The end of a workout: per set results, XP, the best rep and the time it took."""

    plan_name: str
    duration_s: float
    xp_earned: int
    sets: tuple[SetSummary, ...] = field(default_factory=tuple)
    best_rep: str | None = None  # e.g. "Squat, set 2 rep 7: 98%"
    aborted: bool = False
    level: int | None = None
    level_up: bool = False
    set_total: int | None = None  # the plan's sets (more than `sets` when the workout was stopped early)
    unlocks: tuple[str, ...] = ()  # titles of what the workout unlocked: "Level 3", "First workout"


def format_duration(seconds: float) -> str:
    """m:ss (h:mm:ss past an hour)."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
