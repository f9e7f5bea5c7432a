"""The skeleton drawn over the camera picture: the person's left in orange, right in blue, as in `coach analyze`."""

from __future__ import annotations

import numpy as np
import pygame

from coach.app.theme import CENTRE_LINE, LEFT_SIDE, RIGHT_SIDE, Colour
from coach.live.frame import LivePose
from coach.vision.landmarks import BONE_INDICES, INDEX, LANDMARK_NAMES

MIN_VISIBILITY = 0.5
# Dots at the joints that carry the angles; hands, heels and toes would only clutter (their bones are still drawn).
_DOT_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
_JOINTS = np.array([INDEX[f"{side}_{joint}"] for side in ("left", "right") for joint in _DOT_JOINTS])


def _bone_colour(a: int, b: int) -> Colour:
    names = LANDMARK_NAMES[a], LANDMARK_NAMES[b]
    if all(n.startswith("left_") for n in names):
        return LEFT_SIDE
    if all(n.startswith("right_") for n in names):
        return RIGHT_SIDE
    return CENTRE_LINE


_BONE_COLOURS = [_bone_colour(a, b) for a, b in BONE_INDICES]


def landmark_points(pose: LivePose, image: pygame.Rect) -> np.ndarray:
    """Landmarks in screen pixels (33, 2) for a picture drawn at `image`."""
    return pose.image_xy * [image.width, image.height] + [image.left, image.top]


def draw_skeleton(
    surface: pygame.Surface,
    image: pygame.Rect,
    pose: LivePose,
    *,
    scale: float = 1.0,
    min_visibility: float = MIN_VISIBILITY,
) -> None:
    """Bones between visible landmarks, then the joints as white dots with a dark rim."""
    points = landmark_points(pose, image)
    visible = pose.visibility >= min_visibility
    width = max(2, round(5 * scale))
    clip = surface.get_clip()
    surface.set_clip(image)
    for (a, b), colour in zip(BONE_INDICES, _BONE_COLOURS, strict=True):
        if visible[a] and visible[b]:
            pygame.draw.line(surface, colour, points[a], points[b], width)
    radius = max(3, round(5 * scale))
    for i in _JOINTS[visible[_JOINTS]]:
        centre = (round(points[i][0]), round(points[i][1]))
        pygame.draw.circle(surface, (20, 20, 24), centre, radius + 2)
        pygame.draw.circle(surface, (255, 255, 255), centre, radius)
    surface.set_clip(clip)
