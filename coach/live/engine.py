"""One frame for the screen: the per-frame step (`coach.pipeline.FrameStep`: pose, smoothing, features, recognizer,
counting with the pose) -> `LiveFrame`, the plain data the UI draws.

No threads and no pacing here, so the worker, `coach screenshot` and tests all run the very same per-frame code; the
worker steers it with commands (`CountExercise` when a set starts, `UseModel` when another model is activated).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import cv2
import numpy as np

from coach.exercises.registry import class_ids
from coach.live.frame import CountExercise, LiveFrame, LivePose, UseModel
from coach.model_choice import ModelChoice
from coach.pipeline import FrameResult, FrameStep
from coach.session import build_step, load_recognizer
from coach.vision.sources import Frame


def fit_inside(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest (width, height) with the aspect of `size` that fits in `box` (never scaled up)."""
    width, height = size
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def display_rgb(rgb: np.ndarray, box: tuple[int, int]) -> np.ndarray:
    """`rgb` scaled down to fit `box`.

    Why two steps: INTER_AREA (averaging, no aliasing) costs ~7 ms on a 1280x720 frame at a fractional scale but
    ~0.5 ms at a whole factor, and INTER_LINEAR is cheap (~1 ms) and clean for the last step of less than 2x."""
    height, width = rgb.shape[:2]
    if rgb.size == 0:  # a frame replayed from recorded poses has no picture
        return rgb
    target = fit_inside((width, height), box)
    if target == (width, height):
        return rgb
    factor = min(width // target[0], height // target[1])
    if factor >= 2:  # OpenCV's fast path needs an exact whole factor: drop the last few (< factor) rows and columns
        whole = rgb[: height - height % factor, : width - width % factor]
        rgb = cv2.resize(whole, (width // factor, height // factor), interpolation=cv2.INTER_AREA)
        if rgb.shape[1::-1] == target:
            return rgb
    return cv2.resize(rgb, target, interpolation=cv2.INTER_LINEAR)


class LiveEngine:
    """Turns frames into LiveFrames. `analyse=False` passes a frame through without pose (model still loading)."""

    def __init__(
        self, step: FrameStep, display_size: tuple[int, int] = (960, 540), model: ModelChoice | None = None
    ) -> None:
        self.step = step
        self.display_size = display_size
        self.model = model

    @property
    def classes(self) -> tuple[str, ...]:
        """The recognizer's classes (every exercise id when recognition is off)."""
        return self.step.classes or class_ids()

    @classmethod
    def build(
        cls,
        model: ModelChoice | None,
        *,
        model_complexity: int = 1,
        known_ranges: Mapping[str, float] | None = None,
        count: str | None = None,
        display_size: tuple[int, int] = (960, 540),
    ) -> tuple[LiveEngine, str | None]:
        """The standard chain with a lazily loaded pose model and the chosen recognizer (None: recognition off),
        counting `count` from the first frame; also returns why recognition is off, if it is."""
        step, note = build_step(model, model_complexity=model_complexity, known_ranges=known_ranges)
        step.count(count)
        return cls(step, display_size, model), note

    def on_command(self, command: Any) -> str | None:
        """Apply a command from the UI; returns a one-line note when it could not be followed as asked."""
        if isinstance(command, CountExercise):
            self.step.count(command.exercise_id, command.known_range_deg)
        elif isinstance(command, UseModel):
            recognizer, note = load_recognizer(command.model, self.step.spec)
            self.step.use_recognizer(recognizer)
            self.model = command.model if recognizer is not None else None
            return note
        return None

    def process(self, frame: Frame, captured_at: float, *, analyse: bool = True) -> LiveFrame:
        """Run one frame; `captured_at` is when it was read (time.monotonic())."""
        height, width = frame.rgb.shape[:2]
        result = self.step.process(frame) if analyse else None
        pose = result.pose if result is not None else None
        prediction = result.prediction if result is not None else None
        return LiveFrame(
            index=frame.index,
            timestamp_s=frame.timestamp_s,
            rgb=display_rgb(frame.rgb, self.display_size),
            source_size=(width, height),
            pose=LivePose(pose.image_xy, pose.visibility) if pose is not None else None,
            angles=self._angles(result) if result is not None else {},
            classes=self.classes,
            probabilities=prediction.probabilities if prediction is not None else None,
            label=prediction.label if prediction is not None else None,
            confidence=prediction.confidence if prediction is not None else 0.0,
            captured_at=captured_at,
            processed_at=time.monotonic(),
            analysed=analyse,
            truth_label=frame.truth.label if frame.truth is not None else None,
            events=result.events if result is not None else (),
            counting=result.counting if result is not None else None,
        )

    def _angles(self, result: FrameResult) -> dict[str, float]:
        features = result.features
        if features is None:
            return {}
        spec = self.step.spec
        trusted = features.angle_visibility >= spec.min_visibility
        return {name: float(features.angles_deg[i]) for i, name in enumerate(spec.angles) if trusted[i]}

    def close(self) -> None:
        """Release the pose model."""
        self.step.close()
