"""Plans -> Workout -> Summary -> Home, headless, with a real workout engine and storage behind the screens. The
Workout screen is driven by scripted LiveFrames: what the worker would send (rep events from the per-frame counting, the
recognizer's label, the plank's hold total)."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from coach.app.context import AppContext
from coach.app.feed import FrozenFeed
from coach.app.scene import Pop, Replace
from coach.app.screens.plans import PlansScreen
from coach.app.screens.summary import SummaryScreen
from coach.app.screens.workout import WorkoutScreen
from coach.app.theme import Theme
from coach.app.workouts import Workouts
from coach.live.client import LiveUpdate
from coach.live.frame import CountExercise, LiveFrame
from coach.pipeline import CountingState
from coach.storage.repository import open_repository
from coach.workout.catalog import PlanCatalog, PlanEntry, load_catalog
from coach.workout.plan import parse_plan
from tests.app.conftest import RecordingSounds, key
from tests.app.frames import scripted_frame as _frame
from tests.app.frames import squat_rep as _rep

TINY = parse_plan(
    """\
name: Tiny
description: Two squats, a rest, a short plank.
difficulty: beginner
estimated_minutes: 1
blocks:
  - name: A
    items:
      - {exercise: squat, sets: 1, reps: 2, rest_after_seconds: 4}
      - {exercise: plank, sets: 1, hold_seconds: 3}
