"""What the live worker hands the UI: one frozen `LiveFrame` per processed picture, plus a few status messages.

Everything here crosses a process boundary (pickled), so it holds plain data only: numpy arrays, tuples, strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from coach.model_choice import ModelChoice
    from coach.pipeline import CountingState

RESULT_QUEUE_SIZE = 4  # the UI drains every frame; a full queue means it stalled, and the worker drops frames


@dataclass(frozen=True, eq=False)
class LivePose:
    """The pose as the UI draws it: 33 landmarks in image coordinates (0..1 of the frame) and their visibility."""

    image_xy: np.ndarray  # (33, 2)
    visibility: np.ndarray  # (33,)


@dataclass(frozen=True, eq=False)
class LiveFrame:
    """One processed picture. `rgb` may be downscaled for display; `pose` coordinates are relative, so they still fit.

    `captured_at` and `processed_at` are `time.monotonic()` readings (system-wide, so comparable across processes).
    `analysed` is False for frames shown while the pose model is still starting (no pose was looked for).
    `events` are the reps and holds credited since the previous frame the UI received (none are lost when frames are);
    `counting` is the counter's state while an exercise is counted.
    """

    index: int
    timestamp_s: float
    rgb: np.ndarray
    source_size: tuple[int, int]  # (width, height) of the original picture
    pose: LivePose | None
    angles: Mapping[str, float]  # degrees, only the angles whose landmarks are visible enough to trust
    classes: tuple[str, ...]
    probabilities: np.ndarray | None  # smoothed, one per class; None when recognition is off
    label: str | None  # a class id or "unknown"; None when recognition is off
    confidence: float
    captured_at: float
    processed_at: float
    analysed: bool = True
    truth_label: str | None = None  # what the synthetic avatar is really doing (None for cameras and videos)
    events: tuple[Any, ...] = ()
    counting: CountingState | None = None

    @property
    def latency_s(self) -> float:
        """Seconds from capture to the end of processing."""
        return self.processed_at - self.captured_at


@dataclass(frozen=True)
class SourceInfo:
    """Sent once, when the worker has opened its source. `fallback_reason` says why a camera was replaced."""

    name: str
    fps: float
    live: bool
    fallback_reason: str | None = None
    recognition_note: str | None = None  # why recognition is off, if it is
    model: str | None = None  # which recognizer runs (ModelChoice.describe())
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SourceEnded:
    """The video or image folder has no more frames; `events` are the reps and holds that closing the count credited
    (and any a dropped last frame carried)."""

    frames: int
    events: tuple[Any, ...] = ()


@dataclass(frozen=True)
class SourceLost:
    """The source stopped giving frames (a webcam unplugged, a video that fails to decode); the worker keeps trying to
    open it again. `message` is one line for the person."""

    message: str


@dataclass(frozen=True)
class SourceBack:
    """Frames flow again after a SourceLost."""

    name: str


@dataclass(frozen=True)
class WorkerFailed:
    """The worker stopped on an error; `message` is one line for the person."""

    message: str


@dataclass(frozen=True)
class WorkerStopped:
    """The worker finished cleanly after being asked to stop."""


@dataclass(frozen=True)
class DisplaySize:
    """Command: scale frames to fit inside this (width, height) before sending them (saves the UI the work)."""

    width: int
    height: int


@dataclass(frozen=True)
class CountExercise:
    """Command: count this exercise from now on with a fresh counter (a new set), judged against the person's
    calibrated range when `known_range_deg` is given; `CountExercise(None)` stops counting."""

    exercise_id: str | None
    known_range_deg: float | None = None


@dataclass(frozen=True)
class UseModel:
    """Command: recognise with this model from now on (the person activated another one); None turns it off."""

    model: ModelChoice | None
