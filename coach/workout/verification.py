"""Does the classifier agree that the person is doing the planned exercise? One simple, forgiving rule.

The rule: over a rep's time span (or the seconds a hold grew by), add up the time during which the recognizer's label
was another *exercise* (not the planned one, not `idle`, not `unknown`) with at least `min_confidence`. If that is
more than `majority` of the span, the rep is not credited and the verdict names the exercise seen most. Everything
else counts: agreement, `idle`, `unknown`, no prediction at all, or a label older than `stale_s`.

Why so forgiving: the recognizer is right on 14 of 16 real clips but not all, it needs ~1.5 s to settle after a
change, and `idle` at the edge of a set is its most common mistake (README, Recognition). A person doing the planned
movement must never lose reps to the classifier being unsure; only a clear, sustained "that is something else" blocks.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

NEUTRAL_LABELS = frozenset({"idle", "unknown"})


@dataclass(frozen=True)
class VerificationRules:
    """When the classifier's opinion blocks a rep."""

    majority: float = 0.5  # share of the span that must be confidently "something else"
    min_confidence: float = 0.6  # the live recognizer's own threshold for showing a label
    stale_s: float = 1.0  # a prediction older than this says nothing (the pipeline stopped sending)
    history_s: float = 60.0  # how far back predictions are kept (longer than any rep or hold update)


@dataclass
class _Run:
    """Consecutive predictions of one label (confident or not) without a gap longer than `stale_s`."""

    start_s: float
    last_s: float
    label: str
    confident: bool


class Verifier:
    """Keeps the recent predictions (as runs of one label) and judges a time span against the planned exercise."""

    def __init__(self, rules: VerificationRules | None = None) -> None:
        self.rules = rules or VerificationRules()
        self._runs: deque[_Run] = deque()

    def observe(self, label: str, confidence: float, t_s: float) -> None:
        """Remember what the recognizer said at `t_s` (it holds until the next prediction or until stale)."""
        confident = confidence >= self.rules.min_confidence
        last = self._runs[-1] if self._runs else None
        if last is not None and t_s < last.last_s:
            return  # out of order: ignore rather than corrupt the timeline
        if (
            last is not None
            and (last.label, last.confident) == (label, confident)
            and t_s - last.last_s <= self.rules.stale_s
        ):
            last.last_s = t_s
        else:
            self._runs.append(_Run(t_s, t_s, label, confident))
        while len(self._runs) > 1 and self._runs[1].start_s < t_s - self.rules.history_s:
            self._runs.popleft()

    def contradiction(self, exercise: str, start_s: float, end_s: float) -> str | None:
        """The other exercise the classifier confidently saw for most of [start_s, end_s], or None (credit it).

        A zero-length span is judged by the label in effect at its end."""
        seen: dict[str, float] = {}
        runs = list(self._runs)
        for k, run in enumerate(runs):
            until = run.last_s + self.rules.stale_s
            if k + 1 < len(runs):
                until = min(until, runs[k + 1].start_s)
            if not run.confident or run.label == exercise or run.label in NEUTRAL_LABELS:
                continue
            if end_s <= start_s:
                overlap = 1.0 if run.start_s <= end_s < until else 0.0
            else:
                overlap = min(end_s, until) - max(start_s, run.start_s)
            if overlap > 0:
                seen[run.label] = seen.get(run.label, 0.0) + overlap
        if not seen:
            return None
        share = sum(seen.values()) / (end_s - start_s) if end_s > start_s else 1.0
        return max(seen, key=lambda label: seen[label]) if share > self.rules.majority else None
