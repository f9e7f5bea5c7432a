"""Scripted workouts for storage tests: reps and holds as a counter would emit them, through the repository."""

from __future__ import annotations

from datetime import timedelta

from coach.counting.events import HoldEvent, RepEvent, RepTempo
from coach.storage import Repository


def rep(exercise: str = "squat", index: int = 0, quality: float = 0.9, partial: bool = False, cues=()) -> RepEvent:
    """The index-th rep of a steady set: one every 2.5 s, 1.0 s down, 0.8 s up."""
    start = 2.5 * index
    return RepEvent(exercise, "both", start, start + 2.0, RepTempo(1.0, 0.8), 88.5, quality, tuple(cues), partial)


def hold(seconds: float, start: float = 0.0) -> HoldEvent:
    return HoldEvent("plank", start, start + seconds + 1.0, seconds, 0.8, ("hips up",))


def do_set(repo: Repository, clock, session_id: int, exercise: str, reps: int, target: int, partial: int = 0) -> int:
    """A set of `reps` counted reps (and `partial` partial ones), 2.5 s apart, then finished."""
    set_id = repo.start_set(session_id, exercise, target_reps=target)
    for i in range(reps + partial):
        clock.advance(2.5)
        repo.record_rep(session_id, set_id, rep(exercise, i, quality=0.8 + 0.01 * i, partial=i >= reps))
    clock.advance(1.0)
    repo.finish_set(session_id, set_id)
    return set_id


def fill_history(repo: Repository, clock) -> dict[str, int]:
    """Four sessions: Monday, Tuesday, Wednesday (aborted) of one week, and Tuesday of the next.

    Monday "Full body": squat 10/10 (+1 partial), plank 31.5/30 s, pushup 6/8; completed, score 85, 120 XP.
    Tuesday "Legs": squat 12/12; completed. Wednesday "Legs": squat 3/12, aborted. Next Tuesday "Legs": squat 5/12.
    """
    start = clock.now
    ids = {}
    ids["monday"] = repo.start_session("default", "Full body")
    do_set(repo, clock, ids["monday"], "squat", 10, 10, partial=1)
    plank = repo.start_set(ids["monday"], "plank", target_seconds=30)
    clock.advance(33)
    repo.record_hold(ids["monday"], plank, hold(31.5))
    repo.finish_set(ids["monday"], plank)
    do_set(repo, clock, ids["monday"], "pushup", 6, 8)
    repo.add_xp(100, "workout completed", session_id=ids["monday"])
    repo.add_xp(20, "full squat set", session_id=ids["monday"])
    clock.advance(10)
    repo.finish_session(ids["monday"], "completed", score=85)

    for day, name, reps, status in (("tuesday", "Legs", 12, "completed"), ("wednesday", "Legs", 3, "aborted"),
                                    ("next_tuesday", "Legs", 5, "completed")):  # fmt: skip
        offset = {"tuesday": 1, "wednesday": 2, "next_tuesday": 8}[day]
        clock.now = start + timedelta(days=offset)
        ids[day] = repo.start_session("default", name)
        do_set(repo, clock, ids[day], "squat", reps, 12)
        repo.finish_session(ids[day], status)
    return ids
