"""Keeping a source going when it fails mid-stream: a webcam unplugged or gone quiet, a video that stops decoding.

The worker reads its frames through `KeptSource`. When the source fails (reading raises, or a camera stops giving
pictures) it posts `SourceLost` with one line for the person and tries to open the source again every `retry_s`,
until it can (then `SourceBack`, and frames flow again) or the worker is stopped. So that the workout on the other
side stays consistent:
- timestamps run on: a reopened camera starts its own clock at 0, so frames are shifted to follow the last one (and a
  source picked mid-workout starts at `start_at_s`); the workout engine's one clock never goes back;
- a reopened file goes on after the last frame it delivered, so nothing is shown, or counted, twice;
- a file that simply ends is the end (the worker posts SourceEnded), or starts over when `loop` is set.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import cv2

from coach.errors import SourceError
from coach.live.frame import SourceBack, SourceLost
from coach.live.sources import paced
from coach.vision.sources import Frame, FrameSource

RETRY_S = 1.0
SOURCE_FAILURES = (SourceError, OSError, cv2.error)  # a source that fails; anything else is a bug and is raised


def camera_gone(name: str) -> str:
    """The line for a camera whose pictures stopped."""
    return f"{name}: the camera stopped giving pictures (unplugged, or taken by another program?)"


@dataclass
class _From:
    """A file's frames from index `first` on (the ones before were delivered already)."""

    source: FrameSource
    first: int

    @property
    def fps(self) -> float:
        return self.source.fps

    def __iter__(self) -> Iterator[Frame]:
        return (frame for frame in self.source if frame.index >= self.first)


class KeptSource:
    """Iterates (frame, captured_at) like `paced`, through failures; see the module docstring.

    `live`: frames are stamped when read (cameras, the avatar). `camera` (default: `live`): the source has no end, so
    running out of frames means it was lost. `source`: the source opened already (None: open it here, retrying, e.g.
    a camera picked mid-workout that is not plugged in yet). `post` sends SourceLost/SourceBack to the UI; `on_open`
    is told of every source opened here, `on_back` when frames flow again after a loss (the worker resets its
    smoothing)."""

    def __init__(
        self,
        open_source: Callable[[], FrameSource],
        source: FrameSource | None,
        *,
        live: bool,
        realtime: bool,
        post: Callable[[object], None],
        camera: bool | None = None,
        stopped: Callable[[], bool],
        loop: bool = False,
        start_at_s: float = 0.0,
        retry_s: float = RETRY_S,
        on_open: Callable[[FrameSource], None] | None = None,
        on_back: Callable[[], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.open_source = open_source
        self.source = source
        self.live = live
        self.camera = live if camera is None else camera
        self.realtime = realtime
        self.post = post
        self.stopped = stopped
        self.loop = loop
        self.retry_s = retry_s
        self.on_open = on_open
        self.on_back = on_back
        self.sleep = sleep
        self.lost: str | None = None
        self.frames = 0
        self._offset = start_at_s
        self._last_t: float | None = None
        self._next_index = 0

    def __iter__(self) -> Iterator[tuple[Frame, float]]:
        while not self.stopped():
            if self.source is None and not self._reopen():
                return
            source = self.source
            assert source is not None
            try:
                frames = source if self.live else _From(source, self._next_index)
                for frame, captured_at in paced(frames, realtime=self.realtime, live=self.live):
                    yield self._continued(frame), captured_at
                if not self.camera and not self.loop:
                    return  # the end of a file (or of the avatar's script)
                problem = camera_gone(source.name) if self.camera else None
                self._next_index = 0  # a looped file starts over
            except SOURCE_FAILURES as error:
                problem = str(error) or f"{source.name}: {type(error).__name__}"
            self.close()
            if problem is not None:
                self._lose(problem)

    def _continued(self, frame: Frame) -> Frame:
        """The frame on the one timeline; says the source is back if it was lost."""
        if self.lost is not None:
            self.lost = None
            self.post(SourceBack(self.source.name if self.source is not None else ""))
            if self.on_back is not None:
                self.on_back()
        t = frame.timestamp_s + self._offset
        if self._last_t is not None and t <= self._last_t:  # a reopened camera (or looped file) starts at 0
            period = 1.0 / max(self.source.fps if self.source is not None else 30.0, 1.0)
            self._offset += self._last_t + period - t
            t = self._last_t + period
        self._last_t = t
        self._next_index = frame.index + 1
        self.frames += 1
        return replace(frame, timestamp_s=t, index=self.frames - 1)

    def _lose(self, problem: str) -> None:
        if problem != self.lost:
            self.lost = problem
            self.post(SourceLost(problem))

    def _reopen(self) -> bool:
        """Open the source again, retrying every `retry_s`; False if the worker was stopped first."""
        first = True
        while not self.stopped():
            if not first:
                self._wait(self.retry_s)
                if self.stopped():
                    return False
            first = False
            try:
                self.source = self.open_source()
            except SOURCE_FAILURES as error:
                self._lose(str(error))
                continue
            if self.on_open is not None:
                self.on_open(self.source)
            return True
        return False

    def _wait(self, seconds: float) -> None:
        """Sleep `seconds` in short steps, so a stop is noticed at once."""
        left = seconds
        while left > 0 and not self.stopped():
            step = min(0.05, left)
            self.sleep(step)
            left -= step

    def close(self) -> None:
        """Release the current source."""
        if self.source is not None:
            source, self.source = self.source, None
            source.close()
