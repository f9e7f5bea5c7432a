"""One frame through the live chain: pipeline (pose, smoothing, features) -> recognizer -> hook -> `LiveFrame`.

No threads and no pacing here, so the worker, `coach screenshot` and tests all run the very same per-frame code.
"""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from coach.errors import CoachError
from coach.exercises.registry import class_ids
from coach.live.frame import LiveFrame, LivePose
from coach.live.hooks import FrameHook, HookOutput
from coach.pipeline import FrameResult, PosePipeline, build_pipeline
from coach.recognition.bundle import default_model_dir, load_model
from coach.recognition.stream import Prediction, StreamingRecognizer
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


def load_recognizer(pipeline: PosePipeline, model_dir: Path | None) -> tuple[StreamingRecognizer | None, str | None]:
    """The recognizer's live stream, or None and one line saying why recognition is off."""
    folder = model_dir or default_model_dir()
    try:
        return load_model(folder, expected=pipeline.spec).stream(), None
    except CoachError as exc:
        return None, f"exercise recognition off: {exc}"


class LiveEngine:
    """Turns frames into LiveFrames. `analyse=False` passes a frame through without pose (model still loading)."""

    def __init__(
        self,
        pipeline: PosePipeline,
        recognizer: StreamingRecognizer | None,
        hook: FrameHook | None = None,
        display_size: tuple[int, int] = (960, 540),
    ) -> None:
        self.pipeline = pipeline
        self.recognizer = recognizer
        self.hook = hook
        self.display_size = display_size
        self.classes = recognizer.classes if recognizer is not None else class_ids()

    @classmethod
    def build(
        cls,
        *,
        model_complexity: int = 1,
        model_dir: Path | None = None,
        recognition: bool = True,
        hook: FrameHook | None = None,
        display_size: tuple[int, int] = (960, 540),
    ) -> tuple[LiveEngine, str | None]:
        """The standard chain with a lazily loaded pose model; also returns why recognition is off, if it is."""
        pipeline = build_pipeline(model_complexity, lazy=True)
        recognizer, note = load_recognizer(pipeline, model_dir) if recognition else (None, "exercise recognition off")
        return cls(pipeline, recognizer, hook, display_size), note

    def process(self, frame: Frame, captured_at: float, *, analyse: bool = True) -> LiveFrame:
        """Run one frame; `captured_at` is when it was read (time.monotonic())."""
        height, width = frame.rgb.shape[:2]
        result = self.pipeline.process(frame) if analyse else FrameResult(frame, None, None, None)
        prediction = self._recognize(result) if analyse else None
        output = self.hook.on_frame(result, prediction) if (self.hook is not None and analyse) else HookOutput()
        pose = result.pose
        return LiveFrame(
            index=frame.index,
            timestamp_s=frame.timestamp_s,
            rgb=display_rgb(frame.rgb, self.display_size),
            source_size=(width, height),
            pose=LivePose(pose.image_xy, pose.visibility) if pose is not None else None,
            angles=self._angles(result),
            classes=self.classes,
            probabilities=prediction.probabilities if prediction is not None else None,
            label=prediction.label if prediction is not None else None,
            confidence=prediction.confidence if prediction is not None else 0.0,
            captured_at=captured_at,
            processed_at=time.monotonic(),
            analysed=analyse,
            truth_label=frame.truth.label if frame.truth is not None else None,
            events=output.events,
            hook_state=output.state,
        )

    def _recognize(self, result: FrameResult) -> Prediction | None:
        if self.recognizer is None:
            return None
        vector = result.features.vector if result.features is not None else None
        return self.recognizer.update(vector, result.frame.timestamp_s)

    def _angles(self, result: FrameResult) -> dict[str, float]:
        features = result.features
        if features is None:
            return {}
        spec = self.pipeline.spec
        trusted = features.angle_visibility >= spec.min_visibility
        return {name: float(features.angles_deg[i]) for i, name in enumerate(spec.angles) if trusted[i]}

    def close(self) -> None:
        """Release the pose model."""
        self.pipeline.close()
