"""Camera lost mid-set: the workout pauses and says why, keeps every rep it counted, resumes by itself at the first
picture that comes back (or from another source the person picks with C), and stores the workout as one."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from coach.app.context import AppContext
from coach.app.feed import FrozenFeed
from coach.app.screens.workout import WorkoutScreen
from coach.app.source_watch import SourceWatch
from coach.app.theme import Theme
from coach.app.workouts import Workouts
from coach.live.client import LiveUpdate
from coach.live.config import LiveConfig
from coach.live.frame import CountExercise, LiveFrame, SourceEnded, SourceInfo, SourceLost
from coach.live.recovery import camera_gone
from coach.storage.repository import open_repository
from tests.app.conftest import RecordingSounds, key
from tests.app.frames import scripted_frame, squat_rep
from tests.app.test_writer import SIX_SQUATS

CAMERA = SourceInfo("camera 0", 30.0, live=True)
UNPLUGGED = SourceLost(camera_gone("camera 0"))


@pytest.fixture
def workouts(tmp_path: Path) -> Workouts:
    return Workouts(open_repository(f"sqlite:///{tmp_path / 'coach.db'}"), "Sam")


@pytest.fixture
def context(window: pygame.Surface) -> AppContext:
    return AppContext(theme=Theme(window.get_size()), sounds=RecordingSounds(), live=FrozenFeed(None, CAMERA))


def step(screen: WorkoutScreen, context: AppContext, window: pygame.Surface, frame: LiveFrame | None = None) -> None:
    """One UI frame (with `frame` from the worker, or nothing new), then the next once its writes have landed."""
    if frame is not None:
        context.live.latest = frame
    context.update = LiveUpdate(frame, frame.events if frame else (), 1 if frame else 0)
    screen.update(1 / 60)
    assert screen.driver.saves.flush(5.0)
    context.update = LiveUpdate(None, (), 0)
    screen.update(1 / 60)
    screen.draw(window)


def two_reps_in(screen: WorkoutScreen, context: AppContext, window: pygame.Surface) -> None:
    step(screen, context, window, scripted_frame(0.0))
    step(screen, context, window, scripted_frame(5.1))  # get ready is over
    step(screen, context, window, scripted_frame(7.0, events=(squat_rep(5.3),)))
    step(screen, context, window, scripted_frame(9.0, events=(squat_rep(7.3),)))
    assert (screen.hud.phase, screen.hud.reps) == ("active", 2)


def test_an_unplugged_camera_pauses_the_set_keeps_its_reps_and_it_resumes_when_the_picture_is_back(
    workouts: Workouts, context: AppContext, window
):
    screen = workouts.start(context, SIX_SQUATS)
    two_reps_in(screen, context, window)
    context.live.lost = UNPLUGGED
    step(screen, context, window)
    assert (screen.hud.phase, screen.hud.reps, screen.hud.source_problem) == ("paused", 2, UNPLUGGED.message)
    screen.handle_event(key(pygame.K_SPACE))  # nothing to resume with yet
    step(screen, context, window)
    assert screen.hud.phase == "paused"

    context.live.lost = None  # the worker opened it again: the first picture, 20 s later on the one clock
    back = scripted_frame(29.0, events=(squat_rep(8.9),))  # the counter's rep across the gap is not credited
    step(screen, context, window, back)
    assert (screen.hud.phase, screen.hud.reps, screen.hud.source_problem) == ("active", 2, None)
    assert context.live.sent[-1] == CountExercise("squat")  # a fresh counter for the rest of the set
    step(screen, context, window, scripted_frame(31.0, events=(squat_rep(29.2),)))
    assert screen.hud.reps == 3
    screen.handle_event(key(pygame.K_ESCAPE))
    step(screen, context, window, scripted_frame(31.1))
    workouts.close()
    (stored,) = workouts.history()
    assert stored.status == "aborted" and [s.reps for s in stored.sets] == [3]


def test_another_source_can_be_picked_and_the_workout_goes_on_from_its_first_picture(
    workouts: Workouts, context: AppContext, window, monkeypatch
):
    asked: list[tuple[float, int]] = []
    other = FrozenFeed(None, SourceInfo("camera 1", 30.0, live=True))

    def switch(ctx: AppContext, start_at_s: float, position: int) -> FrozenFeed:
        asked.append((start_at_s, position))
        ctx.live = other
        return other

    workouts.switch_source = switch
    screen = workouts.start(context, SIX_SQUATS)
    two_reps_in(screen, context, window)
    context.live.lost = UNPLUGGED
    step(screen, context, window)
    shown = drawn_text(screen, window, monkeypatch)
    assert "No picture" in shown and "C another source" in shown and "press C to use another source" in shown
    screen.handle_event(key(pygame.K_c))
    assert asked == [(10.0, 0)]  # carries on the workout's clock (9.0 s) a second later, for the first set
    step(screen, context, window)
    assert screen.hud.phase == "paused"  # paused until the new source's first picture
    step(screen, context, window, scripted_frame(10.0))
    assert (screen.hud.phase, screen.hud.reps) == ("active", 2) and other.sent == [CountExercise("squat")]
    step(screen, context, window, scripted_frame(12.0, events=(squat_rep(10.2),)))
    assert screen.hud.reps == 3


def test_a_video_that_ends_mid_set_pauses_the_workout_and_says_so(workouts: Workouts, context: AppContext, window):
    context.live.source = SourceInfo("squats.mp4", 30.0, live=False)
    screen = workouts.start(context, SIX_SQUATS)
    two_reps_in(screen, context, window)
    context.live.ended = SourceEnded(270)
    step(screen, context, window)
    assert screen.hud.phase == "paused" and screen.hud.source_problem == "squats.mp4: the video has ended"


def test_a_camera_that_goes_quiet_counts_as_lost_but_a_slow_video_does_not():
    now = [0.0]
    watch = SourceWatch(clock=lambda: now[0], stall_s=3.0)
    camera, video = FrozenFeed(None, CAMERA), FrozenFeed(None, SourceInfo("clip.mp4", 30.0, live=False))
    frame = scripted_frame(0.0)
    assert watch.problem(camera, LiveUpdate(frame, (), 1)) is None
    now[0] = 2.9
    assert watch.problem(camera, LiveUpdate(None, (), 0)) is None
    now[0] = 3.5
    assert watch.problem(camera, LiveUpdate(None, (), 0)) == (
        "camera 0: no picture for 4 s (unplugged, or taken by another program?)"
    )
    assert watch.problem(video, LiveUpdate(None, (), 0)) is None
    assert watch.problem(camera, LiveUpdate(frame, (), 1)) is None  # a picture again


def drawn_text(screen: WorkoutScreen, window: pygame.Surface, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every line of text the screen draws, the key hints included."""
    import coach.app.screens.workout as module

    seen: list[str] = []
    real_text, real_hints = module.draw_text, module.hints

    def text(surface, value, *args, **kwargs):
        seen.append(value)
        return real_text(surface, value, *args, **kwargs)

    def hints(surface, theme, value):
        seen.append(value)
        return real_hints(surface, theme, value)

    with monkeypatch.context() as patch:
        patch.setattr(module, "draw_text", text)
        patch.setattr(module, "hints", hints)
        screen.draw(window)
    return " ".join(seen)


def test_coach_play_starts_the_next_source_on_the_workouts_clock_and_keeps_trying_it(monkeypatch, context):
    import coach.app.play as play

    started: list[LiveConfig] = []

    class Started:
        def __init__(self, config: LiveConfig) -> None:
            self.config = config

        def start(self) -> Started:
            started.append(self.config)
            return self

        def stop(self) -> None:
            pass

    monkeypatch.setattr(play, "LiveProcessor", Started)
    session = play.LiveSession(LiveConfig(source="camera"), context.live, plan=SIX_SQUATS)
    feed = session.another_source(context, 12.0, 0)
    assert context.live is feed and session.live is feed
    picked = started[-1]
    assert (picked.source, picked.start_at_s, picked.keep_trying, picked.fallback_to_synthetic) == (
        "camera:1",
        12.0,
        True,
        False,
    )
    session.another_source(context, 20.0, 0)
    avatar = started[-1]
    assert avatar.source == "synthetic" and avatar.synthetic_segments is not None
    assert [s.exercise for s in avatar.synthetic_segments] == ["idle", "squat"]  # the plan's set, from the start
