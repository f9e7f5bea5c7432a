"""`coach screenshot`: render one screen headless (SDL dummy driver) to a PNG.

Live and Workout show a real frame from the source (run through the whole live chain up to `at_s`); Home, Workout
and Summary show the example data of `coach.app.examples` until storage and the workout engine are wired in.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pygame

from coach.app import examples
from coach.app.app import open_window
from coach.app.catalog import DEFAULT_AT_S, NEEDS_FRAME, SCREEN_NAMES
from coach.app.context import AppContext
from coach.app.feed import FrozenFeed
from coach.app.scene import Scene
from coach.app.screens.home import HomeScreen
from coach.app.screens.live import LiveScreen
from coach.app.screens.placeholder import ComingSoon
from coach.app.screens.settings import SettingsScreen
from coach.app.screens.summary import SummaryScreen
from coach.app.screens.workout import WorkoutScreen
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.views import Phase
from coach.errors import CoachError
from coach.live.snapshot import capture_frame

HISTORY = ComingSoon("History", "Every workout you finish, with its sets, reps and XP, will be listed here.")
CALIBRATION = ComingSoon("Calibration", "Record a few reps of each exercise so Coach learns how you move.")


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
        c, examples.example_home(), {"settings": SettingsScreen, "history": HISTORY, "calibration": CALIBRATION}
    ),
    "live": LiveScreen,
    "workout": _workout("active"),
    "rest": _workout("rest"),
    "paused": _workout("paused"),
    "summary": lambda c: SummaryScreen(c, examples.example_summary()),
    "settings": SettingsScreen,
    "history": HISTORY,
    "calibration": CALIBRATION,
}
assert tuple(SCENES) == SCREEN_NAMES, "coach/app/catalog.py lists the screens the CLI offers"


def render_screenshot(
    scene: str, out: Path, *, source: str = "synthetic", at_s: float = DEFAULT_AT_S, size: tuple[int, int] = (1280, 720)
) -> Path:
    """Draw `scene` at `size` into the PNG `out` (folders are created)."""
    if scene not in SCENES:
        raise ScreenshotError(f"unknown scene '{scene}'; known: {', '.join(SCENES)}")
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
        built = SCENES[scene](context)
        built.enter()
        if feed is not None:
            context.update = feed.poll()
        built.update(0.0)
        built.draw(surface)
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surface, str(out))
    finally:
        pygame.quit()
    return out
