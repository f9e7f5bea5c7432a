"""`coach play` (what `make run` starts): the live worker, the window, Home -> Plans -> Workout -> Summary -> Home, and
History, Calibration, Settings (-> Retrain), with storage behind it (`--db URL`, else COACH_DB_URL, else the file in
the data folder). `--plan NAME` starts straight into that plan.

The worker starts before the window opens, so the camera and the pose model warm up while the window appears. It runs
the one per-frame step (`coach.pipeline.FrameStep`) with the model `coach.model_choice` picks (`--model`, COACH_MODEL,
the active version, the shipped model); the workout tells it which exercise to count and the person's calibrated range
for it. When a workout starts, the model is chosen again, so one activated in Retrain is the one that workout runs. On
the synthetic source the avatar does the plan's sets (a plan picked on the Plans screen restarts the worker with that
script).
Without a display (a terminal, CI) it prints what Coach sees for a while instead, like `coach demo`.
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pygame

from coach.app.app import App, RunStats, open_window
from coach.app.context import AppContext
from coach.app.history_view import load_history
from coach.app.scene import Quit
from coach.app.screens.calibration import CalibrationScreen
from coach.app.screens.history import HistoryScreen
from coach.app.screens.home import HomeScreen, SceneFactory
from coach.app.screens.plans import PlansScreen
from coach.app.screens.retrain import RetrainScreen
from coach.app.screens.settings import SettingsScreen, next_source
from coach.app.settings import AppSettings, load_settings
from coach.app.shown_log import ShownLog
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.workouts import Workouts
from coach.config import default_db_url
from coach.errors import CoachError
from coach.live.client import LiveProcessor
from coach.live.config import LiveConfig
from coach.live.frame import UseModel
from coach.model_choice import ModelChoice
from coach.session import can_open_app_window
from coach.storage import Repository
from coach.storage.repository import open_repository
from coach.workout.engine import EngineConfig
from coach.workout.plan import Plan

HEADLESS_SECONDS = 15.0


@dataclass(frozen=True)
class PlayOptions:
    """What `coach play` was asked for. `plan` and `db_url` are passed through for the workout and storage."""

    source: str | None = None  # None: the source chosen in Settings
    plan: str | None = None
    db_url: str | None = None
    mute: bool = False
    seconds: float | None = None  # stop after this long (scripted runs)
    size: tuple[int, int] = (1280, 720)
    model_dir: Path | None = None


def run_play(options: PlayOptions) -> int:
    """Run the app until the person closes it; returns the exit code."""
    if not can_open_app_window():
        from coach.demo import run_demo

        print(f"No display found: printing what Coach sees for {HEADLESS_SECONDS:.0f} s instead (as `coach demo`).")
        return run_demo(options.source or load_settings().source, seconds=options.seconds or HEADLESS_SECONDS)
    settings = load_settings()
    if options.mute:
        settings = replace(settings, sound=False)
    options = replace(options, source=options.source or settings.source)
    repo = open_repository(options.db_url or default_db_url())
    workouts = Workouts(
        repo, settings.profile or _profile_name(), model_override=options.model_dir, shown_log=ShownLog.from_env()
    )
    plan = workouts.catalog().find(options.plan) if options.plan else None  # an unknown name fails before any window
    model = workouts.model()
    if model.note:
        print(f"coach: note: {model.note}", file=sys.stderr)
    config = live_config(options, plan, workouts.config.get_ready_s, settings.model_complexity, model)
    session = LiveSession(config, LiveProcessor(config).start(), plan)
    workouts.before_start = session.before_workout
    workouts.switch_source = session.another_source
    try:
        play_in_window(options, session, settings, workouts, plan, persist=not options.mute)
    finally:
        session.live.stop()
        try:
            workouts.close()  # writes still being retried get a last chance; what cannot be saved is said
        finally:
            repo.close()
    return 0


def live_config(
    options: PlayOptions,
    plan: Plan | None,
    get_ready_s: float,
    model_complexity: int = 1,
    model: ModelChoice | None = None,
) -> LiveConfig:
    """The worker's settings: the source, the pose model, the recognizer, and on the avatar the plan's sets."""
    return LiveConfig(
        source=options.source or "camera",
        model=model,
        model_complexity=model_complexity,
        synthetic_segments=_plan_script(plan, get_ready_s) if plan is not None else None,
    )


def _plan_script(plan: Plan, get_ready_s: float, from_position: int = 0) -> tuple:
    from coach.synth.plan_avatar import plan_segments  # the avatar's generator (scipy) only when it is needed

    return plan_segments(plan, get_ready_s, from_position)


@dataclass
class LiveSession:
    """The running worker; replaced when the avatar has to start on a plan's script."""

    config: LiveConfig
    live: LiveProcessor
    plan: Plan | None = None  # what the avatar is doing (None: every exercise in turn)

    def before_workout(self, context: AppContext, plan: Plan, model: ModelChoice) -> None:
        """A workout is starting: it runs `model` (one activated since the worker started is switched to), and on the
        synthetic source the worker restarts with the avatar doing `plan` (a camera is left alone)."""
        source = self.live.source
        already, self.plan = self.plan is plan, plan  # kept for a source picked mid-workout (the avatar)
        if source is not None and source.name == "synthetic" and not already:
            self.live.stop()
            script = _plan_script(plan, EngineConfig().get_ready_s)
            self.config = replace(self.config, synthetic_segments=script, model=model)
            self.live = LiveProcessor(self.config).start()
            context.live = self.live
        elif model != self.config.model:
            self.config = replace(self.config, model=model)
            self.live.send(UseModel(model))

    def another_source(self, context: AppContext, start_at_s: float, position: int) -> LiveProcessor:
        """The next source in Settings' cycle (camera, camera:1, avatar), for a workout whose pictures stopped: its
        frames carry on the workout's clock from `start_at_s`; one that cannot be opened yet is retried, not fatal.
        The avatar does the plan from the set at `position`."""
        spec = next_source(self.config.source)
        segments = None
        if spec == "synthetic" and self.plan is not None:
            segments = _plan_script(self.plan, EngineConfig().get_ready_s, position)
        self.live.stop()
        self.config = replace(
            self.config, source=spec, keep_trying=True, fallback_to_synthetic=False, start_at_s=start_at_s,
            synthetic_segments=segments,
        )  # fmt: skip
        self.live = LiveProcessor(self.config).start()
        context.live = self.live
        return self.live


