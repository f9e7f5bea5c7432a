"""A write that fails is never silent: the workout's writer retries what a person can fix (locked, full, read-only,
unreachable) with everything queued behind it waiting in order, says so while it does, gives up only on a write
storage refuses for good (and says that too, at the time and at the end); the Workout screen shows a rep only once it
is stored, and while saving fails it keeps counting under a banner that says how many reps are not saved yet."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from coach.app.context import AppContext
from coach.app.feed import FrozenFeed
from coach.app.screens.workout import WorkoutScreen
from coach.app.theme import Theme
from coach.app.workout_driver import EngineDriver
from coach.app.workouts import Workouts
from coach.app.writer import BackgroundRecorder, UnsavedWritesError
from coach.live.client import LiveUpdate
from coach.storage.errors import DatabaseLockedError, ReadOnlyError, StateError, StorageError
from coach.storage.repository import open_repository
from coach.workout.plan import parse_plan
from coach.workout.recorder import MemoryRecorder
from tests.app.conftest import RecordingSounds
from tests.app.frames import scripted_frame, squat_rep

SIX_SQUATS = parse_plan(
    """\
name: Six squats
description: One set.
difficulty: beginner
estimated_minutes: 1
blocks:
  - name: A
    items:
      - {exercise: squat, sets: 1, reps: 6}
