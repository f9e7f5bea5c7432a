"""Joint angles and normalised landmarks on poses whose geometry we know."""

from __future__ import annotations

import numpy as np
import pytest

from coach.errors import FeatureSpecError
from coach.vision.features import (
    ANGLE_NAMES,
    FeatureExtractor,
    FeatureSpec,
    angle_visibility,
    joint_angles,
    mirror_world,
    normalised_landmarks,
)
from coach.vision.landmarks import INDEX, MIRROR_PERMUTATION
from coach.vision.pose import Pose

from .poses import rotate_about_vertical, rotate_about_x, standing_pose


def angles_of(world: np.ndarray) -> dict[str, float]:
    return dict(zip(ANGLE_NAMES, joint_angles(world), strict=True))


def test_standing_straight_has_straight_limbs_and_upright_trunk():
    a = angles_of(standing_pose())
    for joint in ("left_knee", "right_knee", "left_hip", "right_hip", "left_body_line"):
        assert a[joint] == pytest.approx(180.0, abs=2.0), joint
    assert a["left_elbow"] > 170.0
    assert a["trunk_lean"] == pytest.approx(0.0, abs=0.5)
    assert a["left_shoulder_abduction"] < 10.0 and a["left_shoulder_flexion"] < 10.0


def test_elbow_bent_to_a_right_angle_reads_90():
    world = standing_pose()
    world[INDEX["left_wrist"]] = world[INDEX["left_elbow"]] + (0.0, 0.0, -0.25)  # forearm points at the camera
    assert angles_of(world)["left_elbow"] == pytest.approx(90.0, abs=0.5)


def test_arm_out_to_the_side_is_abduction_not_flexion():
    world = standing_pose()
    world[INDEX["left_elbow"]] = world[INDEX["left_shoulder"]] + (0.28, 0.0, 0.0)
    a = angles_of(world)
    assert a["left_shoulder_abduction"] == pytest.approx(90.0, abs=1.0)
    assert a["left_shoulder_flexion"] < 5.0
    assert a["left_shoulder"] == pytest.approx(90.0, abs=1.0)


def test_arm_raised_forward_is_flexion_not_abduction():
    world = standing_pose()
    world[INDEX["right_elbow"]] = world[INDEX["right_shoulder"]] + (0.0, 0.0, -0.28)  # towards the camera
    a = angles_of(world)
    assert a["right_shoulder_flexion"] == pytest.approx(90.0, abs=1.0)
    assert a["right_shoulder_abduction"] < 5.0


def test_arm_overhead_reads_180_in_both_planes():
    world = standing_pose()
    world[INDEX["left_elbow"]] = world[INDEX["left_shoulder"]] + (0.0, -0.28, 0.0)
    a = angles_of(world)
    assert a["left_shoulder_abduction"] == pytest.approx(180.0, abs=1.0)
    assert a["left_shoulder_flexion"] == pytest.approx(180.0, abs=1.0)


def test_sitting_pose_has_right_angles_at_hip_and_knee():
    world = standing_pose()
    for side, sx in (("left", 1.0), ("right", -1.0)):
        world[INDEX[f"{side}_knee"]] = (0.15 * sx, 0.0, -0.45)
        world[INDEX[f"{side}_ankle"]] = (0.15 * sx, 0.45, -0.45)
    a = angles_of(world)
    assert a["left_hip"] == pytest.approx(90.0, abs=0.5)
    assert a["right_knee"] == pytest.approx(90.0, abs=0.5)


def test_lying_down_leans_the_trunk_90_degrees():
    assert angles_of(rotate_about_x(standing_pose(), 90.0))["trunk_lean"] == pytest.approx(90.0, abs=0.5)


@pytest.mark.parametrize("yaw", [-70.0, -30.0, 45.0, 70.0])
def test_angles_do_not_change_when_the_camera_moves_around_the_person(yaw):
    world = standing_pose()
    world[INDEX["left_elbow"]] = world[INDEX["left_shoulder"]] + (0.2, -0.1, -0.15)
    np.testing.assert_allclose(joint_angles(rotate_about_vertical(world, yaw)), joint_angles(world), atol=1e-6)


@pytest.mark.parametrize("yaw", [-60.0, 30.0, 70.0])
def test_normalised_landmarks_ignore_camera_yaw_and_body_size(yaw):
    world = standing_pose()
    reference = normalised_landmarks(world)
    np.testing.assert_allclose(normalised_landmarks(rotate_about_vertical(world * 1.3, yaw)), reference, atol=1e-6)


def test_mirroring_swaps_left_and_right_angles():
    world = standing_pose()
    world[INDEX["left_wrist"]] = world[INDEX["left_elbow"]] + (0.0, 0.0, -0.25)
    original, mirrored = angles_of(world), angles_of(mirror_world(world))
    assert mirrored["right_elbow"] == pytest.approx(original["left_elbow"])
    assert mirrored["left_elbow"] == pytest.approx(original["right_elbow"])


def test_sequences_and_single_frames_give_the_same_angles():
    frames = np.stack([standing_pose(), rotate_about_x(standing_pose(), 90.0)])
    np.testing.assert_allclose(joint_angles(frames)[1], joint_angles(frames[1]))


