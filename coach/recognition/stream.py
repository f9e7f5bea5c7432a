"""Live recognition: fed one frame's features at a time, says what the person is doing, without flicker.

Why staggered states: the model was trained on windows of 32 steps, but a stream never ends. Re-running the model over
the last 32 steps at every frame costs 32 LSTM steps per frame; one endless state drifts away from anything seen in
training. So four states run side by side, started 8 steps apart, each reset after 32 steps; the answer comes from the
most mature one (16-32 steps of context). That is 4 LSTM steps per model step, at 15 Hz: ~0.1 ms per camera frame.

Why hysteresis: a label that flickers between "squat" and "idle" at the bottom of a rep would reset counters and
confuse the person. A new label must reach `enter` probability and hold it for `dwell_s`; the current one is kept until
it falls below `stay` for `dwell_s`. Below both, the answer is "unknown" rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coach.recognition.ensemble import Classifier

UNKNOWN = "unknown"


@dataclass(frozen=True)
class StreamConfig:
    """Timing and thresholds of the live recognizer."""

    window: int = 32
    hop: int = 8
    rate_hz: float = 15.0
    min_context: int = 16  # steps a state must have seen before its answer is used (~1 s)
    smoothing: float = 0.5  # weight of the newest probabilities in the running average
    enter: float = 0.6
    stay: float = 0.4
    dwell_s: float = 0.4
    dwell_to_idle_s: float = 1.5  # people rest between reps: only call it idle once it lasts
    reset_gap_s: float = 1.0  # no person for this long: forget everything


@dataclass(frozen=True, eq=False)
class Prediction:
    """What the recognizer believes at one moment."""

    timestamp_s: float
    probabilities: np.ndarray  # smoothed, one per class
    label: str  # a class id, or "unknown"
    confidence: float


class StreamingRecognizer:
    """Turns a stream of feature vectors into smoothed class probabilities and a steady label."""

    def __init__(self, model: Classifier, classes: tuple[str, ...], config: StreamConfig | None = None) -> None:
        self.model = model
        self.classes = classes
        self.config = config or StreamConfig()
        self.reset()

    def reset(self) -> None:
        """Forget the past (a new person, a long gap)."""
        cfg = self.config
        count = max(1, cfg.window // cfg.hop)
        self._states: list[object] = [self.model.new_state() for _ in range(count)]
        self._ages = [-k * cfg.hop for k in range(count)]  # negative: not started yet
        self._smoothed = np.full(len(self.classes), 1.0 / len(self.classes))
        self._next_step_s: float | None = None
        self._last_seen_s: float | None = None
        self._label = UNKNOWN
        self._candidate: str | None = None
        self._candidate_since = 0.0
        self._doubt_since: float | None = None
        self._ready = False

    def update(self, features: np.ndarray | None, timestamp_s: float) -> Prediction:
        """Feed one frame's feature vector (None when no person was found) and get the current belief."""
        cfg = self.config
        if features is None:
            if self._last_seen_s is not None and timestamp_s - self._last_seen_s > cfg.reset_gap_s:
                self.reset()
            return self._prediction(timestamp_s)
        self._last_seen_s = timestamp_s
        if self._next_step_s is None or timestamp_s - self._next_step_s > cfg.reset_gap_s:
            self._next_step_s = timestamp_s
        if timestamp_s + 1e-6 >= self._next_step_s:
            self._next_step_s += 1.0 / cfg.rate_hz
            self._step(np.asarray(features, dtype=np.float32))
            self._decide(timestamp_s)
        return self._prediction(timestamp_s)

    def _step(self, x: np.ndarray) -> None:
        cfg = self.config
        self.model.step_all([state for k, state in enumerate(self._states) if self._ages[k] >= 0], x)
        self._ages = [age + 1 for age in self._ages]
        mature = max(range(len(self._states)), key=lambda k: self._ages[k])
        if self._ages[mature] >= cfg.min_context:
            fresh = self.model.probabilities(self._states[mature])
            self._smoothed = cfg.smoothing * fresh + (1.0 - cfg.smoothing) * self._smoothed if self._ready else fresh
            self._ready = True
        for k in range(len(self._states)):
            if self._ages[k] >= cfg.window:
                self._states[k] = self.model.new_state()
                self._ages[k] = 0

    def _decide(self, now: float) -> None:
        cfg = self.config
        if not self._ready:
            return
        best = int(np.argmax(self._smoothed))
        best_label, best_p = self.classes[best], float(self._smoothed[best])
        if best_label != self._label and best_p >= cfg.enter:
            if self._candidate != best_label:
                self._candidate, self._candidate_since = best_label, now
            dwell = cfg.dwell_to_idle_s if best_label == "idle" and self._label != UNKNOWN else cfg.dwell_s
            if now - self._candidate_since >= dwell:
                self._label, self._candidate, self._doubt_since = best_label, None, None
            return
        self._candidate = None
        if self._label == UNKNOWN:
            return
        current_p = float(self._smoothed[self.classes.index(self._label)])
        if current_p >= cfg.stay:
            self._doubt_since = None
        elif self._doubt_since is None:
            self._doubt_since = now
        elif now - self._doubt_since >= cfg.dwell_s:
            self._label, self._doubt_since = UNKNOWN, None

    def _prediction(self, now: float) -> Prediction:
        if self._label == UNKNOWN:
            confidence = float(self._smoothed.max()) if self._ready else 0.0
        else:
            confidence = float(self._smoothed[self.classes.index(self._label)])
        return Prediction(now, self._smoothed.copy(), self._label, confidence)
