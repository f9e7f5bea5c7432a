"""Daily streaks with a rest-day allowance, on the person's local calendar.

A streak is a run of days with a workout. A single day without one (a rest day) does not break it, provided the
streak's previous rest day was at least `rest_day_every` days earlier (7: one rest day a week); two rest days in a
row, or a second one too soon, break it. A streak's length counts the days from its first workout to its last, rest
days included: training six days a week keeps one streak growing by seven a week. Bodies need rest, and a streak
that punished every rest day would push people to train sore; one a week is the usual minimum in beginner programmes.

The state is folded day by day (`StreakState.add`), so rebuilding it from history and updating it after each workout
are the same computation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class StreakRules:
    """How forgiving a streak is."""

    rest_day_every: int = 7  # a rest day is allowed when the streak's previous one was at least this many days before;
    # 0 allows no rest days at all

    def rest_allowed(self, rest_day: date, previous_rest: date | None) -> bool:
        """Whether `rest_day` may sit inside a streak whose last rest day was `previous_rest`."""
        if self.rest_day_every <= 0:
            return False
        return previous_rest is None or (rest_day - previous_rest).days >= self.rest_day_every


@dataclass(frozen=True)
class StreakState:
    """The run ending on the last workout day, and the longest run ever."""

    current: int = 0  # days in the run that ends on `last_day` (0: no workout yet)
    longest: int = 0
    run_start: date | None = None
    last_day: date | None = None  # the latest day with a workout
    last_rest: date | None = None  # the run's latest rest day

    def add(self, day: date, rules: StreakRules) -> StreakState:
        """The streak after a workout on `day` (days must come in order; an earlier day changes nothing)."""
        if self.last_day is None or self.run_start is None:
            return StreakState(1, 1, day, day, None)
        gap = (day - self.last_day).days
        if gap <= 0:
            return self
        rest_day = self.last_day + timedelta(days=1)
        if gap == 1:
            run_start, last_rest = self.run_start, self.last_rest
        elif gap == 2 and rules.rest_allowed(rest_day, self.last_rest):
            run_start, last_rest = self.run_start, rest_day
        else:
            run_start, last_rest = day, None
        current = (day - run_start).days + 1
        return replace(
            self, current=current, longest=max(self.longest, current), run_start=run_start, last_day=day,
            last_rest=last_rest,
        )  # fmt: skip

    def current_on(self, today: date, rules: StreakRules) -> int:
        """The streak as it stands on `today`: alive while today is not over, or after yesterday's allowed rest day;
        0 once it is broken."""
        if self.last_day is None:
            return 0
        gap = (today - self.last_day).days
        if gap <= 1:
            return self.current
        if gap == 2 and rules.rest_allowed(self.last_day + timedelta(days=1), self.last_rest):
            return self.current
        return 0
