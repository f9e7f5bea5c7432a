"""Pacing recordings like a camera (sources are opened by name in `coach.session`).

A camera delivers frames in real time and drops what nobody reads; a video file would be read as fast as the decoder
goes. `paced` makes recordings behave like the camera, so the app, its benchmark and a webcam all see the same timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from coach.vision.sources import Frame, FrameSource


def paced(
    source: FrameSource,
    *,
    realtime: bool,
    live: bool,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[tuple[Frame, float]]:
    """Yield (frame, captured_at). A recording in `realtime` is shown at its own rate, and when processing falls
    behind, only the newest frame that is due is passed on (as a camera would: the rest are dropped). Live sources
    (cameras, the paced avatar) are passed through, stamped when read."""
    started: float | None = None
    period = 1.0 / max(source.fps, 1.0)
    for frame in source:
        now = clock()
        if realtime and not live:
            if started is None:
                started = now - frame.timestamp_s
            due = started + frame.timestamp_s
            if now > due + period:
                continue  # late: drop it, like a camera would
            if due > now:
                sleep(due - now)
            now = due  # the moment a camera would have taken it; a late frame has been waiting since then
        yield frame, now
