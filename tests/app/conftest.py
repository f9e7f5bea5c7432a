"""App fixtures: a headless window (SDL dummy driver), one real frame of the avatar, and a context to build scenes."""

from __future__ import annotations

import os
from collections.abc import Iterator

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame
import pytest

from coach.app.app import open_window
from coach.app.context import AppContext
from coach.app.feed import FrozenFeed
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.live.frame import LiveFrame, SourceInfo
from coach.live.snapshot import capture_frame


class RecordingSounds(Sounds):
    """Sounds that remember what was played (the dummy audio driver plays nothing audible anyway)."""

    def __init__(self) -> None:
        super().__init__()
        self.played: list[str] = []

    def play(self, name: str) -> bool:
        if not self.muted:
            self.played.append(name)
        return not self.muted


@pytest.fixture(scope="session")
def avatar_frame() -> tuple[LiveFrame, SourceInfo]:
    """The synthetic avatar 4 s into its squats, through the whole live chain."""
    return capture_frame("synthetic", 4.0, display_size=(1280, 720))


@pytest.fixture
def window() -> Iterator[pygame.Surface]:
    surface = open_window((1280, 720))
    yield surface
    pygame.quit()


@pytest.fixture
def context(window: pygame.Surface, avatar_frame: tuple[LiveFrame, SourceInfo]) -> AppContext:
    frame, info = avatar_frame
    return AppContext(theme=Theme(window.get_size()), sounds=RecordingSounds(), live=FrozenFeed(frame, info))


def key(code: int, mod: int = 0) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0)


def click(pos: tuple[int, int]) -> list[pygame.event.Event]:
    return [
        pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1),
    ]
