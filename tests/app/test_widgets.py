"""Widgets: angle labels never overlap, cues fade, sound is silent without a device, settings survive a restart."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pygame
import pytest

from coach.app.settings import AppSettings, SettingsError, load_settings, save_settings
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.views import format_duration
from coach.app.widgets.angles import draw_angle_labels, place_labels
from coach.app.widgets.banner import cue_alpha
from coach.live.frame import LivePose
from coach.vision.features import ANGLE_NAMES
from coach.vision.landmarks import INDEX


def test_labels_for_joints_at_the_same_spot_do_not_overlap():
    bounds = pygame.Rect(0, 0, 640, 480)
    anchors = [(320.0, 240.0)] * 4 + [(322.0, 241.0)] * 2
    rects = place_labels(anchors, [(50, 22)] * 6, (320.0, 100.0), bounds, 10.0)
    assert all(bounds.contains(r) for r in rects)
    assert not any(a.colliderect(b) for a, b in itertools.combinations(rects, 2))


def test_every_angle_of_a_real_pose_is_written_without_overlaps(window, avatar_frame):
    frame, _ = avatar_frame
    theme = Theme((1280, 720))
    image = pygame.Rect(100, 50, 640, 480)
    rects = draw_angle_labels(window, image, frame.pose, frame.angles, theme.font(16, bold=True), ANGLE_NAMES)
    assert len(rects) >= 12
    assert not any(a.colliderect(b) for a, b in itertools.combinations(rects, 2))


def test_hips_side_by_side_get_labels_on_their_own_sides(window):
    xy = np.full((33, 2), 0.5)
    for name, (x, y) in {
        "left_shoulder": (0.55, 0.3),
        "right_shoulder": (0.45, 0.3),
        "left_hip": (0.51, 0.55),
        "right_hip": (0.49, 0.55),
        "left_knee": (0.52, 0.75),
        "right_knee": (0.48, 0.75),
    }.items():
        xy[INDEX[name]] = (x, y)
    pose = LivePose(xy, np.ones(33))
    image = pygame.Rect(0, 0, 640, 480)
    font = Theme((1280, 720)).font(16, bold=True)
    left, right = draw_angle_labels(
        window, image, pose, {"left_hip": 100.0, "right_hip": 101.0}, font, ("left_hip", "right_hip")
    )
    assert not left.colliderect(right)
    assert left.centerx > right.centerx  # the person's left is on the image's right, as the skeleton's


def test_a_cue_shows_fully_then_fades_out():
    assert cue_alpha(0.0) == 255 and cue_alpha(2.5) == 255
    assert 0 < cue_alpha(3.0) < 255
    assert cue_alpha(3.5) == 0 and cue_alpha(10.0) == 0


def test_sound_is_silent_when_muted_or_when_there_is_nothing_to_play(tmp_path: Path, monkeypatch):
    assert not Sounds(muted=True).play("rep")
    monkeypatch.setenv("COACH_ASSETS", str(tmp_path))  # no sound files at all
    empty = Sounds()
    assert not empty.available and not empty.play("rep") and not empty.play("no-such-cue")


def test_the_shipped_sound_cues_load(window):
    sounds = Sounds()
    if not pygame.mixer.get_init():
        pytest.skip("no audio driver, not even SDL's dummy one")
    assert sounds.available and sounds.play("rep") and not sounds.play("no-such-cue")


def test_settings_are_saved_and_a_damaged_file_is_named(tmp_path: Path):
    path = tmp_path / "settings.json"
    assert load_settings(path) == AppSettings()
    save_settings(AppSettings(sound=False), path)
    assert load_settings(path) == AppSettings(sound=False)
    path.write_text("{oops")
    with pytest.raises(SettingsError, match=f"^{path}: cannot be read as settings"):
        load_settings(path)
    path.write_text('{"sound": "loud"}')
    with pytest.raises(SettingsError, match="'sound' must be true or false"):
        load_settings(path)


def test_durations_read_like_a_clock():
    assert format_duration(0) == "0:00" and format_duration(61.4) == "1:01" and format_duration(3725) == "1:02:05"


def test_a_list_is_chosen_from_by_keys_or_by_clicking_the_selected_row(window):
    from coach.app.widgets.listview import ListItem, ListView
    from tests.app.conftest import click, key

    items = [ListItem(f"Plan {i}", "Beginner · 20 min", f"{i} min", (200, 80, 80)) for i in range(12)]
    plans = ListView(items)
    rect = pygame.Rect(100, 100, 600, 300)
    plans.draw(window, rect, Theme((1280, 720)))
    for _ in range(7):
        plans.handle_event(key(pygame.K_DOWN))
    plans.draw(window, rect, Theme((1280, 720)))
    assert plans.selected == 7 and plans.scroll > 0  # scrolled to keep the selection in view
    assert plans.handle_event(key(pygame.K_RETURN)) == 7
    plans.handle_event(key(pygame.K_HOME))
    plans.draw(window, rect, Theme((1280, 720)))
    second_row = (rect.centerx, rect.top + plans.row_height + plans.row_height // 2)
    assert [plans.handle_event(e) for e in click(second_row)][-1] is None and plans.selected == 1
    assert [plans.handle_event(e) for e in click(second_row)][-1] == 1
