"""Training data for recognition: labelled feature sequences from synthetic people (and recorded samples), cut into
windows, split by person.

Why these numbers: the model reads every 2nd frame of a 30 fps stream (15 Hz is plenty for human movement and halves
the work), and a window of 32 steps is ~2.1 s: long enough to hold most of one rep (reps take 1-4 s) and the way into
it, short enough to notice a switch of exercise within ~1 s. Training windows start every 16 steps, validation and
test windows every 8 (~0.5 s), as the live stream reads. Each window is labelled with what the person does at its end
(the most frequent label of its last 16 steps in training, of its last 8 in evaluation), because the live stream asks
"what is happening now?". Splits are by subject (the seed that draws a person), never by window, so the validation and
test people were never seen in training.

Which seeds draw whom: synthetic person N draws its choices from `1_000_003 * N + 17` and its clips from `N * 1009 + k`
(k < 1009). Training only ever uses people 1..`synthetic_subjects`, below `EVALUATION_FIRST_SUBJECT`; the people from
there on are the fixed evaluation people of retraining's no-regress rule (`coach.recognition.evaluation`), so no model
trained by Coach has seen them (their clip seeds start above every training clip seed too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from coach.exercises.registry import ExerciseKind, class_ids, get_exercise
from coach.recognition import MODEL_RATE_HZ, WINDOW_HOP, WINDOW_STEPS
from coach.synth.generator import IDLE, Segment, SynthClip, ViewRequest, generate_clip, generate_workout
from coach.vision.features import FeatureSpec

SYNTHETIC_PREFIX = "synthetic-"  # the subject name of synthetic person N is "synthetic-N"
EVALUATION_FIRST_SUBJECT = 1_000_001  # people from here on are never trained on (see the module docstring)
RECORDING_CYCLE = 7  # recordings, in the order they were made: of every 7, the 2nd validates and the 3rd tests
MIN_SPLIT_RECORDINGS = 3  # below this, every recording is learned from (none can be spared to validate and test)


@dataclass
class LabelledSequence:
    """Feature vectors at the model's rate (T, D), a class index per step (T,), and whose movement it is."""

    features: np.ndarray
    labels: np.ndarray
    subject: str


def features_of(
    world: np.ndarray, visibility: np.ndarray, detected: np.ndarray, fps: float, spec: FeatureSpec
) -> tuple[np.ndarray, np.ndarray]:
    """Feature vectors at the model rate from world landmarks; frames without a pose are skipped, as live.

    The live pipeline smooths landmarks (One-Euro) first; training skips that (a per-frame loop that would triple the
    data time), so the model learns from slightly noisier features than it meets live, the forgiving direction.
    Returns (features (T', D), frame indices (T',)).
    """
    step = max(1, round(fps / MODEL_RATE_HZ))
    chosen = np.flatnonzero(detected)[::step]
    return spec.vector(world[chosen], visibility[chosen]), chosen


def sequence_from_clip(clip: SynthClip, spec: FeatureSpec, subject: str) -> LabelledSequence:
    """A synthetic clip as a labelled sequence."""
    classes = {name: i for i, name in enumerate(class_ids())}
    features, frames = features_of(clip.world, clip.visibility, clip.detected, clip.fps, spec)
    labels = np.array([classes[clip.labels[i]] for i in frames], dtype=np.int64)
    return LabelledSequence(features, labels, subject)


def windows(
    sequences: Iterable[LabelledSequence],
    steps: int = WINDOW_STEPS,
    hop: int = WINDOW_HOP,
    with_steady: bool = False,
    label_steps: int = WINDOW_HOP,
) -> tuple[np.ndarray, ...]:
    """Cut sequences into (N, steps, D) windows, one every `hop` steps, labelled by the majority of their last
    `label_steps` steps. How far apart windows start must not change what a window means, so the two are separate.

    With `with_steady`, also a mask of the windows that show one activity throughout (no transition inside), the
    windows whose label is unambiguous.
    """
    xs, ys, steady = [], [], []
    for seq in sequences:
        count = len(seq.labels)
        if count < steps:
            continue
        starts = np.arange(0, count - steps + 1, hop)
        idx = starts[:, None] + np.arange(steps)[None, :]
        xs.append(seq.features[idx])
        tails = seq.labels[idx[:, -label_steps:]]
        ys.append(np.array([np.bincount(t).argmax() for t in tails], dtype=np.int64))
        steady.append((seq.labels[idx] == seq.labels[idx[:, :1]]).all(axis=1))
    if not xs:
        empty = (np.zeros((0, steps, 0), np.float32), np.zeros(0, np.int64))
        return (*empty, np.zeros(0, bool)) if with_steady else empty
    x, y = np.concatenate(xs).astype(np.float32), np.concatenate(ys)
    return (x, y, np.concatenate(steady)) if with_steady else (x, y)


