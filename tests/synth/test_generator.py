"""The motion generator: plausible, labelled, deterministic movement for every exercise."""

from __future__ import annotations

import numpy as np
import pytest

from coach.exercises import ExerciseKind, class_ids, get_exercise
from coach.synth.generator import Segment, ViewRequest, generate_clip, generate_workout
from coach.synth.noise import NoiseProfile, apply_noise, forearms_towards_camera
from coach.vision.features import ANGLE_NAMES, joint_angles
from coach.vision.landmarks import INDEX

EXERCISES = class_ids()
REP_EXERCISES = [e for e in EXERCISES if get_exercise(e).kind is ExerciseKind.REPS]
BONES = [
    (f"{s}_{a}", f"{s}_{b}")
    for s in ("left", "right")
    for a, b in (("shoulder", "elbow"), ("elbow", "wrist"), ("hip", "knee"), ("knee", "ankle"))
]


def _clip(exercise: str, seed: int, **kw):
    if get_exercise(exercise).kind is ExerciseKind.REPS:
        return generate_clip(exercise, reps=kw.pop("reps", 4), seed=seed, **kw)
    return generate_clip(exercise, seconds=kw.pop("seconds", 6.0), seed=seed, **kw)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_fifty_people_each_do_the_asked_number_of_reps(exercise: str):
    for seed in range(50):
        reps = 1 + seed % 6
        clip = _clip(exercise, seed, reps=reps, noise=None)
        assert np.isfinite(clip.scene).all()
        if exercise in REP_EXERCISES:
            assert clip.count() == reps, (exercise, seed)
            assert all(r.start < r.bottom < r.end <= clip.frames - 1 for r in clip.reps)
        else:
            assert clip.count() == 0


@pytest.mark.parametrize("exercise", EXERCISES)
def test_joints_stay_within_human_limits(exercise: str):
    for seed in range(10):
        clip = _clip(exercise, seed, noise=None)
        angles = joint_angles(clip.world)
        for joint in ("left_knee", "right_knee", "left_elbow", "right_elbow"):
            values = angles[:, ANGLE_NAMES.index(joint)]
            assert values.min() > 20 and values.max() <= 180.0, (exercise, seed, joint, values.min())
        # No knee bends backwards: flexing rotates the shin backwards about the body's left axis, never forwards.
        body_left = clip.scene[:, INDEX["left_hip"]] - clip.scene[:, INDEX["right_hip"]]
        for side in ("left", "right"):
            hip, knee, ankle = (clip.scene[:, INDEX[f"{side}_{j}"]] for j in ("hip", "knee", "ankle"))
            flexion_axis = np.cross(knee - hip, ankle - knee)
            straight = angles[:, ANGLE_NAMES.index(f"{side}_knee")] > 172
            assert ((np.sum(flexion_axis * body_left, axis=-1) > 0) | straight).all(), (exercise, seed, side)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_bones_keep_their_length_within_a_clip(exercise: str):
    clip = generate_clip(
        exercise,
        reps=3 if exercise in REP_EXERCISES else None,
        seconds=None if exercise in REP_EXERCISES else 5.0,
        seed=7,
        noise=None,
        lead_in_s=2.0,
    )
    for a, b in BONES:
        length = np.linalg.norm(clip.scene[:, INDEX[a]] - clip.scene[:, INDEX[b]], axis=-1)
        assert length.std() < 1e-3, (exercise, a, b, length.min(), length.max())


def test_feet_stay_on_the_floor_during_a_squat():
    clip = generate_clip("squat", reps=5, seed=2, noise=None)
    heels = clip.scene[:, [INDEX["left_heel"], INDEX["right_heel"]]]
    assert np.abs(heels[..., 1]).max() < 0.02
    assert np.ptp(heels[..., [0, 2]], axis=0).max() < 0.01  # no sliding


def test_the_same_seed_gives_the_same_clip_and_another_seed_another():
    a, b, c = (generate_clip("lunge", reps=3, seed=s) for s in (11, 11, 12))
    np.testing.assert_array_equal(a.world, b.world)
    assert a.labels == b.labels and a.truth_json() == b.truth_json()
    assert a.frames != c.frames or not np.allclose(a.world, c.world)


def test_partial_reps_are_extra_and_flagged():
    clip = generate_clip("squat", reps=10, seed=4, partial_rate=0.4)
    partial = [r for r in clip.reps if r.partial]
    assert clip.count() == 10 and partial
    assert all(r.range_of_motion < 0.6 for r in partial)


