"""The window and the main loop: input, live feed, scenes, 60 frames per second.

Each UI frame: poll the live feed (never waits), hand events to the top scene, update, draw, flip, then sleep until the
next frame is due. Global keys: F11 full screen, Ctrl+M mute. Errors from the live worker end the loop as the
CoachError they are, so `coach play` prints them as one line.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from coach.app.context import AppContext
from coach.app.scene import Quit, Scene, SceneManager

UI_FPS = 60
DEFAULT_WINDOW = (1280, 720)
MIN_WINDOW = (800, 450)


@dataclass(frozen=True)
class RunStats:
    """How a run of the loop went (benchmarks/app.py reports these)."""

    frames: int
    seconds: float
    frame_times_s: tuple[float, ...]  # time between consecutive flips

    @property
    def fps(self) -> float:
        return self.frames / self.seconds if self.seconds > 0 else 0.0


def open_window(size: tuple[int, int] = DEFAULT_WINDOW, title: str = "Coach") -> pygame.Surface:
    """A resizable window (under SDL_VIDEODRIVER=dummy: an off-screen surface, for tests and screenshots)."""
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_caption(title)
    return pygame.display.set_mode(size, pygame.RESIZABLE)


class App:
    """Runs scenes in a window until the last one closes."""

    def __init__(self, context: AppContext, first: Scene, *, fps: int = UI_FPS) -> None:
        self.context = context
        self.scenes = SceneManager(first)
        self.fps = fps
        self._fullscreen = False
        self._recent = deque(maxlen=fps)

    def run(
        self, *, seconds: float | None = None, frames: int | None = None, on_frame: Callable[[], None] | None = None
    ) -> RunStats:
        """Loop until the scenes are done (or `seconds`/`frames` have passed: scripted runs and benchmarks).
        `on_frame` is called after every flip (benchmarks measure there)."""
        clock = pygame.time.Clock()
        started = last = time.perf_counter()
        flips: list[float] = []
        count = 0
        while not self.scenes.done:
            self.step(clock.get_time() / 1000.0)
            if on_frame is not None:
                on_frame()
            clock.tick(self.fps)
            now = time.perf_counter()
            flips.append(now - last)
            self._recent.append(now - last)
            self.context.ui_fps = len(self._recent) / max(sum(self._recent), 1e-6)
            last = now
            count += 1
            if (seconds is not None and now - started >= seconds) or (frames is not None and count >= frames):
                break
        return RunStats(count, time.perf_counter() - started, tuple(flips))

    def step(self, dt: float) -> None:
        """One UI frame."""
        live = self.context.live
        if live is not None:
            self.context.update = live.poll()
        for event in pygame.event.get():
            if not self._global_key(event):
                self.scenes.handle_event(event)
        self.scenes.update(dt)
        surface = pygame.display.get_surface()
        self.context.theme.resize(surface.get_size())
        self.scenes.draw(surface)
        pygame.display.flip()

    def _global_key(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.QUIT:
            self.scenes.apply(Quit())
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self._fullscreen = not self._fullscreen
            pygame.display.set_mode(
                (0, 0) if self._fullscreen else DEFAULT_WINDOW,
                pygame.FULLSCREEN if self._fullscreen else pygame.RESIZABLE,
            )
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_m and event.mod & pygame.KMOD_CTRL:
            self.context.change_settings(self.context.settings.toggled("sound"))
            return True
        if event.type == pygame.VIDEORESIZE and not self._fullscreen:
            width, height = max(event.w, MIN_WINDOW[0]), max(event.h, MIN_WINDOW[1])
            if (width, height) != (event.w, event.h):
                pygame.display.set_mode((width, height), pygame.RESIZABLE)
        return False
