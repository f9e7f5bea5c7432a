"""How the workout engine persists what happens, without knowing about databases.

The engine calls a `WorkoutRecorder` the moment something happens (each rep as it is credited), so a crash loses
nothing. Storage provides the real one (an adapter over its repository); `MemoryRecorder` serves tests and runs
without a database. Statuses are plain strings (`SetStatus`, `SessionStatus` values) so adapters need no imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from coach.counting.events import RepEvent


class SetStatus(StrEnum):
    """How a set ended."""

    COMPLETED = "completed"  # target reached
    SKIPPED = "skipped"  # the person moved on before the target
    ABORTED = "aborted"  # the workout was quit during the set


class SessionStatus(StrEnum):
    """Where a workout stands."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ABORTED = "aborted"


class WorkoutRecorder(Protocol):
    """Where a workout's sessions, sets, reps and XP go, as they happen."""

    def start_session(self, plan_name: str) -> int:
        """A workout begins; returns its session id."""
        ...

    def start_set(
        self, session_id: int, *, position: int, exercise: str, target_reps: int | None, target_seconds: float | None
    ) -> int:
        """A set begins (`position` counts the plan's sets from 0); returns its set id."""
        ...

    def record_rep(self, set_id: int, rep: RepEvent) -> None:
        """A rep was counted and credited to the set."""
        ...

    def add_xp(self, session_id: int, amount: int, reason: str) -> None:
        """XP earned (`reason`: "rep", "hold" or "set_bonus")."""
        ...

    def finish_set(self, set_id: int, *, reps: int, hold_seconds: float, duration_s: float, status: str) -> None:
        """A set ended with this much done (`status` a SetStatus value); `duration_s` excludes pauses."""
        ...

    def finish_session(self, session_id: int, status: str, score: int) -> None:
        """The workout ended (`status` a SessionStatus value) with this much XP."""
        ...


@dataclass
class RecordedSet:
    """A set as MemoryRecorder holds it."""

    session_id: int
    position: int
    exercise: str
    target_reps: int | None
    target_seconds: float | None
    reps: list[RepEvent] = field(default_factory=list)
    result: dict[str, object] | None = None  # finish_set's arguments, once finished


@dataclass
class RecordedSession:
    """A session as MemoryRecorder holds it."""

    plan_name: str
    status: str = SessionStatus.IN_PROGRESS.value
    score: int = 0
    xp: list[tuple[int, str]] = field(default_factory=list)


class MemoryRecorder:
    """A WorkoutRecorder that keeps everything in lists: for tests and for playing without saving."""

    def __init__(self) -> None:
        self.sessions: dict[int, RecordedSession] = {}
        self.sets: dict[int, RecordedSet] = {}
        self.calls: list[str] = []  # method names in call order

    def start_session(self, plan_name: str) -> int:
        """Open a session."""
        self.calls.append("start_session")
        session_id = len(self.sessions) + 1
        self.sessions[session_id] = RecordedSession(plan_name)
        return session_id

    def start_set(
        self, session_id: int, *, position: int, exercise: str, target_reps: int | None, target_seconds: float | None
    ) -> int:
        """Open a set."""
        self.calls.append("start_set")
        set_id = len(self.sets) + 1
        self.sets[set_id] = RecordedSet(session_id, position, exercise, target_reps, target_seconds)
        return set_id

    def record_rep(self, set_id: int, rep: RepEvent) -> None:
        """Keep a credited rep."""
        self.calls.append("record_rep")
        self.sets[set_id].reps.append(rep)

    def add_xp(self, session_id: int, amount: int, reason: str) -> None:
        """Keep an XP award."""
        self.calls.append("add_xp")
        self.sessions[session_id].xp.append((amount, reason))

    def finish_set(self, set_id: int, *, reps: int, hold_seconds: float, duration_s: float, status: str) -> None:
        """Close a set."""
        self.calls.append("finish_set")
        self.sets[set_id].result = {
            "reps": reps, "hold_seconds": hold_seconds, "duration_s": duration_s, "status": status,
        }  # fmt: skip

    def finish_session(self, session_id: int, status: str, score: int) -> None:
        """Close a session."""
        self.calls.append("finish_session")
        session = self.sessions[session_id]
        session.status, session.score = status, score
