"""`coach analyze`: run the pipeline over a whole video headless and produce the analysis JSON.

The JSON schema is a contract later issues extend (reps next); README documents it. Keys present:
  video: str, frames: int, fps: float, pose_frames: int,
  angles: {angle name: [degrees rounded to 0.1, or null when no pose or its landmarks are not visible]},
  segments: [{start_s, end_s, exercise, confidence}] (idle and "unknown" included; absent without a model),
  probabilities: {class: [smoothed probability per frame, 3 decimals]} (absent without a model)
  reps: {mode: "free"|"exercise", exercise, counts: {exercise: n}, holds: {exercise: seconds},
         sets: [{exercise, start_s, end_s, reps, hold_s}], events: [RepEvent/HoldEvent JSON],
         disagreements: [{start_s, end_s, seen}]} (free mode needs a model; absent when nothing was counted)
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from coach.counting.tracker import RepTracker
from coach.errors import SourceError
from coach.exercises.registry import class_ids
from coach.pipeline import FrameResult, PosePipeline
from coach.recognition.bundle import RecognitionModel
from coach.recognition.stream import Prediction
from coach.vision.annotate import draw_pose
from coach.vision.sources import FrameSource

SCHEMA_VERSION = 1


@dataclass
class Analysis:
    """Per-frame results of one video, collected for the JSON report."""

    video: str
    fps: float
    angle_names: tuple[str, ...]
    frames: int = 0
    pose_frames: int = 0
    angles: dict[str, list[float | None]] = field(default_factory=dict)
    classes: tuple[str, ...] = ()
    probabilities: list[np.ndarray] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    reps: dict[str, Any] | None = None

    def add_prediction(self, prediction: Prediction) -> None:
        """Record what the recognizer said about this frame."""
        self.probabilities.append(prediction.probabilities)
        self.labels.append(prediction.label)
        self.confidences.append(prediction.confidence)

    def segments(self) -> list[dict[str, Any]]:
        """Runs of one label: when each exercise (or idle, or "unknown") started and ended, with mean confidence."""
        out: list[dict[str, Any]] = []
        start = 0
        for i in range(1, len(self.labels) + 1):
            if i == len(self.labels) or self.labels[i] != self.labels[start]:
                out.append({
                    "start_s": round(start / self.fps, 2),
                    "end_s": round(i / self.fps, 2),
                    "exercise": self.labels[start],
                    "confidence": round(float(np.mean(self.confidences[start:i])), 3),
                })  # fmt: skip
                start = i
        return out

    def add(self, result: FrameResult, min_visibility: float) -> None:
        """Record one frame."""
        self.frames += 1
        features = result.features
        if features is None:
            for name in self.angle_names:
                self.angles.setdefault(name, []).append(None)
            return
        self.pose_frames += 1
        for i, name in enumerate(self.angle_names):
            value = features.angles_deg[i]
            trusted = features.angle_visibility[i] >= min_visibility and math.isfinite(value)
            self.angles.setdefault(name, []).append(round(float(value), 1) if trusted else None)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object."""
        return {
            "schema_version": SCHEMA_VERSION,
            "video": self.video,
            "frames": self.frames,
            "fps": round(self.fps, 3),
            "pose_frames": self.pose_frames,
            "angles": {name: self.angles.get(name, []) for name in self.angle_names},
            **self._recognition_json(),
            **({"reps": self.reps} if self.reps is not None else {}),
        }

    def _recognition_json(self) -> dict[str, Any]:
        if not self.labels:
            return {}
        stacked = np.round(np.stack(self.probabilities), 3)
        return {
            "segments": self.segments(),
            "probabilities": {name: stacked[:, i].tolist() for i, name in enumerate(self.classes)},
        }


class AnnotatedVideoWriter:
    """Writes annotated frames to an .mp4 (or any container OpenCV's FFmpeg knows) at the source's frame rate."""

    def __init__(self, path: Path, fps: float) -> None:
        self.path = path
        self.fps = fps
        self._writer: cv2.VideoWriter | None = None

    def write(self, rgb: np.ndarray) -> None:
        """Append one RGB frame (the writer opens on the first frame, when the size is known)."""
        if self._writer is None:
            height, width = rgb.shape[:2]
            self._writer = cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(*"mp4v"), self.fps, (width, height))
            if not self._writer.isOpened():
                raise SourceError(f"{self.path}: cannot write a video here (check the folder exists and is writable)")
        self._writer.write(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None:
            self._writer.release()


def analyze(
    source: FrameSource,
    pipeline: PosePipeline,
    *,
    recognizer: RecognitionModel | None = None,
    annotate_to: Path | None = None,
    on_frame: Callable[[], None] | None = None,
    exercise: str | None = None,
    count: bool = True,
) -> Analysis:
    """Run every frame of `source` through `pipeline` (and the recognizer, if given); optionally write an annotated
    copy of the video.

    Reps are counted for `exercise` when given (as a workout plan would), else in free mode for whatever the
    recognizer confirms (which needs the recognizer); `count=False` skips counting.
    """
    spec = pipeline.spec
    analysis = Analysis(video=source.name, fps=source.fps, angle_names=spec.angles)
    stream = recognizer.stream() if recognizer is not None else None
    if recognizer is not None:
        analysis.classes = recognizer.classes
    writer = AnnotatedVideoWriter(annotate_to, source.fps) if annotate_to else None
    tracker = None
    if count and (exercise is not None or recognizer is not None):
        classes = recognizer.classes if recognizer is not None else class_ids()
        tracker = RepTracker(exercise=exercise, feature_spec=spec, classes=classes)
    try:
        for frame in source:
            result = pipeline.process(frame)
            analysis.add(result, spec.min_visibility)
            label = ""
            prediction = None
            if stream is not None:
                vector = result.features.vector if result.features is not None else None
                prediction = stream.update(vector, frame.timestamp_s)
                analysis.add_prediction(prediction)
                label = f"  {prediction.label} {prediction.confidence:.2f}"
            if tracker is not None:
                tracker.update(frame.timestamp_s, result.features, result.pose, prediction)
                label += "  " + "  ".join(f"{k} {v}" for k, v in tracker.counts.items())
            if writer is not None:
                status = f"t={frame.timestamp_s:5.1f}s" + ("" if result.pose else "  no person") + label
                writer.write(draw_pose(frame.rgb, result.pose, result.features, spec, status=status))
            if on_frame is not None:
                on_frame()
    finally:
        if writer is not None:
            writer.close()
    if analysis.frames == 0:
        raise SourceError(f"{source.name}: the video has no readable frames")
    if tracker is not None:
        tracker.finish()
        analysis.reps = tracker.to_json()
    return analysis


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write the report atomically (a crash never leaves half a JSON file behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
            fh.write("\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise SourceError(f"{path}: cannot write the JSON report ({exc.strerror})") from None
