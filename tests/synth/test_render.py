"""The avatar renderer: a frame of the camera's size with the figure where its landmarks project, exact mirroring,
buffer reuse, no crash on impossible poses; and (slow) that MediaPipe finds the avatar where it really stands."""

from __future__ import annotations

import numpy as np
import pytest

from coach.synth.camera import Camera
from coach.synth.render import AvatarRenderer, AvatarStyle
from coach.vision.landmarks import INDEX, NUM_LANDMARKS

from .poses_scene import POSES, standing


def _away(pose: np.ndarray) -> np.ndarray:
    """The same pose far outside the picture (and its shadow with it): what the empty room looks like."""
    return pose + np.array([200.0, 0.0, 0.0])


@pytest.mark.parametrize("size", [(640, 480), (320, 240), (97, 61)])
def test_render_returns_an_rgb_frame_of_the_cameras_size(size: tuple[int, int]):
    width, height = size
    image = AvatarRenderer(Camera(width=width, height=height)).render(standing())
    assert image.shape == (height, width, 3)
    assert image.dtype == np.uint8


@pytest.mark.parametrize("name", sorted(POSES))
@pytest.mark.parametrize("yaw", [0.0, 50.0, -80.0])
def test_the_figure_is_drawn_where_its_landmarks_project(name: str, yaw: float):
    camera = Camera(yaw_deg=yaw)
    renderer = AvatarRenderer(camera)
    pose = POSES[name]()
    figure = renderer.render(pose).astype(int)
    room = renderer.render(_away(pose)).astype(int)
    pixels, _ = camera.project(pose)
    hip_centre = 0.5 * (pixels[INDEX["left_hip"]] + pixels[INDEX["right_hip"]])
    shoulder_centre = 0.5 * (pixels[INDEX["left_shoulder"]] + pixels[INDEX["right_shoulder"]])
    head = 0.5 * (pixels[INDEX["left_ear"]] + pixels[INDEX["right_ear"]])
    for u, v in (hip_centre, shoulder_centre, head):
        x, y = int(u), int(v)
        patch = np.abs(figure[y - 1 : y + 2, x - 1 : x + 2] - room[y - 1 : y + 2, x - 1 : x + 2])
        assert patch.sum(axis=2).mean() > 40, f"nothing drawn at ({x}, {y})"
    # Far from the body (top corners, above the head) the room is untouched.
    top = int(pixels[:, 1].min()) - 25
    assert top > 0
    np.testing.assert_array_equal(figure[:top, :40], room[:top, :40])
    np.testing.assert_array_equal(figure[:top, -40:], room[:top, -40:])


def test_rendering_is_deterministic_and_the_room_is_not_black():
    renderer = AvatarRenderer(Camera(yaw_deg=20))
    first, second = renderer.render(standing()), renderer.render(standing())
    np.testing.assert_array_equal(first, second)
    assert first.mean() > 80


@pytest.mark.parametrize("yaw", [0.0, 35.0, -70.0])
def test_a_mirrored_camera_mirrors_the_picture(yaw: float):
    pose = POSES["squat"]()
    plain = AvatarRenderer(Camera(yaw_deg=yaw)).render(pose).astype(int)
    mirrored = AvatarRenderer(Camera(yaw_deg=yaw, mirror=True)).render(pose).astype(int)
    difference = np.abs(plain[:, ::-1] - mirrored)
    assert difference.mean() < 0.5  # anti-aliased edges may round a level or two differently
    assert (difference.max(axis=2) > 40).mean() < 1e-3


def test_rendering_into_out_reuses_the_buffer():
    renderer = AvatarRenderer(Camera())
    buffer = np.zeros((480, 640, 3), np.uint8)
    result = renderer.render(standing(), out=buffer)
    assert result is buffer
    np.testing.assert_array_equal(buffer, renderer.render(standing()))
    with pytest.raises(ValueError, match="uint8"):
        renderer.render(standing(), out=np.zeros((240, 320, 3), np.uint8))


@pytest.mark.parametrize("forward", [2.0, 3.3, 3.4, 3.45, 6.0])
def test_points_at_or_behind_the_camera_do_not_raise(forward: float):
    camera = Camera()  # the lens is 3.4 m in front of the person
    renderer = AvatarRenderer(camera)
    pose = standing()
    pose[:, 2] += forward
    image = renderer.render(pose)
    assert image.shape == (480, 640, 3)
    if forward > 4.0:  # entirely behind the lens: only the room
        np.testing.assert_array_equal(image, renderer.render(_away(standing())))


def test_impossible_poses_do_not_raise():
    renderer = AvatarRenderer(Camera(width=160, height=120, distance_m=0.5))
    rng = np.random.default_rng(0)
    for _ in range(40):
        renderer.render(rng.uniform(-4.0, 6.0, (NUM_LANDMARKS, 3)))
    renderer.render(np.zeros((NUM_LANDMARKS, 3)))
    renderer.render(standing() * 1e6)
    nan_pose = standing()
    nan_pose[3] = np.nan
    np.testing.assert_array_equal(renderer.render(nan_pose), renderer.render(_away(standing())))


def test_a_style_changes_the_colours():
    camera = Camera()
    pose = standing()
    default = AvatarRenderer(camera).render(pose)
    green = AvatarRenderer(camera, AvatarStyle(shirt=(40, 200, 60), mat=None)).render(pose)
    pixels, _ = camera.project(pose)
    x, y = (0.5 * (pixels[INDEX["left_shoulder"]] + pixels[INDEX["left_hip"]])).astype(int)
    assert green[y, x, 1] > green[y, x, 0]
    assert default[y, x, 0] > default[y, x, 1]


@pytest.mark.slow
@pytest.mark.parametrize("yaw", [0.0, 45.0])
def test_mediapipe_finds_the_avatar_where_it_stands(yaw: float):
    from coach.vision.pose import PoseEstimator

    camera = Camera(yaw_deg=yaw)
    pose = standing()
    image = AvatarRenderer(camera).render(pose)
    with PoseEstimator(video=False) as estimator:
        found = estimator.estimate(image)
    assert found is not None, "MediaPipe saw nobody"
    truth, _ = camera.project(pose)
    joints = [INDEX[f"{side}_{joint}"] for side in ("left", "right") for joint in ("shoulder", "hip")]
    error = np.linalg.norm(found.image_xy[joints] * (camera.width, camera.height) - truth[joints], axis=1)
    assert error.max() < 0.08 * camera.height, f"landmarks off by {error.max():.0f} px"
