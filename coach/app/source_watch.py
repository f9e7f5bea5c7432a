"""Whether the live feed is giving pictures, for the Workout screen: the worker says its source is lost (a webcam
unplugged, a video that fails to decode; it keeps trying to reopen it), a video has ended, or a camera has sent
nothing for `stall_s` (a webcam that hangs instead of failing). The workout pauses while there is a problem
(coach/app/workout_driver.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

from coach.app.feed import LiveFeed
from coach.live.client import LiveUpdate

STALL_S = 3.0


class SourceWatch:
    """Tells, once per UI frame, what is wrong with the feed's pictures (None: nothing)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, stall_s: float = STALL_S) -> None:
        self.clock = clock
        self.stall_s = stall_s
        self._last_frame_at: float | None = None

    def problem(self, feed: LiveFeed | None, update: LiveUpdate) -> str | None:
        """One line for the person, or None while pictures come."""
        now = self.clock()
        if update.frame is not None:
            self._last_frame_at = now
        if feed is None:
            return None
        lost = getattr(feed, "lost", None)
        if lost is not None:
            return lost.message
        source = getattr(feed, "source", None)
        if getattr(feed, "ended", None) is not None:
            if source is None or not source.live:
                return f"{source.name if source is not None else 'the video'}: the video has ended"
            return f"{source.name}: no more pictures"
        quiet = now - self._last_frame_at if self._last_frame_at is not None else 0.0
        if source is not None and source.name.startswith("camera") and quiet > self.stall_s:
            return f"{source.name}: no picture for {quiet:.0f} s (unplugged, or taken by another program?)"
        return None

    def reset(self) -> None:
        """A new feed: nothing seen from it yet."""
        self._last_frame_at = None
