"""`coach play` (what `make run` starts): the live worker, the window, Home -> Live (the Plans screen and workouts
are wired in next).

The worker starts before the window opens, so the camera and the pose model warm up while the window appears.
Without a display (a terminal, CI) it prints what Coach sees for a while instead, like `coach demo`.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pygame

from coach.app.app import App, RunStats, open_window
from coach.app.context import AppContext
from coach.app.screens.home import HomeScreen
from coach.app.screens.live import LiveScreen
from coach.app.screens.placeholder import ComingSoon
from coach.app.screens.settings import SettingsScreen
from coach.app.settings import AppSettings, load_settings
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.views import HomeView
from coach.errors import CoachError
from coach.live.client import LiveProcessor
from coach.live.config import LiveConfig

HEADLESS_SECONDS = 15.0
HISTORY = ComingSoon("History", "Every workout you finish, with its sets, reps and XP, will be listed here.")
CALIBRATION = ComingSoon("Calibration", "Record a few reps of each exercise so Coach learns how you move.")


@dataclass(frozen=True)
class PlayOptions:
    """What `coach play` was asked for. `plan` and `db_url` are passed through for the workout and storage."""

    source: str = "camera"
    plan: str | None = None
    db_url: str | None = None
    mute: bool = False
    seconds: float | None = None  # stop after this long (scripted runs)
    size: tuple[int, int] = (1280, 720)
    model_dir: Path | None = None


def has_display() -> bool:
    """Whether a window can be shown (on Linux: an X11/Wayland session, or an SDL driver chosen explicitly)."""
    if os.environ.get("SDL_VIDEODRIVER"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run_play(options: PlayOptions) -> int:
    """Run the app until the person closes it; returns the exit code."""
    if not has_display():
        from coach.demo import run_demo

        print(f"No display found: printing what Coach sees for {HEADLESS_SECONDS:.0f} s instead (as `coach demo`).")
        return run_demo(options.source, seconds=options.seconds or HEADLESS_SECONDS)
    if options.plan is not None or options.db_url is not None:
        print(
            "coach: note: --plan and --db are accepted but workouts are not wired in yet; starting on Home",
            file=sys.stderr,
        )
    settings = load_settings()
    if options.mute:
        settings = replace(settings, sound=False)
    live = LiveProcessor(LiveConfig(source=options.source, model_dir=options.model_dir)).start()
    try:
        play_in_window(options, live, settings, persist=not options.mute)  # --mute is for this time only
    finally:
        live.stop()
    return 0


def play_in_window(options: PlayOptions, live: LiveProcessor, settings: AppSettings, *, persist: bool) -> RunStats:
    """Open the window on Home and run until it closes (or `options.seconds` pass)."""
    try:
        open_window(options.size)
    except pygame.error as exc:
        raise CoachError(f"cannot open a window ({exc}); run Coach in a desktop session") from None
    try:
        context = AppContext(
            theme=Theme(options.size),
            sounds=Sounds(muted=not settings.sound),
            settings=settings,
            live=live,
            persist_settings=persist,
        )
        destinations = {"plans": LiveScreen, "history": HISTORY, "calibration": CALIBRATION, "settings": SettingsScreen}
        home = HomeScreen(context, HomeView(name=_profile_name()), destinations)
        return App(context, home).run(seconds=options.seconds)
    finally:
        pygame.quit()


def _profile_name() -> str:
    """The login name, until profiles are stored."""
    try:
        return getpass.getuser().capitalize() or "Athlete"
    except (KeyError, OSError):
        return "Athlete"
