"""Hand-built poses in the scene frame (metres, floor at y=0, y up, facing +z, +x the person's left) for renderer tests.

Written out by hand (not with coach/synth/body.py) so the renderer's tests do not depend on the body model: a standing
adult about 1.76 m tall with realistic face landmarks, and a few exercise poses made by rotating parts of it.
"""

from __future__ import annotations

import numpy as np

from coach.vision.landmarks import INDEX, LANDMARK_NAMES, NUM_LANDMARKS

_FACE = ("nose", "eye_inner", "eye", "eye_outer", "ear", "mouth")
HEAD_NAMES = tuple(n for n in LANDMARK_NAMES if any(part in n for part in _FACE))
HAND_PARTS = ("wrist", "pinky", "index", "thumb")


def _idx(*names: str) -> list[int]:
    return [INDEX[n] for n in names]


def _side(names: tuple[str, ...], side: str) -> list[int]:
    return _idx(*(f"{side}_{n}" for n in names))


def _rotation(axis: str, degrees: float) -> np.ndarray:
    """Right-handed rotation about a scene axis; +x rotation tips +y towards +z (a forward lean)."""
    a = np.radians(degrees)
    c, s = np.cos(a), np.sin(a)
    if axis == "x":
        return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])
    if axis == "y":
        return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def _rotate(points: np.ndarray, indices: list[int], pivot: np.ndarray, axis: str, degrees: float) -> None:
    """Rotate some landmarks in place about a pivot (a joint bending)."""
    points[indices] = (points[indices] - pivot) @ _rotation(axis, degrees).T + pivot


def standing() -> np.ndarray:
    """Upright, arms hanging, facing +z, feet on the floor."""
    p = np.zeros((NUM_LANDMARKS, 3))
    for side, sx in (("left", 1.0), ("right", -1.0)):
        p[INDEX[f"{side}_shoulder"]] = (0.18 * sx, 1.43, 0.0)
        p[INDEX[f"{side}_elbow"]] = (0.21 * sx, 1.14, -0.01)
        p[INDEX[f"{side}_wrist"]] = (0.22 * sx, 0.89, 0.02)
        p[INDEX[f"{side}_pinky"]] = (0.23 * sx, 0.80, 0.00)
        p[INDEX[f"{side}_index"]] = (0.215 * sx, 0.79, 0.04)
        p[INDEX[f"{side}_thumb"]] = (0.20 * sx, 0.83, 0.06)
        p[INDEX[f"{side}_hip"]] = (0.10 * sx, 0.93, 0.0)
        p[INDEX[f"{side}_knee"]] = (0.10 * sx, 0.51, 0.02)
        p[INDEX[f"{side}_ankle"]] = (0.10 * sx, 0.08, -0.01)
        p[INDEX[f"{side}_heel"]] = (0.10 * sx, 0.03, -0.06)
        p[INDEX[f"{side}_foot_index"]] = (0.12 * sx, 0.015, 0.15)
        p[INDEX[f"{side}_eye_inner"]] = (0.017 * sx, 1.645, 0.095)
        p[INDEX[f"{side}_eye"]] = (0.034 * sx, 1.647, 0.092)
        p[INDEX[f"{side}_eye_outer"]] = (0.050 * sx, 1.645, 0.085)
        p[INDEX[f"{side}_ear"]] = (0.078 * sx, 1.625, 0.0)
        p[INDEX[f"mouth_{side}"]] = (0.025 * sx, 1.575, 0.095)
    p[INDEX["nose"]] = (0.0, 1.615, 0.112)
    return p


def _arm_indices(side: str) -> list[int]:
    return _side(("elbow", *HAND_PARTS), side)


def arms_raised(degrees: float = 170.0) -> np.ndarray:
    """Both arms raised sideways and up (degrees from hanging; 90 is a lateral raise, ~170 overhead)."""
    p = standing()
    for side, sign in (("left", 1.0), ("right", -1.0)):
        _rotate(p, _arm_indices(side), p[INDEX[f"{side}_shoulder"]], "z", sign * degrees)
    return p


def lateral_raise() -> np.ndarray:
    """Arms straight out to the sides at shoulder height."""
    return arms_raised(90.0)


def squat(depth: float = 1.0) -> np.ndarray:
    """A bodyweight squat (depth 1 = thighs about parallel), arms held forward for balance."""
    p = standing()
    shin_lean, knee_bend, trunk_lean = 35.0 * depth, 100.0 * depth, 35.0 * depth
    feet = _idx(*(f"{s}_{n}" for s in ("left", "right") for n in ("ankle", "heel", "foot_index")))
    above_ankles = [i for i in range(NUM_LANDMARKS) if i not in feet]
    above_knees = [i for i in above_ankles if i not in _idx("left_knee", "right_knee")]
    above_hips = [i for i in above_knees if i not in _idx("left_hip", "right_hip")]
    _rotate(p, above_ankles, _mid(p, "ankle"), "x", shin_lean)  # shins lean forward over the feet
    _rotate(p, above_knees, _mid(p, "knee"), "x", -knee_bend)  # thighs fold back
    _rotate(p, above_hips, _mid(p, "hip"), "x", knee_bend - shin_lean + trunk_lean)  # trunk leans forward
    for side, sx in (("left", 1.0), ("right", -1.0)):
        _rotate(p, _arm_indices(side), p[INDEX[f"{side}_shoulder"]], "x", -(85.0 * depth + trunk_lean))
        p[INDEX[f"{side}_knee"], 0] += 0.04 * depth * sx  # knees track out over the toes
    return p


def _mid(p: np.ndarray, name: str) -> np.ndarray:
    return 0.5 * (p[INDEX[f"left_{name}"]] + p[INDEX[f"right_{name}"]])


def pushup(bend: float = 0.0) -> np.ndarray:
    """The top (bend 0) or bottom (bend 1) of a push-up: body straight, face down, head towards +z, toes down."""
    p = standing()
    toes = _mid(p, "foot_index")
    tilt = 73.0 + 10.0 * bend  # shoulders about 0.55 m up at the top, 0.3 m at the bottom
    p = (p - toes) @ _rotation("x", tilt).T + toes
    p[:, 1] -= p[_idx("left_foot_index", "right_foot_index"), 1].min() - 0.01
    for side, sx in (("left", 1.0), ("right", -1.0)):
        shoulder = p[INDEX[f"{side}_shoulder"]]
        under = np.array([shoulder[0] + 0.04 * sx, 0.0, shoulder[2] + 0.02])
        p[INDEX[f"{side}_wrist"]] = under + np.array([0.0, 0.03, 0.0])
        p[INDEX[f"{side}_elbow"]] = 0.5 * (under + shoulder) + np.array([0.16 * sx * bend, 0.04 * bend, -0.1 * bend])
        for finger, dx, dz in (("index", 0.0, 0.09), ("pinky", 0.025 * sx, 0.075), ("thumb", -0.03 * sx, 0.05)):
            p[INDEX[f"{side}_{finger}"]] = under + np.array([dx, 0.015, dz])
    p[:, 2] -= 0.5 * (p[:, 2].min() + p[:, 2].max())  # centred over the origin, like the standing poses
    return p


POSES = {
    "standing": standing,
    "arms_raised": arms_raised,
    "lateral_raise": lateral_raise,
    "squat": squat,
    "pushup": pushup,
}
