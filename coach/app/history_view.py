"""What the History screen shows, read once from storage: past sessions, progression, reps per day and quality.

Everything is computed here from the repository (through `session_records` and `recompute`, the same fold the
Summary screen uses), so the screen itself only draws, and a test can check the numbers without a window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from coach.app.views import HomeView
from coach.storage.history import SessionDetail, SessionSummary
from coach.storage.repository import DEFAULT_PROFILE, Repository
from coach.storage.workout_bridge import session_records
from coach.workout.progression import Progression, recompute
from coach.workout.records import local_day


@dataclass(frozen=True)
class QualityPoint:
    """The mean quality of the counted reps of one session."""

    day: date
    session_id: int
    quality: float


@dataclass(frozen=True)
class HistoryView:
    """Sessions newest first, the progression they add up to, reps per day per exercise, quality per session."""

    sessions: tuple[SessionSummary, ...]
    progression: Progression
    today: date
    daily_reps: dict[date, dict[str, int]]
    quality: tuple[QualityPoint, ...]
    load_detail: Callable[[int], SessionDetail]

    @property
    def streak(self) -> int:
        """The streak as of today."""
        return self.progression.current_streak(self.today)

    def reps_by(self, period: str, count: int) -> list[tuple[date, dict[str, int]]]:
        """Reps per exercise for the last `count` days (`period` "day") or weeks starting Monday ("week"), oldest
        first, ending with the period that holds today."""
        if period == "day":
            starts = [self.today - timedelta(days=count - 1 - i) for i in range(count)]
            return [(day, dict(self.daily_reps.get(day, {}))) for day in starts]
        monday = self.today - timedelta(days=self.today.weekday())
        starts = [monday - timedelta(weeks=count - 1 - i) for i in range(count)]
        out = []
        for start in starts:
            totals: dict[str, int] = defaultdict(int)
            for offset in range(7):
                for exercise, reps in self.daily_reps.get(start + timedelta(days=offset), {}).items():
                    totals[exercise] += reps
            out.append((start, dict(totals)))
        return out


def load_history(repo: Repository, today: date | None = None, profile: str = DEFAULT_PROFILE) -> HistoryView:
    """Read the profile's history from the repository."""
    records = session_records(repo, profile)
    daily: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    quality = []
    for record in records:
        day = local_day(record.started_at)
        qualities = [q for s in record.sets for q in s.qualities]
        for s in record.sets:
            if s.qualities:
                daily[day][s.exercise] += len(s.qualities)
        if qualities:
            quality.append(QualityPoint(day, record.id, sum(qualities) / len(qualities)))
    sessions = tuple(sorted(repo.sessions(profile=profile), key=lambda s: s.started_at, reverse=True))
    return HistoryView(
        sessions=sessions,
        progression=recompute(records),
        today=today or date.today(),
        daily_reps={day: dict(v) for day, v in daily.items()},
        quality=tuple(quality),
        load_detail=repo.session,
    )


def home_view(history: HistoryView, name: str) -> HomeView:
    """Home's profile from the stored history: level and XP bar, streak, workouts, the last session."""
    level = history.progression.level
    last = history.sessions[0] if history.sessions else None
    when = None
    if last is not None:
        day = local_day(last.started_at)
        ago = (history.today - day).days
        when = "today" if ago == 0 else "yesterday" if ago == 1 else day.strftime("%a %d %b")
    return HomeView(
        name=name,
        level=level.level,
        xp_in_level=level.xp_into_level,
        xp_for_level=level.xp_for_next,
        streak_days=history.streak,
        workouts_done=history.progression.workouts,
        last_workout=f"{last.plan_name}, {when}" if last is not None else None,
    )
