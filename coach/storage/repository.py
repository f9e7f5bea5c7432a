"""The one door to the database: the workout engine, the UI and the CLI call these methods and never write SQL or open
sessions themselves.

Every write is its own short transaction, committed (and on SQLite fsynced) before the method returns: a rep the
person saw counted is on disk. Opening a database applies pending migrations, then marks sessions whose process has
died (crash, kill, pulled plug) as interrupted, keeping every rep they committed.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import psutil
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach.config import default_db_url, user_models_dir
from coach.counting.events import HoldEvent, RepEvent
from coach.exercises.registry import get_exercise
from coach.storage import history
from coach.storage.database import BUSY_TIMEOUT_S, SQLITE_SYNCHRONOUS, Database, parse_url
from coach.storage.errors import NotFoundError, StateError
from coach.storage.migrate import upgrade
from coach.storage.model_versions import ModelStore
from coach.storage.samples import SampleStore
from coach.storage.tables import (
    BadgeEarned,
    HoldRecord,
    Profile,
    RepRecord,
    SessionStatus,
    SetResult,
    WorkoutSession,
    XpEvent,
    utc_now,
)

DEFAULT_PROFILE = "default"
# A running session owned by another machine (a shared PostgreSQL) whose process cannot be asked whether it is alive
# counts as crashed after this long without a rep or a set.
FOREIGN_SESSION_STALE = timedelta(hours=12)


def _this_process() -> tuple[str, int, float]:
    return socket.gethostname(), os.getpid(), psutil.Process().create_time()


def owner_alive(host: str, pid: int, started: float, last_activity: datetime, now: datetime) -> bool:
    """Whether the process that runs a session is still running (pid reuse is caught by the process start time)."""
    if host != socket.gethostname():
        return now - last_activity < FOREIGN_SESSION_STALE
    try:
        process = psutil.Process(pid)
        return abs(process.create_time() - started) < 1.0 and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # it exists; when in doubt, never mark a live workout interrupted


class Repository:
    """Workout recording, history, calibration samples (`.samples`) and model versions (`.models`)."""

    def __init__(self, db: Database, *, models_dir: Path | None = None, clock: Callable[[], datetime] = utc_now):
        self.db = db
        self.where = db.where
        self._clock = clock
        self.samples = SampleStore(db, self._profile_id)
        self.models = ModelStore(db, models_dir if models_dir is not None else user_models_dir())
        self.interrupted: tuple[int, ...] = ()

    # ---- lifecycle -------------------------------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def recover(self) -> tuple[int, ...]:
        """Mark sessions left running by a process that no longer exists as interrupted; their open sets are closed at
        their last rep. Returns the ids (also kept in `.interrupted`)."""
        now = self._clock()
        with self.db.read() as session:
            running = session.execute(
                select(WorkoutSession.id, WorkoutSession.owner_host, WorkoutSession.owner_pid,
                       WorkoutSession.owner_started, WorkoutSession.last_activity_at)
                .where(WorkoutSession.status == SessionStatus.RUNNING)
            ).all()  # fmt: skip
        dead = [row.id for row in running if not owner_alive(*row[1:], now)]
        if dead:
            with self.db.write() as session:
                for session_id in dead:
                    row = session.get(WorkoutSession, session_id)
                    if row is None or row.status is not SessionStatus.RUNNING:
                        continue
                    for open_set in session.scalars(
                        select(SetResult).where(SetResult.session_id == session_id, SetResult.ended_at.is_(None))
                    ):
                        self._close_set(session, open_set, row.last_activity_at)
                    row.status, row.ended_at = SessionStatus.INTERRUPTED, row.last_activity_at
        self.interrupted = tuple(dead)
        return self.interrupted

    # ---- profiles --------------------------------------------------------------------------------------------
    def _profile_id(self, session: Session, name: str) -> int:
        found = session.scalar(select(Profile.id).where(Profile.name == name))
        if found is not None:
            return found
        profile = Profile(name=name, created_at=self._clock(), settings={})
        session.add(profile)
        session.flush()
        return profile.id

    def profiles(self) -> list[str]:
        """Profile names, oldest first."""
        with self.db.read() as session:
            return list(session.scalars(select(Profile.name).order_by(Profile.id)))

    # ---- a workout, as it happens ----------------------------------------------------------------------------
    def start_session(self, profile: str, plan_name: str) -> int:
        """A new running session; returns its id."""
        host, pid, started = _this_process()
        now = self._clock()
        with self.db.write() as session:
            row = WorkoutSession(
                profile_id=self._profile_id(session, profile), plan_name=plan_name, status=SessionStatus.RUNNING,
                started_at=now, last_activity_at=now, owner_host=host, owner_pid=pid, owner_started=started,
            )  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    def _running(self, session: Session, session_id: int) -> WorkoutSession:
        row = session.get(WorkoutSession, session_id)
        if row is None:
            raise NotFoundError(f"{self.where}: no workout session {session_id}")
        if row.status is not SessionStatus.RUNNING:
            raise StateError(f"{self.where}: session {session_id} is {row.status.value}, not running")
        return row

    def _open_set(self, session: Session, session_id: int, set_id: int) -> SetResult:
        row = session.get(SetResult, set_id)
        if row is None or row.session_id != session_id:
            raise NotFoundError(f"{self.where}: no set {set_id} in session {session_id}")
        if row.ended_at is not None:
            raise StateError(f"{self.where}: set {set_id} is already finished")
        return row

    def start_set(
        self, session_id: int, exercise: str, *, target_reps: int | None = None, target_seconds: float | None = None
    ) -> int:
        """A new set in a running session; returns its id."""
        get_exercise(exercise)
        now = self._clock()
        with self.db.write() as session:
            parent = self._running(session, session_id)
            position = (session.scalar(select(func.max(SetResult.position)).where(SetResult.session_id == session_id))
                        or 0) + 1  # fmt: skip
            row = SetResult(session_id=session_id, position=position, exercise=exercise, target_reps=target_reps,
                            target_seconds=target_seconds, started_at=now)  # fmt: skip
            session.add(row)
            parent.last_activity_at = now
            session.flush()
            return row.id

    def record_rep(self, session_id: int, set_id: int, event: RepEvent) -> int:
        """Store one rep the moment it is counted (partial reps too, which do not add to the set); returns its id."""
        now = self._clock()
        with self.db.write() as session:
            parent = self._running(session, session_id)
            target = self._open_set(session, session_id, set_id)
            row = RepRecord(
                session_id=session_id, set_id=set_id, exercise=event.exercise, side=event.side, start_s=event.start_s,
                end_s=event.end_s, eccentric_s=event.tempo.eccentric_s, concentric_s=event.tempo.concentric_s,
                range_of_motion=event.range_of_motion, quality=event.quality, cues=list(event.cues),
                partial=event.partial, recorded_at=now,
            )  # fmt: skip
            session.add(row)
            if event.counted:
                target.achieved_reps += 1
            parent.last_activity_at = now
            session.flush()
            return row.id

    def record_hold(self, session_id: int, set_id: int, event: HoldEvent) -> int:
        """Store one finished hold; its good-position seconds add to the set."""
        now = self._clock()
        with self.db.write() as session:
            parent = self._running(session, session_id)
            target = self._open_set(session, session_id, set_id)
            row = HoldRecord(session_id=session_id, set_id=set_id, exercise=event.exercise, start_s=event.start_s,
                             end_s=event.end_s, seconds=event.seconds, quality=event.quality, cues=list(event.cues),
                             recorded_at=now)  # fmt: skip
            session.add(row)
            target.achieved_seconds += event.seconds
            parent.last_activity_at = now
            session.flush()
            return row.id

    def _close_set(self, session: Session, row: SetResult, ended_at: datetime) -> None:
        qualities = list(session.scalars(select(RepRecord.quality).where(RepRecord.set_id == row.id,
                                                                         RepRecord.partial.is_(False))))  # fmt: skip
        qualities += list(session.scalars(select(HoldRecord.quality).where(HoldRecord.set_id == row.id)))
        row.quality = sum(qualities) / len(qualities) if qualities else None
        row.ended_at = max(ended_at, row.started_at)

    def finish_set(
        self, session_id: int, set_id: int, *, achieved_reps: int | None = None, achieved_seconds: float | None = None
    ) -> history.SetDetail:
        """Close a set. What it achieved is what was recorded, unless the engine says otherwise (a hold timed by the
        counter without HoldEvents, say)."""
        now = self._clock()
        with self.db.write() as session:
            parent = self._running(session, session_id)
            row = self._open_set(session, session_id, set_id)
            if achieved_reps is not None:
                row.achieved_reps = achieved_reps
            if achieved_seconds is not None:
                row.achieved_seconds = achieved_seconds
            self._close_set(session, row, now)
            parent.last_activity_at = now
            session.flush()
            found = history.detail(session, session_id)
        assert found is not None
        return next(s for s in found.sets if s.id == set_id)

    def add_xp(self, amount: int, reason: str, *, session_id: int | None = None, profile: str | None = None) -> int:
        """One XP ledger entry, for a session (its profile) or a profile; returns its id."""
        with self.db.write() as session:
            profile_id = self._ledger_profile(session, session_id, profile)
            row = XpEvent(profile_id=profile_id, session_id=session_id, amount=amount, reason=reason,
                          created_at=self._clock())  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    def award_badge(self, badge_id: str, *, session_id: int | None = None, profile: str | None = None) -> bool:
        """Record a badge as earned; False (and nothing written) if the profile already has it."""
        with self.db.write() as session:
            profile_id = self._ledger_profile(session, session_id, profile)
            if session.scalar(select(BadgeEarned.id).where(BadgeEarned.profile_id == profile_id,
                                                           BadgeEarned.badge_id == badge_id)) is not None:  # fmt: skip
                return False
            session.add(BadgeEarned(profile_id=profile_id, badge_id=badge_id, session_id=session_id,
                                    earned_at=self._clock()))  # fmt: skip
            return True

    def _ledger_profile(self, session: Session, session_id: int | None, profile: str | None) -> int:
        if session_id is not None:
            row = session.get(WorkoutSession, session_id)
            if row is None:
                raise NotFoundError(f"{self.where}: no workout session {session_id}")
            return row.profile_id
        return self._profile_id(session, profile or DEFAULT_PROFILE)

    def finish_session(self, session_id: int, status: SessionStatus | str, score: float | None = None) -> None:
        """End a running session as completed or aborted; sets still open are closed now."""
        status = SessionStatus(status)
        if status is SessionStatus.RUNNING:
            raise StateError(f"{self.where}: a session is finished as completed, aborted or interrupted")
        now = self._clock()
        with self.db.write() as session:
            row = self._running(session, session_id)
            for open_set in session.scalars(
                select(SetResult).where(SetResult.session_id == session_id, SetResult.ended_at.is_(None))
            ):
                self._close_set(session, open_set, now)
            row.status, row.ended_at, row.score, row.last_activity_at = status, now, score, now

    # ---- reading -----------------------------------------------------------------------------------------------
    def sessions(self, since: date | None = None, profile: str | None = None) -> list[history.SessionSummary]:
        """Past sessions, oldest first."""
        with self.db.read() as session:
            return history.summaries(session, since=since, profile=profile)

    def session(self, session_id: int) -> history.SessionDetail:
        """One session with its sets and reps."""
        with self.db.read() as session:
            found = history.detail(session, session_id)
        if found is None:
            raise NotFoundError(f"{self.where}: no workout session {session_id} (see `coach history`)")
        return found

    def today(self) -> date:
        """The local calendar day now, by this repository's clock."""
        return history.local_day(self._clock())

    def stats(self, today: date | None = None, profile: str | None = None) -> history.Stats:
        """Weekly totals, and the streak, personal bests, workouts and XP exactly as Home and History compute them
        (`coach.workout.progression` over `session_records`); `profile` None: every profile's sessions together."""
        from coach.storage.workout_bridge import session_records  # it imports this module
        from coach.workout.progression import recompute

        progression = recompute(session_records(self, profile))
        with self.db.read() as session:
            weeks = history.week_totals(session, profile)
        return history.stats(weeks, progression, today or self.today())

    def xp_total(self, profile: str = DEFAULT_PROFILE) -> int:
        """The sum of a profile's XP ledger."""
        with self.db.read() as session:
            return int(session.scalar(select(func.coalesce(func.sum(XpEvent.amount), 0)).join(Profile)
                                      .where(Profile.name == profile)) or 0)  # fmt: skip

    def badges(self, profile: str = DEFAULT_PROFILE) -> list[tuple[str, datetime]]:
        """A profile's badges with when they were earned, oldest first."""
        with self.db.read() as session:
            rows = session.execute(select(BadgeEarned.badge_id, BadgeEarned.earned_at).join(Profile)
                                   .where(Profile.name == profile).order_by(BadgeEarned.id))  # fmt: skip
            return [(badge, earned) for badge, earned in rows]


def open_repository(
    url: str | None = None,
    *,
    busy_timeout_s: float = BUSY_TIMEOUT_S,
    models_dir: Path | None = None,
    clock: Callable[[], datetime] = utc_now,
    synchronous: str = SQLITE_SYNCHRONOUS,
) -> Repository:
    """Open (creating or upgrading if needed) the database at `url` (default: COACH_DB_URL or the per-user SQLite
    file), and recover sessions interrupted by a crash."""
    db = Database(parse_url(url or default_db_url()), busy_timeout_s=busy_timeout_s, synchronous=synchronous)
    try:
        upgrade(db)
        repo = Repository(db, models_dir=models_dir, clock=clock)
        repo.recover()
    except BaseException:
        db.close()
        raise
    return repo
