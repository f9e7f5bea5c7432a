"""The one place that wires a frame source to pose estimation, smoothing and features.

Everything else (the CLI, benchmarks, later the app) builds a `PosePipeline` here and receives `FrameResult`s; nothing
else constructs an estimator or holds one in a global.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coach.vision.features import FeatureExtractor, Features, FeatureSpec
from coach.vision.pose import Pose, PoseEstimator
from coach.vision.smoothing import PoseSmoother, SmoothingConfig
from coach.vision.sources import Frame


@dataclass(frozen=True, eq=False)
class FrameResult:
    """What the pipeline knows about one frame; `pose` and `features` are None when nobody is in the picture."""

    frame: Frame
    raw_pose: Pose | None
    pose: Pose | None
    features: Features | None


class PosePipeline:
    """frame -> pose (MediaPipe) -> One-Euro smoothing -> features.

    The estimator is built on the first frame that needs it, so a synthetic source (which carries its own poses)
    never loads MediaPipe at all.
    """

    def __init__(
        self,
        estimator: PoseEstimator | Callable[[], PoseEstimator],
        smoother: PoseSmoother | None = None,
        extractor: FeatureExtractor | None = None,
    ) -> None:
        self._estimator = estimator if isinstance(estimator, PoseEstimator) else None
        self._make_estimator = None if isinstance(estimator, PoseEstimator) else estimator
        self.smoother = smoother or PoseSmoother()
        self.extractor = extractor or FeatureExtractor()

    @property
    def estimator(self) -> PoseEstimator:
        """The pose model, loaded on first use."""
        if self._estimator is None:
            assert self._make_estimator is not None
            self._estimator = self._make_estimator()
        return self._estimator

    @property
    def spec(self) -> FeatureSpec:
        """The features this pipeline produces."""
        return self.extractor.spec

    def process(self, frame: Frame) -> FrameResult:
        """Run one frame through the chain. A synthetic frame carries its true pose, so MediaPipe is skipped for it."""
        raw = frame.truth.pose if frame.truth is not None else self.estimator.estimate(frame.rgb)
        smoothed = self.smoother(raw, frame.timestamp_s)
        features = self.extractor(smoothed, frame.timestamp_s) if smoothed is not None else None
        return FrameResult(frame=frame, raw_pose=raw, pose=smoothed, features=features)

    def reset(self) -> None:
        """Start afresh (a new clip or a new person)."""
        self.smoother.reset()

    def close(self) -> None:
        """Release the pose model (if it was ever loaded)."""
        if self._estimator is not None:
            self._estimator.close()


def build_pipeline(
    model_complexity: int = 1, *, video: bool = True, smoothing: SmoothingConfig | None = None, lazy: bool = False
) -> PosePipeline:
    """The standard pipeline: BlazePose (complexity 1, the model inside the wheel), One-Euro, default FeatureSpec.

    `lazy` defers loading MediaPipe until a frame needs it; otherwise a bad model request fails here, up front.
    """
    make = lambda: PoseEstimator(model_complexity, video=video)  # noqa: E731
    return PosePipeline(make if lazy else make(), PoseSmoother(smoothing), FeatureExtractor())
