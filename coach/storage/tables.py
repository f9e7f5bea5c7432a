"""The database schema as SQLAlchemy 2.0 typed models. Changing it means adding an alembic revision (see migrate.py).

Times are stored as UTC and come back timezone-aware (UTC); day-based figures (weeks, streaks) use the local date of a
session's start. Exercise ids are the registry's (`coach.exercises.registry`).
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints, so migrations are the same on every database and SQLite batch migrations can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """Now, timezone-aware in UTC (what every timestamp column takes)."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC, read back aware (SQLite has no time zones; PostgreSQL would convert)."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware one (utc_now())")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class SessionStatus(enum.StrEnum):
    """Where a workout session stands; `interrupted` means its process died (crash, kill, power) while running."""

    RUNNING = "running"
    COMPLETED = "completed"
    ABORTED = "aborted"
    INTERRUPTED = "interrupted"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON, list[str]: JSON}  # noqa: RUF012


class Profile(Base):
    """A person using Coach on this machine."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class WorkoutSession(Base):
    """One workout: a plan followed from start to an end (or to a crash). The owner fields say which process ran it,
    so a later start can tell a crashed session from one another Coach is running right now."""

    __tablename__ = "workout_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    plan_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[SessionStatus] = mapped_column(
        Enum(SessionStatus, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    started_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime]
    score: Mapped[float | None]
    owner_host: Mapped[str] = mapped_column(String(255))
    owner_pid: Mapped[int]
    owner_started: Mapped[float]  # the owning process's start time (seconds since the epoch), against pid reuse

    sets: Mapped[list[SetResult]] = relationship(back_populates="session", order_by="SetResult.position")


class SetResult(Base):
    """One set of one exercise within a session: its target and what was achieved (reps, or seconds for a hold)."""

    __tablename__ = "set_results"
    __table_args__ = (UniqueConstraint("session_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workout_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # 1, 2, ... within the session
    exercise: Mapped[str] = mapped_column(String(40))
    target_reps: Mapped[int | None]
    target_seconds: Mapped[float | None]
    achieved_reps: Mapped[int] = mapped_column(default=0)
    achieved_seconds: Mapped[float] = mapped_column(default=0.0)
    quality: Mapped[float | None]  # mean quality of the counted reps / holds
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]  # None while the set is under way

    session: Mapped[WorkoutSession] = relationship(back_populates="sets")


class RepRecord(Base):
    """One `coach.counting.events.RepEvent`, committed the moment it is counted. Times are on the workout's clock."""

    __tablename__ = "rep_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workout_sessions.id", ondelete="CASCADE"), index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("set_results.id", ondelete="CASCADE"), index=True)
    exercise: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(8))
    start_s: Mapped[float]
    end_s: Mapped[float]
    eccentric_s: Mapped[float]
    concentric_s: Mapped[float]
    range_of_motion: Mapped[float]
    quality: Mapped[float]
    cues: Mapped[list[str]] = mapped_column(default=list)
    partial: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class HoldRecord(Base):
    """One `coach.counting.events.HoldEvent` (a stretch of plank, say)."""

    __tablename__ = "hold_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workout_sessions.id", ondelete="CASCADE"), index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("set_results.id", ondelete="CASCADE"), index=True)
    exercise: Mapped[str] = mapped_column(String(40))
    start_s: Mapped[float]
    end_s: Mapped[float]
    seconds: Mapped[float]
    quality: Mapped[float]
    cues: Mapped[list[str]] = mapped_column(default=list)
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class CalibrationSample(Base):
    """A recording of a person doing one exercise, kept to retrain the recognizer on their own movement.

    `landmarks` is a compressed .npz (world (T, 33, 3) float32, visibility (T, 33) float32, detected (T,) bool):
    ~0.8 MB per minute at 30 fps (measured on generated landmarks: float32 noise barely compresses), the same
    arrays as the coach-sample-1 file it exports to.
    """

    __tablename__ = "calibration_samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    exercise: Mapped[str] = mapped_column(String(40))
    frames: Mapped[int]
    detected_frames: Mapped[int]
    fps: Mapped[float]
    reps: Mapped[int | None]  # reps counted while recording, when the goal was reps
    # Degrees each counted rep of the recording travelled (the person's own range; null until measured, and for
    # exercises without reps): what the rep counter judges "full" against in their next workout.
    rep_ranges: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    source: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    landmarks: Mapped[bytes] = mapped_column(LargeBinary)


class ModelVersion(Base):
    """A recognizer trained on this machine: its folder, what it was trained on and how well it did on held-out data.

    At most one is active (a partial unique index); none active means the shipped models/default is used.
    """

    __tablename__ = "model_versions"
    __table_args__ = (
        Index("uq_model_versions_one_active", "active", unique=True, sqlite_where=text("active"),
              postgresql_where=text("active")),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    architecture: Mapped[str] = mapped_column(String(40))
    data: Mapped[str] = mapped_column(String(40))  # recorded, both, ...
    feature_spec: Mapped[dict[str, Any]]
    metrics: Mapped[dict[str, Any]]
    accuracy: Mapped[float | None]  # held-out window accuracy (None: nothing was held out)
    incumbent_accuracy: Mapped[float | None]  # the model it was up against, on the same held-out windows
    path: Mapped[str] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")


class XpEvent(Base):
    """One entry of the XP ledger: totals and levels are sums over it, never stored."""

    __tablename__ = "xp_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("workout_sessions.id", ondelete="SET NULL"), index=True)
    amount: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class BadgeEarned(Base):
    """A badge a profile has earned (once each); streaks need no table, they are recomputed from sessions."""

    __tablename__ = "badges_earned"
    __table_args__ = (UniqueConstraint("profile_id", "badge_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    badge_id: Mapped[str] = mapped_column(String(80))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("workout_sessions.id", ondelete="SET NULL"))
    earned_at: Mapped[datetime] = mapped_column(default=utc_now)