"""
)


@pytest.fixture
def workouts(tmp_path: Path) -> Workouts:
    return Workouts(open_repository(f"sqlite:///{tmp_path / 'coach.db'}"), "Sam")


@pytest.fixture
def scripted(window: pygame.Surface) -> AppContext:
    return AppContext(theme=Theme(window.get_size()), sounds=RecordingSounds(), live=FrozenFeed(None))


def _step(screen: WorkoutScreen, context: AppContext, frame: LiveFrame, window: pygame.Surface):
    """One frame from the worker, then the next UI frame once its writes have landed (the screen shows what is
    stored: a rep appears the frame after its commit)."""
    context.live.latest = frame
    context.update = LiveUpdate(frame, frame.events, 1)
    after = screen.update(1 / 30)
    assert screen.driver.saves.flush(5.0)
    if after is None:
        context.update = LiveUpdate(None, (), 0)
        after = screen.update(1 / 30)
    screen.draw(window)
    return after


def test_plans_lists_every_bundled_plan_and_starts_the_chosen_one(workouts: Workouts, scripted, window):
    catalog = load_catalog()
    plans = PlansScreen(scripted, catalog, workouts.start)
    plans.draw(window)
    assert len(plans.list.items) == len(catalog.entries) >= 4
    first = plans.list.items[0]
    assert first.value == f"{catalog.entries[0].plan.estimated_minutes} min"
    assert catalog.entries[0].plan.difficulty.value.capitalize() in first.subtitle
    plans.handle_event(key(pygame.K_DOWN))
    started = plans.handle_event(key(pygame.K_RETURN))
    assert isinstance(started, Replace) and isinstance(started.scene, WorkoutScreen)
    assert started.scene.driver.plan == catalog.entries[1].plan
    assert isinstance(plans.handle_event(key(pygame.K_ESCAPE)), Pop)


def test_plans_says_so_when_there_are_none(workouts: Workouts, scripted, window):
    plans = PlansScreen(scripted, PlanCatalog((), ()), workouts.start)
    plans.draw(window)
    assert plans.handle_event(key(pygame.K_RETURN)) is None


def test_a_scripted_workout_counts_rests_holds_and_is_stored(workouts: Workouts, scripted, window):
    feed = scripted.live
    screen = workouts.start(scripted, TINY)
    assert screen.hud.phase == "get_ready"
    assert _step(screen, scripted, _frame(10.0), window) is None  # the first frame starts the engine: get ready 5 s
    assert screen.hud.phase == "get_ready" and feed.sent == []
    _step(screen, scripted, _frame(15.1), window)
    assert screen.hud.phase == "active" and feed.sent == [CountExercise("squat")]
    _step(screen, scripted, _frame(17.0, events=(_rep(15.3),)), window)
    assert screen.hud.reps == 1 and screen.hud.score > 0
    _step(screen, scripted, _frame(19.0, events=(_rep(17.2, 0.7),)), window)
    assert screen.hud.phase == "rest" and screen.hud.next_exercise_name == "Plank"
    assert feed.sent[-1] == CountExercise(None)
    _step(screen, scripted, _frame(23.2, "plank"), window)  # 4 s rest over
    assert screen.hud.phase == "active" and feed.sent[-1] == CountExercise("plank")
    for k in range(6):  # the hold counter's running total; the first report is the baseline
        t = 23.5 + k
        after = _step(screen, scripted, _frame(t, "plank", state=CountingState("plank", 0, float(k))), window)
    assert isinstance(after, Replace) and isinstance(after.scene, SummaryScreen)
    summary = after.scene.view
    assert not summary.aborted and [s.reps for s in summary.sets] == [2, 0]
    assert summary.sets[1].hold_s == pytest.approx(3.0)
    assert summary.level == 1 and summary.xp_earned > 0
    assert scripted.sounds.played.count("rep") == 2 and "set_done" in scripted.sounds.played
    after.scene.draw(window)

    (stored,) = workouts.history()
    assert stored.status == "completed" and stored.xp == summary.xp_earned
    assert [s.reps for s in stored.sets] == [2, 0] and stored.sets[1].hold_seconds == pytest.approx(3.0)
    home = workouts.home_view()
    assert home.workouts_done == 1 and home.xp_in_level == summary.xp_earned and home.streak_days == 1


def test_pause_holds_reps_and_esc_ends_the_workout_saved_as_aborted(workouts: Workouts, scripted, window):
    screen = workouts.start(scripted, TINY)
    _step(screen, scripted, _frame(0.0), window)
    _step(screen, scripted, _frame(5.1), window)
    _step(screen, scripted, _frame(7.0, events=(_rep(5.3),)), window)
    screen.handle_event(key(pygame.K_SPACE))
    _step(screen, scripted, _frame(9.0, events=(_rep(7.2),)), window)  # done while paused: not credited
    assert screen.hud.phase == "paused" and screen.hud.reps == 1
    screen.handle_event(key(pygame.K_SPACE))
    _step(screen, scripted, _frame(9.5), window)
    assert screen.hud.phase == "active"
    screen.handle_event(key(pygame.K_ESCAPE))
    after = _step(screen, scripted, _frame(10.0), window)
    assert isinstance(after, Replace) and after.scene.view.aborted and after.scene.view.set_total == 2
    (stored,) = workouts.history()
    assert stored.status == "aborted" and [s.reps for s in stored.sets] == [1]


def test_skip_moves_on_and_closing_the_app_mid_workout_saves_it(workouts: Workouts, scripted, window):
    screen = workouts.start(scripted, TINY)
    _step(screen, scripted, _frame(0.0), window)
    screen.handle_event(key(pygame.K_s))  # skip the get-ready countdown
    _step(screen, scripted, _frame(0.1), window)
    assert screen.hud.phase == "active" and screen.hud.exercise_id == "squat"
    screen.handle_event(key(pygame.K_RIGHT))  # skip the set
    _step(screen, scripted, _frame(0.2), window)
    assert screen.hud.phase == "rest"
    screen.leave()  # the window was closed
    (stored,) = workouts.history()
    assert stored.status == "aborted"


def test_a_user_plan_is_marked_as_theirs(workouts: Workouts, scripted, window, tmp_path: Path):
    catalog = PlanCatalog((PlanEntry(TINY, tmp_path / "tiny.yaml", "user"),), ())
    plans = PlansScreen(scripted, catalog, workouts.start)
    plans.draw(window)
    assert "your plan" in plans.list.items[0].subtitle
