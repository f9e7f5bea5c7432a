"""Scripted histories for the progression tests: sessions and sets in a line each."""

from __future__ import annotations

from datetime import datetime, timedelta

from coach.workout.records import COMPLETED, SessionRecord, SetRecord

MONDAY = datetime(2025, 3, 3)  # naive: the person's local time


def reps(exercise: str, n: int, quality: float = 0.8, target: int | None = None) -> SetRecord:
    """A reps set of `n` reps of one quality; the target defaults to `n` (met)."""
    return SetRecord(exercise, n if target is None else target, None, (quality,) * n)


def hold(seconds: float, target: float | None = None, exercise: str = "plank") -> SetRecord:
    """A hold set; the target defaults to the seconds held (met)."""
    return SetRecord(exercise, None, seconds if target is None else target, (), seconds)


def session(
    session_id: int, day: float, *sets: SetRecord, hour: float = 18.0, status: str = COMPLETED, xp: int = 100
) -> SessionRecord:
    """A session `day` days after MONDAY, starting at `hour` local time, lasting 20 minutes."""
    start = MONDAY + timedelta(days=day, hours=hour)
    return SessionRecord(session_id, start, start + timedelta(minutes=20), status, "Scripted", xp, tuple(sets))


def daily(days: list[int], first_id: int = 1, **kwargs) -> list[SessionRecord]:
    """One 20-squat session on each of `days`."""
    return [session(first_id + k, day, reps("squat", 20), **kwargs) for k, day in enumerate(days)]
