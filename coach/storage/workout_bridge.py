"""Storage on both sides of a workout: the engine's `WorkoutRecorder` backed by the repository, and the stored history
as the `SessionRecord`s that progression (levels, streaks, badges) is computed from.

Every call commits at once (the repository's rule), so a crash loses nothing up to the last counted rep.
"""

from __future__ import annotations

from coach.counting.events import RepEvent
from coach.storage.repository import DEFAULT_PROFILE, Repository
from coach.workout.records import FINISHED_STATUSES, SessionRecord, SetRecord


class RepositoryRecorder:
    """The workout engine's recorder, writing through the repository as things happen."""

    def __init__(self, repo: Repository, profile: str = DEFAULT_PROFILE) -> None:
        self.repo = repo
        self.profile = profile
        self._session_of_set: dict[int, int] = {}
        self.session_id: int | None = None

    def start_session(self, plan_name: str) -> int:
        """A workout begins."""
        self.session_id = self.repo.start_session(self.profile, plan_name)
        return self.session_id

    def start_set(
        self, session_id: int, *, position: int, exercise: str, target_reps: int | None, target_seconds: float | None
    ) -> int:
        """A set begins (the repository numbers sets itself, in the same order)."""
        set_id = self.repo.start_set(session_id, exercise, target_reps=target_reps, target_seconds=target_seconds)
        self._session_of_set[set_id] = session_id
        return set_id

    def record_rep(self, set_id: int, rep: RepEvent) -> None:
        """A credited rep, committed now."""
        self.repo.record_rep(self._session_of_set[set_id], set_id, rep)

    def add_xp(self, session_id: int, amount: int, reason: str) -> None:
        """XP earned."""
        self.repo.add_xp(amount, reason, session_id=session_id)

    def finish_set(self, set_id: int, *, reps: int, hold_seconds: float, duration_s: float, status: str) -> None:
        """A set ended; the engine's hold seconds are what the plank timer measured."""
        self.repo.finish_set(
            self._session_of_set.pop(set_id), set_id, achieved_reps=reps, achieved_seconds=hold_seconds or None
        )

    def finish_session(self, session_id: int, status: str, score: int) -> None:
        """The workout ended."""
        self.repo.finish_session(session_id, status, score)


def session_records(repo: Repository, profile: str | None = DEFAULT_PROFILE) -> list[SessionRecord]:
    """Every finished session of a profile (None: of every profile), oldest first, as progression's input (running
    ones are left out)."""
    out = []
    for summary in sorted(repo.sessions(profile=profile), key=lambda s: s.started_at):
        if summary.status not in FINISHED_STATUSES:
            continue
        detail = repo.session(summary.id)
        sets = tuple(
            SetRecord(
                exercise=s.exercise,
                target_reps=s.target_reps,
                target_seconds=s.target_seconds,
                qualities=tuple(r.quality for r in s.reps if not r.partial),
                hold_seconds=s.achieved_seconds,
            )
            for s in detail.sets
        )
        out.append(
            SessionRecord(
                id=summary.id,
                started_at=summary.started_at,
                ended_at=summary.ended_at,
                status=summary.status,
                plan_name=summary.plan_name,
                xp=summary.xp,
                sets=sets,
            )
        )
    return out