"""
)
FAST_RETRY = (0.01, 0.05)
DISK_FULL = StorageError("/data/coach.db: the disk failed or is full (database or disk is full); free some space")


class Broken:
    """A recorder over a MemoryRecorder whose calls named in `failing` raise `error` until `heal()`; each failed
    call is counted in `attempts`. `once=True`: each named call fails only the first time."""

    def __init__(self, error: BaseException, failing: set[str] | None = None, once: bool = False) -> None:
        self.memory = MemoryRecorder()
        self.error = error
        self.failing = failing
        self.once = once
        self.healed = threading.Event()
        self.healed.set()
        self.attempts = 0

    def break_(self) -> None:
        self.healed.clear()

    def heal(self) -> None:
        self.healed.set()

    def _call(self, name: str, *args, **kwargs):
        if not self.healed.is_set() and (self.failing is None or name in self.failing):
            self.attempts += 1
            if self.once:
                self.failing = (self.failing or set()) - {name}
            raise self.error
        return getattr(self.memory, name)(*args, **kwargs)

    def start_session(self, *a, **k):
        return self._call("start_session", *a, **k)

    def start_set(self, *a, **k):
        return self._call("start_set", *a, **k)

    def record_rep(self, *a, **k):
        return self._call("record_rep", *a, **k)

    def add_xp(self, *a, **k):
        return self._call("add_xp", *a, **k)

    def finish_set(self, *a, **k):
        return self._call("finish_set", *a, **k)

    def finish_session(self, *a, **k):
        return self._call("finish_session", *a, **k)


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def started(inner: Broken, **options) -> tuple[BackgroundRecorder, int, int]:
    recorder = BackgroundRecorder(inner, retry_s=FAST_RETRY, **options)
    session = recorder.start_session("Plan")
    set_id = recorder.start_set(session, position=0, exercise="squat", target_reps=10, target_seconds=None)
    assert recorder.flush(5.0)
    return recorder, session, set_id


@pytest.mark.parametrize(
    "failure",
    [
        DISK_FULL,
        ReadOnlyError("/data/coach.db: cannot write the database (attempt to write a readonly database)"),
        StorageError("postgresql://me@db/coach: cannot use the database (connection refused); is it reachable?"),
    ],
    ids=["disk-full", "read-only", "server-down"],
)
def test_writes_that_keep_failing_are_retried_in_order_until_they_all_land(failure: StorageError):
    inner = Broken(failure)
    recorder, session, set_id = started(inner)
    inner.break_()
    for i in range(5):
        recorder.record_rep(set_id, squat_rep(2.0 * i))
        recorder.add_xp(session, 10, "rep")
    wait_until(lambda: inner.attempts >= 3)  # retried, not dropped
    state = recorder.state()
    assert state.problem == str(failure)
    assert (state.pending, state.unsaved_reps, recorder.saved_reps(0)) == (10, 5, 0)
    inner.heal()
    assert recorder.flush(5.0)
    state = recorder.state()
    assert (state.problem, state.pending, state.unsaved_reps, recorder.saved_reps(0)) == (None, 0, 0, 5)
    recorder.close()
    stored = inner.memory.sets[recorder.stored_id(set_id)].reps
    assert [r.start_s for r in stored] == [0.0, 2.0, 4.0, 6.0, 8.0]  # every one, in order
    assert inner.memory.calls[2:] == ["record_rep", "add_xp"] * 5


def test_a_refused_write_is_given_up_and_said_while_the_rest_land():
    inner = Broken(StateError("coach.db: set 1 is already finished"), failing={"finish_set"}, once=True)
    recorder, session, set_id = started(inner)
    inner.break_()
    recorder.record_rep(set_id, squat_rep(0.0))
    recorder.finish_set(set_id, reps=1, hold_seconds=0.0, duration_s=3.0, status="completed")
    recorder.finish_session(session, "completed", 10)
    assert recorder.flush(5.0)
    assert inner.memory.calls[-2:] == ["record_rep", "finish_session"]
    state = recorder.state()
    assert state.given_up == 1 and state.problem is not None and "could not be saved" in state.problem
    with pytest.raises(UnsavedWritesError, match=r"1 write refused \(set end: coach.db: set 1 is already finished\)"):
        recorder.close()


def test_writes_for_a_set_that_was_never_stored_are_given_up_not_sent_with_a_wrong_id():
    inner = Broken(StateError("coach.db: session 1 is aborted, not running"), failing={"start_set"})
    recorder = BackgroundRecorder(inner, retry_s=FAST_RETRY)
    session = recorder.start_session("Plan")
    inner.break_()
    set_id = recorder.start_set(session, position=0, exercise="squat", target_reps=10, target_seconds=None)
    recorder.record_rep(set_id, squat_rep(0.0))
    assert recorder.flush(5.0)
    assert recorder.state().given_up == 2 and recorder.state().unsaved_reps == 1
    assert inner.memory.sets == {}
    with pytest.raises(UnsavedWritesError, match="2 writes refused"):
        recorder.close()


def test_closing_while_the_database_is_still_locked_says_what_was_not_saved():
    locked = DatabaseLockedError("coach.db: the database is locked by another program for more than 5 s")
    inner = Broken(locked)
    recorder, session, set_id = started(inner)
    inner.break_()
    recorder.record_rep(set_id, squat_rep(0.0))
    recorder.finish_session(session, "aborted", 10)
    began = time.monotonic()
    with pytest.raises(UnsavedWritesError, match=r"2 writes not saved \(coach.db: the database is locked"):
        recorder.close(timeout_s=0.3)
    assert time.monotonic() - began < 3.0


def test_a_rep_is_shown_only_once_its_write_has_landed():
    gate = threading.Event()

    class SlowCommit(MemoryRecorder):
        def record_rep(self, set_id, rep):
            gate.wait(10)
            super().record_rep(set_id, rep)

    recorder = BackgroundRecorder(SlowCommit(), clock=lambda: 0.0)  # the clock never moves: never "slow"
    driver = EngineDriver(SIX_SQUATS, recorder, None, saves=recorder)

    def step(frame=None) -> int:
        update = LiveUpdate(frame, frame.events if frame else (), 1 if frame else 0)
        return driver.update(1 / 30, update, frame)

    step(scripted_frame(0.0))
    step(scripted_frame(5.1))  # get ready is over: the set starts
    assert recorder.flush(5.0)
    assert step().phase == "active"
    hud = step(scripted_frame(7.0, events=(squat_rep(5.3),)))
    assert driver.engine.snapshot().reps == 1 and hud.reps == 0  # counted, but its commit has not landed
    assert step().reps == 0 and step().save_problem is None
    gate.set()
    assert recorder.flush(5.0)
    assert step().reps == 1
    recorder.close()


def _frames_until(screen: WorkoutScreen, context: AppContext, condition: Callable[[], bool]) -> None:
    """UI frames with nothing new from the camera until `condition` holds."""
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, f"timed out; the screen shows {screen.hud}"
        context.update = LiveUpdate(None, (), 0)
        screen.update(1 / 60)
        time.sleep(0.01)


def _feed(screen: WorkoutScreen, context: AppContext, frame) -> None:
    context.live.latest = frame
    context.update = LiveUpdate(frame, frame.events, 1)
    screen.update(1 / 30)


def test_a_locked_database_mid_workout_shows_a_banner_keeps_counting_and_saves_everything_after(
    tmp_path: Path, window: pygame.Surface
):
    path = tmp_path / "coach.db"
    repo = open_repository(f"sqlite:///{path}", busy_timeout_s=0.2)
    workouts = Workouts(repo, "Sam")
    context = AppContext(theme=Theme(window.get_size()), sounds=RecordingSounds(), live=FrozenFeed(None))
    screen = workouts.start(context, SIX_SQUATS)
    _feed(screen, context, scripted_frame(0.0))
    _feed(screen, context, scripted_frame(5.1))
    _feed(screen, context, scripted_frame(7.0, events=(squat_rep(5.3),)))
    _frames_until(screen, context, lambda: screen.hud.reps == 1)

    other = sqlite3.connect(path, isolation_level=None)  # another program takes the write lock and keeps it
    other.execute("BEGIN IMMEDIATE")
    for k in range(3):
        _feed(screen, context, scripted_frame(9.0 + 2 * k, events=(squat_rep(7.3 + 2 * k),)))
    _frames_until(screen, context, lambda: "locked" in (screen.hud.save_problem or ""))
    assert screen.hud.reps == 4 and screen.hud.unsaved_reps == 3  # counting goes on, and says what is not saved
    screen.draw(window)

    other.execute("ROLLBACK")
    other.close()
    _frames_until(screen, context, lambda: screen.hud.save_problem is None)
    assert screen.hud.reps == 4 and screen.hud.unsaved_reps == 0
    screen.driver.command("quit")
    _frames_until(screen, context, lambda: screen.hud.phase == "done")
    assert screen.driver.summary() is not None
    workouts.close()
    (stored,) = workouts.history()
    assert stored.status == "aborted" and [s.reps for s in stored.sets] == [4]
    repo.close()


def test_a_workout_that_ends_while_the_database_is_locked_gets_its_summary_and_coach_says_what_was_lost_on_exit(
    tmp_path: Path, window: pygame.Surface
):
    path = tmp_path / "coach.db"
    repo = open_repository(f"sqlite:///{path}", busy_timeout_s=0.1)
    workouts = Workouts(repo, "Sam", close_wait_s=0.5)
    context = AppContext(theme=Theme(window.get_size()), sounds=RecordingSounds(), live=FrozenFeed(None))
    screen = workouts.start(context, SIX_SQUATS)
    _feed(screen, context, scripted_frame(0.0))
    _frames_until(screen, context, lambda: screen.driver.saves.state().pending == 0)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        _feed(screen, context, scripted_frame(5.1))
        _feed(screen, context, scripted_frame(7.0, events=(squat_rep(5.3),)))
        screen.driver.command("quit")
        _frames_until(screen, context, lambda: screen.hud.phase == "done")
        summary = screen.driver.summary()
        assert summary is not None and summary.aborted and [s.reps for s in summary.sets] == [1]
        assert summary.level is None  # storage could not say what it unlocked
        with pytest.raises(UnsavedWritesError, match=r"writes not saved \(.*coach.db: the database is locked"):
            workouts.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    (stored,) = repo.sessions()
    assert stored.status == "running"  # left for the next start to mark interrupted (this process is still alive)
    repo.close()