def play_in_window(
    options: PlayOptions,
    session: LiveSession,
    settings: AppSettings,
    workouts: Workouts,
    plan: Plan | None,
    *,
    persist: bool,
) -> RunStats:
    """Open the window on Home (with `plan` already started on top) and run until it closes."""
    try:
        open_window(options.size)
    except pygame.error as exc:
        raise CoachError(f"cannot open a window ({exc}); run Coach in a desktop session") from None
    try:
        context = AppContext(
            theme=Theme(options.size),
            sounds=Sounds(muted=not settings.sound),
            settings=settings,
            live=session.live,
            persist_settings=persist,
        )
        url = options.db_url or default_db_url()
        destinations = {
            "plans": lambda c: PlansScreen(c, workouts.catalog(), workouts.start),
            **progress_destinations(workouts.repo, url, options.source or "camera", options.model_dir),
        }
        home = HomeScreen(context, workouts.home_view(), destinations, refresh=workouts.home_view)
        app = App(context, home)
        if plan is not None:
            app.scenes.push(workouts.start(context, plan))
        try:
            return app.run(seconds=options.seconds)
        finally:
            app.scenes.apply(Quit())  # every scene leaves: a running workout is saved as aborted
    finally:
        pygame.quit()


def progress_destinations(
    repo: Repository, db_url: str, source: str, model_option: Path | None = None
) -> dict[str, SceneFactory]:
    """History, Calibration and Settings (with Retrain) over one open repository, for Home. Settings and Retrain name
    the recognizer in use (`model_option`: `coach play --model`).

    Calibration records from the same source as the live view. A camera can be held by one reader only on some
    systems; until the live worker can hand its frames over, a calibration from a camera opens it a second time."""
    retrain = lambda c: RetrainScreen(c, repo, db_url, model_option=model_option)  # noqa: E731
    return {
        "history": lambda c: HistoryScreen(c, load_history(repo)),
        "calibration": lambda c: CalibrationScreen(c, repo, source, model_complexity=c.settings.model_complexity),
        "settings": lambda c: SettingsScreen(c, retrain=retrain, repo=repo, model_option=model_option),
    }


def _profile_name() -> str:
    """The login name, until profiles are stored."""
    try:
        return getpass.getuser().capitalize() or "Athlete"
    except (KeyError, OSError):
        return "Athlete"
