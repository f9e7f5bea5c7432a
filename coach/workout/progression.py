"""Progression: levels, streaks, badges and personal bests, all derived from the finished sessions alone.

Everything is one fold over the history in start order (`advance`), so `recompute(history)` after a database restore
and updating session by session after each workout give the same `Progression`; storage may persist what it likes
(earned badges, say) and rebuild it at any time. `unlocked_by(history_before, session)` is the difference one
session made: level-ups, badges and personal bests, for the Summary screen.

What counts (`ProgressionRules`): XP, reps and holds from every finished session (they were earned and done); a
session counts as a *workout* (streaks, the workout badges) when it ran to the end of its plan with at least one set's
target reached, or when the person did at least `min_effort_reps` reps' worth of work (a hold second is worth
1/`hold_seconds_per_rep` of a rep, the scoring's own equivalence: a 30 s plank = 12 reps). Opening a plan and
quitting at once, or skipping through every set, keeps no streak alive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from enum import StrEnum

from coach.exercises.registry import EXERCISES
from coach.workout.badges import BADGES, BADGES_BY_ID, Badge, BadgeCheck
from coach.workout.bests import METRICS, BestKey, PersonalBest, updated_bests
from coach.workout.levels import LevelCurve, LevelProgress, level_for
from coach.workout.records import COMPLETED, SessionRecord, instant, local_day, local_time
from coach.workout.streaks import StreakRules, StreakState

__all__ = [
    "EarnedBadge", "Progression", "ProgressionRules", "Unlock", "UnlockKind", "advance", "level_for", "recompute",
    "unlocked_by", "unlocks_between",
]  # fmt: skip


@dataclass(frozen=True)
class ProgressionRules:
    """Every progression setting in one place (reasoning in the module docstrings of levels, streaks, badges)."""

    levels: LevelCurve = field(default_factory=LevelCurve)
    streaks: StreakRules = field(default_factory=StreakRules)
    min_effort_reps: float = 20.0  # reps' worth of work that makes an unfinished session count as a workout
    hold_seconds_per_rep: float = 2.5
    min_quality_reps: int = 5  # reps a set needs before its average quality can be a personal best
    tz: tzinfo | None = None  # the person's time zone for day boundaries (None: this machine's)

    def counts(self, session: SessionRecord) -> bool:
        """Whether the session counts as a workout (streaks, workout totals, time-of-day badges)."""
        effort = session.reps + session.hold_seconds / self.hold_seconds_per_rep
        if effort >= self.min_effort_reps - 1e-9:
            return True
        return session.status == COMPLETED and any(s.target_met for s in session.sets)


@dataclass(frozen=True)
class EarnedBadge:
    """A badge and the session that earned it."""

    badge_id: str
    session_id: int
    earned_at: datetime  # that session's start

    @property
    def badge(self) -> Badge:
        """The badge's definition."""
        return BADGES_BY_ID[self.badge_id]


@dataclass(frozen=True)
class Progression:
    """Everything progression knows after some sessions."""

    sessions: int = 0  # finished sessions folded in
    workouts: int = 0  # of which counted as workouts
    xp: int = 0
    level: LevelProgress = field(default_factory=lambda: level_for(0))
    reps: dict[str, int] = field(default_factory=dict)  # counted reps per exercise
    hold_seconds: dict[str, float] = field(default_factory=dict)  # seconds held per exercise
    exercises_done: frozenset[str] = frozenset()  # exercises with at least one rep or hold second
    streak: StreakState = field(default_factory=StreakState)
    bests: dict[BestKey, PersonalBest] = field(default_factory=dict)
    badges: dict[str, EarnedBadge] = field(default_factory=dict)  # by badge id, in the order earned
    session_ids: frozenset[int] = frozenset()
    last_started_at: datetime | None = None

    @property
    def total_reps(self) -> int:
        """Counted reps over all exercises."""
        return sum(self.reps.values())

    def current_streak(self, today: date, rules: ProgressionRules | None = None) -> int:
        """The streak on `today` (0 when it has been broken since the last workout)."""
        return self.streak.current_on(today, (rules or ProgressionRules()).streaks)

    def bests_for(self, exercise: str) -> tuple[PersonalBest, ...]:
        """The personal bests of one exercise."""
        return tuple(best for (ex, _), best in self.bests.items() if ex == exercise)


