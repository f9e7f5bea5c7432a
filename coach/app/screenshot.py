"""`coach screenshot`: render one screen headless (SDL dummy driver) to a PNG.

Live shows a real frame from the source (run through the whole live chain up to `at_s`). Workout, Rest, Paused and
Summary run a real workout unpaced up to that moment (`coach.app.rehearsal`): on the synthetic source the avatar does
the 7-minute circuit; on a video, one set of the exercise the recognizer sees in it. Home shows the profile stored in
`db_url` (the example profile without one); with `db_url` the Summary's workout is stored there too. History,
Calibration and Retrain read a temporary database filled through the repository with `coach.app.demo_data` (two
scripted weeks, a few calibration samples; Retrain also lists the shipped model, registered as a version).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

import pygame

from coach.app import examples
from coach.app.app import open_window
from coach.app.catalog import DEFAULT_AT_S, NEEDS_FRAME, REHEARSED, SCREEN_NAMES
from coach.app.context import AppContext
from coach.app.demo_data import SettableClock, demo_start, fill_demo_history, fill_demo_samples
from coach.app.feed import FrozenFeed
from coach.app.history_view import load_history
from coach.app.rehearsal import Rehearsal, rehearse_avatar, rehearse_video
from coach.app.scene import Scene
from coach.app.screens.calibration import CalibrationScreen
from coach.app.screens.history import HistoryScreen
from coach.app.screens.home import HomeScreen
from coach.app.screens.live import LiveScreen
from coach.app.screens.plans import PlansScreen
from coach.app.screens.retrain import RetrainScreen
from coach.app.screens.settings import SettingsScreen
from coach.app.screens.summary import SummaryScreen
from coach.app.screens.workout import WorkoutScreen
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.workout_driver import EngineDriver
from coach.app.workouts import Workouts
from coach.errors import CoachError
from coach.live.client import LiveUpdate
from coach.live.snapshot import capture_frame
from coach.recognition.bundle import default_model_dir
from coach.storage import Repository
from coach.storage.repository import open_repository
from coach.storage.workout_bridge import RepositoryRecorder
from coach.workout.catalog import load_catalog
from coach.workout.plan import Plan
from coach.workout.view import Phase

SCRIPTED_TODAY = date(2026, 11, 25)  # the scripted fortnight ends here, so screenshots do not change by the day


class ScreenshotError(CoachError):
    """A screenshot that cannot be made as asked."""


SCREENSHOT_PLAN = "seven_minute_circuit"


def _mid_set(driver: EngineDriver) -> bool:
    """The second set (squats) well under way."""
    engine = driver.engine
    return (
        engine is not None
        and engine.phase is Phase.ACTIVE
        and engine.snapshot().position >= 1
        and (engine.snapshot().reps >= 7)
    )


def _resting(driver: EngineDriver) -> bool:
    """A few seconds into the first rest."""
    engine = driver.engine
    return engine is not None and engine.phase is Phase.REST and (engine.snapshot().countdown_s or 0.0) <= 6.5


def _three_sets(driver: EngineDriver) -> bool:
    return driver.engine is not None and len(driver.engine.summary().sets) >= 3


def _video_moment(at_s: float) -> Callable[[EngineDriver], bool]:
    return lambda driver: driver.now_s >= at_s


def _rehearse(scene: str, source: str, at_s: float, size: tuple[int, int], workouts: Workouts | None) -> Rehearsal:
    """Run the workout up to the scene's moment (then pause or quit for those scenes)."""
    recorder = RepositoryRecorder(workouts.repo) if workouts is not None and scene == "summary" else None
    if source == "synthetic":
        plan = load_catalog().find(SCREENSHOT_PLAN)
        until = {"rest": _resting, "summary": _three_sets}.get(scene, _mid_set)
        run = rehearse_avatar(plan, until, display_size=size, recorder=recorder)
    else:
        run = rehearse_video(source, _video_moment(at_s), display_size=size)
    if scene == "paused":
        run.driver.command("pause")
    elif scene == "summary":
        run.driver.command("quit")
    return run


