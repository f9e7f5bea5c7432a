"""A workout recorder that writes on a small thread of its own, so a SQLite commit (a disk sync) never holds up a UI
frame. Calls that return an id (a session or set starting, a few times per workout) wait for the writes queued before
them and then run at once; the per-rep writes (rep, XP, set and session end) are queued in order.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from coach.counting.events import RepEvent
from coach.workout.recorder import WorkoutRecorder

_STOP = object()


class BackgroundRecorder:
    """Wraps a `WorkoutRecorder` (e.g. storage's RepositoryRecorder); `close()` waits for every write to land."""

    def __init__(self, inner: WorkoutRecorder) -> None:
        self.inner = inner
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="coach-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is _STOP:
                    return
                if self._error is None:
                    job()
            except BaseException as exc:  # kept, and raised on the UI thread at the next call or close()
                self._error = exc
            finally:
                self._jobs.task_done()

    def _queue(self, job: Callable[[], None]) -> None:
        self._raise()
        self._jobs.put(job)

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def flush(self) -> None:
        """Wait until everything queued has been written (raises what a write raised)."""
        self._jobs.join()
        self._raise()

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join()
        self._raise()

    def start_session(self, plan_name: str) -> int:
        self.flush()
        return self.inner.start_session(plan_name)

    def start_set(
        self, session_id: int, *, position: int, exercise: str, target_reps: int | None, target_seconds: float | None
    ) -> int:
        self.flush()
        return self.inner.start_set(
            session_id, position=position, exercise=exercise, target_reps=target_reps, target_seconds=target_seconds
        )

    def record_rep(self, set_id: int, rep: RepEvent) -> None:
        self._queue(lambda: self.inner.record_rep(set_id, rep))

    def add_xp(self, session_id: int, amount: int, reason: str) -> None:
        self._queue(lambda: self.inner.add_xp(session_id, amount, reason))

    def finish_set(self, set_id: int, *, reps: int, hold_seconds: float, duration_s: float, status: str) -> None:
        self._queue(
            lambda: self.inner.finish_set(
                set_id, reps=reps, hold_seconds=hold_seconds, duration_s=duration_s, status=status
            )
        )

    def finish_session(self, session_id: int, status: str, score: int) -> None:
        self._queue(lambda: self.inner.finish_session(session_id, status, score))
