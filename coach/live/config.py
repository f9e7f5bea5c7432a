"""How to run the live worker: which source, which models, what to do per frame. Picklable, so it can cross into a
worker process."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.model_choice import ModelChoice

if TYPE_CHECKING:
    from coach.synth.generator import Segment  # scipy: not imported by the live app unless the avatar is used
    from coach.vision.sources import FrameSource

DEFAULT_DISPLAY_SIZE = (960, 540)


@dataclass(frozen=True)
class LiveConfig:
    """Settings of one live session.

    source: `camera`, `camera:N`, `N`, `synthetic`, a video file or an image folder (as in `coach demo`).
    fallback_to_synthetic: when the camera cannot be opened, show the synthetic avatar instead (and say why).
    realtime: pace videos, folders and the avatar like a camera (drop frames when behind) instead of as fast as
        possible.
    loop: start a video or folder again when it ends.
    model: the recognizer to run (`coach.model_choice.choose_model`; None: COACH_MODEL or the shipped model);
        `recognition=False` turns recognition off.
    known_ranges: the person's calibrated range per exercise (`coach.calibration.profile_ranges`).
    count: the exercise to count from the first frame (a `CountExercise` command changes it; None: not counting).
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
    model: ModelChoice | None = None
    recognition: bool = True
    known_ranges: dict[str, float] = field(default_factory=dict)
    count: str | None = None
    display_size: tuple[int, int] = DEFAULT_DISPLAY_SIZE
    synthetic_seed: int = 0
    synthetic_segments: tuple[Segment, ...] | None = None  # what the avatar does (None: every exercise in turn)
    keep_trying: bool = False
    start_at_s: float = 0.0
    retry_s: float = 1.0
    open_source: Callable[[str], FrameSource] | None = None
