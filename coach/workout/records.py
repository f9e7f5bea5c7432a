"""Finished workouts as progression reads them: plain frozen records that storage (or a MemoryRecorder) maps onto.

Kept deliberately flat so an adapter is a few lines: a `SessionRecord` per finished workout with its total XP, and a
`SetRecord` per set with what was asked and what was done. `reps` is not stored separately: a set's counted reps are
its per-rep qualities (the reps the engine credited, in order), so the two can never disagree.

Times: `started_at` / `ended_at` may be timezone-aware (storage returns UTC) or naive; a naive time is taken to be the
person's local wall-clock time already. Day-based figures (streaks, "before 7:00") use the local calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from coach.workout.recorder import MemoryRecorder

COMPLETED = "completed"  # every set reached or skipped, the plan ran to its end
ABORTED = "aborted"  # the person quit
INTERRUPTED = "interrupted"  # the process died mid-workout (storage finds these on the next start)
FINISHED_STATUSES = (COMPLETED, ABORTED, INTERRUPTED)


@dataclass(frozen=True)
class SetRecord:
    """One set: its target (reps or hold seconds) and what was achieved."""

    exercise: str  # a registry id
    target_reps: int | None  # None for a hold
    target_seconds: float | None  # None for a reps exercise
    qualities: tuple[float, ...] = ()  # one per counted rep, 0..1, in order (empty for a hold)
    hold_seconds: float = 0.0  # seconds held in good position (holds only)

    @property
    def reps(self) -> int:
        """Counted reps."""
        return len(self.qualities)

    @property
    def target_met(self) -> bool:
        """Whether the set reached its target (a set without a target never does)."""
        if self.target_reps is not None:
            return self.reps >= self.target_reps
        if self.target_seconds is not None:
            return self.hold_seconds >= self.target_seconds - 1e-6
        return False

    @property
    def avg_quality(self) -> float | None:
        """Mean quality of the counted reps (None without reps)."""
        return sum(self.qualities) / len(self.qualities) if self.qualities else None


@dataclass(frozen=True)
class SessionRecord:
    """One finished workout session."""

    id: int
    started_at: datetime
    ended_at: datetime | None  # None when the process died before it could say (interrupted)
    status: str  # one of FINISHED_STATUSES
    plan_name: str
    xp: int  # everything the session earned (storage: the sum of its XP ledger entries)
    sets: tuple[SetRecord, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in FINISHED_STATUSES:
            raise ValueError(f"session {self.id}: status {self.status!r} is not one of {FINISHED_STATUSES}")

    @property
    def reps(self) -> int:
        """Counted reps over all sets."""
        return sum(s.reps for s in self.sets)

    @property
    def hold_seconds(self) -> float:
        """Seconds held over all sets."""
        return sum(s.hold_seconds for s in self.sets)


def local_time(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """`moment` as naive wall-clock time in `tz` (None: this machine's zone); naive input is already local."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(tz).replace(tzinfo=None)


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of `moment` where the person is."""
    return local_time(moment, tz).date()


def instant(moment: datetime, tz: tzinfo | None = None) -> float:
    """Seconds since the epoch, so aware and naive (local) times sort together."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz).timestamp() if tz is not None else moment.timestamp()
    return moment.timestamp()


def record_from_memory(
    recorder: MemoryRecorder, session_id: int, started_at: datetime, ended_at: datetime | None
) -> SessionRecord:
    """A finished session held by a MemoryRecorder (playing without saving, tests) as a SessionRecord."""
    session = recorder.sessions[session_id]
    if session.status not in FINISHED_STATUSES:
        raise ValueError(f"session {session_id} is {session.status}, not finished")
    sets = tuple(
        SetRecord(
            s.exercise, s.target_reps, s.target_seconds, tuple(rep.quality for rep in s.reps),
            float(s.result["hold_seconds"]) if s.result else 0.0,  # type: ignore[arg-type]
        )
        for _, s in sorted(recorder.sets.items())
        if s.session_id == session_id
    )  # fmt: skip
    return SessionRecord(
        session_id, started_at, ended_at, session.status, session.plan_name, sum(a for a, _ in session.xp), sets
    )
