"""One processed frame from a source at a given moment, computed in this process as fast as possible (no pacing):
what `coach screenshot` shows for the Live and Workout screens."""

from __future__ import annotations

import time

from coach.errors import SourceError
from coach.live.engine import LiveEngine
from coach.live.frame import LiveFrame, SourceInfo
from coach.model_choice import choose_model
from coach.session import open_named_source


def capture_frame(
    spec: str,
    at_s: float,
    *,
    display_size: tuple[int, int] = (1280, 720),
    seed: int = 0,
    fallback_to_synthetic: bool = True,
) -> tuple[LiveFrame, SourceInfo]:
    """Run the source through the live chain up to `at_s` seconds of its time (the recognizer needs ~2 s of context)
    and return that moment's LiveFrame."""
    opened = open_named_source(spec, fallback_to_synthetic=fallback_to_synthetic, seed=seed)
    source = opened.source
    engine, note = LiveEngine.build(choose_model(), display_size=display_size)
    last: LiveFrame | None = None
    try:
        for frame in source:
            last = engine.process(frame, time.monotonic())
            if frame.timestamp_s + 0.5 / source.fps >= at_s:
                break
        else:
            last = None
    finally:
        engine.close()
        source.close()
    if last is None:
        raise SourceError(f"{source.name}: ends before {at_s:.1f} s; ask for an earlier moment")
    info = SourceInfo(source.name, source.fps, False, opened.fallback_reason, note, model=choose_model().describe())
    return last, info
