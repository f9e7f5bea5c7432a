"""The fair comparison behind retraining's no-regress rule: a new model and the model in use scored on the same
windows, from people neither of them learned from.

Two parts, weighed equally: the fixed evaluation people (synthetic people from `EVALUATION_FIRST_SUBJECT` on, a seed
range no training uses; the same people every time, so scores of different runs are comparable) and the person's own
recordings that were held out from both models (by recording; `split_recordings` keeps a recording's role as more are
added). When either part is impossible (no recording held out from both, a model in use that reads other features),
there is no comparison and the reason says why, instead of a guess from some other test set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import CoachError
from coach.exercises.registry import class_ids
from coach.recognition import WINDOW_HOP, WINDOW_STEPS
from coach.recognition.dataset import EVALUATION_FIRST_SUBJECT, MIN_SPLIT_RECORDINGS, LabelledSequence, windows
from coach.recognition.making import make_all
from coach.vision.features import FeatureSpec

PEOPLE_HOP = 16  # evaluation people's windows start ~1 s apart: ~240 windows a person, half the scoring time of 8


@dataclass(frozen=True)
class Windows:
    """Labelled windows to score a model on."""

    x: np.ndarray
    y: np.ndarray

    @classmethod
    def of(cls, sequences: Sequence[LabelledSequence], hop: int) -> Windows:
        x, y = windows(sequences, WINDOW_STEPS, hop)
        return cls(x, y)

    def __len__(self) -> int:
        return len(self.y)


def _person(args: tuple[int, FeatureSpec, tuple[str, ...] | None]) -> list[LabelledSequence]:
    from coach.recognition.dataset import synthetic_subject

    subject, spec, exercises = args
    return synthetic_subject(subject, spec, exercises)


def evaluation_people(
    count: int,
    spec: FeatureSpec,
    exercises: Sequence[str] | None = None,
    workers: int = 1,
    on_person: Callable[[], None] | None = None,
) -> list[LabelledSequence]:
    """The first `count` evaluation people (always the same ones), in worker processes when TensorFlow is not loaded
    yet (forking after it is unsafe)."""
    jobs = [(EVALUATION_FIRST_SUBJECT + i, spec, tuple(exercises) if exercises else None) for i in range(count)]
    return make_all(_person, jobs, workers, on_person)


@dataclass(frozen=True)
class Score:
    """A model's share of windows named right, on the evaluation people and on the held-out recordings."""

    people: float | None
    recordings: float | None

    @property
    def overall(self) -> float | None:
        """The two parts weighed equally (a few recordings would otherwise vanish beside thousands of windows)."""
        parts = [p for p in (self.people, self.recordings) if p is not None]
        return float(np.mean(parts)) if parts else None


def score(folder: Path, people: Windows, recordings: Windows, spec: FeatureSpec) -> Score:
    """Run a model folder (with the numpy runtime the app uses) over both parts. A model that cannot be loaded, reads
    other features or names other classes raises CoachError saying so."""
    from coach.recognition.bundle import load_model

    model = load_model(folder, expected=spec)
    if model.classes != class_ids():
        raise CoachError(f"{folder}: it names other classes than this Coach ({len(model.classes)} of them)")

    def accuracy(part: Windows) -> float | None:
        if not len(part):
            return None
        predicted = model.classifier.predict_windows(part.x).argmax(axis=1)  # batched: the same arithmetic, faster
        return round(float((predicted == part.y).mean()), 4)

    return Score(accuracy(people), accuracy(recordings))


def usable_recordings(held_out: Sequence[str], learned: frozenset[str] | None) -> tuple[list[str], str | None]:
    """The recordings held out from the new model that the model in use did not learn from either (`learned`: the
    recordings it trained or validated on; None: not known), or why there are none."""
    if not held_out:
        return [], f"no recording of yours was held out from the new model (that needs {MIN_SPLIT_RECORDINGS} or more)"
    if learned is None:
        return [], "it is not known which of your recordings the model in use learned from"
    usable = [s for s in held_out if s not in learned]
    if not usable:
        return [], "the model in use learned from every recording held out from the new one"
    return usable, None


@dataclass(frozen=True)
class Comparison:
    """The new model and the model in use on the same windows; `not_compared` says why the model in use was not
    scored (None: it was, or there is no model in use at all, `incumbent_path` None)."""

    new: Score
    incumbent: Score | None
    incumbent_path: Path | None
    people: int
    people_windows: int
    recordings: tuple[str, ...]
    recording_windows: int
    not_compared: str | None = None

    def to_json(self) -> dict[str, Any]:
        """For metrics.json (`comparison`)."""
        part = lambda s: None if s is None else {"people": s.people, "recordings": s.recordings,  # noqa: E731
                                                 "overall": s.overall}  # fmt: skip
        return {
            "new": part(self.new), "incumbent": part(self.incumbent),
            "incumbent_path": None if self.incumbent_path is None else str(self.incumbent_path),
            "evaluation_people": self.people, "first_evaluation_person": EVALUATION_FIRST_SUBJECT,
            "people_windows": self.people_windows, "recordings": list(self.recordings),
            "recording_windows": self.recording_windows, "not_compared": self.not_compared,
        }  # fmt: skip


def compare(
    new: Path,
    incumbent: Path | None,
    people: Sequence[LabelledSequence],
    held_out: Sequence[LabelledSequence],
    why_no_recordings: str | None,
    spec: FeatureSpec,
) -> Comparison:
    """Score `new` and, when a fair comparison is possible, `incumbent` on the evaluation people and the held-out
    recordings (`held_out`: only those neither model learned from; `why_no_recordings`: why there are none)."""
    people_windows = Windows.of(people, PEOPLE_HOP)
    recording_windows = Windows.of(held_out, WINDOW_HOP)
    subjects = tuple(dict.fromkeys(s.subject for s in held_out))
    new_score = score(new, people_windows, recording_windows, spec)
    count = len({s.subject for s in people})
    reason = why_no_recordings
    if reason is None and not len(recording_windows):
        reason = f"the held-out recordings are too short to score (a window is {WINDOW_STEPS} steps, about 2 s)"
    if reason is None and not len(people_windows):
        reason = "there are no evaluation people to score on"
    incumbent_score = None
    if incumbent is not None and reason is None:
        try:
            incumbent_score = score(incumbent, people_windows, recording_windows, spec)
        except CoachError as exc:
            reason = f"the model in use cannot be scored on them ({exc})"
    return Comparison(new_score, incumbent_score, incumbent, count, len(people_windows), subjects,
                      len(recording_windows), reason)  # fmt: skip
