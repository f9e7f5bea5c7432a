"""Where the app meets storage and the workout engine: Home's profile from the stored history, the plan catalog, and
building a Workout screen whose engine records through the repository (on a writer thread) and whose Summary shows
what the workout unlocked. What the person taught Coach reaches the workout here: each workout runs the model chosen
at its start (`coach.model_choice`) and counts against the person's calibrated ranges (`coach.calibration`).

A workout whose writes have not all landed when it ends (the database is locked, full or gone) still gets its
Summary, from the engine's own report; its writer keeps retrying in the background until `close()`, which raises
UnsavedWritesError for whatever could not be saved by then (`coach play` prints it as one line).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coach.app.context import AppContext
from coach.app.history_view import home_view, load_history
from coach.app.screens.workout import SourceSwitch, WorkoutScreen
from coach.app.shown_log import ShownLog
from coach.app.views import HomeView, SummaryView
from coach.app.workout_driver import EngineDriver, summary_view
from coach.app.writer import BackgroundRecorder, UnsavedWritesError
from coach.calibration import profile_ranges
from coach.model_choice import ModelChoice, choose_model
from coach.storage.repository import Repository
from coach.storage.workout_bridge import RepositoryRecorder, session_records
from coach.workout.catalog import PlanCatalog, load_catalog
from coach.workout.engine import EngineConfig, WorkoutEngine
from coach.workout.plan import Plan
from coach.workout.progression import recompute, unlocked_by
from coach.workout.records import SessionRecord
from coach.workout.view import WorkoutSummary


@dataclass
class Workouts:
    """The app's access to plans, history, the model and the calibrated ranges. `before_start` runs when a plan is
    picked, with the model that workout runs (the app switches the worker to it, and has the avatar do that plan)."""

    repo: Repository
    name: str
    config: EngineConfig = field(default_factory=EngineConfig)
    catalog_loader: Callable[[], PlanCatalog] = load_catalog
    before_start: Callable[[AppContext, Plan, ModelChoice], None] | None = None
    model_override: Path | None = None  # `coach play --model DIR`
    switch_source: SourceSwitch | None = None  # the Workout screen's "another source" (C) when the pictures stop
    shown_log: ShownLog | None = None  # what the Workout screen shows, line by line (COACH_SHOWN_LOG; crash tests)
    finish_wait_s: float = 2.0  # at the end, how long to wait for writes that are landing normally
    close_wait_s: float = 10.0  # at exit, how long to wait for writes still being retried
    _writers: list[BackgroundRecorder] = field(default_factory=list)

    def model(self) -> ModelChoice:
        """The recognizer a workout started now runs (an activation in Retrain counts from the next workout)."""
        return choose_model(self.model_override, repo=self.repo)

    def ranges(self) -> dict[str, float]:
        """The person's calibrated range per exercise, from the calibration samples they kept."""
        return profile_ranges(self.repo)

    def history(self) -> list[SessionRecord]:
        """Every finished session, oldest first."""
        return session_records(self.repo)

    def home_view(self) -> HomeView:
        """Level, XP, streak, workouts and the last one, recomputed from storage as History (and `coach stats`) do,
        as of today by the repository's clock."""
        return home_view(load_history(self.repo, self.repo.today()), self.name)

    def catalog(self) -> PlanCatalog:
        """Bundled and user plans (a broken user file is listed in `problems`, never fatal)."""
        return self.catalog_loader()

    def start(self, context: AppContext, plan: Plan) -> WorkoutScreen:
        """The Workout screen for `plan`, recording into storage."""
        if self.before_start is not None:
            self.before_start(context, plan, self.model())
        before = self.history()
        recorder = BackgroundRecorder(RepositoryRecorder(self.repo))
        self._writers.append(recorder)
        xp_before = sum(s.xp for s in before)

        def finish(engine: WorkoutEngine, result: WorkoutSummary) -> SummaryView:
            total = engine.snapshot().total_sets
            stuck = recorder.state().problem is not None
            if stuck or not recorder.flush(self.finish_wait_s):
                return summary_view(result, set_total=total)  # storage cannot tell what it unlocked yet
            self._writers.remove(recorder)
            recorder.close()  # every write landed: the session can be read back
            return self.summary(before, recorder.stored_id(engine.session_id), result, total)

        driver = EngineDriver(
            plan, recorder, context.live, config=self.config, xp_before=xp_before, finish=finish,
            known_ranges=self.ranges(), saves=recorder,
        )  # fmt: skip
        return WorkoutScreen(context, driver, shown_log=self.shown_log, switch_source=self.switch_source)

    def close(self) -> None:
        """Wait (up to `close_wait_s`) for workouts whose writes are still being retried; raise UnsavedWritesError
        naming what could not be saved."""
        errors: list[str] = []
        deadline = time.monotonic() + self.close_wait_s
        while self._writers:
            writer = self._writers.pop()
            try:
                writer.close(max(0.0, deadline - time.monotonic()))
            except UnsavedWritesError as error:
                errors.append(str(error))
        if errors:
            raise UnsavedWritesError("; ".join(errors))

    def summary(
        self, before: list[SessionRecord], session_id: int | None, result: WorkoutSummary, set_total: int | None = None
    ) -> SummaryView:
        """The engine's report plus what storage says it unlocked (level, badges, personal bests)."""
        this = next((s for s in self.history() if s.id == session_id), None)
        if this is None:
            return summary_view(result, set_total=set_total)
        unlocks = unlocked_by(before, this)
        level = recompute([*before, this]).level.level
        return summary_view(
            result,
            level=level,
            level_up=level > recompute(before).level.level,
            unlocks=tuple(u.title for u in unlocks),
            set_total=set_total,
        )
