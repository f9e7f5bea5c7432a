"""Example data for `coach screenshot` and the tests: a profile, a workout mid-set, a finished workout.

These are illustrations, not results: the Home screen's numbers come from storage and the HUD and Summary from the
workout engine once they are wired in. `StaticWorkout` is a WorkoutDriver that shows one fixed HUD.
"""

from __future__ import annotations

from dataclasses import replace

from coach.app.views import HomeView, Phase, SetSummary, SummaryView, WorkoutHud
from coach.exercises.registry import EXERCISES, ExerciseKind, get_exercise
from coach.live.client import LiveUpdate
from coach.live.frame import LiveFrame

EXAMPLE_PLAN = "Beginner full body"


def example_home() -> HomeView:
    """A profile a few weeks in."""
    return HomeView(
        name="Alex",
        level=4,
        xp_in_level=620,
        xp_for_level=1000,
        streak_days=5,
        workouts_done=23,
        last_workout="Beginner full body, yesterday",
    )


def example_hud(exercise_id: str = "squat", phase: Phase = "active") -> WorkoutHud:
    """A set in progress for `exercise_id` (a hold for plank): 7 of 12 reps, a fresh cue, a running combo."""
    exercise = get_exercise(exercise_id if exercise_id in EXERCISES and exercise_id != "idle" else "squat")
    hold = exercise.kind is ExerciseKind.HOLD
    return WorkoutHud(
        plan_name=EXAMPLE_PLAN,
        exercise_id=exercise.id,
        exercise_name=exercise.display_name,
        phase=phase,
        block_number=2,
        block_count=3,
        set_number=2,
        set_count=3,
        reps=0 if hold else (12 if phase == "rest" else 7),
        target_reps=None if hold else 12,
        hold_s=23.0 if hold else 0.0,
        target_hold_s=40.0 if hold else None,
        seconds_left=None if phase == "active" else 7.4,
        seconds_total=None if phase == "active" else 30.0,
        cue="Chest up, sit back" if exercise.id == "squat" else "Nice and steady",
        cue_age_s=0.8,
        score=1_240,
        combo=5,
        last_quality=0.92,
        next_exercise_name="Push-up" if phase == "rest" else None,
    )


def example_summary() -> SummaryView:
    """A finished beginner workout."""
    sets = (
        SetSummary("squat", "Squat", reps=12, target_reps=12, quality=0.91),
        SetSummary("squat", "Squat", reps=12, target_reps=12, quality=0.87),
        SetSummary("pushup", "Push-up", reps=10, target_reps=10, quality=0.84),
        SetSummary("pushup", "Push-up", reps=8, target_reps=10, quality=0.72),
        SetSummary("lunge", "Lunge", reps=12, target_reps=12, quality=0.88),
        SetSummary("plank", "Plank", hold_s=40.0, target_hold_s=40.0, quality=0.95),
    )
    return SummaryView(
        plan_name=EXAMPLE_PLAN,
        duration_s=19 * 60 + 42,
        xp_earned=540,
        sets=sets,
        best_rep="Squat, set 1 rep 7: 98%",
        level=5,
        level_up=True,
    )


class StaticWorkout:
    """A WorkoutDriver showing one HUD; pause/resume/quit change its phase, so screens and tests can be driven."""

    def __init__(self, hud: WorkoutHud, summary: SummaryView | None = None) -> None:
        self.hud = hud
        self._summary = summary
        self.commands: list[str] = []
        self._before_pause: Phase = hud.phase

    def update(self, dt: float, update: LiveUpdate, frame: LiveFrame | None) -> WorkoutHud:
        return self.hud

    def command(self, action: str) -> None:
        self.commands.append(action)
        if action == "pause" and self.hud.phase != "paused":
            self._before_pause = self.hud.phase
            self.hud = replace(self.hud, phase="paused")
        elif action == "resume" and self.hud.phase == "paused":
            self.hud = replace(self.hud, phase=self._before_pause)
        elif action == "quit":
            self.hud = replace(self.hud, phase="done")
            if self._summary is not None:
                self._summary = replace(self._summary, aborted=True)

    def summary(self) -> SummaryView | None:
        return self._summary
