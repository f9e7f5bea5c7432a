"""Form checks: each rep's frames judged against its exercise's rules, giving a quality 0..1 and a coach's cues.

A rule is a statistic (min, max or range) of one signal over the rep, compared with a limit (see
`coach.exercises.specs.FormRule`). Signals are joint angles, or derived measures computed here from the 3D pose when
an angle cannot say it (knees caving in is a distance ratio, not an angle).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from coach.exercises.specs import FormRule
from coach.vision.landmarks import INDEX
from coach.vision.pose import Pose

CUE_SHORTFALL = 0.25  # a rule missed by more than a quarter of its tolerance gets said out loud
MIN_VISIBILITY = 0.5


_LEFT_RIGHT = ([INDEX["left_knee"], INDEX["left_ankle"]], [INDEX["right_knee"], INDEX["right_ankle"]])
_KNEES_ANKLES = [*_LEFT_RIGHT[0], *_LEFT_RIGHT[1]]


def _knee_width_ratio(pose: Pose) -> float:
    """Knee spread over ankle spread, on the floor plane: below ~0.75 the knees cave in (valgus).

    Runs on every frame of a squat set, so it reads its four landmarks once and does plain float math (a third of
    the time of per-point numpy calls)."""
    if min(pose.visibility[_KNEES_ANKLES].tolist()) < MIN_VISIBILITY:
        return float("nan")
    w = pose.world_xyz
    (knee_x, _, knee_z), (ankle_x, _, ankle_z) = (w[_LEFT_RIGHT[0]] - w[_LEFT_RIGHT[1]]).tolist()
    ankles = math.hypot(ankle_x, ankle_z)
    return math.hypot(knee_x, knee_z) / ankles if ankles > 0.08 else float("nan")  # feet together: means nothing


DERIVED: dict[str, Callable[[Pose], float]] = {"knee_width_ratio": _knee_width_ratio}


@dataclass(frozen=True)
class FrameSignals:
    """What form rules may read from one frame: angles by name (NaN when hidden) and derived measures."""

    t: float
    angles: dict[str, float]
    derived: dict[str, float]

    def value(self, name: str) -> float:
        """A signal's value in this frame (NaN when unknown)."""
        if name in self.derived:
            return self.derived[name]
        return self.angles.get(name, float("nan"))


def _series(frames: Sequence[FrameSignals], signal: str, side: str) -> np.ndarray:
    if "{side}" not in signal:
        return np.array([f.value(signal) for f in frames])
    sides = ("left", "right") if side == "both" else (side,)
    per_side = np.array([[f.value(signal.format(side=s)) for s in sides] for f in frames]).reshape(len(frames), -1)
    seen = np.isfinite(per_side)
    total = np.where(seen, per_side, 0.0).sum(axis=1)
    count = seen.sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)  # mean of the sides in view, NaN when none


def _stat(values: np.ndarray, stat: str) -> float | None:
    values = values[np.isfinite(values)]
    if values.size < 2:
        return None
    lo, hi = float(np.percentile(values, 5)), float(np.percentile(values, 95))  # robust to a glitching frame
    return {"min": lo, "max": hi, "range": hi - lo}[stat]


def shortfall(rule: FormRule, value: float) -> float:
    """0 when the rule is met, rising to 1 at `tolerance` beyond the limit."""
    miss = value - rule.limit if rule.good == "below" else rule.limit - value
    return float(np.clip(miss / rule.tolerance, 0.0, 1.0))


@dataclass(frozen=True)
class FormVerdict:
    """A rep's form: quality 0..1 and cues, most important first."""

    quality: float
    cues: tuple[str, ...]
    misses: dict[str, float]  # rule id -> shortfall 0..1, for the rules that could be judged


def judge(rules: Sequence[FormRule], frames: Sequence[FrameSignals], side: str, range_fraction: float) -> FormVerdict:
    """Judge one rep. `range_fraction` is its range of motion over the person's usual range (1 when unknown)."""
    misses: dict[str, float] = {}
    for rule in rules:
        value = _stat(_series(frames, rule.signal, side), rule.stat)
        if value is not None:
            misses[rule.id] = shortfall(rule, value)
    penalty = sum(rule.weight * misses.get(rule.id, 0.0) for rule in rules)
    range_factor = 0.5 + 0.5 * float(np.clip(range_fraction, 0.0, 1.0))
    quality = float(np.clip((1.0 - penalty) * range_factor, 0.0, 1.0))
    said = sorted((r for r in rules if misses.get(r.id, 0.0) > CUE_SHORTFALL), key=lambda r: -r.weight * misses[r.id])
    return FormVerdict(quality, tuple(r.cue for r in said), misses)