SCENES: dict[str, Callable[[AppContext], Scene]] = {
    "home": lambda c: HomeScreen(
        c, examples.example_home(), {"settings": SettingsScreen, "history": Scene, "calibration": Scene}
    ),
    "plans": lambda c: PlansScreen(c, load_catalog(), _no_start),
    "live": LiveScreen,
    "workout": LiveScreen,  # replaced by the rehearsed workout in render_screenshot
    "rest": LiveScreen,
    "paused": LiveScreen,
    "summary": lambda c: SummaryScreen(c, examples.example_summary()),
    "settings": lambda c: SettingsScreen(c, retrain=Scene),
}
DB_SCENES: dict[str, Callable[[AppContext, Repository, str], Scene]] = {
    "history": lambda c, repo, url: HistoryScreen(c, load_history(repo, SCRIPTED_TODAY)),
    "calibration": lambda c, repo, url: CalibrationScreen(c, repo, "synthetic"),
    "retrain": lambda c, repo, url: RetrainScreen(c, repo, url),
}


def _no_start(context: AppContext, plan: Plan) -> Scene:
    raise ScreenshotError("a screenshot does not start workouts")


assert (*SCENES, *DB_SCENES) == SCREEN_NAMES, "coach/app/catalog.py lists the screens the CLI offers"


def render_screenshot(
    scene: str,
    out: Path,
    *,
    source: str = "synthetic",
    at_s: float = DEFAULT_AT_S,
    size: tuple[int, int] = (1280, 720),
    db_url: str | None = None,
) -> Path:
    """Draw `scene` at `size` into the PNG `out` (folders are created)."""
    if scene not in SCREEN_NAMES:
        raise ScreenshotError(f"unknown scene '{scene}'; known: {', '.join(SCREEN_NAMES)}")
    if out.suffix.lower() != ".png":
        raise ScreenshotError(f"{out}: screenshots are written as PNG; name the file .png")
    os.environ["SDL_VIDEODRIVER"] = "dummy"  # headless by definition, even where a display exists
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    workouts = Workouts(open_repository(db_url), "Alex") if db_url else None
    feed = None
    run = None
    if scene in NEEDS_FRAME:
        frame, info = capture_frame(source, at_s, display_size=size)
        feed = FrozenFeed(frame, info)
    elif scene in REHEARSED:
        run = _rehearse(scene, source, at_s, size, workouts)
        feed = FrozenFeed(run.frame, run.info)
    surface = open_window(size)
    try:
        context = AppContext(theme=Theme(size), sounds=Sounds(muted=True), live=feed)
        stack = ExitStack()
        if scene in DB_SCENES:
            url, repo = stack.enter_context(scripted_repository())
            built = DB_SCENES[scene](context, repo, url)
        else:
            built = _build(scene, context, run, workouts)
        built.enter()
        if feed is not None:
            context.update = LiveUpdate(None, (), 0)  # the rehearsal already fed every frame to the engine
            feed.poll()
        built.update(0.0)
        built.draw(surface)
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surface, str(out))
        stack.close()
    finally:
        pygame.quit()
        if workouts is not None:
            workouts.repo.close()
    return out


@contextmanager
def scripted_repository() -> Iterator[tuple[str, Repository]]:
    """A temporary SQLite database with the scripted fortnight, samples and the shipped model as a version."""
    with tempfile.TemporaryDirectory(prefix="coach-screenshot-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'coach.db'}"
        clock = SettableClock(demo_start(SCRIPTED_TODAY))
        with open_repository(url, models_dir=Path(tmp) / "models", clock=clock) as repo:
            fill_demo_history(repo, clock, SCRIPTED_TODAY)
            fill_demo_samples(repo)
            shipped = default_model_dir()
            if (shipped / "metrics.json").is_file():
                metrics = json.loads((shipped / "metrics.json").read_text())
                repo.models.register(shipped, metrics, data="synthetic", incumbent_accuracy=None, note="shipped model")
            yield url, repo


def _build(scene: str, context: AppContext, run: Rehearsal | None, workouts: Workouts | None) -> Scene:
    if run is not None and scene == "summary":
        driver = run.driver
        engine = driver.engine
        if workouts is not None and engine is not None:
            history = [s for s in workouts.history() if s.id != engine.session_id]
            total = engine.snapshot().total_sets
            return SummaryScreen(context, workouts.summary(history, engine.session_id, engine.summary(), total))
        view = driver.summary()
        if view is None:
            raise ScreenshotError("the workout ended before it began; ask for a later moment")
        return SummaryScreen(context, view)
    if run is not None:
        return WorkoutScreen(context, run.driver)
    if scene == "home" and workouts is not None:
        return HomeScreen(
            context,
            workouts.home_view(),
            {"settings": SettingsScreen, "history": Scene, "calibration": Scene},
        )
    return SCENES[scene](context)
