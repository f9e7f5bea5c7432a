"""Draw a skeleton and joint angles onto a frame with OpenCV (headless: used by `coach analyze --annotate`)."""

from __future__ import annotations

import cv2
import numpy as np

from coach.vision.features import Features, FeatureSpec
from coach.vision.landmarks import BONE_INDICES, INDEX, LANDMARK_NAMES
from coach.vision.pose import Pose

# Angles labelled on the video, at the joint they belong to.
LABELLED_ANGLES: dict[str, str] = {
    "left_elbow": "left_elbow",
    "right_elbow": "right_elbow",
    "left_shoulder": "left_shoulder",
    "right_shoulder": "right_shoulder",
    "left_hip": "left_hip",
    "right_hip": "right_hip",
    "left_knee": "left_knee",
    "right_knee": "right_knee",
}
_LEFT_RGB = (255, 160, 40)
_RIGHT_RGB = (40, 200, 255)
_CENTRE_RGB = (235, 235, 235)


def _side_colour(a: int, b: int) -> tuple[int, int, int]:
    names = LANDMARK_NAMES[a], LANDMARK_NAMES[b]
    if all(n.startswith("left_") for n in names):
        return _LEFT_RGB
    if all(n.startswith("right_") for n in names):
        return _RIGHT_RGB
    return _CENTRE_RGB


def draw_pose(
    rgb: np.ndarray, pose: Pose | None, features: Features | None, spec: FeatureSpec, *, status: str = ""
) -> np.ndarray:
    """A copy of `rgb` with the skeleton (left orange, right blue), angles at the joints and a status line."""
    out = rgb.copy()
    height, width = out.shape[:2]
    scale = max(0.4, min(width, height) / 720.0)
    thickness = max(1, round(3 * scale))
    if pose is not None:
        points = np.round(pose.image_xy * [width, height]).astype(int)
        visible = pose.visibility >= spec.min_visibility
        for a, b in BONE_INDICES:
            if visible[a] and visible[b]:
                cv2.line(out, tuple(points[a]), tuple(points[b]), _side_colour(a, b), thickness, cv2.LINE_AA)
        for i in np.flatnonzero(visible[11:]) + 11:
            cv2.circle(out, tuple(points[i]), thickness + 2, (255, 255, 255), -1, cv2.LINE_AA)
        if features is not None:
            for angle_name, joint in LABELLED_ANGLES.items():
                value = features.angle(angle_name, spec)
                if value is None:
                    continue
                x, y = points[INDEX[joint]]
                _label(out, f"{value:.0f}", (int(x) + 8, int(y) - 8), scale)
    if status:
        _label(out, status, (10, int(30 * scale) + 4), scale * 1.1)
    return out


def _label(img: np.ndarray, text: str, origin: tuple[int, int], scale: float) -> None:
    """Text with a dark outline, readable on any background."""
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(img, text, origin, font, 0.7 * scale, (0, 0, 0), max(2, round(4 * scale)), cv2.LINE_AA)
    cv2.putText(img, text, origin, font, 0.7 * scale, (255, 255, 255), max(1, round(1.5 * scale)), cv2.LINE_AA)
