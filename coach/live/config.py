"""How to run the live worker: which source, which models, what to do per frame. Picklable, so it can cross into a
worker process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.live.hooks import FrameHook

if TYPE_CHECKING:
    from coach.synth.generator import Segment
    from coach.vision.sources import FrameSource  # scipy: not imported by the live app unless the avatar is used

DEFAULT_DISPLAY_SIZE = (960, 540)


@dataclass(frozen=True)
class LiveConfig:
    """Settings of one live session.

    source: `camera`, `camera:N`, `N`, `synthetic`, a video file or an image folder (as in `coach demo`).
    fallback_to_synthetic: when the camera cannot be opened, show the synthetic avatar instead (and say why).
    realtime: pace videos, folders and the avatar like a camera (drop frames when behind) instead of as fast as
        possible.
    loop: start a video or folder again when it ends.
    model_dir: the recognizer's folder (None: the shipped default); `recognition=False` turns recognition off.
    hook_factory: builds the per-frame hook inside the worker (must be picklable: a module-level callable).
    display_size: frames are scaled down to fit inside this (width, height) before they reach the UI.
    keep_trying: a source that cannot be opened at the start is reported (SourceLost) and retried like one lost
        mid-stream, instead of ending the worker (a source picked mid-workout that is not plugged in yet).
    start_at_s: the first frame's timestamp (a source picked mid-workout carries on the workout's clock).
    retry_s: how often a lost source is tried again.
    open_source: how to open `source` (None: as `coach demo` does); tests pass a source that fails on purpose.
    """

    source: str = "camera"
    fallback_to_synthetic: bool = True
    realtime: bool = True
    loop: bool = False
    model_complexity: int = 1
    model_dir: Path | None = None
    recognition: bool = True
    hook_factory: Callable[[], FrameHook] | None = None
    display_size: tuple[int, int] = DEFAULT_DISPLAY_SIZE
    synthetic_seed: int = 0
    synthetic_segments: tuple[Segment, ...] | None = None  # what the avatar does (None: every exercise in turn)
    keep_trying: bool = False
    start_at_s: float = 0.0
    retry_s: float = 1.0
    open_source: Callable[[str], FrameSource] | None = None
