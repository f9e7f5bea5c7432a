"""The per-frame hook: code that runs in the worker on every processed frame and reports events to the UI.

The workout engine uses it for rep counting: counting must see every frame at the source's timing, which only the
worker does (the UI sees the newest frame only). The hook lives in the worker, so the UI steers it with commands
(`LiveProcessor.send`), e.g. `CountExercise("squat")` when a squat set starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from coach.pipeline import FrameResult
from coach.recognition.stream import Prediction
from coach.vision.features import Features


@dataclass(frozen=True)
class HookOutput:
    """What a hook reports for one frame: finished events (e.g. RepEvent, HoldEvent) and its current state."""

    events: tuple[Any, ...] = field(default_factory=tuple)
    state: Any = None


class FrameHook(Protocol):
    """Runs in the worker after pose, features and recognition; must be fast (it shares the frame budget)."""

    def on_frame(self, result: FrameResult, prediction: Prediction | None) -> HookOutput: ...

    def on_command(self, command: Any) -> None: ...


class RepCounter(Protocol):
    """What CounterHook needs from a counter (the API of coach.counting.counter.ExerciseCounter)."""

    count: int
    hold_seconds: float

    def update(self, t_s: float, features: Features | None) -> Sequence[Any]: ...


@dataclass(frozen=True)
class CountExercise:
    """Command for CounterHook: count this exercise from now on with a fresh counter (None: stop counting)."""

    exercise_id: str | None


@dataclass(frozen=True)
class CounterState:
    """CounterHook's state after a frame, for the HUD: reps so far and seconds held (plank)."""

    exercise_id: str
    count: int
    hold_seconds: float


def _exercise_counter(exercise_id: str) -> RepCounter:
    from coach.counting.counter import ExerciseCounter  # type: ignore[import-not-found]  # lands with rep counting

    return ExerciseCounter(exercise_id)


class CounterHook:
    """Feeds every frame's features to a rep counter for the exercise the UI asked for; reports its events."""

    def __init__(self, counter_factory: Callable[[str], RepCounter] | None = None) -> None:
        self._make_counter = counter_factory or _exercise_counter
        self._exercise: str | None = None
        self._counter: RepCounter | None = None

    def on_command(self, command: Any) -> None:
        """`CountExercise(id)` starts a fresh counter (a new set); `CountExercise(None)` stops counting."""
        if isinstance(command, CountExercise):
            self._exercise = command.exercise_id
            self._counter = self._make_counter(command.exercise_id) if command.exercise_id else None

    def on_frame(self, result: FrameResult, prediction: Prediction | None) -> HookOutput:
        """Count this frame (features None when nobody is in view)."""
        if self._counter is None or self._exercise is None:
            return HookOutput()
        events = tuple(self._counter.update(result.frame.timestamp_s, result.features))
        state = CounterState(self._exercise, int(self._counter.count), float(self._counter.hold_seconds))
        return HookOutput(events=events, state=state)
