"""A calibration recording from the app: `coach.recording` (the Recorder `coach record` uses) fed by the per-frame
step in a background thread, so the UI keeps drawing the live skeleton, the countdown and the rep count. When it ends,
the thread also measures the range of every rep (what the person's next workout counts against).

The thread publishes a small snapshot after every frame; the screen reads the latest one each UI frame. Cancel is a
flag the thread checks between frames.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from coach.calibration import rep_ranges
from coach.errors import CoachError
from coach.pipeline import FrameResult
from coach.recording import LandmarkSequence, Recorder, record
from coach.recording_check import FrameSampler, check_one_person, check_presence
from coach.session import build_step, exercise_script, open_named_source

DEFAULT_REPS = 5
DEFAULT_SECONDS = 10.0
COUNTDOWN_S = 3.0


@dataclass(frozen=True)
class RecordingSnapshot:
    """What the screen shows while recording: phase, countdown, time and reps so far, the latest pose (image 0..1)."""

    phase: str  # countdown, recording, done, failed, cancelled
    countdown_left: float = 0.0
    elapsed_s: float = 0.0
    reps: int = 0
    image_xy: np.ndarray | None = None
    visibility: np.ndarray | None = None
    message: str = ""


class _Cancelled(Exception):
    pass


class RecordingJob:
    """One recording in a background thread. `snapshot` is always the latest state; `result` the sequence at the end."""

    def __init__(
        self,
        source_spec: str,
        exercise: str,
        *,
        reps: int | None = None,
        seconds: float | None = None,
        countdown_s: float = COUNTDOWN_S,
        model_complexity: int = 1,
        realtime: bool = True,
    ) -> None:
        self.exercise = exercise
        self.reps_goal, self.seconds_goal = reps, seconds
        self.recorder = Recorder(exercise, reps=reps, seconds=seconds, countdown_s=countdown_s)
        self.snapshot = RecordingSnapshot("countdown", countdown_s)
        self.result: LandmarkSequence | None = None
        self.rep_ranges: list[float] = []
        self.source_name = source_spec
        self._spec, self._complexity, self._realtime = source_spec, model_complexity, realtime
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="coach-calibration", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            script = exercise_script(self.exercise, reps=self.reps_goal, seconds=self.seconds_goal)
            opened = open_named_source(self._spec, realtime=self._realtime, script=script)
        except CoachError as exc:
            self.snapshot = RecordingSnapshot("failed", message=str(exc))
            return
        source = opened.source
        self.source_name = source.name
        if source.name == "synthetic" and not self._realtime:
            self.recorder.skip_countdown()  # generated frames need no time to get into position
        step, _ = build_step(None, model_complexity=self._complexity)  # counting needs no recognizer
        synthetic, sampler = source.name == "synthetic", FrameSampler()

        def on_frame(recorder: Recorder, result: FrameResult) -> None:
            if self._cancel.is_set():
                raise _Cancelled
            if recorder.phase != "countdown" and not synthetic:
                sampler.offer(recorder.elapsed_s, result.frame.rgb)  # for the two-people check
            pose = result.pose
            self.snapshot = RecordingSnapshot(
                recorder.phase,
                recorder.countdown_left(result.frame.timestamp_s),
                recorder.elapsed_s,
                recorder.reps,
                pose.image_xy if pose is not None else None,
                pose.visibility if pose is not None else None,
            )

        try:
            self.result = record(source, step, self.recorder, on_frame)
            check_presence(source.name, self.result.detected, self.result.fps)  # nobody, or someone who left
            if sampler.frames:
                from coach.vision.pose import PoseEstimator

                with PoseEstimator(video=False) as estimator:
                    check_one_person(source.name, sampler.frames, estimator.estimate)
            self.rep_ranges = rep_ranges(self.exercise, self.result)
            self.snapshot = RecordingSnapshot(
                "done", 0.0, self.result.seconds, self.recorder.reps, message=self._ended_early()
            )
        except _Cancelled:
            self.snapshot = RecordingSnapshot("cancelled", message="Recording cancelled.")
        except CoachError as exc:
            self.snapshot = RecordingSnapshot("failed", message=str(exc))
        finally:
            step.close()
            source.close()

    def _ended_early(self) -> str:
        if self.recorder.phase == "done":
            return ""
        goal = f"{self.reps_goal} reps" if self.reps_goal is not None else f"{self.seconds_goal:g} s"
        return f"The source ended before {goal}."

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive()

    def cancel(self) -> None:
        self._cancel.set()
        self._thread.join(timeout=5)

    def wait(self, timeout: float | None = None) -> None:
        """Block until the recording ends (tests)."""
        self._thread.join(timeout)
