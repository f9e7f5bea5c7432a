"""Every screen handles input, time and drawing headless, and reacts to the keys and clicks a person would use."""

from __future__ import annotations

import pygame
import pytest

from coach.app import examples
from coach.app.app import App
from coach.app.context import AppContext
from coach.app.scene import Pop, Replace
from coach.app.screens.home import HomeScreen
from coach.app.screens.live import LiveScreen
from coach.app.screens.placeholder import ComingSoon, PlaceholderScreen
from coach.app.screens.settings import SettingsScreen
from coach.app.screens.summary import SummaryScreen
from coach.app.screens.workout import WorkoutScreen
from coach.app.views import HomeView
from tests.app.conftest import click, key


def _home(context: AppContext) -> HomeScreen:
    destinations = {"plans": LiveScreen, "settings": SettingsScreen, "history": ComingSoon("History", "Later.")}
    return HomeScreen(context, examples.example_home(), destinations)


BUILDERS = {
    "home": _home,
    "live": LiveScreen,
    "workout": lambda c: WorkoutScreen(c, examples.StaticWorkout(examples.example_hud("squat"))),
    "plank": lambda c: WorkoutScreen(c, examples.StaticWorkout(examples.example_hud("plank"))),
    "rest": lambda c: WorkoutScreen(c, examples.StaticWorkout(examples.example_hud("squat", "rest"))),
    "get_ready": lambda c: WorkoutScreen(c, examples.StaticWorkout(examples.example_hud("lunge", "get_ready"))),
    "summary": lambda c: SummaryScreen(c, examples.example_summary()),
    "settings": SettingsScreen,
    "placeholder": ComingSoon("Calibration", "Record a few reps of each exercise."),
}
ALL_KEYS = (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB, pygame.K_a, pygame.K_k, pygame.K_n, pygame.K_SPACE)


@pytest.mark.parametrize("name", list(BUILDERS))
@pytest.mark.parametrize("size", [(1280, 720), (960, 540), (1920, 1080)], ids=["720p", "small", "1080p"])
def test_every_screen_draws_at_any_window_size_and_survives_input(context: AppContext, window, name, size):
    surface = pygame.display.set_mode(size, pygame.RESIZABLE)
    context.theme.resize(size)
    scene = BUILDERS[name](context)
    scene.enter()
    context.update = context.live.poll()
    scene.update(1 / 60)
    surface.fill((255, 0, 255))
    scene.draw(surface)
    assert surface.get_at((size[0] // 2, size[1] - 2))[:3] != (255, 0, 255), "the whole window is painted"
    for event in [*map(key, ALL_KEYS), *click((size[0] // 2, size[1] // 2))]:
        scene.handle_event(event)
        scene.update(1 / 60)
        scene.draw(surface)


def test_home_opens_plans_with_enter_a_click_or_its_key_and_quits_with_escape(context: AppContext, window):
    home = _home(context)
    assert isinstance(home.handle_event(key(pygame.K_RETURN)), LiveScreen)  # Plans has the focus
    home.draw(window)  # lays the buttons out
    plans = home.menu.buttons[0].rect.center
    assert [type(home.handle_event(e)) for e in click(plans)][-1] is LiveScreen
    assert isinstance(home.handle_event(key(pygame.K_s)), SettingsScreen)
    assert isinstance(home.handle_event(key(pygame.K_h)), PlaceholderScreen)
    assert home.handle_event(key(pygame.K_c)) is None  # calibration is not offered here
    assert isinstance(home.handle_event(key(pygame.K_ESCAPE)), Pop)
    assert "click" in context.sounds.played


def test_the_app_loop_goes_home_to_live_and_back_and_closes(context: AppContext, window):
    app = App(context, _home(context))
    pygame.event.post(key(pygame.K_RETURN))
    app.run(frames=2)
    assert isinstance(app.scenes.top, LiveScreen)
    pygame.event.post(key(pygame.K_ESCAPE))
    app.run(frames=2)
    assert isinstance(app.scenes.top, HomeScreen)
    pygame.event.post(key(pygame.K_ESCAPE))
    stats = app.run(frames=5)
    assert app.scenes.done and stats.frames == 1


def test_the_window_close_button_quits_from_any_screen(context: AppContext, window):
    app = App(context, _home(context))
    app.scenes.push(LiveScreen(context))
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.run(frames=3)
    assert app.scenes.done and not app.scenes.stack


def test_ctrl_m_mutes_everywhere(context: AppContext, window):
    app = App(context, LiveScreen(context))
    pygame.event.post(key(pygame.K_m, pygame.KMOD_LCTRL))
    app.run(frames=1)
    assert context.sounds.muted and not context.settings.sound


def test_settings_switch_sound_and_overlays(context: AppContext, window):
    settings = SettingsScreen(context)
    settings.handle_event(key(pygame.K_RETURN))
    assert not context.settings.sound and context.sounds.muted
    settings.handle_event(key(pygame.K_3))
    assert not context.settings.show_angles
    assert isinstance(settings.handle_event(key(pygame.K_ESCAPE)), Pop)


def test_live_shows_what_the_recognizer_sees_and_toggles_overlays(context: AppContext, window):
    live = LiveScreen(context)
    context.update = context.live.poll()
    live.update(1 / 60)
    live.draw(window)
    assert context.live.latest.label == "squat"
    live.handle_event(key(pygame.K_k))
    assert not context.settings.show_skeleton
    assert isinstance(live.handle_event(key(pygame.K_ESCAPE)), Pop)


def test_the_workout_screen_passes_pause_skip_and_quit_on_and_ends_on_the_summary(context: AppContext, window):
    driver = examples.StaticWorkout(examples.example_hud("squat"), examples.example_summary())
    workout = WorkoutScreen(context, driver)
    workout.handle_event(key(pygame.K_n))
    workout.handle_event(key(pygame.K_SPACE))
    assert workout.update(1 / 60) is None and workout.hud.phase == "paused"
    workout.draw(window)
    workout.handle_event(key(pygame.K_ESCAPE))  # while paused: end the workout
    assert driver.commands == ["skip", "pause", "quit"]
    after = workout.update(1 / 60)
    assert isinstance(after, Replace) and isinstance(after.scene, SummaryScreen) and after.scene.view.aborted


def test_the_workout_screen_plays_the_cues_as_the_hud_changes(context: AppContext, window):
    from dataclasses import replace

    driver = examples.StaticWorkout(examples.example_hud("squat"))
    workout = WorkoutScreen(context, driver)
    driver.hud = replace(driver.hud, reps=driver.hud.reps + 1)
    workout.update(1 / 60)
    driver.hud = replace(driver.hud, phase="rest", seconds_left=2.5, seconds_total=30.0)
    workout.update(1 / 60)
    driver.hud = replace(driver.hud, seconds_left=1.5)
    workout.update(1 / 60)
    driver.hud = replace(driver.hud, phase="active", seconds_left=None)
    workout.update(1 / 60)
    assert context.sounds.played == ["rep", "set_done", "tick", "tick", "rest_over"]


def test_summary_done_goes_back(context: AppContext, window):
    summary = SummaryScreen(context, examples.example_summary())
    summary.draw(window)
    button = summary.menu.buttons[0].rect.center
    assert isinstance([summary.handle_event(e) for e in click(button)][-1], Pop)


def test_home_shows_a_fresh_profile_without_numbers_it_does_not_have(context: AppContext, window):
    home = HomeScreen(context, HomeView(name="Sam"), {"plans": LiveScreen})
    home.draw(window)
    assert [b.note for b in home.menu.buttons][1:] == ["coming soon"] * 3
