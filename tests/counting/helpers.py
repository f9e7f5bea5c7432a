"""Shared helpers for the rep counter's tests: generated clips (cached), replaying them, and hand-made angle streams.

Generated clips come from `coach.synth.generator` with the camera never cropping the person (leg exercises filmed
whole-body); hand-made streams are `Features` built from a dictionary of joint angles, for behaviour a generated clip
cannot pin down exactly (a pause of a given length, one knee bending while the other stays still).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from coach.counting.counter import ExerciseCounter
from coach.counting.events import HoldEvent, RepEvent
from coach.exercises.registry import class_ids
from coach.pipeline import PosePipeline, count_recorded, pose_frames
from coach.recognition.stream import Prediction
from coach.synth.generator import Segment, SynthClip, ViewRequest, generate_clip, generate_workout
from coach.vision.features import FeatureExtractor, Features, FeatureSpec
from coach.vision.pose import Pose, PoseEstimator
from coach.vision.sources import Frame, FrameTruth

REP_EXERCISES = (
    "squat", "pushup", "bicep_curl", "shoulder_press", "lunge", "jumping_jack", "situp", "lateral_raise", "front_raise",
)  # fmt: skip
# Seeds whose person, pacing and camera the counter gets exactly right; between them they cover front, +-60 degree
# and mirrored views, both-arm, one-arm and alternating sets. (Seeds it gets wrong are in the xfail tests.)
SEEDS = {
    "squat": (0, 1, 2),
    "pushup": (0, 2, 3),
    "bicep_curl": (7, 11, 12),
    "shoulder_press": (0, 2, 3),
    "lunge": (1, 3, 7),
    "jumping_jack": (0, 2, 3),
    "situp": (0, 2, 3),
    "lateral_raise": (0, 2, 3),
    "front_raise": (0, 5, 8),
}
# Generator families (coach/synth/families.py) added after these seeds were chosen, left out so every seed keeps the
# clip its scenario was written for: the later idle activities (running, picking things up) change what a seed's
# lead-in is; per-clip far-side visibility and per-limb depth compression change the noise. With them on, 4 of these
# 246 cases change outcome (a sit-up seed loses a rep under a dropout, a sit-up partial rep and a lunge seed change,
# one strict xfail stops failing); benchmarks/reps.py measures the counter on the full generator instead.
OFF = ("idle_coverage", "visibility_spread", "limb_depth")
CASES = [(exercise, seed) for exercise in REP_EXERCISES for seed in SEEDS[exercise]]
LEG_EXERCISES = frozenset({"squat", "lunge", "jumping_jack"})
SPEC = FeatureSpec()

Frames = list[tuple[float, Pose | None]]
Stream = list[tuple[float, Features | None, Pose | None]]


def view_for(exercise: str) -> ViewRequest:
    """Never cropped; whole-body for leg exercises (a desk webcam's waist-up view would hide what is counted).

    The cameras look -5..15 degrees down, stand at most 70 degrees to the side, and MediaPipe's forearm depth guess is
    off: the conditions these scenarios (and their seeds) were written for. The wider ranges and the guess, which the
    recognizer trains on, are measured by benchmarks/reps.py.
    """
    return ViewRequest(
        waist_up=False if exercise in LEG_EXERCISES else None,
        partly_out_of_frame=False,
        pitch_range_deg=(-5.0, 15.0),
        yaw_range_deg=(-70.0, 70.0),
        forearm_depth_guess=False,
    )


@cache
def clip(exercise: str, seed: int, reps: int | None = 5, **options: object) -> SynthClip:
    """A generated clip (options: seconds, lead_in_s, lead_out_s, partial_rate), made once per test session; clips
    are deterministic for their arguments and shared between tests, so never mutate one."""
    return generate_clip(exercise, reps=reps, seed=seed, view=view_for(exercise), off=OFF, **options)  # type: ignore[arg-type]


@cache
def workout(segments: tuple[Segment, ...], seed: int) -> SynthClip:
    """A generated chain of exercises by one person, filmed whole-body, made once per test session."""
    view = ViewRequest(
        waist_up=False,
        partly_out_of_frame=False,
        pitch_range_deg=(-5.0, 15.0),
        yaw_range_deg=(-70.0, 70.0),
        forearm_depth_guess=False,
    )
    return generate_workout(list(segments), seed, view=view, off=OFF)


def frames(synth: SynthClip, dropped: Callable[[float], bool] = lambda t: False) -> Frames:
    """(timestamp, pose) per frame, with the pose removed (None) wherever `dropped(t)`."""
    out: Frames = []
    for i in range(synth.frames):
        t = i / synth.fps
        out.append((t, None if dropped(t) else synth.pose(i)))
    return out


def count(exercise: str, synth: SynthClip, **options: object) -> ExerciseCounter:
    """Count a generated clip as the app would (smoothing, features, the counter, closed at the end)."""
    return count_recorded(exercise, frames(synth), **options)


@dataclass(frozen=True)
class LiveRun:
    """A generated clip counted frame by frame as a live stream: each event with the stream time it came out at."""

    clip: SynthClip
    counter: ExerciseCounter
    emitted: list[tuple[float, RepEvent | HoldEvent]]


@cache
def live_run(exercise: str, seed: int, reps: int = 5) -> LiveRun:
    """Count `clip(exercise, seed, reps)` live, once per test session (the result is shared: only read it)."""
    synth = clip(exercise, seed, reps)
    counter = ExerciseCounter(exercise, SPEC)
    return LiveRun(synth, counter, feed(counter, stream(frames(synth))))


def reps(events: Iterable[RepEvent | HoldEvent]) -> list[RepEvent]:
    """The rep events (counted and partial) among events."""
    return [e for e in events if isinstance(e, RepEvent)]


def counted(events: Iterable[RepEvent | HoldEvent]) -> list[RepEvent]:
    """The counted (non-partial) rep events."""
    return [e for e in reps(events) if not e.partial]


def stream(poses: Frames) -> Stream:
    """The features the live pipeline computes from raw poses (One-Euro smoothing, then angles)."""
    pipeline = PosePipeline(_refuse_mediapipe, extractor=FeatureExtractor(SPEC))
    results = [pipeline.process(frame) for frame in pose_frames(poses)]
    return [(r.frame.timestamp_s, r.features, r.pose) for r in results]


def _refuse_mediapipe() -> PoseEstimator:
    raise AssertionError("recorded poses must not need MediaPipe")


def feed(counter: ExerciseCounter, items: Stream, finish: bool = True) -> list[tuple[float, RepEvent | HoldEvent]]:
    """Feed a feature stream; returns (stream time the event came out, event) pairs."""
    out = [(t, e) for t, features, pose in items for e in counter.update(t, features, pose)]
    if finish and items:
        out += [(items[-1][0], e) for e in counter.finish(items[-1][0])]
    return out


def with_angles(features: Features, changes: dict[str, float], visibility: dict[str, float] | None = None) -> Features:
    """A copy of `features` with some joint angles (and their visibility) replaced."""
    angles, seen = features.angles_deg.copy(), features.angle_visibility.copy()
    for name, value in changes.items():
        angles[SPEC.angles.index(name)] = value
    for name, value in (visibility or {}).items():
        seen[SPEC.angles.index(name)] = value
    return Features(features.timestamp_s, angles, seen, features.vector)


# -- hand-made angle streams -----------------------------------------------------------------------------------------

STANDING_ANGLES: dict[str, float] = {
    "left_elbow": 165, "right_elbow": 165, "left_shoulder": 12, "right_shoulder": 12,
    "left_shoulder_abduction": 8, "right_shoulder_abduction": 8, "left_shoulder_flexion": 10,
    "right_shoulder_flexion": 10, "left_hip": 172, "right_hip": 172, "left_knee": 174, "right_knee": 174,
    "left_ankle": 95, "right_ankle": 95, "left_body_line": 174, "right_body_line": 174, "trunk_lean": 5,
}  # fmt: skip


def angles_features(t: float, angles: dict[str, float], visibility: dict[str, float] | None = None) -> Features:
    """Features for one frame from joint angles by name (every angle fully visible unless `visibility` says)."""
    values = np.array([angles[name] for name in SPEC.angles], dtype=np.float64)
    seen = np.array([(visibility or {}).get(name, 0.95) for name in SPEC.angles], dtype=np.float64)
    return Features(t, values, seen, np.zeros(SPEC.dim, dtype=np.float32))


def ease(x: np.ndarray) -> np.ndarray:
    """Smooth 0->1 with zero speed at both ends, as a limb moves."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0.0, 1.0))


def rep_profile(phases: Sequence[tuple[str, float]], fps: float = 30.0) -> np.ndarray:
    """A 0..1 "depth into the rep" per frame from phases: ("rest"|"out"|"far"|"back", seconds).

    "out" eases 0->1, "back" eases 1->0, "rest" holds 0 and "far" holds 1: pauses are just long "rest"/"far" phases.
    """
    parts = []
    for kind, seconds in phases:
        n = max(1, round(seconds * fps))
        x = (np.arange(n) + 1) / n
        parts.append({"rest": np.zeros(n), "far": np.ones(n), "out": ease(x), "back": 1.0 - ease(x)}[kind])
    return np.concatenate(parts)


def angle_stream(
    depth: np.ndarray,
    moves: dict[str, tuple[float, float]],
    base: dict[str, float] | None = None,
    visibility: dict[str, float] | None = None,
    fps: float = 30.0,
    noise_deg: float = 0.7,
    seed: int = 0,
) -> Stream:
    """A feature stream where each angle in `moves` goes from its (rest, far) value as `depth` goes 0 -> 1.

    Other angles stay at `base` (standing by default); a little seeded jitter makes it look measured, not drawn.
    """
    rng = np.random.default_rng(seed)
    base = dict(STANDING_ANGLES if base is None else base)
    out: Stream = []
    for i, d in enumerate(depth):
        angles = {name: value + rng.normal(0.0, noise_deg) for name, value in base.items()}
        for name, (rest, far) in moves.items():
            angles[name] = rest + (far - rest) * d + rng.normal(0.0, noise_deg)
        out.append((i / fps, angles_features(i / fps, angles, visibility), None))
    return out


# -- what the recognizer says, scripted ------------------------------------------------------------------------------

CLASSES = class_ids()


def prediction(t: float, top: str, label: str, probability: float = 0.9) -> Prediction:
    """A recognizer's answer: `top` the most likely class at `probability`, `label` its confirmed label."""
    probabilities = np.full(len(CLASSES), (1.0 - probability) / (len(CLASSES) - 1))
    probabilities[CLASSES.index(top)] = probability
    return Prediction(t, probabilities, label, probability)


def following(labels: Sequence[str], fps: float, top_lag_s: float, label_lag_s: float) -> list[Prediction]:
    """A recognizer that follows the true labels: its top class `top_lag_s` behind, its confirmed label
    `label_lag_s` behind ("unknown" until then), as the live recognizer gathers context."""
    out = []
    for i in range(len(labels)):
        top_i, label_i = i - round(top_lag_s * fps), i - round(label_lag_s * fps)
        top = labels[top_i] if top_i >= 0 else "idle"
        label = labels[label_i] if label_i >= 0 else "unknown"
        out.append(prediction(i / fps, top, label))
    return out


class ClipSource:
    """A generated clip as a frame source for `coach.analysis.analyze`: true poses, tiny blank pictures (no
    rendering, no MediaPipe), so a whole analysis runs in a second."""

    def __init__(self, synth: SynthClip, name: str = "generated.mp4") -> None:
        self.clip, self.name, self.fps, self.frame_count = synth, name, synth.fps, synth.frames

    def __iter__(self) -> Iterator[Frame]:
        blank = np.zeros((8, 8, 3), np.uint8)
        for i in range(self.clip.frames):
            yield Frame(blank, i, i / self.fps, FrameTruth(self.clip.pose(i), self.clip.labels[i]))

    def close(self) -> None:
        """Nothing to release."""
