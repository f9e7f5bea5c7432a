"""The live worker's loop: open the source, then process frames and post each `LiveFrame` without ever waiting
for the UI. Runs in a separate process (`LiveProcessor`), or in a thread for comparison.

Why a process: MediaPipe's `process()` does release the GIL, but the Python around each call (packet conversion,
landmark copying, smoothing, features, recognizer, rep counting) needs it back; beside a busy Python thread pose
ran at a third to a half of its speed (benchmarks/app.py, GIL check). A process has its own GIL, so neither a slow
UI frame nor a slow worker step can stall the other. Pictures go through shared memory (coach/live/shm.py).

A source that fails mid-stream (a webcam unplugged, a video that stops decoding) is reported and reopened by
`KeptSource` (coach/live/recovery.py); the worker goes on with the frames when they come back.

Start-up order, for a fast first picture: the source opens first and frames flow to the UI at once (marked
`analysed=False`) while the pose model loads in a side thread (~1 s); analysis starts as soon as it is ready.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Protocol

from coach.errors import CoachError, SourceError
from coach.live.config import LiveConfig
from coach.live.engine import LiveEngine
from coach.live.frame import (
    RESULT_QUEUE_SIZE,
    DisplaySize,
    LiveFrame,
    SourceEnded,
    SourceInfo,
    UseModel,
    WorkerFailed,
    WorkerStopped,
)
from coach.live.recovery import KeptSource
from coach.live.shm import NO_PICTURE, PictureRing, SharedPicture
from coach.model_choice import choose_model
from coach.session import OpenedSource, is_camera_spec, is_synthetic_spec, open_named_source
from coach.vision.sources import Frame, FrameSource


class _Queue(Protocol):
    def put_nowait(self, item: Any) -> None: ...

    def full(self) -> bool: ...

    def get_nowait(self) -> Any: ...


class _Event(Protocol):
    def is_set(self) -> bool: ...


def run_worker(
    config: LiveConfig, results: _Queue, commands: _Queue, stop: _Event, share_pictures: bool = False
) -> None:
    """The worker's entry point: never raises; failures are posted as one-line `WorkerFailed`.
    `share_pictures`: pass pictures through shared memory (a worker process) instead of the queue (a thread)."""
    try:
        _Worker(config, results, commands, stop, share_pictures).run()
    except CoachError as exc:
        _post_final(results, WorkerFailed(str(exc)))
    except Exception as exc:  # a bug: keep its traceback for whoever reports it, give the UI one line
        traceback.print_exc(file=sys.stderr)
        _post_final(results, WorkerFailed(f"live processing stopped: {type(exc).__name__}: {exc}"))


def _post_final(results: _Queue, message: Any) -> None:
    """Post a last message even if the UI is behind (it is small; wait briefly for room)."""
    for _ in range(200):
        try:
            results.put_nowait(message)
            return
        except queue.Full:
            time.sleep(0.01)


class _Worker:
    def __init__(
        self, config: LiveConfig, results: _Queue, commands: _Queue, stop: _Event, share_pictures: bool = False
    ) -> None:
        self.config = config
        self.share_pictures = share_pictures
        self.ring: PictureRing | None = None
        self.results = results
        self.commands = commands
        self.stop = stop
        self.pending_events: list[Any] = []
        self.dropped = 0
        self.info: SourceInfo | None = None

    def run(self) -> None:
        config = self.config
        try:
            opened: OpenedSource | None = self._open(fallback=config.fallback_to_synthetic)
        except SourceError:
            if not config.keep_trying:
                raise
            opened = None  # KeptSource reports it and keeps trying
        model = (config.model or choose_model()) if config.recognition else None
        engine, note = LiveEngine.build(
            model,
            model_complexity=config.model_complexity,
            known_ranges=config.known_ranges,
            count=config.count,
            display_size=config.display_size,
        )
        source = opened.source if opened is not None else None
        name = source.name if source is not None else config.source.strip()
        live = opened.live if opened is not None else is_camera_spec(config.source) or is_synthetic_spec(config.source)
        if opened is not None and source is not None:
            self.info = SourceInfo(
                source.name, source.fps, live, opened.fallback_reason, note, model=_model_line(engine)
            )
            self._post(self.info)

        def on_open(reopened: FrameSource) -> None:
            self.info = SourceInfo(reopened.name, reopened.fps, live, None, note, model=_model_line(engine))
            self._post(self.info)

        kept = KeptSource(
            lambda: self._open(fallback=False).source,
            source,
            live=live,
            camera=is_camera_spec(config.source) and name != "synthetic",
            realtime=config.realtime,
            post=self._post,
            stopped=self.stop.is_set,
            loop=config.loop,
            start_at_s=config.start_at_s,
            retry_s=config.retry_s,
            on_open=on_open,
            on_back=engine.step.reset,
        )
        loader = _PoseLoader(engine, needed=name != "synthetic")
        closing: tuple[Any, ...] = ()
        try:
            frames = self._stream(kept, engine, loader, live)
            loader.raise_failure()
            if not self.stop.is_set():  # the video ended: a rep on its way back or a hold in progress is closed,
                closing = (*self.pending_events, *engine.step.finish())  # as `coach analyze` closes them
        finally:
            kept.close()
            loader.join()
            engine.close()
            if self.ring is not None:
                self.ring.close()
        if self.stop.is_set():
            _post_final(self.results, WorkerStopped())
        else:
            _post_final(self.results, SourceEnded(frames, closing))

    def _open(self, *, fallback: bool) -> OpenedSource:
        """Open the configured source (with the avatar instead of a missing camera when `fallback`)."""
        config = self.config
        if config.open_source is not None:
            return OpenedSource(config.open_source(config.source), live=is_camera_spec(config.source))
        return open_named_source(
            config.source,
            fallback_to_synthetic=fallback,
            realtime=config.realtime,
            seed=config.synthetic_seed,
            script=config.synthetic_segments,
        )

    def _stream(
        self, source: Iterable[tuple[Frame, float]], engine: LiveEngine, loader: _PoseLoader, live: bool
    ) -> int:
        frames = 0
        for frame, captured_at in source:
            if self.stop.is_set():
                break
            self._apply_commands(engine)
            # A camera (or a paced recording) shows pictures while the pose model loads; an unpaced recording waits
            # for it, so every frame is analysed (as `coach analyze` does)
            ready = loader.ready() if (live or self.config.realtime) else loader.wait()
            self._post_frame(engine.process(frame, captured_at, analyse=ready))
            frames += 1
        return frames

    def _apply_commands(self, engine: LiveEngine) -> None:
        while True:
            try:
                command = self.commands.get_nowait()
            except queue.Empty:
                return
            if isinstance(command, DisplaySize):
                engine.display_size = (max(1, command.width), max(1, command.height))
            else:
                note = engine.on_command(command)
                if isinstance(command, UseModel) and self.info is not None:  # the screen names the model in use
                    self.info = replace(self.info, recognition_note=note, model=_model_line(engine))
                    self._post(self.info)

    def _post_frame(self, frame: LiveFrame) -> None:
        """Post without waiting; when the UI is behind, the frame is dropped but its events ride on the next one."""
        if self.pending_events:
            frame = _with_events(frame, (*self.pending_events, *frame.events))
        if self.results.full():  # only the UI takes from the queue, so "not full" stays true until we put
            self.pending_events = list(frame.events)
            self.dropped += 1
            return
        self.results.put_nowait(self._shared(frame) if self.share_pictures else frame)
        self.pending_events = []

    def _shared(self, frame: LiveFrame) -> LiveFrame | SharedPicture:
        """The frame with its picture moved into shared memory (created at the first frame, sized for the source)."""
        if self.ring is None:
            width, height = frame.source_size
            self.ring = PictureRing.create(RESULT_QUEUE_SIZE + 2, max(width * height * 3, frame.rgb.nbytes))
            self._post(self.ring.ready)
        slot = self.ring.write(frame.rgb)
        if slot is None:
            return frame
        return SharedPicture(replace(frame, rgb=NO_PICTURE), slot, frame.rgb.shape)

    def _post(self, message: Any) -> None:
        _post_final(self.results, message)


def _model_line(engine: LiveEngine) -> str | None:
    return engine.model.describe() if engine.model is not None and engine.step.recognizer is not None else None


def _with_events(frame: LiveFrame, events: tuple[Any, ...]) -> LiveFrame:
    return replace(frame, events=events)


class _PoseLoader:
    """Loads the pose model in a side thread so frames reach the screen while it starts (~1 s)."""

    def __init__(self, engine: LiveEngine, *, needed: bool) -> None:
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None
        if needed:
            self._thread = threading.Thread(target=self._load, args=(engine,), name="pose-loader", daemon=True)
            self._thread.start()

    def _load(self, engine: LiveEngine) -> None:
        try:
            _ = engine.step.pipeline.estimator
        except BaseException as exc:  # re-raised on the worker's own thread by raise_failure()
            self._failure = exc

    def ready(self) -> bool:
        """True once frames can be analysed; a failed load is raised here."""
        if self._thread is not None and self._thread.is_alive():
            return False
        self.raise_failure()
        return True

    def wait(self) -> bool:
        """Block until the model has loaded (a failed load is raised here); True."""
        if self._thread is not None:
            self._thread.join()
        self.raise_failure()
        return True

    def raise_failure(self) -> None:
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def join(self) -> None:
        if self._thread is not None:
            with contextlib.suppress(RuntimeError):
                self._thread.join(timeout=10.0)
