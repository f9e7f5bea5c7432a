"""One signal's reps: excursions from where the person rests, out towards the far end, and back.

Why excursions and not fixed thresholds: the rest level is wherever this person's signal actually sits (the lowest
value of the last few seconds, in the rep's direction), and a rep ends once the signal has come most of the way back
from *this rep's* peak. Pauses at either end, a rep that starts before the last one fully returned, a person whose
elbow never reads below 85 degrees: all of them count the same way. Whether an excursion was deep enough to be a full
rep is decided one level up (`counter.py`), against the person's own range.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

REST_WINDOW_S = 4.0  # the rest level is the low end (10th percentile) of the values seen in this long
DROPOUT_RESET_S = 1.0  # a gap in the signal longer than this abandons the rep in progress
NEAR_PEAK = 0.12  # within this fraction of the excursion from the peak counts as "at the far end" (for tempo)
HISTORY_S = 15.0  # visible values kept for comparing sides (longer than any rep)
START_FRACTION = 0.6  # an excursion starts once it is this fraction of min_rom_deg away from rest


@dataclass(frozen=True)
class Excursion:
    """One completed out-and-back movement of a signal, in the rep's direction (values oriented so "out" is up)."""

    side: str
    start_s: float  # left the rest level
    far_s: float  # reached the peak
    end_s: float  # came back `return_fraction` of the way
    arrive_s: float  # first time near the peak (end of the way in)
    depart_s: float  # last time near the peak (start of the way back)
    rest: float  # oriented rest value
    peak: float  # oriented peak value

    @property
    def rom(self) -> float:
        """Range of motion in the signal's units (degrees)."""
        return self.peak - self.rest


class ExcursionTracker:
    """Feeds on one oriented signal sample at a time; returns an Excursion the moment one completes."""

    def __init__(
        self, side: str, min_rom: float, return_fraction: float, min_duration_s: float, max_duration_s: float
    ) -> None:
        self.side = side
        self.min_rom = min_rom
        self.return_fraction = return_fraction
        self.min_duration_s = min_duration_s
        self.max_duration_s = max_duration_s
        self._recent: deque[tuple[float, float]] = deque()  # (t, x) while resting, for the rolling rest level
        self._last_seen_s: float | None = None
        self._median: deque[float] = deque(maxlen=3)
        self._seen: deque[tuple[float, float]] = deque()  # the last HISTORY_S of visible values
        self._reset_rep()

    def _reset_rep(self) -> None:
        self.in_rep = False
        self.start_s = 0.0
        self.rest = 0.0
        self.peak = 0.0
        self.far_s = 0.0
        self._path: list[tuple[float, float]] = []
        self.current: float | None = None

    def reset(self) -> None:
        """Forget everything (the person left their exercise's posture, a new set)."""
        self._recent.clear()
        self._median.clear()
        self._seen.clear()
        self._last_seen_s = None
        self._reset_rep()

    def seen_between(self, t0: float, t1: float) -> np.ndarray:
        """The visible (filtered, oriented) values between two times, for comparing one side with the other."""
        return np.array([x for t, x in self._seen if t0 <= t <= t1])

    @property
    def rest_level(self) -> float | None:
        """The current rest level (oriented), or None before any signal."""
        if not self._recent:
            return None
        values = sorted(x for _, x in self._recent)
        return values[len(values) // 10]  # the 10th percentile: a momentary dip on the way into position is not rest

    def progress(self) -> float | None:
        """How far into the current rep, 0 at rest; in degrees (oriented). None when unknown."""
        if self.current is None:
            return None
        base = self.rest if self.in_rep else self.rest_level
        return None if base is None else self.current - base

    def update(self, t: float, x: float | None) -> Excursion | None:
        """One sample (None when the signal is not visible); returns the excursion that just completed, if any."""
        if x is None:
            if self.in_rep and self._last_seen_s is not None and t - self._last_seen_s > DROPOUT_RESET_S:
                self._reset_rep()  # too long unseen to know what happened; the rest level is kept (it expires)
                self._median.clear()
            return None
        self._last_seen_s = t
        self._median.append(x)
        x = sorted(self._median)[len(self._median) // 2]  # median of 3: one-frame glitches never start a rep
        self.current = x
        self._seen.append((t, x))
        while self._seen[0][0] < t - HISTORY_S:
            self._seen.popleft()
        return self._rep_step(t, x) if self.in_rep else self._rest_step(t, x)

    def _rest_step(self, t: float, x: float) -> None:
        self._recent.append((t, x))
        while self._recent and self._recent[0][0] < t - REST_WINDOW_S:
            self._recent.popleft()
        rest = self.rest_level
        assert rest is not None
        if x - rest >= START_FRACTION * self.min_rom:
            # the rep began when the signal last sat at the rest level
            start = max(s for s, v in self._recent if v <= rest + 0.25 * (x - rest))
            self.in_rep, self.start_s, self.rest = True, start, rest
            self.peak, self.far_s = x, t
            self._path = [(t, x)]
        return None

    def _rep_step(self, t: float, x: float) -> Excursion | None:
        self._path.append((t, x))
        if x > self.peak:
            self.peak, self.far_s = x, t
        rom = self.peak - self.rest
        if t - self.start_s > self.max_duration_s:
            self._restart_rest(t, x)
            return None
        if x > self.rest + (1.0 - self.return_fraction) * rom:
            return None
        done = None
        if rom >= self.min_rom and t - self.start_s >= self.min_duration_s:
            done = self._excursion(t)
        self._restart_rest(t, x)
        return done

    def near_peak_span(self) -> tuple[float, float] | None:
        """While on the way back from a peak: the first and last time the signal was near that peak (None when
        resting, or still on the way out, when the peak so far is only where the signal is now)."""
        if not self.in_rep or not self._path or self.current is None:
            return None
        if self.current > self.peak - NEAR_PEAK * (self.peak - self.rest):
            return None
        near = [s for s, v in self._path if v >= self.peak - NEAR_PEAK * (self.peak - self.rest)]
        return near[0], near[-1]

    def _excursion(self, end_s: float) -> Excursion:
        near = [s for s, v in self._path if v >= self.peak - NEAR_PEAK * (self.peak - self.rest)]
        return Excursion(self.side, self.start_s, self.far_s, end_s, near[0], near[-1], self.rest, self.peak)

    def _restart_rest(self, t: float, x: float) -> None:
        """Back to resting; the next rest level is measured from here on (so it follows the return to rest)."""
        self._reset_rep()
        self.current = x
        self._recent.clear()
        self._recent.append((t, x))

    def finish(self, t: float) -> Excursion | None:
        """The stream ended: a rep that reached its far end and was clearly on its way back counts as done."""
        if not self.in_rep or self.current is None:
            return None
        rom = self.peak - self.rest
        came_back = (self.peak - self.current) / rom if rom > 0 else 0.0
        if rom >= self.min_rom and came_back >= 0.3 and t - self.start_s >= self.min_duration_s:
            return self._excursion(t)
        return None
