"""Hand-built poses with known joint angles, in MediaPipe world coordinates (metres, x right, y down, z away)."""

from __future__ import annotations

import numpy as np

from coach.vision.landmarks import INDEX, NUM_LANDMARKS


def standing_pose() -> np.ndarray:
    """A person facing the camera, arms hanging, legs straight; shoulders above hips above knees (exact angles).

    Their left side is at +x (image right).
    """
    world = np.zeros((NUM_LANDMARKS, 3))
    for side, sx in (("left", 1.0), ("right", -1.0)):
        world[INDEX[f"{side}_shoulder"]] = (0.15 * sx, -0.50, 0.0)
        world[INDEX[f"{side}_elbow"]] = (0.17 * sx, -0.22, 0.0)
        world[INDEX[f"{side}_wrist"]] = (0.17 * sx, 0.05, 0.0)
        for finger in ("pinky", "index", "thumb"):
            world[INDEX[f"{side}_{finger}"]] = (0.17 * sx, 0.12, 0.0)
        world[INDEX[f"{side}_hip"]] = (0.15 * sx, 0.0, 0.0)
        world[INDEX[f"{side}_knee"]] = (0.15 * sx, 0.45, 0.0)
        world[INDEX[f"{side}_ankle"]] = (0.15 * sx, 0.90, 0.0)
        world[INDEX[f"{side}_heel"]] = (0.15 * sx, 0.95, 0.05)
        world[INDEX[f"{side}_foot_index"]] = (0.15 * sx, 0.95, -0.12)
        for part in ("eye_inner", "eye", "eye_outer", "ear"):
            world[INDEX[f"{side}_{part}"]] = (0.04 * sx, -0.70, -0.03)
        world[INDEX[f"mouth_{side}"]] = (0.02 * sx, -0.62, -0.06)
    world[INDEX["nose"]] = (0.0, -0.66, -0.09)
    return world


def rotate_about_vertical(world: np.ndarray, degrees: float) -> np.ndarray:
    """The same pose seen by a camera that moved `degrees` around the person (about the y axis)."""
    a = np.radians(degrees)
    rotation = np.array([[np.cos(a), 0.0, np.sin(a)], [0.0, 1.0, 0.0], [-np.sin(a), 0.0, np.cos(a)]])
    return world @ rotation.T


def rotate_about_x(world: np.ndarray, degrees: float) -> np.ndarray:
    """Tip the whole body forward/backward (about the x axis), e.g. 90 degrees to lie down."""
    a = np.radians(degrees)
    rotation = np.array([[1.0, 0.0, 0.0], [0.0, np.cos(a), -np.sin(a)], [0.0, np.sin(a), np.cos(a)]])
    return world @ rotation.T
