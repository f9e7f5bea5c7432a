"""Does the person do the planned exercise? The recognizer's opinion, backed by the body. One forgiving rule.

The recognizer's side: over a rep's time span (or the seconds a hold grew by), add up the time during which its label
was another *exercise* (not the planned one, not `idle`, not `unknown`) with at least `min_confidence`. If that is
more than `majority` of the span, it contradicts the plan, naming the exercise seen most. Agreement, `idle`,
`unknown`, no prediction at all, or a label older than `stale_s` never contradict.

The body's side: a contradicted rep is refused only when the body moved like the exercise seen, i.e. that exercise's
own signal travelled its range in its posture during the rep (`RepEvent.body_matches`: a "squat" claim needs the
knees to bend while standing). Otherwise the rep counts and the disagreement is only reported. Why: the recognizer
reads some side and 45-degree arm exercises as squats; a person must never lose a rep they clearly did because of it.

Why so forgiving: the recognizer is right on 14 of 16 real clips but not all, it needs ~1.5 s to settle after a
change, and `idle` at the edge of a set is its most common mistake (README, Recognition). A person doing the planned
movement must never lose reps to the classifier being unsure; only a clear, sustained "that is something else" blocks.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from coach.counting.events import RepEvent

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

    def judge(self, exercise: str, rep: RepEvent) -> Judgement:
        """Whether a full rep of the planned `exercise` is credited: see the module docstring."""
        if rep.exercise != exercise:
            return Judgement(rep.exercise, refused=True)
        seen = self.contradiction(exercise, rep.start_s, rep.end_s)
        if seen is None:
            return Judgement(None, refused=False)
        backed = rep.body_matches is None or seen in rep.body_matches  # an unmeasured rep: the recognizer decides
        return Judgement(seen, refused=backed)


@dataclass(frozen=True)
class Judgement:
    """A rep's verdict: `seen` is the other exercise the recognizer named (None: it agreed or was unsure);
    `refused` whether the rep is taken away (only when the body backs the recognizer's claim)."""

    seen: str | None
    refused: bool