def test_angle_is_untrusted_when_one_of_its_landmarks_is_hidden():
    visibility = np.ones(33)
    visibility[INDEX["left_wrist"]] = 0.1
    trust = dict(zip(ANGLE_NAMES, angle_visibility(visibility), strict=True))
    assert trust["left_elbow"] == pytest.approx(0.1)
    assert trust["right_elbow"] == pytest.approx(1.0)


def test_extractor_gives_the_vector_the_spec_describes():
    spec = FeatureSpec()
    world = standing_pose().astype(np.float32)
    pose = Pose(image_xy=np.full((33, 2), 0.5, np.float32), world_xyz=world, visibility=np.ones(33, np.float32))
    features = FeatureExtractor(spec)(pose, 0.0)
    assert features.vector.shape == (spec.dim,)
    np.testing.assert_allclose(features.vector, spec.vector(world), atol=1e-6)
    assert features.angle("left_knee", spec) == pytest.approx(180.0, abs=2.0)


def test_feature_spec_round_trips_and_a_different_one_is_refused_by_name():
    spec = FeatureSpec()
    assert FeatureSpec.from_dict(spec.to_dict()) == spec
    older = FeatureSpec(version=0, angles=spec.angles[:-1])
    with pytest.raises(FeatureSpecError, match=r"models/x/spec\.json.*angles"):
        spec.require_same_as(older, "models/x/spec.json")
    with pytest.raises(FeatureSpecError, match="malformed"):
        FeatureSpec.from_dict({"version": 1}, "spec.json")


@pytest.mark.parametrize("gated_parts", ["all", "legs"])
def test_invented_legs_are_zeroed_and_a_hidden_arm_only_when_everything_is_gated(gated_parts):
    """Filmed waist-up, MediaPipe invents legs: they must never reach the model. A far arm it cannot see is still a
    fair guess of where the arm is, which a spec gating only the legs keeps."""
    spec = FeatureSpec(gated_parts=gated_parts)
    world = standing_pose()
    visibility = np.ones(33)
    for name in ("left_knee", "right_knee", "left_ankle", "right_ankle", "left_wrist", "left_elbow"):
        visibility[INDEX[name]] = 0.1
    vector = spec.vector(world, visibility)
    angles = dict(zip(spec.angles, vector[: len(spec.angles)], strict=True))
    points = vector[len(spec.angles) : len(spec.angles) + 3 * len(spec.landmarks)].reshape(-1, 3)
    point = dict(zip(spec.landmarks, points, strict=True))
    assert angles["left_knee"] == 0.0 and not point["right_ankle"].any()
    assert angles["right_elbow"] > 0.9  # seen: kept
    arm_kept = angles["left_elbow"] > 0.9 and point["left_wrist"].any()
    assert arm_kept == (gated_parts == "legs")


def test_a_spec_gating_an_unknown_part_is_refused_with_the_field_named():
    with pytest.raises(FeatureSpecError, match=r"recognizer\.json: malformed.*gated_parts.*'arms'"):
        FeatureSpec.from_dict({**FeatureSpec().to_dict(), "gated_parts": "arms"}, "recognizer.json")


def test_a_legs_gated_vector_regated_is_exactly_the_fully_gated_vector():
    """The vector carries every landmark's visibility, so a network trained on fully gated features can read the
    pipeline's legs-gated ones (the shipped ensemble relies on this)."""
    rng = np.random.default_rng(3)
    world = rng.normal(scale=0.3, size=(20, 33, 3))
    visibility = rng.uniform(size=(20, 33))
    legs, everything = FeatureSpec(gated_parts="legs"), FeatureSpec(gated_parts="all")
    np.testing.assert_array_equal(
        legs.regated(legs.vector(world, visibility), "all"), everything.vector(world, visibility)
    )
    with pytest.raises(FeatureSpecError, match="cannot be re-gated"):
        everything.regated(everything.vector(world, visibility), "legs")


SPECS = {"legs": FeatureSpec(), "all": FeatureSpec(gated_parts="all"), "ungated": FeatureSpec(visibility_gated=False),
         "no-yaw": FeatureSpec(canonical_yaw=False)}  # fmt: skip


@pytest.mark.parametrize("spec", SPECS.values(), ids=SPECS.keys())
def test_mirrored_vectors_are_the_vectors_of_the_mirrored_person(spec):
    """The recognizer reads each person and their mirror image (a left-arm curl is a curl); mirroring the vector must
    be exactly what the pipeline makes of the mirrored pose, or it would read a person who does not exist."""
    rng = np.random.default_rng(5)
    world = rng.normal(scale=0.3, size=(20, 33, 3)) + standing_pose()
    world[:, INDEX["left_wrist"]] += (0.0, -0.3, -0.2)  # one arm raised and forward: not symmetric
    visibility = rng.uniform(size=(20, 33))
    x = spec.vector(world, visibility)
    mirrored_person = spec.vector(mirror_world(world), visibility[:, list(MIRROR_PERMUTATION)])
    assert not np.allclose(x, mirrored_person)
    np.testing.assert_allclose(spec.mirrored(x), mirrored_person, atol=1e-6)
    np.testing.assert_array_equal(spec.mirrored(spec.mirrored(x)), x)


def test_a_spec_with_one_side_only_cannot_be_mirrored():
    spec = FeatureSpec(angles=("left_elbow", "trunk_lean"))
    assert not spec.can_mirror
    with pytest.raises(FeatureSpecError, match="cannot be mirrored"):
        spec.mirrored(np.zeros(spec.dim))
