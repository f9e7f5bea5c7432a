"""The exercise registry: the ids other parts of Coach rely on, and a motion for each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.errors import CoachError
from coach.exercises import EXERCISES, ExerciseKind, class_ids, get_exercise
from coach.synth.motions import MOTIONS

REQUIRED = {
    "squat", "pushup", "bicep_curl", "shoulder_press", "lunge", "jumping_jack",
    "situp", "lateral_raise", "front_raise", "plank", "idle",
}  # fmt: skip


def test_the_registry_has_exactly_the_contracted_ids():
    assert set(class_ids()) >= REQUIRED


def test_plank_is_a_hold_and_idle_counts_nothing():
    assert get_exercise("plank").kind is ExerciseKind.HOLD
    assert get_exercise("idle").kind is ExerciseKind.NONE
    assert all(get_exercise(e).kind is ExerciseKind.REPS for e in REQUIRED - {"plank", "idle"})


def test_every_exercise_has_a_motion_a_colour_and_a_name():
    for exercise in EXERCISES.values():
        assert exercise.id in MOTIONS
        assert len(exercise.colour) == 3 and all(0 <= c <= 255 for c in exercise.colour)
        assert exercise.display_name and exercise.description


def test_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(CoachError, match="unknown exercise 'burpee'; known: squat, pushup"):
        get_exercise("burpee")


def test_the_real_clips_use_registry_ids(clips_dir: Path):
    truth = json.loads((clips_dir / "truth.json").read_text())
    assert {entry["exercise"] for entry in truth} <= set(class_ids())
