"""The app's workout recorder: every write goes to storage on a small thread of its own, in order, and is retried until
it lands, so a slow, locked, full or unreachable database never freezes a UI frame and never loses a write silently.

- Calls return at once. Starting a session or a set returns an id of this recorder's own; the writer maps it to the
  stored id when that write lands (`stored_id`).
- A write that fails with a `StorageError` the person can fix (locked, read-only, disk full, server down) is retried
  with a growing pause, and everything queued behind it waits its turn: nothing is skipped and the order holds.
  `state()` says why writes are not landing, for the Workout screen's banner.
- A write storage refuses for good (a bug, or a write for a set that never got stored) is given up, counted and named
  in `state()`; the writes after it go on. `close()` raises `UnsavedWritesError` for anything given up or still queued.
- `landed` counts writes that have left the queue; the Workout screen shows the workout as of the last landed write
  (coach/app/workout_driver.py), so a rep on screen is a rep on disk.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from coach.counting.events import RepEvent
from coach.storage.errors import NotFoundError, StateError, StorageError
from coach.workout.recorder import WorkoutRecorder

SLOW_S = 1.0  # a write waiting longer than this is reported (the screen stops waiting for it)
RETRY_FIRST_S = 0.25  # the pause after a failed write, doubling up to RETRY_MAX_S while it keeps failing
RETRY_MAX_S = 4.0


class UnsavedWritesError(StorageError):
    """Some of a workout's writes could not be saved (said once, at the end, in one line)."""


@dataclass(frozen=True)
class SaveState:
    """Where the writes stand. `problem` is None while writes land promptly; otherwise one line for the banner."""

    queued: int  # writes asked for so far
    landed: int  # writes that have left the queue (stored, or given up)
    unsaved_reps: int  # reps queued or given up, not stored
    problem: str | None = None
    given_up: int = 0

    @property
    def pending(self) -> int:
        """Writes still waiting to be stored."""
        return self.queued - self.landed


@dataclass
class _Job:
    run: Callable[[], None]
    what: str  # "rep", "set", ...: for messages
    position: int | None  # the plan position of a rep's set
    queued_at: float


class _NotStored(Exception):
    """A write that refers to a session or set whose own write was given up."""


def _writes(count: int) -> str:
    return f"{count} write{'s' if count != 1 else ''}"


def retryable(error: BaseException) -> bool:
    """Whether retrying can help: storage failures a person can fix, not a refused write or a bug."""
    return isinstance(error, StorageError) and not isinstance(error, NotFoundError | StateError)


