"""Reading the record back: past sessions, one session's sets and reps, and the figures `coach stats` shows.

Everything day-based (weeks, streaks, "today") uses the local date of a session's start. Streaks are recomputed from
sessions each time rather than stored, so they can never disagree with the history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach.counting.events import HoldEvent, RepEvent, RepSide, RepTempo
from coach.exercises.registry import ExerciseKind, UnknownExerciseError, get_exercise
from coach.storage.tables import HoldRecord, Profile, RepRecord, SetResult, WorkoutSession, XpEvent


@dataclass(frozen=True)
class SessionSummary:
    """One workout session in a line."""

    id: int
    profile: str
    plan_name: str
    status: str
    started_at: datetime
    ended_at: datetime | None
    score: float | None
    sets: int
    reps: int
    hold_seconds: float
    xp: int

    @property
    def duration_s(self) -> float | None:
        return (self.ended_at - self.started_at).total_seconds() if self.ended_at else None


@dataclass(frozen=True)
class SetDetail:
    """One set with its reps (counted and partial, in order) and holds."""

    id: int
    position: int
    exercise: str
    target_reps: int | None
    target_seconds: float | None
    achieved_reps: int
    achieved_seconds: float
    quality: float | None
    started_at: datetime
    ended_at: datetime | None
    reps: tuple[RepEvent, ...]
    holds: tuple[HoldEvent, ...]

    @property
    def duration_s(self) -> float | None:
        return (self.ended_at - self.started_at).total_seconds() if self.ended_at else None


@dataclass(frozen=True)
class SessionDetail:
    summary: SessionSummary
    sets: tuple[SetDetail, ...]


@dataclass(frozen=True)
class WeekTotal:
    """What was done of one exercise in one week (weeks start on Monday)."""

    week_start: date
    exercise: str
    sets: int
    reps: int
    hold_seconds: float


@dataclass(frozen=True)
class PersonalBest:
    """The most reps (or longest hold) of one exercise in one set, and in one workout."""

    exercise: str
    unit: str  # "reps" or "s"
    best_set: float
    best_set_day: date
    best_set_session: int
    best_session: float
    best_session_day: date
    best_session_id: int


@dataclass(frozen=True)
class Stats:
    weeks: tuple[WeekTotal, ...]
    bests: tuple[PersonalBest, ...]
    current_streak: int  # consecutive days with a workout, ending today (or yesterday: today is not over yet)
    longest_streak: int
    workout_days: int
    xp: int


def local_day(moment: datetime) -> date:
    """The calendar day of an aware timestamp where the person is."""
    return moment.astimezone().date()


def rep_event(row: RepRecord) -> RepEvent:
    """A stored rep back as the counter's RepEvent."""
    tempo = RepTempo(row.eccentric_s, row.concentric_s)
    return RepEvent(row.exercise, cast(RepSide, row.side), row.start_s, row.end_s, tempo, row.range_of_motion,
                    row.quality, tuple(row.cues), row.partial)  # fmt: skip


def hold_event(row: HoldRecord) -> HoldEvent:
    """A stored hold back as the counter's HoldEvent."""
    return HoldEvent(row.exercise, row.start_s, row.end_s, row.seconds, row.quality, tuple(row.cues))


def summaries(
    session: Session, since: date | None = None, ids: Iterable[int] | None = None, profile: str | None = None
) -> list[SessionSummary]:
    """Sessions (oldest first), from local day `since` on, or just `ids`, of one profile or all."""
    sets = (
        select(
            SetResult.session_id,
            func.count(SetResult.id).label("sets"),
            func.coalesce(func.sum(SetResult.achieved_reps), 0).label("reps"),
            func.coalesce(func.sum(SetResult.achieved_seconds), 0.0).label("hold"),
        )
        .group_by(SetResult.session_id)
        .subquery()
    )
    xp = (
        select(XpEvent.session_id, func.sum(XpEvent.amount).label("xp"))
        .where(XpEvent.session_id.is_not(None))
        .group_by(XpEvent.session_id)
        .subquery()
    )
    query = (
        select(WorkoutSession, Profile.name, sets.c.sets, sets.c.reps, sets.c.hold, xp.c.xp)
        .join(Profile)
        .outerjoin(sets, sets.c.session_id == WorkoutSession.id)
        .outerjoin(xp, xp.c.session_id == WorkoutSession.id)
        .order_by(WorkoutSession.started_at, WorkoutSession.id)
    )
    if ids is not None:
        query = query.where(WorkoutSession.id.in_(list(ids)))
    if profile is not None:
        query = query.where(Profile.name == profile)
    if since is not None:  # a little early in UTC, then exact on the local day
        query = query.where(WorkoutSession.started_at >= datetime.combine(since, datetime.min.time()).astimezone()
                            - timedelta(days=1))  # fmt: skip
    out = []
    for row, profile, n_sets, reps, hold, points in session.execute(query):
        if since is not None and local_day(row.started_at) < since:
            continue
        counts = (n_sets or 0, int(reps or 0), float(hold or 0.0), int(points or 0))
        out.append(SessionSummary(row.id, profile, row.plan_name, row.status.value, row.started_at, row.ended_at,
                                  row.score, *counts))  # fmt: skip
    return out


