"""Counting a recorded sequence of poses (a synthetic clip, cached MediaPipe output, a calibration recording).

The same smoothing and features as the live pipeline, so what is counted here is what the app would count.
"""

from __future__ import annotations

from collections.abc import Iterable

from coach.counting.counter import ExerciseCounter
from coach.vision.features import FeatureExtractor
from coach.vision.pose import Pose
from coach.vision.smoothing import PoseSmoother


def count_poses(
    exercise: str, frames: Iterable[tuple[float, Pose | None]], **counter_options: object
) -> ExerciseCounter:
    """Run one exercise's counter over (timestamp, raw pose or None) pairs and close it at the end."""
    smoother, extractor = PoseSmoother(), FeatureExtractor()
    counter = ExerciseCounter(exercise, extractor.spec, **counter_options)  # type: ignore[arg-type]
    t = 0.0
    for t, raw in frames:
        pose = smoother(raw, t)
        counter.update(t, extractor(pose, t) if pose is not None else None, pose)
    counter.finish(t)
    return counter
