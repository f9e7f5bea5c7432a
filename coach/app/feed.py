"""The live feed as the UI sees it: whatever gives the newest LiveFrame without waiting (the worker, or one frozen
frame for screenshots), and the conversion of that frame to a pygame Surface, done once per new frame."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import pygame

from coach.live.client import LiveUpdate
from coach.live.frame import LiveFrame, SourceEnded, SourceInfo, SourceLost


class LiveFeed(Protocol):
    """What scenes use of `coach.live.client.LiveProcessor`."""

    latest: LiveFrame | None
    source: SourceInfo | None
    ended: SourceEnded | None
    lost: SourceLost | None

    def poll(self) -> LiveUpdate: ...

    def set_display_size(self, width: int, height: int) -> None: ...

    def send(self, payload: Any) -> None: ...

    def stop(self) -> None: ...


class FrozenFeed:
    """A feed that always shows one frame (screenshots, tests): same interface as the live worker."""

    def __init__(self, frame: LiveFrame | None, source: SourceInfo | None = None) -> None:
        self.latest = frame
        self.source = source
        self.ended: SourceEnded | None = None
        self.lost: SourceLost | None = None
        self.sent: list[Any] = []
        self._delivered = False

    def poll(self) -> LiveUpdate:
        """The frame once (with its events), then nothing new."""
        if self._delivered or self.latest is None:
            return LiveUpdate(None, (), 0)
        self._delivered = True
        return LiveUpdate(self.latest, self.latest.events, 1)

    def set_display_size(self, width: int, height: int) -> None:
        """Nothing to tell: the frame is scaled when drawn."""

    def send(self, payload: Any) -> None:
        """Kept for inspection by tests."""
        self.sent.append(payload)

    def stop(self) -> None:
        """Nothing to stop."""


class FrameSurface:
    """Caches the Surface of the newest frame: converting costs ~1 ms; the UI draws it at 60 fps, frames come at 30."""

    def __init__(self) -> None:
        self._frame: LiveFrame | None = None
        self._surface: pygame.Surface | None = None
        self._scaled: pygame.Surface | None = None

    def get(self, frame: LiveFrame, size: tuple[int, int]) -> pygame.Surface:
        """`frame` as a Surface of exactly `size` (scaled only if the worker has not caught up with a resize yet)."""
        if frame is not self._frame:
            height, width = frame.rgb.shape[:2]
            self._surface = pygame.image.frombuffer(np.ascontiguousarray(frame.rgb), (width, height), "RGB")
            self._frame, self._scaled = frame, None
        assert self._surface is not None
        if self._surface.get_size() == size:
            return self._surface
        if self._scaled is None or self._scaled.get_size() != size:
            self._scaled = pygame.transform.smoothscale(self._surface, size)
        return self._scaled
