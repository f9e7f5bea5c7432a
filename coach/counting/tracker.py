"""`RepTracker`: counting as a session sees it, in free mode (whatever the person does) or for a given exercise.

- Free mode: every exercise's counter runs on every frame (they are cheap), but a rep is credited only when the
  recognizer agrees: its confirmed label is that exercise, and it was the most likely class for most of the rep. The
  recognizer confirms an exercise about a second after it starts, so the first rep is credited late (when the label
  arrives), not lost. Reps while idle or setting up are never credited.
- Given exercise (a workout plan's set): that exercise is counted as it happens; where the recognizer confidently says
  something else, the stretch is kept in `disagreements` for the caller to show ("that looks like a lunge").

A change of exercise starts a new set: `sets` lists them in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coach.counting.counter import ExerciseCounter
from coach.counting.events import HoldEvent, RepEvent
from coach.exercises.registry import class_ids
from coach.exercises.specs import COUNTING, HOLDS
from coach.recognition.stream import Prediction
from coach.vision.features import Features, FeatureSpec
from coach.vision.pose import Pose

NOT_AN_EXERCISE = ("idle", "unknown")
CREDIT_WAIT_S = 4.0  # a free-mode rep not confirmed by the recognizer within this long after it ended is dropped
DISAGREE_MIN_S = 1.0  # shorter disagreements are the recognizer settling, not worth reporting


@dataclass
class SetRecord:
    """A run of one exercise: its counted reps (or held seconds)."""

    exercise: str
    start_s: float
    end_s: float
    reps: int = 0
    hold_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """JSON shape of one set."""
        return {
            "exercise": self.exercise, "start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2),
            "reps": self.reps, "hold_s": round(self.hold_s, 1),
        }  # fmt: skip


@dataclass
class Disagreement:
    """A stretch where the recognizer confidently saw another exercise than the one being counted."""

    start_s: float
    end_s: float
    seen: str

    def to_json(self) -> dict[str, Any]:
        """JSON shape of one disagreement."""
        return {"start_s": round(self.start_s, 2), "end_s": round(self.end_s, 2), "seen": self.seen}


@dataclass
class RepTracker:
    """Counts reps and holds over a stream; see the module docstring for the two modes."""

    exercise: str | None = None
    feature_spec: FeatureSpec = field(default_factory=FeatureSpec)
    classes: tuple[str, ...] = field(default_factory=class_ids)  # the recognizer's classes, in its order
    known_ranges: Mapping[str, float] = field(default_factory=dict)  # the person's calibrated range per exercise
    events: list[RepEvent | HoldEvent] = field(default_factory=list)
    sets: list[SetRecord] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    def __post_init__(self) -> None:
        ids = [self.exercise] if self.exercise else [*COUNTING, *HOLDS]
        self.counters = {e: ExerciseCounter(e, self.feature_spec, self.known_ranges.get(e)) for e in ids}
        self._pending: list[RepEvent | HoldEvent] = []
        self._top: deque[tuple[float, str]] = deque()  # (t, most likely class) for the last seconds
        self._recent_labels: deque[str] = deque(maxlen=150)  # the confirmed labels of the last ~5 s
        self._disagreeing: Disagreement | None = None
        self._t = 0.0

    @property
    def free(self) -> bool:
        """Whether the exercise comes from the recognizer (no exercise given)."""
        return self.exercise is None

    @property
    def counts(self) -> dict[str, int]:
        """Counted reps per exercise (credited ones only)."""
        out: dict[str, int] = {self.exercise: 0} if self.exercise and self.exercise in COUNTING else {}
        for e in self.events:
            if isinstance(e, RepEvent) and not e.partial:
                out[e.exercise] = out.get(e.exercise, 0) + 1
        return out

    @property
    def holds(self) -> dict[str, float]:
        """Held seconds per hold exercise (credited holds only)."""
        out: dict[str, float] = {self.exercise: 0.0} if self.exercise and self.exercise in HOLDS else {}
        for e in self.events:
            if isinstance(e, HoldEvent):
                out[e.exercise] = out.get(e.exercise, 0.0) + e.seconds
        return out

    def update(
        self, t: float, features: Features | None, pose: Pose | None = None, prediction: Prediction | None = None
    ) -> list[RepEvent | HoldEvent]:
        """One frame; returns the reps and holds credited at this frame."""
        self._t = t
        produced = [ev for counter in self.counters.values() for ev in counter.update(t, features, pose)]
        if prediction is not None:
            self._note_prediction(t, prediction)
        if not self.free:
            return self._credit(produced)
        self._pending.extend(produced)
        return self._credit(self._confirmed(t, prediction))

    def finish(self, t: float | None = None) -> list[RepEvent | HoldEvent]:
        """The stream ended: close reps and holds in progress; returns what was credited."""
        t = self._t if t is None else t
        produced = [ev for counter in self.counters.values() for ev in counter.finish(t)]
        self._close_disagreement(t)
        if not self.free:
            return self._credit(produced)
        self._pending.extend(produced)
        return self._credit(self._confirmed(t, None, final=True))

    # -- free mode: crediting what the recognizer confirms ----------------------------------------------------------

    def _note_prediction(self, t: float, prediction: Prediction) -> None:
        if self.free:  # what free mode's crediting reads (a given exercise needs only the disagreements below)
            top = prediction.label
            if len(prediction.probabilities) == len(self.classes):
                top = self.classes[int(np.argmax(prediction.probabilities))]
            self._top.append((t, top))
            self._recent_labels.append(prediction.label)
            while self._top and self._top[0][0] < t - 30.0:
                self._top.popleft()
            return
        label = prediction.label
        if label not in NOT_AN_EXERCISE and label != self.exercise:
            if self._disagreeing is None or self._disagreeing.seen != label:
                self._close_disagreement(t)
                self._disagreeing = Disagreement(t, t, label)
            self._disagreeing.end_s = t
        else:
            self._close_disagreement(t)

    def _close_disagreement(self, t: float) -> None:
        if self._disagreeing is not None and self._disagreeing.end_s - self._disagreeing.start_s >= DISAGREE_MIN_S:
            self.disagreements.append(self._disagreeing)
        self._disagreeing = None

    def _plausible(self, event: RepEvent | HoldEvent) -> bool:
        """Whether the recognizer could have been watching this exercise during the event: it did not spend most of it
        sure of another exercise (idle and unknown are fine: the first rep comes before the recognizer is sure)."""
        during = [label for s, label in self._top if event.start_s <= s <= event.end_s]
        other = sum(label not in (event.exercise, *NOT_AN_EXERCISE) for label in during)
        return bool(during) and other <= 0.5 * len(during)

    def _label_was(self, exercise: str) -> bool:
        """Whether the recognizer confirmed this exercise at some point in the last seconds (for the stream's end)."""
        return exercise in self._recent_labels

    def _confirmed(self, t: float, prediction: Prediction | None, final: bool = False) -> list[RepEvent | HoldEvent]:
        label = prediction.label if prediction is not None else None
        out, keep = [], []
        for event in self._pending:
            if (label == event.exercise or (final and self._label_was(event.exercise))) and self._plausible(event):
                out.append(event)
            elif t - event.end_s < CREDIT_WAIT_S and not final:
                keep.append(event)
        self._pending = keep
        return sorted(out, key=lambda e: e.end_s)

    # -- both modes --------------------------------------------------------------------------------------------------

    def _credit(self, events: list[RepEvent | HoldEvent]) -> list[RepEvent | HoldEvent]:
        for event in events:
            if not self.sets or self.sets[-1].exercise != event.exercise:
                self.sets.append(SetRecord(event.exercise, event.start_s, event.end_s))
            current = self.sets[-1]
            current.end_s = event.end_s
            if isinstance(event, RepEvent):
                current.reps += 0 if event.partial else 1
            else:
                current.hold_s += event.seconds
        self.events.extend(events)
        return events

    def to_json(self) -> dict[str, Any]:
        """The `"reps"` object of `coach analyze` JSON."""
        return {
            "mode": "free" if self.free else "exercise",
            "exercise": self.exercise,
            "counts": self.counts,
            "holds": {k: round(v, 1) for k, v in self.holds.items()},
            "sets": [s.to_json() for s in self.sets],
            "events": [e.to_json() for e in self.events],
            "disagreements": [d.to_json() for d in self.disagreements],
        }
