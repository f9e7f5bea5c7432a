"""`coach screenshot`: render one screen headless (SDL dummy driver) to a PNG.

Live and Workout show a real frame from the source (run through the whole live chain up to `at_s`); Home, Workout
and Summary show the example data of `coach.app.examples` until storage and the workout engine are wired in. History,
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
from coach.app.catalog import DEFAULT_AT_S, NEEDS_FRAME, SCREEN_NAMES
from coach.app.context import AppContext
from coach.app.demo_data import SettableClock, demo_start, fill_demo_history, fill_demo_samples
from coach.app.feed import FrozenFeed
from coach.app.history_view import load_history
from coach.app.scene import Scene
from coach.app.screens.calibration import CalibrationScreen
from coach.app.screens.history import HistoryScreen
from coach.app.screens.home import HomeScreen
from coach.app.screens.live import LiveScreen
from coach.app.screens.retrain import RetrainScreen
from coach.app.screens.settings import SettingsScreen
from coach.app.screens.summary import SummaryScreen
from coach.app.screens.workout import WorkoutScreen
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.views import Phase
from coach.errors import CoachError
from coach.live.snapshot import capture_frame
from coach.recognition.bundle import default_model_dir
from coach.storage import Repository, open_repository

SCRIPTED_TODAY = date(2026, 11, 25)  # the scripted fortnight ends here, so screenshots do not change by the day


class ScreenshotError(CoachError):
    """A screenshot that cannot be made as asked."""


def _workout(phase: Phase) -> Callable[[AppContext], Scene]:
    def build(context: AppContext) -> Scene:
        frame = context.live.latest if context.live is not None else None
        exercise = (frame.truth_label or frame.label) if frame is not None else None
        return WorkoutScreen(context, examples.StaticWorkout(examples.example_hud(exercise or "squat", phase)))

    return build


SCENES: dict[str, Callable[[AppContext], Scene]] = {
    "home": lambda c: HomeScreen(
        c, examples.example_home(), {"settings": SettingsScreen, "history": Scene, "calibration": Scene}
    ),
    "live": LiveScreen,
    "workout": _workout("active"),
    "rest": _workout("rest"),
    "paused": _workout("paused"),
    "summary": lambda c: SummaryScreen(c, examples.example_summary()),
    "settings": lambda c: SettingsScreen(c, retrain=Scene),
}
DB_SCENES: dict[str, Callable[[AppContext, Repository, str], Scene]] = {
    "history": lambda c, repo, url: HistoryScreen(c, load_history(repo, SCRIPTED_TODAY)),
    "calibration": lambda c, repo, url: CalibrationScreen(c, repo, "synthetic"),
    "retrain": lambda c, repo, url: RetrainScreen(c, repo, url),
}
assert (*SCENES, *DB_SCENES) == SCREEN_NAMES, "coach/app/catalog.py lists the screens the CLI offers"


def render_screenshot(
    scene: str, out: Path, *, source: str = "synthetic", at_s: float = DEFAULT_AT_S, size: tuple[int, int] = (1280, 720)
) -> Path:
    """Draw `scene` at `size` into the PNG `out` (folders are created)."""
    if scene not in SCREEN_NAMES:
        raise ScreenshotError(f"unknown scene '{scene}'; known: {', '.join(SCREEN_NAMES)}")
    if out.suffix.lower() != ".png":
        raise ScreenshotError(f"{out}: screenshots are written as PNG; name the file .png")
    os.environ["SDL_VIDEODRIVER"] = "dummy"  # headless by definition, even where a display exists
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    feed = None
    if scene in NEEDS_FRAME:
        frame, info = capture_frame(source, at_s, display_size=size)
        feed = FrozenFeed(frame, info)
    surface = open_window(size)
    try:
        context = AppContext(theme=Theme(size), sounds=Sounds(muted=True), live=feed)
        with ExitStack() as stack:
            if scene in DB_SCENES:
                url, repo = stack.enter_context(scripted_repository())
                built = DB_SCENES[scene](context, repo, url)
            else:
                built = SCENES[scene](context)
            _draw(built, context, feed, surface, out)
    finally:
        pygame.quit()
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


def _draw(built: Scene, context: AppContext, feed: FrozenFeed | None, surface: pygame.Surface, out: Path) -> None:
    """Enter, take the frozen frame, update once, draw, save."""
    built.enter()
    if feed is not None:
        context.update = feed.poll()
    built.update(0.0)
    built.draw(surface)
    out.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surface, str(out))
