"""The one per-frame step: frame -> pose (MediaPipe) -> One-Euro smoothing -> features -> recognizer -> rep counting
(with the pose) -> events.

`coach analyze`, `coach demo`, the live worker (and so the app), `coach screenshot`'s rehearsals, calibration
recording, the benchmarks and the tests all run frames through a `FrameStep`, so a rep is judged the same way
everywhere. What to run (which source, which model) is decided in `coach.session`; this module only runs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from coach.vision.features import FeatureExtractor, Features, FeatureSpec
from coach.vision.pose import Pose, PoseEstimator
from coach.vision.smoothing import PoseSmoother, SmoothingConfig
from coach.vision.sources import Frame, FrameTruth

if TYPE_CHECKING:
    from coach.counting.counter import ExerciseCounter
    from coach.counting.events import HoldEvent, RepEvent
    from coach.counting.tracker import RepTracker
    from coach.recognition.stream import Prediction, StreamingRecognizer

FREE = "free"  # FrameStep.count(FREE): count whatever the recognizer confirms
NO_PICTURE = np.zeros((0, 0, 3), np.uint8)  # the picture of a frame replayed from recorded poses


@dataclass(frozen=True)
class CountingState:
    """The counter's state after a frame, for a HUD: the exercise being counted, reps so far, seconds held (plank)."""

    exercise_id: str
    count: int
    hold_seconds: float


@dataclass(frozen=True, eq=False)
class FrameResult:
    """What Coach knows about one frame. `pose` and `features` are None when nobody is in the picture; `prediction`
    is None without a recognizer; `events` are the reps and holds credited at this frame; `counting` is set while one
    exercise is being counted."""

    frame: Frame
    raw_pose: Pose | None
    pose: Pose | None
    features: Features | None
    prediction: Prediction | None = None
    events: tuple[RepEvent | HoldEvent, ...] = ()
    counting: CountingState | None = None


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


@dataclass
class FrameStep:
    """One frame through the whole chain; see the module docstring.

    Counting is off until `count(...)`: `count("squat")` counts squats as a workout set does (a fresh counter, with
    the person's calibrated range when `known_ranges` has one), `count(FREE)` counts whatever the recognizer confirms,
    `count(None)` stops. `finish()` closes what is in progress at the end of a stream.
    """

    pipeline: PosePipeline
    recognizer: StreamingRecognizer | None = None
    known_ranges: Mapping[str, float] = field(default_factory=dict)
    tracker: RepTracker | None = field(default=None, init=False)

    @property
    def spec(self) -> FeatureSpec:
        """The features this step computes (what a recognizer must have been trained on)."""
        return self.pipeline.spec

    @property
    def classes(self) -> tuple[str, ...] | None:
        """The recognizer's classes in its probability order (None without a recognizer)."""
        return self.recognizer.classes if self.recognizer is not None else None

    def count(self, exercise: str | None, known_range_deg: float | None = None) -> None:
        """Start counting `exercise` afresh (FREE: whatever the recognizer confirms; None: stop counting).
        `known_range_deg` overrides the person's calibrated range for this exercise."""
        if exercise is None:
            self.tracker = None
            return
        from coach.counting.tracker import RepTracker  # counting's specs load only when something is counted
        from coach.exercises.registry import class_ids

        ranges = dict(self.known_ranges)
        if known_range_deg is not None and exercise != FREE:
            ranges[exercise] = known_range_deg
        self.tracker = RepTracker(
            exercise=None if exercise == FREE else exercise,
            feature_spec=self.spec,
            classes=self.classes or class_ids(),
            known_ranges=ranges,
        )

    def use_recognizer(self, recognizer: StreamingRecognizer | None) -> None:
        """Switch the recognizer (another model was activated); counting goes on."""
        self.recognizer = recognizer

    def process(self, frame: Frame) -> FrameResult:
        """Run one frame through pose, smoothing, features, the recognizer and the counter."""
        result = self.pipeline.process(frame)
        recognizer, tracker = self.recognizer, self.tracker
        if recognizer is None and tracker is None:
            return result
        features, pose, t = result.features, result.pose, frame.timestamp_s
        vector = features.vector if features is not None else None
        prediction = recognizer.update(vector, t) if recognizer is not None else None
        if tracker is None:
            return FrameResult(frame, result.raw_pose, pose, features, prediction)
        events = tuple(tracker.update(t, features, pose, prediction))
        return FrameResult(frame, result.raw_pose, pose, features, prediction, events, self._counting_state())

    def finish(self) -> tuple[RepEvent | HoldEvent, ...]:
        """The stream ended: close reps and holds in progress and return what that credited."""
        return tuple(self.tracker.finish()) if self.tracker is not None else ()

    def _counting_state(self) -> CountingState | None:
        tracker = self.tracker
        if tracker is None or tracker.exercise is None:
            return None
        counter = tracker.counters[tracker.exercise]
        return CountingState(tracker.exercise, int(counter.count), float(counter.hold_seconds))

    def reset(self) -> None:
        """Start afresh (a new clip or a new person): smoothing and recognition forget the past."""
        self.pipeline.reset()
        if self.recognizer is not None:
            self.recognizer.reset()

    def close(self) -> None:
        """Release the pose model."""
        self.pipeline.close()


def pose_frames(poses: Iterable[tuple[float, Pose | None]], label: str = "") -> Iterable[Frame]:
    """Recorded poses (timestamp, raw pose or None) as frames without pictures, which a `FrameStep` runs without
    MediaPipe: for replaying cached MediaPipe output, generated landmarks and calibration recordings."""
    for index, (t, pose) in enumerate(poses):
        yield Frame(NO_PICTURE, index, t, truth=FrameTruth(pose, label))


def count_recorded(
    exercise: str, poses: Iterable[tuple[float, Pose | None]], known_range_deg: float | None = None
) -> ExerciseCounter:
    """Count `exercise` over recorded poses through a `FrameStep`, as a workout set would, and close it at the end;
    the exercise's counter (its events, count, hold seconds)."""
    step = FrameStep(build_pipeline(lazy=True))  # recorded poses never need MediaPipe
    step.count(exercise, known_range_deg)
    for frame in pose_frames(poses):
        step.process(frame)
    step.finish()
    assert step.tracker is not None
    return step.tracker.counters[exercise]
