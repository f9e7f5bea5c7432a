"""Run a real workout, unpaced, for `coach screenshot`: the live chain (pose, features, recognizer, counting hook) and
the Workout screen's driver with its engine, until a moment worth showing. Nothing is invented: the HUD, the summary
and the picture are what the app would show at that moment.

On the synthetic source the avatar does the plan (without rendering, except for the frame shown). On a video the plan
is one set of the exercise the recognizer sees most in it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from coach.app.plan_avatar import avatar_clip, plan_segments, unrendered_frames
from coach.app.workout_driver import EngineDriver
from coach.errors import SourceError
from coach.live.client import LiveUpdate
from coach.live.engine import LiveEngine, display_rgb
from coach.live.frame import LiveFrame, SourceInfo
from coach.live.hooks import CounterHook
from coach.live.sources import open_live_source
from coach.vision.sources import Frame
from coach.workout.engine import EngineConfig
from coach.workout.plan import Block, Difficulty, Plan, PlanItem
from coach.workout.recorder import MemoryRecorder, WorkoutRecorder

Until = Callable[[EngineDriver], bool]


@dataclass(frozen=True)
class Rehearsal:
    """Where the run stopped: the driver (engine inside) and the frame on screen then."""

    driver: EngineDriver
    frame: LiveFrame
    info: SourceInfo


class _Commands:
    """The feed's command side, in process: what the worker does with a HookCommand."""

    def __init__(self, hook: CounterHook) -> None:
        self.hook = hook

    def send(self, payload: object) -> None:
        self.hook.on_command(payload)


def _run(
    frames: Iterable[Frame], plan: Plan, until: Until, recorder: WorkoutRecorder, display_size: tuple[int, int]
) -> tuple[EngineDriver, LiveFrame, Frame]:
    hook = CounterHook()
    engine, _ = LiveEngine.build(hook=hook, display_size=display_size)
    driver = EngineDriver(plan, recorder, _Commands(hook), config=EngineConfig())  # type: ignore[arg-type]
    last: tuple[LiveFrame, Frame] | None = None
    try:
        for frame in frames:
            live = engine.process(frame, time.monotonic())
            driver.update(1 / 30, LiveUpdate(live, live.events, 1), live)
            last = (live, frame)
            if until(driver):
                break
    finally:
        engine.close()
    if last is None:
        raise SourceError("the source gave no frames")
    return driver, last[0], last[1]


def rehearse_avatar(
    plan: Plan,
    until: Until,
    *,
    seed: int = 0,
    display_size: tuple[int, int] = (1280, 720),
    recorder: WorkoutRecorder | None = None,
) -> Rehearsal:
    """The avatar doing `plan` until `until(driver)`; the last frame is rendered for the picture."""
    from coach.synth.render import AvatarRenderer

    clip = avatar_clip(plan_segments(plan, EngineConfig().get_ready_s), seed)
    driver, live, frame = _run(unrendered_frames(clip), plan, until, recorder or MemoryRecorder(), display_size)
    rgb = AvatarRenderer(clip.camera).render(clip.scene[frame.index])
    live = replace(live, rgb=display_rgb(rgb, display_size), source_size=(rgb.shape[1], rgb.shape[0]))
    return Rehearsal(driver, live, SourceInfo("synthetic", 30.0, live=False))


def rehearse_video(path: str, until: Until, *, display_size: tuple[int, int] = (1280, 720)) -> Rehearsal:
    """One set of the exercise the recognizer sees most in the video, counted from its start."""
    labels: dict[str, int] = {}
    source, _ = open_live_source(path, fallback_to_synthetic=False, realtime=False)
    engine, _ = LiveEngine.build(display_size=(160, 90))
    try:
        for frame in source:
            label = engine.process(frame, time.monotonic()).label
            if label not in (None, "unknown", "idle"):
                labels[label] = labels.get(label, 0) + 1
    finally:
        engine.close()
        source.close()
    if not labels:
        raise SourceError(f"{path}: the recognizer saw no exercise in it; pick a clip of one exercise")
    exercise = max(labels, key=labels.__getitem__)
    hold = exercise == "plank"
    item = PlanItem(exercise, 1, None if hold else 50, 60.0 if hold else None, 0.0, 0.0, 1)
    plan = Plan(f"Clip: {exercise.replace('_', ' ')}", "", Difficulty.BEGINNER, 1, (Block("Clip", (item,)),))
    config = EngineConfig(get_ready_s=0.5)
    source, _ = open_live_source(path, fallback_to_synthetic=False, realtime=False)
    try:
        hook = CounterHook()
        live_engine, _ = LiveEngine.build(hook=hook, display_size=display_size)
        driver = EngineDriver(plan, MemoryRecorder(), _Commands(hook), config=config)  # type: ignore[arg-type]
        last: LiveFrame | None = None
        for frame in source:
            last = live_engine.process(frame, time.monotonic())
            driver.update(1 / 30, LiveUpdate(last, last.events, 1), last)
            if until(driver):
                break
        live_engine.close()
    finally:
        source.close()
    if last is None:
        raise SourceError(f"{path}: no frames")
    return Rehearsal(driver, last, SourceInfo(source.name, source.fps, live=False))