def split_subjects(
    subjects: Sequence[str], val: float, test: float, seed: int
) -> tuple[list[str], list[str], list[str]]:
    """Shuffle people (not windows) into train / validation / test."""
    order = list(subjects)
    np.random.default_rng(seed).shuffle(order)
    n_test = max(1, round(len(order) * test)) if test > 0 else 0
    n_val = max(1, round(len(order) * val)) if val > 0 else 0
    return order[n_test + n_val :], order[n_test : n_test + n_val], order[:n_test]


def split_recordings(subjects: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Recorded people or recordings (in the order they were made) into train / validation / test, by position: of
    every `RECORDING_CYCLE`, the 2nd validates and the 3rd tests, the rest are learned from (about 14% each held out).
    Unlike a shuffle, a recording keeps its role when more are added, so a recording held out from one version is
    held out from the next, and the two can be compared on it. Fewer than `MIN_SPLIT_RECORDINGS`: all are learned from.
    """
    if len(subjects) < MIN_SPLIT_RECORDINGS:
        return list(subjects), [], []
    roles: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for position, subject in enumerate(subjects):
        phase = position % RECORDING_CYCLE
        roles[phase if phase in (1, 2) else 0].append(subject)
    return roles[0], roles[1], roles[2]


def is_synthetic(subject: str) -> bool:
    """Whether a subject name is a synthetic person's (else it is a recorded person or recording)."""
    return subject.startswith(SYNTHETIC_PREFIX)


def synthetic_subject(
    subject: int,
    spec: FeatureSpec,
    exercises: Sequence[str] | None = None,
    view: ViewRequest | None = None,
    off: frozenset[str] | tuple[str, ...] = frozenset(),
) -> list[LabelledSequence]:
    """Everything one synthetic person does: each exercise once (with idle around it), one workout chain, some idle.

    `view` pins camera wishes for all of it (held-out evaluation per view); None draws every camera at random. `off`
    leaves generator families out (coach/synth/families.py), to measure what each is worth."""
    rng = np.random.default_rng(1_000_003 * subject + 17)
    chosen = list(exercises or class_ids())
    name = f"{SYNTHETIC_PREFIX}{subject}"
    camera = {"view": view, "off": off}
    out: list[LabelledSequence] = []
    for k, exercise in enumerate(chosen):
        seed = subject * 1009 + k
        lead = float(rng.uniform(0.0, 3.0)), float(rng.uniform(0.0, 3.0))
        if exercise == IDLE:
            clip = generate_clip(IDLE, seconds=float(rng.uniform(10, 25)), seed=seed, **camera)
        elif get_exercise(exercise).kind is ExerciseKind.HOLD:
            seconds = float(rng.uniform(8, 20))
            clip = generate_clip(exercise, seconds=seconds, seed=seed, lead_in_s=lead[0], lead_out_s=lead[1], **camera)
        else:
            reps = int(rng.integers(3, 9))
            clip = generate_clip(
                exercise, reps=reps, seed=seed, partial_rate=0.1, lead_in_s=lead[0], lead_out_s=lead[1], **camera
            )
        out.append(sequence_from_clip(clip, spec, name))
    active = [e for e in chosen if e != IDLE]
    if len(active) >= 2:
        picks = rng.choice(active, size=min(3, len(active)), replace=False)
        segments: list[Segment] = []
        for exercise in picks:
            hold = get_exercise(str(exercise)).kind is ExerciseKind.HOLD
            segments += [
                Segment(str(exercise), seconds=10.0) if hold else Segment(str(exercise), reps=4),
                Segment(IDLE, seconds=3.0),
            ]
        out.append(sequence_from_clip(generate_workout(segments, seed=subject * 1009 + 999, **camera), spec, name))
    return out


def synthetic_corpus(
    subjects: Iterable[int],
    spec: FeatureSpec,
    exercises: Sequence[str] | None = None,
    on_subject: Callable[[], None] | None = None,
) -> list[LabelledSequence]:
    """The sequences of many synthetic people."""
    corpus: list[LabelledSequence] = []
    for subject in subjects:
        corpus += synthetic_subject(subject, spec, exercises)
        if on_subject is not None:
            on_subject()
    return corpus
