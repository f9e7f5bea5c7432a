"""Sources for live use: open with a fallback to the avatar when there is no camera, and pace recordings like a camera.

A camera delivers frames in real time and drops what nobody reads; a video file would be read as fast as the decoder
goes. `paced` makes recordings behave like the camera, so the app, its benchmark and a webcam all see the same timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import SourceError
from coach.vision.sources import Frame, FrameSource, open_source

if TYPE_CHECKING:
    from coach.synth.generator import Segment


def is_camera_spec(spec: str) -> bool:
    """Whether `spec` names a webcam (`camera`, `camera:N`, or a bare index that is not a file)."""
    text = spec.strip()
    return text == "camera" or text.startswith("camera:") or (text.isdigit() and not Path(text).exists())


def open_live_source(
    spec: str,
    *,
    fallback_to_synthetic: bool = True,
    realtime: bool = True,
    seed: int = 0,
    segments: Sequence[Segment] | None = None,
) -> tuple[FrameSource, str | None]:
    """Open `spec` for live use; a camera that cannot be opened becomes the synthetic avatar when allowed.

    Returns the source and, when it fell back, the reason (one line, for the screen)."""
    if spec.strip() == "synthetic":
        return _synthetic(realtime, seed, segments), None
    try:
        return open_source(spec), None
    except SourceError as exc:
        if not (fallback_to_synthetic and is_camera_spec(spec)):
            raise
        return _synthetic(realtime, seed, segments), f"{exc}; showing the synthetic avatar instead"


def _synthetic(realtime: bool, seed: int, segments: Sequence[Segment] | None) -> FrameSource:
    from coach.synth.source import SyntheticSource  # the avatar renderer is only loaded when asked for

    if segments:
        from coach.app.plan_avatar import PlanAvatarSource  # a workout plan: generated set by set

        return PlanAvatarSource(segments, realtime=realtime, seed=seed)
    return SyntheticSource(realtime=realtime, seed=seed)


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
