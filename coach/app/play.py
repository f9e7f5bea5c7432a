"""`coach play` (what `make run` starts): the live worker, the window, Home -> Live, History, Calibration, Settings
(-> Retrain) over the database (the Plans screen and workouts are wired in next).

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
from coach.app.history_view import home_view, load_history
from coach.app.screens.calibration import CalibrationScreen
from coach.app.screens.history import HistoryScreen
from coach.app.screens.home import HomeScreen, SceneFactory
from coach.app.screens.live import LiveScreen
from coach.app.screens.retrain import RetrainScreen
from coach.app.screens.settings import SettingsScreen
from coach.app.settings import AppSettings, load_settings
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.config import default_db_url
from coach.errors import CoachError
from coach.live.client import LiveProcessor
from coach.live.config import LiveConfig
from coach.storage import Repository, open_repository

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
        return run_demo(options.source or load_settings().source, seconds=options.seconds or HEADLESS_SECONDS)
    if options.plan is not None:
        print("coach: note: --plan is accepted but workouts are not wired in yet; starting on Home", file=sys.stderr)
    settings = load_settings()
    if options.mute:
        settings = replace(settings, sound=False)
    options = replace(options, source=options.source or settings.source)
    config = LiveConfig(source=options.source, model_dir=options.model_dir, model_complexity=settings.model_complexity)
    live = LiveProcessor(config).start()
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
        with open_repository(options.db_url) as repo:
            url = options.db_url or default_db_url()
            destinations = {"plans": LiveScreen, **progress_destinations(repo, url, options.source or "camera")}
            home = HomeScreen(context, home_view(load_history(repo), settings.profile or _profile_name()), destinations)
            return App(context, home).run(seconds=options.seconds)
    finally:
        pygame.quit()


def progress_destinations(repo: Repository, db_url: str, source: str) -> dict[str, SceneFactory]:
    """History, Calibration and Settings (with Retrain) over one open repository, for Home.

    Calibration records from the same source as the live view. A camera can be held by one reader only on some
    systems; until the live worker can hand its frames over, a calibration from a camera opens it a second time."""
    retrain = lambda c: RetrainScreen(c, repo, db_url)  # noqa: E731
    return {
        "history": lambda c: HistoryScreen(c, load_history(repo)),
        "calibration": lambda c: CalibrationScreen(c, repo, source, model_complexity=c.settings.model_complexity),
        "settings": lambda c: SettingsScreen(c, retrain=retrain),
    }


def _profile_name() -> str:
    """The login name, until profiles are stored."""
    try:
        return getpass.getuser().capitalize() or "Athlete"
    except (KeyError, OSError):
        return "Athlete"
