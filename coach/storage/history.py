"""Reading the record back: past sessions, one session's sets and reps, and the figures `coach stats` shows.

Everything day-based (weeks, streaks, "today") uses the local date of a session's start. The streak, personal bests,
workouts and XP of `coach stats` are not computed here: they come from `coach.workout.progression` over the same
finished sessions Home and History read, so the three can never disagree.
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
from coach.workout.bests import BestMetric, PersonalBest
from coach.workout.progression import Progression


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
class Stats:
    """`coach stats`: weekly totals, plus the progression figures Home and History show, by the same rules (a rest
    day a week keeps a streak, a workout needs a finished plan or 20 reps' worth, bests are within one set)."""

    weeks: tuple[WeekTotal, ...]
    bests: tuple[PersonalBest, ...]  # by exercise, then metric
    current_streak: int  # days, as it stands today (0: broken since the last workout)
    longest_streak: int
    workouts: int  # finished sessions that count as workouts
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


def _unit(exercise: str) -> str:
    try:
        return "s" if get_exercise(exercise).kind is ExerciseKind.HOLD else "reps"
    except UnknownExerciseError:  # an exercise only a newer Coach knows: count its reps
        return "reps"


def week_totals(session: Session, profile: str | None = None) -> tuple[WeekTotal, ...]:
    """Sets, reps and hold seconds per exercise per week (Monday first), over every set that achieved something."""
    query = select(SetResult.exercise, SetResult.achieved_reps, SetResult.achieved_seconds,
                   WorkoutSession.started_at).join(WorkoutSession).join(Profile)  # fmt: skip
    if profile is not None:
        query = query.where(Profile.name == profile)
    weeks: dict[tuple[date, str], list[float]] = defaultdict(lambda: [0, 0, 0.0])
    for exercise, reps, seconds, started in session.execute(query):
        amount = float(seconds) if _unit(exercise) == "s" else float(reps)
        if amount <= 0:
            continue
        day = local_day(started)
        week = weeks[(day - timedelta(days=day.weekday()), exercise)]
        week[0] += 1
        week[1] += reps
        week[2] += seconds
    return tuple(
        WeekTotal(week, exercise, int(v[0]), int(v[1]), float(v[2]))
        for (week, exercise), v in sorted(weeks.items(), key=lambda item: (item[0][0], item[0][1]))
    )


def stats(weeks: tuple[WeekTotal, ...], progression: Progression, today: date) -> Stats:
    """The figures of `coach stats`: `weeks` from `week_totals`, the rest from the progression Home and History use."""
    order = list(BestMetric)
    bests = sorted(progression.bests.values(), key=lambda b: (b.exercise, order.index(b.metric)))
    return Stats(weeks, tuple(bests), progression.current_streak(today), progression.streak.longest,
                 progression.workouts, progression.xp)  # fmt: skip
