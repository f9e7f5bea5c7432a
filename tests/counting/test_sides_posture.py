"""Which side did the rep (alternating arms each count, both arms together count once), a one-legged knee bend is
not a squat, and reps only count in the exercise's posture (no squats lying down, no push-ups standing)."""

from __future__ import annotations

import pytest

from coach.counting.counter import ExerciseCounter
from coach.synth.generator import SynthClip

from .helpers import STANDING_ANGLES, angle_stream, clip, count, counted, feed, rep_profile

SWAP = {"left": "right", "right": "left", "both": "both"}


def _true_sides(synth: SynthClip) -> list[str]:
    """The sides of the true full reps as the camera reports them (a mirrored picture swaps left and right)."""
    return [SWAP[r.side] if synth.camera.mirror else r.side for r in synth.reps if not r.partial]


@pytest.mark.parametrize(("exercise", "seed"), [("bicep_curl", 11), ("bicep_curl", 12), ("bicep_curl", 1),
                                                 ("front_raise", 8), ("front_raise", 13)])  # fmt: skip
def test_alternating_arms_count_one_rep_each(exercise: str, seed: int):
    synth = clip(exercise, seed, 4)
    sides = _true_sides(synth)
    assert set(sides) == {"left", "right"} and sides[0] != sides[1], "the person alternates arms"
    counter = count(exercise, synth)
    assert [e.side for e in counted(counter.events)] == sides


@pytest.mark.parametrize(("exercise", "seed"), [("bicep_curl", 7), ("bicep_curl", 14), ("front_raise", 0)])
def test_both_arms_together_count_once(exercise: str, seed: int):
    synth = clip(exercise, seed, 4)
    assert set(_true_sides(synth)) == {"both"}
    counter = count(exercise, synth)
    assert counter.count == 4 and [e.side for e in counted(counter.events)] == ["both"] * 4


def test_a_both_arm_set_seen_from_the_side_counts_on_the_arm_in_view():
    """At 67 degrees the far arm is hidden behind the body: the near arm carries the count."""
    synth = clip("bicep_curl", 4, 4)
    assert set(_true_sides(synth)) == {"both"} and abs(synth.camera.yaw_deg) > 60
    counter = count("bicep_curl", synth)
    assert counter.count == 4 and {e.side for e in counted(counter.events)} == {"left"}


def _knee_bends(other_knee_visibility: float) -> list:
    """Standing; the left knee bends to 85 and back five times (1 s each way); the right knee stays straight."""
    depth = rep_profile([("rest", 2.0)] + [("out", 1.0), ("far", 0.3), ("back", 1.0), ("rest", 0.7)] * 5)
    moves = {"left_knee": (172, 85), "left_hip": (172, 100)}
    return angle_stream(depth, moves, visibility={"right_knee": other_knee_visibility})


@pytest.mark.parametrize("exercise", ["squat", "lunge"])
def test_one_knee_bending_while_the_other_is_seen_still_is_a_step_not_a_rep(exercise: str):
    counter = ExerciseCounter(exercise)
    feed(counter, _knee_bends(other_knee_visibility=0.95))
    assert counter.count == 0


def test_a_squat_seen_from_the_side_counts_on_the_knee_in_view():
    """The same knee bends with the other knee hidden (visibility 0.1): a side view of a squat, which counts."""
    counter = ExerciseCounter("squat")
    feed(counter, _knee_bends(other_knee_visibility=0.1))
    assert counter.count == 5


# -- posture -------------------------------------------------------------------------------------------------------


def test_no_squats_while_lying_on_the_floor():
    """Lying on the back pulling the knees in (trunk ~85 degrees from vertical): knees bend like a squat's."""
    lying = dict(STANDING_ANGLES, trunk_lean=85, left_hip=170, right_hip=170)
    depth = rep_profile([("rest", 2.0)] + [("out", 1.0), ("far", 0.3), ("back", 1.0), ("rest", 0.7)] * 5)
    moves = {"left_knee": (172, 80), "right_knee": (172, 80), "left_hip": (170, 90), "right_hip": (170, 90)}
    standing = ExerciseCounter("squat")
    feed(standing, angle_stream(depth, moves))
    on_the_floor = ExerciseCounter("squat")
    feed(on_the_floor, angle_stream(depth, moves, base=lying))
    assert standing.count == 5 and on_the_floor.count == 0


def test_no_pushups_while_standing():
    depth = rep_profile([("rest", 2.0)] + [("out", 1.0), ("far", 0.3), ("back", 1.0), ("rest", 0.7)] * 5)
    moves = {"left_elbow": (165, 80), "right_elbow": (165, 80)}
    standing = ExerciseCounter("pushup")
    feed(standing, angle_stream(depth, moves))
    on_the_floor = ExerciseCounter("pushup")
    feed(on_the_floor, angle_stream(depth, moves, base=dict(STANDING_ANGLES, trunk_lean=75)))
    assert standing.count == 0 and on_the_floor.count == 5


@pytest.mark.parametrize(
    ("counter_exercise", "done"),
    [("pushup", "bicep_curl"), ("pushup", "shoulder_press"), ("squat", "situp"), ("squat", "pushup"),
     ("situp", "squat"), ("lunge", "situp")],
)  # fmt: skip
def test_a_generated_set_of_another_posture_counts_nothing(counter_exercise: str, done: str):
    """Standing curls bend the elbows as push-ups do; sit-ups bend the hips as squats do: posture tells them apart."""
    assert count(counter_exercise, clip(done, 14)).count == 0