def detail(session: Session, session_id: int) -> SessionDetail | None:
    """One session with its sets, reps and holds (None if there is no such session)."""
    found = summaries(session, ids=[session_id])
    if not found:
        return None
    reps: dict[int, list[RepEvent]] = defaultdict(list)
    for row in session.scalars(select(RepRecord).where(RepRecord.session_id == session_id).order_by(RepRecord.id)):
        reps[row.set_id].append(rep_event(row))
    holds: dict[int, list[HoldEvent]] = defaultdict(list)
    for hold in session.scalars(select(HoldRecord).where(HoldRecord.session_id == session_id).order_by(HoldRecord.id)):
        holds[hold.set_id].append(hold_event(hold))
    rows = session.scalars(select(SetResult).where(SetResult.session_id == session_id).order_by(SetResult.position))
    sets = [
        SetDetail(s.id, s.position, s.exercise, s.target_reps, s.target_seconds, s.achieved_reps, s.achieved_seconds,
                  s.quality, s.started_at, s.ended_at, tuple(reps[s.id]), tuple(holds[s.id]))
        for s in rows
    ]  # fmt: skip
    return SessionDetail(found[0], tuple(sets))


def streaks(days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive workout days; the current run may end today or yesterday."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    day = today if today in days else today - timedelta(days=1)
    while day in days:
        current += 1
        day -= timedelta(days=1)
    return current, longest


def _unit(exercise: str) -> str:
    try:
        return "s" if get_exercise(exercise).kind is ExerciseKind.HOLD else "reps"
    except UnknownExerciseError:  # an exercise only a newer Coach knows: count its reps
        return "reps"


def stats(session: Session, today: date, profile: str | None = None) -> Stats:
    """Totals per exercise per week, personal bests and streaks, over every session that achieved something."""
    query = select(SetResult.exercise, SetResult.achieved_reps, SetResult.achieved_seconds, WorkoutSession.id,
                   WorkoutSession.started_at).join(WorkoutSession).join(Profile)  # fmt: skip
    xp_query = select(func.coalesce(func.sum(XpEvent.amount), 0)).join(Profile)
    if profile is not None:
        query, xp_query = query.where(Profile.name == profile), xp_query.where(Profile.name == profile)
    rows = session.execute(query).all()
    weeks: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0, 0, 0.0])
    per_session: dict[tuple[str, int], float] = defaultdict(float)
    best_set: dict[str, tuple[float, date, int]] = {}
    session_day: dict[int, date] = {}
    days: set[date] = set()
    for exercise, reps, seconds, session_id, started in rows:
        day = local_day(started)
        amount = float(seconds) if _unit(exercise) == "s" else float(reps)
        if amount <= 0:
            continue
        days.add(day)
        session_day[session_id] = day
        week = weeks[(day - timedelta(days=day.weekday()), exercise)]
        week[0] += 1
        week[1] += reps
        week[2] += seconds
        per_session[(exercise, session_id)] += amount
        if exercise not in best_set or amount > best_set[exercise][0]:
            best_set[exercise] = (amount, day, session_id)
    bests = []
    for exercise in sorted(best_set):
        amount, day, sid = best_set[exercise]
        top_amount, top_id = max(((v, s) for (e, s), v in per_session.items() if e == exercise),
                                 key=lambda pair: (pair[0], -pair[1]))  # fmt: skip
        bests.append(PersonalBest(exercise, _unit(exercise), amount, day, sid, top_amount, session_day[top_id], top_id))
    current, longest = streaks(days, today)
    total_xp = session.scalar(xp_query) or 0
    week_totals = tuple(
        WeekTotal(week, exercise, int(v[0]), int(v[1]), float(v[2]))
        for (week, exercise), v in sorted(weeks.items(), key=lambda item: (item[0][0], item[0][1]))
    )
    return Stats(week_totals, tuple(bests), current, longest, len(days), int(total_xp))