def test_a_workout_chains_exercises_with_idle_between_and_labels_each_frame():
    clip = generate_workout(
        [Segment("idle", seconds=3), Segment("squat", reps=4), Segment("idle", seconds=2), Segment("plank", seconds=8)],
        seed=5,
    )
    assert clip.count("squat") == 4
    assert clip.holds["plank"] == pytest.approx(8.0, abs=0.6)
    assert clip.labels[0] == "idle" and "squat" in clip.labels and clip.labels[-1] in ("plank", "idle")
    squat_frames = [i for i, label in enumerate(clip.labels) if label == "squat"]
    assert all(squat_frames[0] <= r.start and r.end <= squat_frames[-1] for r in clip.reps)


@pytest.mark.parametrize("yaw", [-70.0, 0.0, 70.0])
def test_the_camera_sees_the_person_where_it_was_asked_to_stand(yaw: float):
    clip = generate_clip(
        "squat", reps=2, seed=1, view=ViewRequest(yaw_deg=yaw, mirror=False, partly_out_of_frame=False)
    )
    assert clip.camera.yaw_deg == yaw
    inside = (clip.image_xy > 0.0) & (clip.image_xy < 1.0)
    assert inside.all(axis=-1).mean() > 0.98


def test_noise_on_a_still_person_matches_what_was_measured_on_real_mediapipe_output():
    from tests.vision.poses import standing_pose

    pose = standing_pose()  # MediaPipe world axes, facing the camera
    elbow, wrist = INDEX["left_elbow"], INDEX["left_wrist"]
    bend = np.radians(180 - 157)  # the real clips' resting arm: elbow ~157 deg
    pose[wrist] = pose[elbow] + 0.27 * np.array([0.0, np.cos(bend), -np.sin(bend)])
    frames = 900
    world = np.repeat(pose[None], frames, axis=0)
    image = np.repeat((pose[None, :, :2] + 1.0) / 3.0, frames, axis=0)
    visibility = np.full((frames, 33), 0.98)
    noisy, _, _, _ = apply_noise(world, image, visibility, 30.0, NoiseProfile(), np.random.default_rng(0))
    elbow = joint_angles(noisy)[:, ANGLE_NAMES.index("left_elbow")]
    assert 0.5 < elbow.std() < 3.0  # real: a still, hanging arm's elbow angle wobbles by 1.3 deg (SD)
    wrist = noisy[:, INDEX["left_wrist"]]
    assert 0.008 < np.median(wrist.std(axis=0)) < 0.035  # real: 10-27 mm of slow wander per axis
    steps = np.abs(np.diff(wrist[:, 0]))
    assert np.median(steps) < 0.6 * wrist[:, 0].std()  # slow wander: white noise alone would give ~0.95


def test_mediapipe_reports_a_canonical_body_size_and_rarely_loses_the_person():
    clip = generate_clip("idle", seconds=600, seed=3)
    torso = np.linalg.norm(
        clip.world[:, [INDEX["left_shoulder"], INDEX["right_shoulder"]]].mean(1)
        - clip.world[:, [INDEX["left_hip"], INDEX["right_hip"]]].mean(1),
        axis=-1,
    )
    assert np.median(torso) == pytest.approx(0.478, abs=0.07)
    dropouts_per_min = (~clip.detected).sum() / 10
    assert 0.1 <= dropouts_per_min <= 2.0  # measured: 0.6 per minute, one frame each


def test_far_side_limbs_are_less_visible_in_a_side_view():
    level = {"pitch_deg": 5.0, "partly_out_of_frame": False}  # elbows at the sides, camera at chest height
    front = generate_clip("bicep_curl", reps=3, seed=2, view=ViewRequest(yaw_deg=0.0, **level))
    side = generate_clip("bicep_curl", reps=3, seed=2, view=ViewRequest(yaw_deg=65.0, mirror=False, **level))
    elbows = [INDEX["left_elbow"], INDEX["right_elbow"]]
    assert np.median(front.visibility[:, elbows]) > 0.9
    per_side = np.median(side.visibility[:, elbows], axis=0)
    assert per_side.min() < 0.6 < per_side.max()  # measured: near 0.97, far 0.33


