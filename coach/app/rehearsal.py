"""Run a real workout, unpaced, for `coach screenshot`: the worker's per-frame code (`LiveEngine` over the one
`FrameStep`: pose, features, recognizer, counting) and the Workout screen's driver with its engine, until a moment
worth showing. Nothing is invented: the HUD, the summary and the picture are what the app would show at that moment.

On the synthetic source the avatar does the plan (without rendering, except for the frame shown). On a video the plan
is one set of the exercise the recognizer sees most in it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from coach.app.workout_driver import EngineDriver
from coach.errors import SourceError
from coach.live.client import LiveUpdate
from coach.live.engine import LiveEngine, display_rgb
from coach.live.frame import LiveFrame, SourceInfo
from coach.model_choice import choose_model
from coach.session import build_step, open_named_source
from coach.synth.plan_avatar import avatar_clip, plan_segments, unrendered_frames
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


class InProcessFeed:
    """The live feed's command side without a worker: commands go straight to the per-frame code (`sent` keeps them
    for tests)."""

    def __init__(self, engine: LiveEngine) -> None:
        self.engine = engine
        self.sent: list[object] = []

    def send(self, command: object) -> None:
        self.sent.append(command)
        self.engine.on_command(command)


def drive(
    engine: LiveEngine, driver: EngineDriver, frames: Iterable[Frame], until: Until
) -> tuple[LiveFrame, Frame] | None:
    """The worker's per-frame code and the Workout screen's driver, frame by frame and unpaced, until
    `until(driver)`; the last frame shown (None if there was none)."""
    last: tuple[LiveFrame, Frame] | None = None
    for frame in frames:
        live = engine.process(frame, time.monotonic())
        driver.update(1 / 30, LiveUpdate(live, live.events, 1), live)
        last = (live, frame)
        if until(driver):
            break
    return last


def run_workout(
    frames: Iterable[Frame],
    plan: Plan,
    until: Until,
    recorder: WorkoutRecorder,
    display_size: tuple[int, int],
    config: EngineConfig | None = None,
) -> tuple[EngineDriver, LiveFrame, Frame]:
    """`plan` through a fresh per-frame step (the chosen model) and a Workout screen's driver, over `frames`, until
    `until(driver)` or the frames end; the driver and the last frame shown."""
    engine, _ = LiveEngine.build(choose_model(), display_size=display_size)
    driver = EngineDriver(plan, recorder, InProcessFeed(engine), config=config or EngineConfig())  # type: ignore[arg-type]
    try:
        last = drive(engine, driver, frames, until)
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
    driver, live, frame = run_workout(unrendered_frames(clip), plan, until, recorder or MemoryRecorder(), display_size)
    rgb = AvatarRenderer(clip.camera).render(clip.scene[frame.index])
    live = replace(live, rgb=display_rgb(rgb, display_size), source_size=(rgb.shape[1], rgb.shape[0]))
    return Rehearsal(driver, live, SourceInfo("synthetic", 30.0, live=False))


def dominant_exercise(path: str) -> str:
    """The exercise the recognizer names most often in a video (idle and "unknown" aside)."""
    labels: dict[str, int] = {}
    source = open_named_source(path).source
    step, _ = build_step(choose_model())
    try:
        for frame in source:
            prediction = step.process(frame).prediction
            if prediction is not None and prediction.label not in ("unknown", "idle"):
                labels[prediction.label] = labels.get(prediction.label, 0) + 1
    finally:
        step.close()
        source.close()
    if not labels:
        raise SourceError(f"{path}: the recognizer saw no exercise in it; pick a clip of one exercise")
    return max(labels, key=labels.__getitem__)


def rehearse_video(path: str, until: Until, *, display_size: tuple[int, int] = (1280, 720)) -> Rehearsal:
    """One set of the exercise the recognizer sees most in the video, counted from its start."""
    exercise = dominant_exercise(path)
    hold = exercise == "plank"
    item = PlanItem(exercise, 1, None if hold else 50, 60.0 if hold else None, 0.0, 0.0, 1)
    plan = Plan(f"Clip: {exercise.replace('_', ' ')}", "", Difficulty.BEGINNER, 1, (Block("Clip", (item,)),))
    source = open_named_source(path).source
    try:
        config = EngineConfig(get_ready_s=0.5)
        driver, live, _ = run_workout(source, plan, until, MemoryRecorder(), display_size, config)
    finally:
        source.close()
    return Rehearsal(driver, live, SourceInfo(source.name, source.fps, live=False))
