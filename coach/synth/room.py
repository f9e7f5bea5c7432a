"""The avatar's room and look: colours, and a wall and plank floor ray-cast once per camera (room.py keeps render.py
to the figure itself)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from coach.synth.camera import Camera

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class AvatarStyle:
    """Colours (RGB) and light of the avatar and its room; the defaults are a sporty look against a cool wall."""

    skin: RGB = (226, 170, 134)
    hair: RGB = (66, 44, 32)
    shirt: RGB = (232, 88, 60)
    shorts: RGB = (38, 46, 70)
    shoe: RGB = (58, 108, 200)
    sole: RGB = (238, 238, 232)
    lips: RGB = (176, 90, 86)
    eyes: RGB = (36, 28, 26)
    wall_top: RGB = (168, 180, 196)
    wall_bottom: RGB = (214, 220, 228)
    floor: RGB = (192, 154, 114)
    mat: RGB | None = (62, 146, 150)
    light: tuple[float, float, float] = (-0.45, 0.8, 0.55)  # scene direction towards the key light
    shadow: float = 0.5  # darkness of the floor shadow right under the body, 0..1


def _unit(v: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-6 and math.isfinite(n) else fallback


def render_room(camera: Camera, style: AvatarStyle) -> np.ndarray:
    """Ray-cast the room once: a wall behind the person (lit in the middle, skirting board) and a plank floor with a
    mat. Seams and edges are box-filtered against each pixel's footprint so the floor does not alias."""
    w, h, f = camera.width, camera.height, camera.focal_px
    rot, pos = camera.rotation.astype(np.float32), camera.position
    u = (np.arange(w, dtype=np.float32) + 0.5 - 0.5 * w) / f
    v = (np.arange(h, dtype=np.float32) + 0.5 - 0.5 * h) / f
    d = (-u if camera.mirror else u)[None, :, None] * rot[0] + v[:, None, None] * rot[1] + rot[2]
    d /= np.linalg.norm(d, axis=2, keepdims=True)
    ahead = _unit(np.array([rot[2, 0], 0.0, rot[2, 2]]), np.array([0.0, 0.0, -1.0]))
    along = d @ ahead.astype(np.float32)
    t_wall = (camera.distance_m + 2.6) / np.maximum(along, 1e-3)
    t_floor = np.where(d[..., 1] < -1e-4, pos[1] / np.maximum(-d[..., 1], 1e-4), np.inf)
    floor = t_floor < t_wall
    # Wall: vertical gradient, a soft pool of light behind the person, a pale skirting board.
    y = np.clip(pos[1] + t_wall * d[..., 1], -1.0, 10.0)
    lateral = t_wall * (d @ np.array([-ahead[2], 0.0, ahead[0]], np.float32))
    k = np.clip(y / 2.8, 0.0, 1.0)[..., None]
    wall = (1.0 - k) * np.array(style.wall_bottom, np.float32) + k * np.array(style.wall_top, np.float32)
    wall *= (0.9 + 0.14 * np.exp(-((lateral / 1.9) ** 2) - ((y - 1.2) / 1.4) ** 2))[..., None]
    board = np.clip((0.1 - y) / (t_wall / f) + 0.5, 0.0, 1.0)[..., None]
    wall = wall * (1.0 - board) + board * np.array([236.0, 236.0, 232.0], np.float32)
    # Floor: planks along z with staggered joints and a tone per board; seams and the mat's edges are box-filtered.
    tf = np.where(floor, t_floor, 1.0)
    x, z = pos[0] + tf * d[..., 0], pos[2] + tf * d[..., 2]
    fp = tf / f / np.sqrt(np.maximum(-d[..., 1], 0.05))  # metres under one pixel, roughly
    plank = np.floor(x / 0.16)
    offset = (plank * 0.618) % 1.0 * 1.5
    rand = np.sin(plank * 12.9898 + np.floor((z + offset) / 1.5) * 78.233) * 43758.5453 % 1.0
    seams = np.maximum(_line_cover(x, 0.16, fp), 0.6 * _line_cover(z + offset, 1.5, fp))
    ground = np.array(style.floor, np.float32) * (0.94 + 0.1 * rand - 0.22 * seams)[..., None]
    ground *= (1.0 + 0.08 * np.exp(-(x**2 + z**2) / 3.0))[..., None]
    if style.mat is not None:
        edge = np.maximum(np.abs(x) - 0.33, np.abs(z - 0.35) - 0.95)
        cover = np.clip(0.5 - edge / fp, 0.0, 1.0)[..., None]
        rim = np.clip(0.5 - (edge + 0.015) / fp, 0.0, 1.0)[..., None]
        ground = ground * (1.0 - cover) + cover * np.array(style.mat, np.float32) * (0.8 + 0.2 * rim)
    fog = np.clip((tf - 3.0) / 14.0, 0.0, 0.3)[..., None]
    ground = ground * (1.0 - fog) + fog * np.array(style.wall_bottom, np.float32)
    room = np.where(floor[..., None], ground, wall)
    r2 = ((np.arange(w) - 0.5 * w) / w)[None, :] ** 2 + ((np.arange(h) - 0.5 * h) / w)[:, None] ** 2
    room *= (1.0 - 0.35 * r2)[..., None].astype(np.float32)  # a gentle vignette
    return np.clip(room + 0.5, 0, 255).astype(np.uint8)


def _line_cover(coord: np.ndarray, period: float, footprint: np.ndarray, width: float = 0.005) -> np.ndarray:
    """How much of a pixel (`footprint` wide) a line of `width` repeating every `period` covers (a box filter)."""
    dist = np.abs(coord - period * np.round(coord / period))
    lo = np.maximum(dist - 0.5 * footprint, -0.5 * width)
    hi = np.minimum(dist + 0.5 * footprint, 0.5 * width)
    return np.clip(hi - lo, 0.0, None) / footprint
