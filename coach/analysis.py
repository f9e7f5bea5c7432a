"""`coach analyze`: run a whole video through the app's per-frame step (`coach.pipeline.FrameStep`), headless, and
produce the analysis JSON.

The JSON schema is a contract (README documents it; later releases only add keys). Keys present:
  schema_version: 1, video: str, frames: int, fps: float, pose_frames: int,
  model: {path, version} (the recognizer that ran; version null unless it is a registered model version),
  angles: {angle name: [degrees rounded to 0.1, or null when no pose or its landmarks are not visible]},
  segments: [{start_s, end_s, exercise, confidence}] (idle and "unknown" included; absent without a model),
  probabilities: {class: [smoothed probability per frame, 3 decimals]} (absent without a model)
  reps: {mode: "free"|"exercise", exercise, counts: {exercise: n}, holds: {exercise: seconds},
         sets: [{exercise, start_s, end_s, reps, hold_s}], events: [RepEvent/HoldEvent JSON],
         disagreements: [{start_s, end_s, seen}],
         credited: {exercise: n} (what a workout would credit after verification; in free mode, the counts),
         refused: [{start_s, end_s, seen}] (reps a workout would take away)}
         (free mode needs a model; absent when nothing was counted)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coach.counting.events import HoldEvent, RepEvent
from coach.errors import SourceError
from coach.exercises.specs import COUNTING
from coach.model_choice import ModelChoice
from coach.outputs import VideoWriter
from coach.pipeline import FREE, FrameResult, FrameStep
from coach.recognition.stream import Prediction
from coach.vision.annotate import draw_pose
from coach.vision.sources import FrameSource
from coach.workout.verification import Verifier

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
    model: dict[str, Any] | None = None  # {"path", "version"} of the recognizer that ran
    credit: WorkoutCredit | None = None  # with an exercise: what a workout would credit after verification

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
        """Record one frame: its angles, what the recognizer said, and whether a workout would credit its reps."""
        self.frames += 1
        if result.prediction is not None:
            self.add_prediction(result.prediction)
        if self.credit is not None:
            self.credit.update(result)
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
            **({"model": self.model} if self.model is not None else {}),
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


def analyze(
    source: FrameSource,
    step: FrameStep,
    *,
    annotate_to: Path | None = None,
    on_frame: Callable[[], None] | None = None,
    exercise: str | None = None,
    count: bool = True,
    model: ModelChoice | None = None,
) -> Analysis:
    """Run every frame of `source` through `step` (the app's own per-frame step); optionally write an annotated copy
    of the video.

    Reps are counted for `exercise` when given (as a workout plan would), else in free mode for whatever the
    recognizer confirms (which needs a recognizer); `count=False` skips counting. `model` names the recognizer in the
    report.
    """
    spec = step.spec
    analysis = Analysis(video=source.name, fps=source.fps, angle_names=spec.angles)
    if step.recognizer is not None:
        analysis.classes = step.recognizer.classes
        analysis.model = model.to_json() if model is not None else None
    if count and exercise is not None:
        step.count(exercise)
        analysis.credit = WorkoutCredit(exercise)
    elif count and step.recognizer is not None:
        step.count(FREE)
    writer = VideoWriter(annotate_to, source.fps) if annotate_to else None
    try:
        for frame in source:
            result = step.process(frame)
            analysis.add(result, spec.min_visibility)
            if writer is not None:
                writer.write(draw_pose(frame.rgb, result.pose, result.features, spec, status=_status(result, step)))
            if on_frame is not None:
                on_frame()
    finally:
        if writer is not None:
            writer.close()
    if analysis.frames == 0:
        raise SourceError(f"{source.name}: the video has no readable frames")
    if step.tracker is not None:
        closing = step.finish()
        if analysis.credit is not None:
            analysis.credit.judge(closing)
        analysis.reps = step.tracker.to_json()
        credit = analysis.credit
        analysis.reps |= (
            credit.to_json() if credit is not None else {"credited": analysis.reps["counts"], "refused": []}
        )
    return analysis


class WorkoutCredit:
    """What a workout set of `exercise` would credit: the engine's own verification (`Verifier.judge`) over the same
    predictions and reps, each rep judged the moment it is counted, as the engine judges it."""

    def __init__(self, exercise: str) -> None:
        self.exercise = exercise
        self.verifier = Verifier()
        self.credited = 0
        self.refused: list[dict[str, Any]] = []

    def update(self, result: FrameResult) -> None:
        """One frame: the recognizer's label, then the reps that ended here."""
        prediction = result.prediction
        if prediction is not None:
            self.verifier.observe(prediction.label, prediction.confidence, prediction.timestamp_s)
        self.judge(result.events)

    def judge(self, events: Sequence[RepEvent | HoldEvent]) -> None:
        """Credit or refuse each full rep."""
        for event in events:
            if not isinstance(event, RepEvent) or event.partial:
                continue
            judgement = self.verifier.judge(self.exercise, event)
            if judgement.refused:
                self.refused.append({"start_s": round(event.start_s, 2), "end_s": round(event.end_s, 2),
                                     "seen": judgement.seen})  # fmt: skip
            else:
                self.credited += 1

    def to_json(self) -> dict[str, Any]:
        """`credited` (reps per exercise a workout would keep) and `refused` (the reps it would take away)."""
        credited = {self.exercise: self.credited} if self.exercise in COUNTING else {}
        return {"credited": credited, "refused": self.refused}


def _status(result: FrameResult, step: FrameStep) -> str:
    """The annotated video's status line: time, whether a person is seen, the recognizer's label, the counts."""
    status = f"t={result.frame.timestamp_s:5.1f}s" + ("" if result.pose else "  no person")
    if result.prediction is not None:
        status += f"  {result.prediction.label} {result.prediction.confidence:.2f}"
    if step.tracker is not None:
        status += "  " + "  ".join(f"{k} {v}" for k, v in step.tracker.counts.items())
    return status
