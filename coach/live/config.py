"""How to run the live worker: which source, which models, what to do per frame. Picklable, so it can cross into a
worker process."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.model_choice import ModelChoice

if TYPE_CHECKING:
    from coach.synth.generator import Segment  # scipy: not imported by the live app unless the avatar is used

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
