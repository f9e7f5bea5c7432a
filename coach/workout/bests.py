"""Personal bests per exercise, each measured within one set: most reps, longest hold, best average rep quality.

A new value is a best only when it beats the old one by at least the metric's resolution (1 rep, 1 second, 0.01 of
quality), so a plank held 0.2 s longer or a quality up in the third decimal is not celebrated. The quality best needs
a set of at least `min_quality_reps` reps: one lucky rep is not a best set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from coach.workout.records import SessionRecord, SetRecord


class BestMetric(StrEnum):
    """What a personal best measures (within one set)."""

    MOST_REPS = "most_reps"
    LONGEST_HOLD = "longest_hold"
    BEST_QUALITY = "best_quality"


@dataclass(frozen=True)
class MetricInfo:
    """How a metric is shown and how much it must improve by."""

    label: str
    unit: str
    resolution: float

    def format(self, value: float) -> str:
        """The value as the Summary screen prints it."""
        if self.unit == "reps":
            return f"{value:.0f} reps"
        if self.unit == "s":
            return f"{value:.0f} s"
        return f"{value:.0%}"


METRICS: dict[BestMetric, MetricInfo] = {
    BestMetric.MOST_REPS: MetricInfo("most reps in a set", "reps", 1.0),
    BestMetric.LONGEST_HOLD: MetricInfo("longest hold", "s", 1.0),
    BestMetric.BEST_QUALITY: MetricInfo("best average form in a set", "quality", 0.01),
}


@dataclass(frozen=True)
class PersonalBest:
    """The best value of one metric for one exercise, and the session that set it."""

    exercise: str
    metric: BestMetric
    value: float
    session_id: int
    achieved_at: datetime  # the session's start

    def describe(self) -> str:
        """E.g. 'most reps in a set: 12 reps'."""
        info = METRICS[self.metric]
        return f"{info.label}: {info.format(self.value)}"


BestKey = tuple[str, BestMetric]


def set_measures(record: SetRecord, min_quality_reps: int) -> Iterator[tuple[BestMetric, float]]:
    """The metrics one set can set a best for, with its values."""
    if record.reps > 0:
        yield BestMetric.MOST_REPS, float(record.reps)
    if record.hold_seconds > 0:
        yield BestMetric.LONGEST_HOLD, record.hold_seconds
    quality = record.avg_quality
    if quality is not None and record.reps >= min_quality_reps:
        yield BestMetric.BEST_QUALITY, quality


def beats(value: float, old: PersonalBest | None, metric: BestMetric) -> bool:
    """Whether `value` is a new best over `old` (anything beats no best at all)."""
    return old is None or value >= old.value + METRICS[metric].resolution - 1e-9


def updated_bests(
    bests: Mapping[BestKey, PersonalBest], session: SessionRecord, min_quality_reps: int
) -> dict[BestKey, PersonalBest]:
    """`bests` after `session`'s sets (a new dict; the input is not changed)."""
    out = dict(bests)
    for record in session.sets:
        for metric, value in set_measures(record, min_quality_reps):
            key = (record.exercise, metric)
            if beats(value, out.get(key), metric):
                out[key] = PersonalBest(record.exercise, metric, value, session.id, session.started_at)
    return out