class BackgroundRecorder:
    """Wraps a `WorkoutRecorder` (storage's RepositoryRecorder); see the module docstring."""

    def __init__(
        self,
        inner: WorkoutRecorder,
        *,
        clock: Callable[[], float] = time.monotonic,
        retry_s: tuple[float, float] = (RETRY_FIRST_S, RETRY_MAX_S),
    ) -> None:
        self.inner = inner
        self._clock = clock
        self._retry_first_s, self._retry_max_s = retry_s
        self._cond = threading.Condition()
        self._jobs: deque[_Job] = deque()
        self._queued = 0
        self._landed = 0
        self._failure: str | None = None  # the head write's last error, while it is being retried
        self._given_up: list[str] = []
        self._unsaved_reps = 0
        self._saved_reps: dict[int, int] = {}  # plan position -> reps stored
        self._stored: dict[int, int] = {}  # this recorder's ids -> storage's
        self._position_of: dict[int, int] = {}  # this recorder's set ids -> plan position
        self._next_id = 0
        self._stopping = False
        self._abandon = False
        self._thread = threading.Thread(target=self._run, name="coach-writer", daemon=True)
        self._thread.start()

    # ---- the writer thread -----------------------------------------------------------------------------------

    def _run(self) -> None:
        delay = self._retry_first_s
        while True:
            with self._cond:
                while not self._jobs and not self._stopping:
                    self._cond.wait()
                if self._abandon or not self._jobs:
                    return
                job = self._jobs[0]
            try:
                job.run()
            except BaseException as error:
                if retryable(error):
                    with self._cond:
                        self._failure = str(error)
                        self._cond.notify_all()
                        self._cond.wait(delay)  # close(timeout) may wake it to give up
                    delay = min(delay * 2, self._retry_max_s)
                    continue
                self._give_up(job, error)
            else:
                self._landed_ok(job)
            delay = self._retry_first_s

    def _landed_ok(self, job: _Job) -> None:
        with self._cond:
            self._jobs.popleft()
            self._landed += 1
            self._failure = None
            if job.what == "rep":
                self._unsaved_reps -= 1
                if job.position is not None:
                    self._saved_reps[job.position] = self._saved_reps.get(job.position, 0) + 1
            self._cond.notify_all()

    def _give_up(self, job: _Job, error: BaseException) -> None:
        if not isinstance(error, StorageError | _NotStored):  # a bug: keep its traceback for whoever reports it
            traceback.print_exception(error, file=sys.stderr)
        reason = str(error) or type(error).__name__
        with self._cond:
            self._jobs.popleft()
            self._landed += 1
            self._failure = None
            self._given_up.append(f"{job.what}: {reason}")
            self._cond.notify_all()

    # ---- the UI thread's side --------------------------------------------------------------------------------

    def _queue(self, what: str, run: Callable[[], None], position: int | None = None) -> None:
        with self._cond:
            if self._stopping:
                raise RuntimeError("BackgroundRecorder is closed")
            self._jobs.append(_Job(run, what, position, self._clock()))
            self._queued += 1
            if what == "rep":
                self._unsaved_reps += 1
            self._cond.notify_all()

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _id(self, local: int) -> int:
        """Storage's id for one of ours (called on the writer thread, after the start write was tried)."""
        stored = self._stored.get(local)
        if stored is None:
            raise _NotStored("its session or set was not saved")
        return stored

    def stored_id(self, local: int) -> int | None:
        """Storage's id of a session or set this recorder started (None until that write lands, or if given up)."""
        with self._cond:
            return self._stored.get(local)

    def saved_reps(self, position: int) -> int:
        """Reps of the plan's set at `position` that are stored."""
        with self._cond:
            return self._saved_reps.get(position, 0)

    def state(self) -> SaveState:
        """A snapshot for the screen (cheap: called once per UI frame)."""
        with self._cond:
            problem = self._failure
            if problem is None and self._jobs and self._clock() - self._jobs[0].queued_at > SLOW_S:
                problem = f"waiting for the database ({self._clock() - self._jobs[0].queued_at:.0f} s)"
            if problem is None and self._given_up:
                problem = f"{_writes(len(self._given_up))} could not be saved ({self._given_up[-1]})"
            return SaveState(self._queued, self._landed, self._unsaved_reps, problem, len(self._given_up))

    def flush(self, timeout_s: float | None = None) -> bool:
        """Wait until everything queued has left the queue; False if `timeout_s` passed first."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        with self._cond:
            while self._jobs and self._thread.is_alive():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._cond.wait(left)
            return not self._jobs

    def close(self, timeout_s: float | None = None) -> None:
        """Write what is queued (waiting at most `timeout_s`), stop the thread, and raise UnsavedWritesError if any
        write was given up or is still unsaved."""
        self.flush(timeout_s)
        with self._cond:
            self._stopping = True
            self._abandon = bool(self._jobs)
            self._cond.notify_all()
        self._thread.join()
        with self._cond:
            left, given_up = len(self._jobs), list(self._given_up)
            reason = self._failure
        if left or given_up:
            parts = []
            if left:
                parts.append(f"{_writes(left)} not saved ({reason or 'the database did not answer in time'})")
            if given_up:
                parts.append(f"{_writes(len(given_up))} refused ({given_up[0]})")
            raise UnsavedWritesError(f"part of the workout could not be saved: {'; '.join(parts)}")

    # ---- WorkoutRecorder -------------------------------------------------------------------------------------

    def start_session(self, plan_name: str) -> int:
        local = self._new_id()

        def run() -> None:
            stored = self.inner.start_session(plan_name)
            with self._cond:
                self._stored[local] = stored

        self._queue("session start", run)
        return local

    def start_set(
        self, session_id: int, *, position: int, exercise: str, target_reps: int | None, target_seconds: float | None
    ) -> int:
        local = self._new_id()

        def run() -> None:
            stored = self.inner.start_set(
                self._id(session_id), position=position, exercise=exercise, target_reps=target_reps,
                target_seconds=target_seconds,
            )  # fmt: skip
            with self._cond:
                self._stored[local] = stored

        self._position_of[local] = position
        self._queue("set start", run)
        return local

    def record_rep(self, set_id: int, rep: RepEvent) -> None:
        position = self._position_of.get(set_id)
        self._queue("rep", lambda: self.inner.record_rep(self._id(set_id), rep), position)

    def add_xp(self, session_id: int, amount: int, reason: str) -> None:
        self._queue("XP", lambda: self.inner.add_xp(self._id(session_id), amount, reason))

    def finish_set(self, set_id: int, *, reps: int, hold_seconds: float, duration_s: float, status: str) -> None:
        self._queue(
            "set end",
            lambda: self.inner.finish_set(
                self._id(set_id), reps=reps, hold_seconds=hold_seconds, duration_s=duration_s, status=status
            ),
        )

    def finish_session(self, session_id: int, status: str, score: int) -> None:
        self._queue("session end", lambda: self.inner.finish_session(self._id(session_id), status, score))
