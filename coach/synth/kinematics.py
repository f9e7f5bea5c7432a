"""Small vectorised geometry for the body model: rotations over time and two-bone inverse kinematics.

Every function takes arrays with a leading time axis (T, ...) so a whole clip is computed at once (a minute of motion in
a few milliseconds), never frame by frame in Python.
"""

from __future__ import annotations

import numpy as np

_EPS = 1e-9


def rot_x(deg: np.ndarray) -> np.ndarray:
    """(T, 3, 3) rotations about x by `deg` (T,). Positive turns +y towards +z."""
    a = np.radians(np.asarray(deg, dtype=np.float64))
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def rot_y(deg: np.ndarray) -> np.ndarray:
    """(T, 3, 3) rotations about y by `deg` (T,). Positive turns +z towards +x."""
    a = np.radians(np.asarray(deg, dtype=np.float64))
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def rot_z(deg: np.ndarray) -> np.ndarray:
    """(T, 3, 3) rotations about z by `deg` (T,). Positive turns +x towards +y."""
    a = np.radians(np.asarray(deg, dtype=np.float64))
    c, s, o, z = np.cos(a), np.sin(a), np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def apply(rotation: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Rotate (T, 3) or a constant (3,) vector by (T, 3, 3) rotations."""
    vector = np.asarray(vector, dtype=np.float64)
    if vector.ndim == 1:
        return rotation @ vector
    return np.einsum("tij,tj->ti", rotation, vector)


def unit(v: np.ndarray) -> np.ndarray:
    """Vectors scaled to length 1 along the last axis."""
    return v / (np.linalg.norm(v, axis=-1, keepdims=True) + _EPS)


def two_bone_ik(
    root: np.ndarray, target: np.ndarray, upper: float, lower: float, pole: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Middle joint and end point of a two-bone limb (thigh+shin, upper arm+forearm) reaching for `target`.

    The limb bends towards `pole` (a direction: knees forward, elbows back). Unreachable targets are approached along a
    straight line, so bone lengths never change. Returns (middle (T, 3), end (T, 3)).
    """
    offset = target - root
    distance = np.linalg.norm(offset, axis=-1)
    reach = np.clip(distance, abs(upper - lower) + 1e-4, upper + lower - 1e-6)
    along = unit(offset)
    bend = pole - np.sum(pole * along, axis=-1, keepdims=True) * along
    bend = unit(bend)
    a = (upper**2 - lower**2 + reach**2) / (2.0 * reach)
    h = np.sqrt(np.maximum(upper**2 - a**2, 0.0))
    middle = root + a[:, None] * along + h[:, None] * bend
    end = root + reach[:, None] * along
    return middle, end
