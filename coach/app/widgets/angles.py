"""Joint angles written at their joints, placed so that no two labels overlap (both hips sit close together).

Each label is pushed away from the body's centre; if that spot is taken, nearby directions and distances are tried in
turn. Labels are small pills with a leader line to their joint, coloured by side like the skeleton.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pygame

from coach.app.text import render
from coach.app.theme import CENTRE_LINE, LEFT_SIDE, RIGHT_SIDE, Colour
from coach.app.widgets.skeleton import MIN_VISIBILITY, landmark_points
from coach.live.frame import LivePose
from coach.vision.landmarks import INDEX

DEFAULT_ANGLES = (
    "left_elbow",
    "right_elbow",
    "left_shoulder",
    "right_shoulder",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
)
_TURNS_DEG = (0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180)
_RINGS = 5  # further and further out, one label height at a time


def anchor_landmarks(angle_name: str) -> tuple[str, ...]:
    """The landmark(s) an angle is written at: its joint (the midpoint of several for the trunk)."""
    if angle_name == "trunk_lean":
        return ("left_shoulder", "right_shoulder")
    side, _, joint = angle_name.partition("_")
    joint = joint.split("_")[0]
    return (f"{side}_{'hip' if joint == 'body' else joint}",)


def _side_colour(angle_name: str) -> Colour:
    if angle_name.startswith("left_"):
        return LEFT_SIDE
    if angle_name.startswith("right_"):
        return RIGHT_SIDE
    return CENTRE_LINE


def place_labels(
    anchors: list[tuple[float, float]],
    sizes: list[tuple[int, int]],
    centre: tuple[float, float],
    bounds: pygame.Rect,
    offset: float,
    avoid: Iterable[pygame.Rect] = (),
) -> list[pygame.Rect]:
    """A rect per label near its anchor, pushed away from `centre`, overlapping no other label (when possible)."""
    placed: list[pygame.Rect] = []
    blocked = list(avoid)
    for (ax, ay), (w, h) in zip(anchors, sizes, strict=True):
        base = math.atan2(ay - centre[1], ax - centre[0]) if (ax, ay) != centre else 0.0
        chosen: pygame.Rect | None = None
        for ring in range(_RINGS):
            gap = offset + ring * (h + 4)
            for turn in _TURNS_DEG:
                a = base + math.radians(turn)
                reach = gap + abs(math.cos(a)) * w / 2 + abs(math.sin(a)) * h / 2  # rect edge `gap` from the joint
                rect = pygame.Rect(0, 0, w, h)
                rect.center = (round(ax + math.cos(a) * reach), round(ay + math.sin(a) * reach))
                if bounds.contains(rect) and rect.inflate(4, 4).collidelist(blocked) < 0:
                    chosen = rect
                    break
            if chosen is not None:
                break
        if chosen is None:  # nowhere free: closest spot, clamped into the picture
            chosen = pygame.Rect(0, 0, w, h)
            chosen.center = (round(ax + offset + w / 2), round(ay))
            chosen = chosen.clamp(bounds)
        placed.append(chosen)
        blocked.append(chosen)
    return placed


def draw_angle_labels(
    surface: pygame.Surface,
    image: pygame.Rect,
    pose: LivePose,
    angles: Mapping[str, float],
    font: pygame.font.Font,
    names: Iterable[str] = DEFAULT_ANGLES,
    *,
    highlight: Iterable[str] = (),
) -> list[pygame.Rect]:
    """Write each named angle (those present in `angles`) at its joint; returns the label rects."""
    points = landmark_points(pose, image)
    shown: list[tuple[str, tuple[float, float]]] = []
    for name in names:
        if name not in angles:
            continue
        ids = [INDEX[n] for n in anchor_landmarks(name)]
        if min(pose.visibility[i] for i in ids) < MIN_VISIBILITY:
            continue
        anchor = np.mean(points[ids], axis=0)
        shown.append((name, (float(anchor[0]), float(anchor[1]))))
    if not shown:
        return []
    torso = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip")]
    centre = tuple(float(v) for v in np.mean(points[torso], axis=0))
    strong = set(highlight)
    texts = [render(font, f"{angles[name]:.0f}°", (255, 255, 255)) for name, _ in shown]
    pad_x, pad_y = max(4, font.get_height() // 3), max(2, font.get_height() // 8)
    sizes = [(t.get_width() + 2 * pad_x, t.get_height() + 2 * pad_y) for t in texts]
    joint_radius = max(4, font.get_height() // 3)
    joints = [
        pygame.Rect(round(x) - joint_radius, round(y) - joint_radius, 2 * joint_radius, 2 * joint_radius)
        for _, (x, y) in shown
    ]
    rects = place_labels([a for _, a in shown], sizes, centre, image, font.get_height() * 0.6, avoid=joints)
    for (name, anchor), text, rect in zip(shown, texts, rects, strict=True):
        colour = _side_colour(name)
        pygame.draw.aaline(surface, colour, anchor, rect.center)
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        fill = (*colour, 235) if name in strong else (16, 18, 24, 215)
        pygame.draw.rect(layer, fill, layer.get_rect(), border_radius=rect.height // 2)
        pygame.draw.rect(layer, (*colour, 255), layer.get_rect(), width=2, border_radius=rect.height // 2)
        surface.blit(layer, rect)
        text_colour_surface = render(font, f"{angles[name]:.0f}°", (10, 12, 16)) if name in strong else text
        surface.blit(text_colour_surface, text_colour_surface.get_rect(center=rect.center))
    return rects
