"""Two networks reading the same features gated two ways, their class probabilities averaged.

Why: on held-out people (README, Recognition), a network that sees every hidden point zeroed misses 98% from the side,
and one that sees a hidden far arm where MediaPipe guesses it misses on curls and front raises from the front; their
average reached 98% in every view on two separate sets of held-out people (measured before the generator's relaxed
joggers; README has today's figures). The features carry every landmark's visibility, so each member zeroes what it
should not see itself (`FeatureSpec.regated`) and the pipeline still computes one vector per frame. A mirrored model
(`with_mirrors`) has each network read the person mirrored left<->right as well, four readings in all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from coach.recognition.runtime import NumpyClassifier, State
from coach.vision.features import FeatureSpec


class Classifier(Protocol):
    """What the live recognizer and the evaluations need from a trained model (one network or an ensemble)."""

    classes: int
    input_dim: int

    def new_state(self) -> object: ...
    def step(self, state: object, x: np.ndarray) -> None: ...
    def step_all(self, states: Sequence[object], x: np.ndarray) -> None: ...
    def probabilities(self, state: object) -> np.ndarray: ...
    def predict_window(self, x: np.ndarray) -> np.ndarray: ...
    def predict_windows(self, x: np.ndarray, batch: int = 4096) -> np.ndarray: ...


@dataclass(frozen=True)
class Member:
    """One network and the gate it reads the features through."""

    network: NumpyClassifier
    gated_parts: str
    spec: FeatureSpec  # the features the pipeline makes
    mirror: bool = False  # reads the person mirrored left<->right (`FeatureSpec.mirrored`)

    def sees(self, x: np.ndarray) -> np.ndarray:
        """The features as this member was trained on them (mirrored, for a mirror member)."""
        seen = self.spec.regated(x, self.gated_parts)
        return self.spec.mirrored(seen) if self.mirror else seen


def with_mirrors(members: Sequence[Member]) -> list[Member]:
    """Each member twice: as it is and reading the mirrored person, so the answer is the same for a person and their
    mirror image. Why: a left-arm curl is a curl, and a profile from the left is a profile from the right; the
    generator mirrors people, so a network learns this symmetry, but only approximately, and from the side (near arm
    seen, far arm guessed) the two halves of a held-out person's side-view windows disagree most. Averaging both
    readings makes the symmetry exact (README, Recognition, has what it changes by view)."""
    return [*members, *(Member(m.network, m.gated_parts, m.spec, mirror=True) for m in members)]


class Ensemble:
    """Members stepped side by side on every frame; the answer is the mean of their probabilities."""

    def __init__(self, members: Sequence[Member]) -> None:
        if not members:
            raise ValueError("an ensemble needs at least one member")
        self.members = tuple(members)
        self.classes = members[0].network.classes
        self.input_dim = members[0].network.input_dim

    def new_state(self) -> list[State]:
        """One fresh state per member."""
        return [m.network.new_state() for m in self.members]

    def step(self, state: list[State], x: np.ndarray) -> None:
        """Advance every member by one time step."""
        for member, s in zip(self.members, state, strict=True):
            member.network.step(s, member.sees(x))

    def step_all(self, states: Sequence[list[State]], x: np.ndarray) -> None:
        """Advance several states by the same time step (the live recognizer's staggered ones): each member's view
        of `x` is made once, and every state of one network (its plain and mirror readings) steps in one batch."""
        batches: dict[int, tuple[NumpyClassifier, list[State], list[np.ndarray]]] = {}
        gated = {parts: self.members[0].spec.regated(x, parts) for parts in {m.gated_parts for m in self.members}}
        for k, member in enumerate(self.members):
            seen = member.spec.mirrored(gated[member.gated_parts]) if member.mirror else gated[member.gated_parts]
            _, rows, inputs = batches.setdefault(id(member.network), (member.network, [], []))
            rows += [state[k] for state in states]
            inputs += [seen] * len(states)
        for network, rows, inputs in batches.values():
            network.step_many(rows, np.stack(inputs))

    def probabilities(self, state: list[State]) -> np.ndarray:
        """Mean of the members' class probabilities (the readings of one network pooled in one batch)."""
        readings: dict[int, tuple[NumpyClassifier, list[State]]] = {}
        for member, s in zip(self.members, state, strict=True):
            readings.setdefault(id(member.network), (member.network, []))[1].append(s)
        return np.concatenate([net.probabilities_many(states) for net, states in readings.values()]).mean(axis=0)

    def predict_window(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (classes,) for one window (T, input_dim)."""
        return np.mean([m.network.predict_window(m.sees(np.asarray(x, np.float32))) for m in self.members], axis=0)

    def predict_windows(self, x: np.ndarray, batch: int = 4096) -> np.ndarray:
        """Class probabilities (N, classes) for many windows (N, T, input_dim)."""
        x = np.asarray(x, np.float32)
        return np.mean([m.network.predict_windows(m.sees(x), batch) for m in self.members], axis=0)