def test_legs_behind_a_rack_are_invented_with_half_visible_knees_as_mediapipe_reports_them():
    """Measured on a real curl filmed over a dumbbell rack: knees 0.5-0.75 visible, ankles ~0.02, legs folded."""
    clip = generate_clip("bicep_curl", reps=3, seed=4, view=ViewRequest(yaw_deg=0.0, legs_hidden=True))
    open_view = generate_clip("bicep_curl", reps=3, seed=4, view=ViewRequest(yaw_deg=0.0, legs_hidden=False))
    knees = [INDEX["left_knee"], INDEX["right_knee"]]
    ankles = [INDEX["left_ankle"], INDEX["right_ankle"]]
    assert 0.25 < np.median(clip.visibility[:, knees]) < 0.8
    assert np.median(clip.visibility[:, ankles]) < 0.12
    assert np.median(open_view.visibility[:, ankles]) > 0.9
    knee_angles = joint_angles(clip.world, ("left_knee", "right_knee"))
    assert np.median(knee_angles) < 150  # invented, bent, although the person stands straight
    assert np.median(joint_angles(open_view.world, ("left_knee", "right_knee"))) > 160


def test_a_rack_never_hides_the_legs_of_an_exercise_done_with_the_legs():
    squat = generate_clip("squat", reps=3, seed=4, view=ViewRequest(yaw_deg=0.0, legs_hidden=True))
    assert np.median(squat.visibility[:, [INDEX["left_ankle"], INDEX["right_ankle"]]]) > 0.9


def _forearm_tilt_when_raised(clip) -> np.ndarray:
    """Degrees towards the camera of forearms whose hand is clearly above the elbow (0 straight up)."""
    tilts = []
    for side in ("left", "right"):
        fore = clip.world[:, INDEX[f"{side}_wrist"]] - clip.world[:, INDEX[f"{side}_elbow"]]
        up = fore[:, 1] < -0.05  # camera axes: y points down
        tilts.append(np.degrees(np.arctan2(-fore[up, 2], -fore[up, 1])))
    return np.concatenate(tilts)


def test_raised_forearms_point_at_the_camera_in_a_curl_and_up_in_a_press():
    """Measured on real front-view clips: curl tops and hands behind the neck read ~60 degrees, presses ~0."""
    view = ViewRequest(yaw_deg=0.0, pitch_deg=5.0)
    curls = np.concatenate([_forearm_tilt_when_raised(generate_clip("bicep_curl", reps=4, seed=s, view=view))
                            for s in range(4)])  # fmt: skip
    press = _forearm_tilt_when_raised(generate_clip("shoulder_press", reps=4, seed=2, view=view))
    assert len(curls) > 100 and len(press) > 100
    assert 30 < np.median(curls) < 75
    assert abs(np.median(press)) < 20


def _one_arm(upper: tuple[float, float, float], fore: tuple[float, float, float]) -> np.ndarray:
    """A (1, 33, 3) pose in camera axes (y down) whose left arm has these upper-arm and forearm vectors."""
    world = np.zeros((1, 33, 3))
    world[0, INDEX["left_elbow"]] = upper
    world[0, INDEX["left_wrist"]] = np.add(upper, fore)
    return world


def _tilt(world: np.ndarray) -> float:
    fore = world[0, INDEX["left_wrist"]] - world[0, INDEX["left_elbow"]]
    return float(np.degrees(np.arctan2(-fore[2], -fore[1])))


def test_mediapipe_guesses_a_raised_forearm_over_a_hanging_upper_arm_points_at_the_camera():
    rng = np.random.default_rng(0)
    folded = _one_arm((0.0, 0.28, 0.0), (0.0, -0.25, 0.0))  # elbow down, hand up at the shoulder
    pressing = _one_arm((0.28, 0.0, 0.0), (0.0, -0.25, 0.0))  # elbow out at shoulder height, hand up
    assert 40 < _tilt(forearms_towards_camera(folded, 0.0, rng)) < 75
    assert abs(_tilt(forearms_towards_camera(pressing, 0.0, rng))) < 1
    assert abs(_tilt(forearms_towards_camera(folded, 90.0, rng))) < 1  # seen from the side the tilt is visible
    moved = forearms_towards_camera(folded, 0.0, rng)
    length = np.linalg.norm(moved[0, INDEX["left_wrist"]] - moved[0, INDEX["left_elbow"]])
    assert abs(length - 0.25) < 1e-9  # bones keep their length


def test_cameras_look_down_from_shelves_and_up_from_low_tables():
    pitches = [generate_clip("idle", seconds=1.0, seed=s).camera.look_down_deg for s in range(60)]
    assert min(pitches) < -5 and max(pitches) > 18  # drawn from -10..25 degrees


def test_ninety_jumping_jacks_make_over_a_minute_of_motion_with_every_rep_in_the_truth():
    """(How fast a minute of motion is made is measured by benchmarks/synth.py, not asserted here: a timed test fails
    on a busy machine for reasons that are not the code's.)"""
    clip = generate_clip("jumping_jack", reps=90, seed=0)
    assert clip.frames / clip.fps >= 60 and clip.count() == 90
