"""Calibration recording: a person does one exercise in front of the camera and Coach keeps the landmark sequence, to
retrain the recognizer on their own movement (`coach record`; the game's calibration screen feeds the same Recorder).

A recording runs the app's own per-frame step (`coach.pipeline.FrameStep`, counting the exercise) and stops after S
seconds, or once N reps have been counted. The raw (unsmoothed) MediaPipe world landmarks are kept, as the
coach-sample-1 format and training expect; frames without a person stay in, marked not detected, so the timing is true.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from coach.counting.events import RepEvent
from coach.errors import CoachError
from coach.exercises.registry import ExerciseKind, get_exercise
from coach.exercises.specs import COUNTING
from coach.vision.landmarks import NUM_LANDMARKS

if TYPE_CHECKING:
    from coach.pipeline import FrameResult, FrameStep
    from coach.vision.sources import FrameSource

Phase = Literal["countdown", "recording", "done"]


@dataclass(frozen=True, eq=False)
class LandmarkSequence:
    """A recorded stretch of pose, as the coach-sample-1 format stores it (zeros where no person was found)."""

    world: np.ndarray  # (T, 33, 3) float32, metres, hip-centred
    visibility: np.ndarray  # (T, 33) float32
    detected: np.ndarray  # (T,) bool
    fps: float

    @property
    def frames(self) -> int:
        return len(self.detected)

    @property
    def detected_frames(self) -> int:
        return int(self.detected.sum())

    @property
    def seconds(self) -> float:
        return self.frames / self.fps if self.fps > 0 else 0.0


class Recorder:
    """Collects one recording frame by frame: an optional countdown, then landmarks until the goal is met."""

    def __init__(
        self,
        exercise: str,
        *,
        reps: int | None = None,
        seconds: float | None = None,
        countdown_s: float = 0.0,
    ) -> None:
        definition = get_exercise(exercise)  # an unknown id fails here, listing the known ones
        if (reps is None) == (seconds is None):
            raise CoachError("a recording needs exactly one goal: --reps N or --seconds S")
        if reps is not None and (reps < 1 or definition.kind is not ExerciseKind.REPS):
            raise CoachError(f"{exercise}: --reps needs a positive count and an exercise done in reps; use --seconds")
        if seconds is not None and seconds <= 0:
            raise CoachError(f"--seconds must be positive, not {seconds:g}")
        self.exercise = exercise
        self.reps_goal, self.seconds_goal = reps, seconds
        self.countdown_s = countdown_s
        self.counts_reps = exercise in COUNTING  # the step counts it; the reps so far are shown while recording
        self.phase: Phase = "countdown" if countdown_s > 0 else "recording"
        self._first_t: float | None = None
        self._start_t: float | None = None
        self._times: list[float] = []
        self._world: list[np.ndarray] = []
        self._visibility: list[np.ndarray] = []
        self._detected: list[bool] = []
        self.reps = 0

    def skip_countdown(self) -> None:
        """Start recording with the first frame (a video file needs no time to get into position)."""
        if self._first_t is None:
            self.countdown_s = 0.0
            self.phase = "recording"

    def countdown_left(self, now_s: float) -> float:
        """Seconds of countdown still to go at `now_s` (0 once recording)."""
        if self.phase != "countdown" or self._first_t is None:
            return 0.0 if self.phase != "countdown" else self.countdown_s
        return max(0.0, self.countdown_s - (now_s - self._first_t))

    @property
    def elapsed_s(self) -> float:
        """Seconds recorded so far."""
        return self._times[-1] - self._times[0] if self._times else 0.0

    def feed(self, result: FrameResult) -> bool:
        """Take one processed frame; True once the goal is met (further frames are ignored)."""
        now = result.frame.timestamp_s
        if self.phase == "done":
            return True
        if self._first_t is None:
            self._first_t = now
        if self.phase == "countdown":
            if now - self._first_t < self.countdown_s:
                return False
            self.phase = "recording"
        if self._start_t is None:
            self._start_t = now
        pose = result.raw_pose
        self._times.append(now)
        self._detected.append(pose is not None)
        self._world.append(pose.world_xyz if pose is not None else np.zeros((NUM_LANDMARKS, 3), np.float32))
        self._visibility.append(pose.visibility if pose is not None else np.zeros(NUM_LANDMARKS, np.float32))
        # Every rep counts here, partial ones too: the person is showing Coach their own full range, which may be
        # shorter than the textbook one (that is what calibration is for).
        self.reps += sum(isinstance(e, RepEvent) and e.start_s >= self._start_t for e in result.events)
        # A frame stands for the time until the next one: N frames at F fps are N/F seconds (a 3 s video at 30 fps
        # has its last frame at 2.967 s, and is 3 s long)
        period = self._times[-1] - self._times[-2] if len(self._times) > 1 else 0.0
        reached = (self.reps_goal is not None and self.reps >= self.reps_goal) or (
            self.seconds_goal is not None and now + period - self._start_t >= self.seconds_goal - 1e-6
        )
        if reached:
            self.phase = "done"
        return reached

    def sequence(self, nominal_fps: float) -> LandmarkSequence:
        """What was recorded. The rate is measured from the frame times (a webcam rarely keeps its nominal rate);
        `nominal_fps` is used when fewer than two frames were recorded."""
        if not self._times:
            raise CoachError("nothing was recorded (the source ended before the recording started)")
        span = self._times[-1] - self._times[0]
        fps = (len(self._times) - 1) / span if len(self._times) > 1 and span > 0 else nominal_fps
        return LandmarkSequence(
            world=np.asarray(self._world, np.float32),
            visibility=np.asarray(self._visibility, np.float32),
            detected=np.asarray(self._detected, bool),
            fps=float(fps),
        )


def record(
    source: FrameSource,
    step: FrameStep,
    recorder: Recorder,
    on_frame: Callable[[Recorder, FrameResult], None] | None = None,
) -> LandmarkSequence:
    """Run frames through the per-frame step (counting the exercise) into the recorder until its goal is met or the
    source ends. Reps made during the countdown (getting into position) are not the recording's."""
    step.count(recorder.exercise if recorder.counts_reps else None)
    for frame in source:
        result = step.process(frame)
        done = recorder.feed(result)
        if on_frame is not None:
            on_frame(recorder, result)
        if done:
            break
    return recorder.sequence(source.fps)
