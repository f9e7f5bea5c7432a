"""What the generator does for side views, hidden legs and idle, and that each of those can be switched off."""

from __future__ import annotations

import numpy as np
import pytest

from coach.synth.families import FAMILIES, families_off
from coach.synth.generator import ViewRequest, generate_clip
from coach.synth.noise import compress_limb_depth
from coach.vision.features import joint_angles
from coach.vision.landmarks import INDEX


def _shoulder_width_over_torso(world: np.ndarray) -> float:
    mid = lambda a, b: 0.5 * (world[:, INDEX[a]] + world[:, INDEX[b]])  # noqa: E731
    torso = np.linalg.norm(mid("left_shoulder", "right_shoulder") - mid("left_hip", "right_hip"), axis=-1)
    width = np.linalg.norm(world[:, INDEX["left_shoulder"]] - world[:, INDEX["right_shoulder"]], axis=-1)
    return float(np.median(width / torso))


def test_cameras_stand_anywhere_from_straight_in_front_to_full_profile_on_either_side():
    yaws = [generate_clip("idle", seconds=1.0, seed=s).camera.yaw_deg for s in range(80)]
    assert min(yaws) < -80 and max(yaws) > 80


def test_a_profile_view_keeps_the_trunk_as_wide_as_mediapipe_reports_it():
    """Real clips: shoulders 0.67-0.76 torso lengths wide in profile, as from the front."""
    for seed in range(6):
        side = generate_clip("front_raise", reps=2, seed=seed, view=ViewRequest(yaw_deg=85.0))
        assert 0.6 < _shoulder_width_over_torso(side.world) < 0.85
    squeezed = [
        _shoulder_width_over_torso(
            generate_clip("front_raise", reps=2, seed=s, view=ViewRequest(yaw_deg=85.0), off=("limb_depth",)).world
        )
        for s in range(6)
    ]
    assert min(squeezed) < 0.5  # before: all of world z scaled, so a profile trunk narrowed


def test_limb_depth_is_lost_bone_by_bone_and_the_trunk_keeps_its_shape():
    rng = np.random.default_rng(0)
    world = rng.normal(0.0, 0.3, (4, 33, 3))
    factors = {"upper_arm": 0.5, "forearm": 1.0, "thigh": 1.0, "shin": 1.0}
    moved = compress_limb_depth(world, factors)
    trunk = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip", "nose")]
    np.testing.assert_array_equal(moved[:, trunk], world[:, trunk])
    shoulder, elbow, wrist = (INDEX[f"left_{j}"] for j in ("shoulder", "elbow", "wrist"))
    upper = moved[:, elbow] - moved[:, shoulder]
    true_upper = world[:, elbow] - world[:, shoulder]
    np.testing.assert_allclose(upper, true_upper * [1.0, 1.0, 0.5])  # half its reach towards the camera
    np.testing.assert_allclose(moved[:, wrist] - moved[:, elbow], world[:, wrist] - world[:, elbow])  # carried


@pytest.mark.parametrize("exercise", ["squat", "lunge", "jumping_jack"])
def test_a_leg_exercise_is_never_framed_without_its_legs(exercise: str):
    """A squat filmed from the hips up shows arms rising and falling over invented legs: a front raise to anyone."""
    for seed in range(40):
        clip = generate_clip(exercise, reps=2, seed=seed)
        knees = clip.image_xy[:, [INDEX["left_knee"], INDEX["right_knee"]], 1]
        assert np.median(knees) < 1.0, (exercise, seed)


def test_arm_exercises_are_still_sometimes_filmed_from_the_hips_up():
    cut = [
        np.median(generate_clip("bicep_curl", reps=2, seed=s).image_xy[:, INDEX["left_knee"], 1]) > 1.0
        for s in range(40)
    ]
    assert 2 <= sum(cut) <= 20


def test_far_side_visibility_varies_from_clip_to_clip_as_on_real_side_views():
    """Real profile clips: the far elbow's median visibility ranges 0.20-0.56 between clips, the far ankle 0.06-0.59."""
    levels = []
    for seed in range(12):
        clip = generate_clip("squat", reps=2, seed=seed, view=ViewRequest(yaw_deg=85.0, mirror=False))
        far = min(("left", "right"), key=lambda s: np.median(clip.visibility[:, INDEX[f"{s}_elbow"]]))
        levels.append(np.median(clip.visibility[:, INDEX[f"{far}_ankle"]]))
    assert max(levels) - min(levels) > 0.3
    fixed = generate_clip("squat", reps=2, seed=0, view=ViewRequest(yaw_deg=85.0), off=("far_side_visibility",))
    assert (
        np.median(fixed.visibility[:, INDEX["left_elbow"]]) > 0.9 < np.median(fixed.visibility[:, INDEX["right_elbow"]])
    )


def test_idle_people_also_run_and_bend_down_to_pick_things_up():
    """Real joggers bend their knees to ~100 degrees; picking up a dumbbell takes the hands to the floor."""
    deepest_knee, lowest_hands = [], []
    for seed in range(40):
        clip = generate_clip("idle", seconds=8.0, seed=seed, noise=None)
        deepest_knee.append(np.percentile(joint_angles(clip.scene, ("left_knee", "right_knee")), 5))
        hands = clip.scene[:, [INDEX["left_wrist"], INDEX["right_wrist"]], 1].min()
        lowest_hands.append(hands)
    assert min(deepest_knee) < 110 and min(lowest_hands) < 0.35
    old = [
        np.percentile(joint_angles(generate_clip("idle", seconds=8.0, seed=s, noise=None, off=("idle_coverage",))
                                   .scene, ("left_knee", "right_knee")), 5)
        for s in range(40)
    ]  # fmt: skip
    assert min(old) > min(deepest_knee)


def test_every_family_can_be_switched_off_and_unknown_names_are_refused():
    for name in FAMILIES:
        clip = generate_clip("bicep_curl", reps=2, seed=1, off=(name,))
        assert clip.count() == 2
    everything = generate_clip("squat", reps=2, seed=1, off=tuple(FAMILIES))
    assert everything.count() == 2
    with pytest.raises(ValueError, match="unknown generator family sideways"):
        families_off(["sideways"])


def test_joggers_kick_their_heels_back_split_their_feet_and_carry_their_arms_in_more_than_one_way(monkeypatch):
    """Real joggers read as lunges while generated runners only drove their knees up with their hands high: a heel
    kick under a near-vertical thigh is a lunge's back leg, so idle must hold it (and a relaxed jog's open elbows)."""
    from coach.synth.motions import idle

    monkeypatch.setattr(idle, "_ACTIVITIES", ())
    monkeypatch.setattr(idle, "_MORE_ACTIVITIES", (idle._run,))
    heel_kicks, elbows, splits = 0, [], []
    for seed in range(30):
        scene = generate_clip("idle", seconds=6.0, seed=seed, noise=None).scene
        for side in ("left", "right"):
            knee, hip = joint_angles(scene, (f"{side}_knee", f"{side}_hip")).T
            heel_kicks += bool(((knee < 105) & (hip > 160)).any())
        elbows.append(np.median(joint_angles(scene, ("left_elbow",))))
        ankles = scene[:, [INDEX["left_ankle"], INDEX["right_ankle"]]][..., [0, 2]]
        splits.append(np.linalg.norm(ankles[:, 0] - ankles[:, 1], axis=-1).max())
    assert heel_kicks >= 10  # of 60 legs
    assert min(elbows) < 100 and max(elbows) > 115  # arms pumping at a right angle, and a relaxed jog
    assert max(splits) > 0.6  # metres between the feet, fore and aft, as a travelling runner pushes off