def advance(progression: Progression, session: SessionRecord, rules: ProgressionRules | None = None) -> Progression:
    """The progression after one more session, which must not start before the ones already in it."""
    rules = rules or ProgressionRules()
    if session.id in progression.session_ids:
        raise ValueError(f"session {session.id} is already part of the progression")
    last = progression.last_started_at
    if last is not None and instant(session.started_at, rules.tz) < instant(last, rules.tz):
        raise ValueError(f"session {session.id} starts before the latest session folded in; use recompute()")
    counts = rules.counts(session)
    reps, holds = dict(progression.reps), dict(progression.hold_seconds)
    done = set(progression.exercises_done)
    for record in session.sets:
        if record.reps:
            reps[record.exercise] = reps.get(record.exercise, 0) + record.reps
        if record.hold_seconds > 0:
            holds[record.exercise] = holds.get(record.exercise, 0.0) + record.hold_seconds
        if record.reps or record.hold_seconds > 0:
            done.add(record.exercise)
    xp = progression.xp + session.xp
    streak = progression.streak.add(local_day(session.started_at, rules.tz), rules.streaks) if counts else None
    after = replace(
        progression, sessions=progression.sessions + 1, workouts=progression.workouts + counts, xp=xp,
        level=level_for(xp, rules.levels), reps=reps, hold_seconds=holds, exercises_done=frozenset(done),
        streak=streak or progression.streak, bests=updated_bests(progression.bests, session, rules.min_quality_reps),
        session_ids=progression.session_ids | {session.id}, last_started_at=session.started_at,
    )  # fmt: skip
    check = BadgeCheck(after, session, local_time(session.started_at, rules.tz), counts)
    earned = {
        badge.id: EarnedBadge(badge.id, session.id, session.started_at)
        for badge in BADGES
        if badge.id not in after.badges and badge.earned_by(check)
    }
    return replace(after, badges={**after.badges, **earned}) if earned else after


def _order_key(session: SessionRecord, tz: tzinfo | None) -> tuple[float, int]:
    return instant(session.started_at, tz), session.id


def _in_order(history: Iterable[SessionRecord], tz: tzinfo | None) -> list[SessionRecord]:
    ordered = sorted(history, key=lambda s: _order_key(s, tz))
    ids = [s.id for s in ordered]
    if len(set(ids)) != len(ids):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"sessions appear more than once in the history: {duplicates}")
    return ordered


def recompute(history: Iterable[SessionRecord], rules: ProgressionRules | None = None) -> Progression:
    """The whole progression rebuilt from finished sessions (any order: they are folded in start order)."""
    rules = rules or ProgressionRules()
    progression = Progression(level=level_for(0, rules.levels))
    for session in _in_order(history, rules.tz):
        progression = advance(progression, session, rules)
    return progression


class UnlockKind(StrEnum):
    """What kind of moment an unlock is (the Summary screen picks a sound and a card by it)."""

    LEVEL_UP = "level_up"
    BADGE = "badge"
    PERSONAL_BEST = "personal_best"


@dataclass(frozen=True)
class Unlock:
    """One thing a session unlocked, ready to show: `title` big, `detail` beneath it."""

    kind: UnlockKind
    title: str
    detail: str
    level: int | None = None  # LEVEL_UP: the level reached
    badge: Badge | None = None  # BADGE
    best: PersonalBest | None = None  # PERSONAL_BEST: the new best
    previous: float | None = None  # PERSONAL_BEST: the value it beat


def unlocks_between(before: Progression, after: Progression, session_id: int) -> list[Unlock]:
    """What changed from `before` to `after` because of one session: the level reached (one unlock, however many
    levels it jumped), each newly earned badge, and each personal best beaten. The first value of a metric sets a
    baseline and is not announced (a first workout would otherwise bring a dozen "bests")."""
    levels: list[Unlock] = []
    if after.level.level > before.level.level:
        gained = after.level.level - before.level.level
        jumped = f"up {gained} levels; " if gained > 1 else ""
        detail = f"{jumped}{after.level.xp_to_go} XP to level {after.level.level + 1}"
        levels.append(Unlock(UnlockKind.LEVEL_UP, f"Level {after.level.level}", detail, level=after.level.level))
    badges = [
        Unlock(UnlockKind.BADGE, badge.name, badge.description, badge=badge)
        for badge in BADGES_BY_ID.values()
        if badge.id in after.badges and badge.id not in before.badges
    ]
    bests: list[Unlock] = []
    for key, best in after.bests.items():
        old = before.bests.get(key)
        if old is None or best.session_id != session_id or best == old:
            continue
        info = METRICS[best.metric]
        name = EXERCISES[best.exercise].display_name if best.exercise in EXERCISES else best.exercise
        detail = f"{info.label}: {info.format(best.value)} (was {info.format(old.value)})"
        bests.append(Unlock(UnlockKind.PERSONAL_BEST, f"New best: {name}", detail, best=best, previous=old.value))
    return levels + badges + bests


def unlocked_by(
    history_before: Sequence[SessionRecord], session: SessionRecord, rules: ProgressionRules | None = None
) -> list[Unlock]:
    """What a just-finished `session` unlocked, given every session finished before it."""
    rules = rules or ProgressionRules()
    before = recompute(history_before, rules)
    key = _order_key(session, rules.tz)
    if all(_order_key(s, rules.tz) < key for s in history_before):
        after = advance(before, session, rules)  # the usual case: the newest session, one more fold step
    else:
        after = recompute([*history_before, session], rules)
    return unlocks_between(before, after, session.id)
