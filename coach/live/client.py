"""The UI's side of the live worker: start it, take the newest result without waiting, steer it, stop it.

`poll()` is called once per UI frame: it drains what the worker posted, keeps the newest `LiveFrame`, gathers the
reps and holds credited on every frame in between, and raises the worker's failure as a one-line `CoachError`.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Literal

from coach.errors import CoachError
from coach.live.config import LiveConfig
from coach.live.frame import (
    RESULT_QUEUE_SIZE,
    DisplaySize,
    LiveFrame,
    SourceBack,
    SourceEnded,
    SourceInfo,
    SourceLost,
    WorkerFailed,
    WorkerStopped,
)
from coach.live.shm import PictureRing, RingReady, SharedPicture
from coach.live.worker import run_worker

Mode = Literal["process", "thread"]


class LiveError(CoachError):
    """The live worker stopped on an error (a missing video, a broken model, a crash): one line for the person."""


@dataclass(frozen=True, eq=False)
class LiveUpdate:
    """What arrived since the previous poll: the newest frame (None if none arrived), every event, frame count."""

    frame: LiveFrame | None
    events: tuple[Any, ...]
    frames: int


class LiveProcessor:
    """Runs the live chain in a worker process (or thread) and hands the UI the latest `LiveFrame`."""

    def __init__(self, config: LiveConfig, mode: Mode = "process") -> None:
        self.config = config
        self.mode = mode
        self.latest: LiveFrame | None = None
        self.source: SourceInfo | None = None
        self.ended: SourceEnded | None = None
        self.lost: SourceLost | None = None  # the source failed and the worker is trying to open it again
        self.started_at: float | None = None
        self.frames_received = 0
        self._worker: Any = None
        self._results: Any = None
        self._commands: Any = None
        self._stop: Any = None
        self._finished = False
        self._ring: PictureRing | None = None

    def start(self) -> LiveProcessor:
        """Start the worker (returns at once; the first frame follows within about a second)."""
        if self._worker is not None:
            raise RuntimeError("LiveProcessor already started")
        self.started_at = time.monotonic()
        if self.mode == "process":
            ctx = multiprocessing.get_context("spawn")  # fork is unsafe with SDL and MediaPipe threads in the parent
            self._results, self._commands, self._stop = ctx.Queue(RESULT_QUEUE_SIZE), ctx.Queue(), ctx.Event()
            self._worker = ctx.Process(
                target=run_worker,
                args=(self.config, self._results, self._commands, self._stop, True),
                name="coach-live",
                daemon=True,
            )
        else:
            self._results, self._commands, self._stop = queue.Queue(RESULT_QUEUE_SIZE), queue.Queue(), threading.Event()
            self._worker = threading.Thread(
                target=run_worker,
                args=(self.config, self._results, self._commands, self._stop),
                name="coach-live",
                daemon=True,
            )
        self._worker.start()
        return self

    @property
    def running(self) -> bool:
        """Whether the worker is still producing frames."""
        return self._worker is not None and not self._finished

    def poll(self) -> LiveUpdate:
        """Take everything the worker posted, without waiting. Raises LiveError if the worker failed or died."""
        newest: LiveFrame | SharedPicture | None = None
        events: list[Any] = []
        count = 0
        while self._results is not None:
            try:
                message = self._results.get_nowait()
            except queue.Empty:
                break
            if isinstance(message, LiveFrame | SharedPicture):
                newest, count = message, count + 1
                events.extend(message.frame.events if isinstance(message, SharedPicture) else message.events)
            elif isinstance(message, SourceEnded):
                events.extend(message.events)
                self._on_message(message)
            else:
                self._on_message(message)
        if isinstance(newest, SharedPicture):  # only the newest picture is copied out of shared memory
            ring = self._ring
            newest = replace(newest.frame, rgb=ring.read(newest.slot, newest.shape)) if ring is not None else None
        if newest is not None:
            self.latest = newest
            self.frames_received += count
        if newest is None and not self._finished and self._worker is not None and not self._worker.is_alive():
            self._finished = True
            code = getattr(self._worker, "exitcode", None)
            raise LiveError(f"live processing stopped unexpectedly (worker exit code {code})")
        return LiveUpdate(newest, tuple(events), count)

    def wait_for_frame(self, timeout_s: float = 30.0, *, analysed: bool = True) -> LiveFrame:
        """Block until a frame arrives (for scripts and tests; the UI polls instead)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            update = self.poll()
            if update.frame is not None and (update.frame.analysed or not analysed):
                return update.frame
            if self.ended is not None:
                break
            time.sleep(0.005)
        raise LiveError(f"no live frame within {timeout_s:.0f} s from {self.config.source}")

    def _on_message(self, message: Any) -> None:
        if isinstance(message, RingReady):
            with contextlib.suppress(FileNotFoundError):  # the worker already finished and deleted it
                self._ring = PictureRing.attach(message)
        elif isinstance(message, SourceInfo):
            self.source = message
        elif isinstance(message, SourceLost):
            self.lost = message
        elif isinstance(message, SourceBack):
            self.lost = None
        elif isinstance(message, SourceEnded):
            self.ended, self._finished = message, True
        elif isinstance(message, WorkerStopped):
            self._finished = True
        elif isinstance(message, WorkerFailed):
            self._finished = True
            raise LiveError(message.message)

    def set_display_size(self, width: int, height: int) -> None:
        """Ask the worker to scale frames to fit (width, height): the UI then blits them as they are."""
        self._send(DisplaySize(int(width), int(height)))

    def send(self, command: Any) -> None:
        """Steer the per-frame step: `CountExercise("squat")` when a set starts, `UseModel(choice)` after an
        activation."""
        self._send(command)

    def _send(self, command: Any) -> None:
        if self._commands is not None and not self._finished:
            self._commands.put(command)

    def stop(self, timeout_s: float = 5.0) -> None:
        """Ask the worker to finish, wait for it (draining its queue so it can exit), kill it if it hangs."""
        if self._worker is None:
            return
        self._stop.set()
        deadline = time.monotonic() + timeout_s
        while self._worker.is_alive() and time.monotonic() < deadline:
            self._drain()
            self._worker.join(0.02)
        if self._worker.is_alive() and self.mode == "process":
            self._worker.terminate()
            self._worker.join(1.0)
        self._drain()
        if self.mode == "process":
            for q in (self._results, self._commands):
                q.cancel_join_thread()
                q.close()
        if self._ring is not None:
            self._ring.close()
            self._ring = None
        self._finished = True
        self._worker = None

    def _drain(self) -> None:
        with contextlib.suppress(queue.Empty, OSError, ValueError, EOFError):
            while True:
                self._results.get_nowait()

    def __enter__(self) -> LiveProcessor:
        return self.start() if self._worker is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
