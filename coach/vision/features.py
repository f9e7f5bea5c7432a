"""What the classifier and the rep counters see of a pose: 3D joint angles and a normalised landmark vector.

Why 3D world angles: an elbow at 90 degrees is 90 degrees from any camera; 2D image angles change when the person
turns. Why normalised landmarks too: angles alone cannot tell a squat from a sit-up (same joints, different
orientation), so the vector also carries the body's shape, hip-centred, scaled by torso length and turned to face the
camera, which makes it the same for a tall or short person seen from the front or from 60 degrees to the side.

Every function works on one frame (33, 3) or a whole sequence (T, 33, 3) alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from coach.errors import FeatureSpecError
from coach.vision.landmarks import INDEX, MIRROR_PERMUTATION, mirror_name
from coach.vision.pose import Pose

# v2: values of hidden landmarks are zeroed and visibility is part of the vector; v3: only hidden legs are zeroed (the
# vector still holds every visibility, so a model may zero the rest itself: `FeatureSpec.regated`)
FEATURE_SPEC_VERSION = 3
_EPS = 1e-9
_LEG_PARTS = ("_knee", "_ankle", "_heel", "_foot_index")
GATED_PARTS = ("all", "legs")  # what FeatureSpec.gated_parts may say


def _unit(v: np.ndarray) -> np.ndarray:
    return v / (np.linalg.norm(v, axis=-1, keepdims=True) + _EPS)


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=-1)


def _deg_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    cos = _dot(a, b) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1) + _EPS)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def _mid(world: np.ndarray, a: str, b: str) -> np.ndarray:
    return 0.5 * (world[..., INDEX[a], :] + world[..., INDEX[b], :])


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cross product of 3-vectors; np.cross costs ~20 us per call on tiny arrays, this ~3 us."""
    ax, ay, az = a[..., 0], a[..., 1], a[..., 2]
    bx, by, bz = b[..., 0], b[..., 1], b[..., 2]
    return np.stack([ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx], axis=-1)


@dataclass(frozen=True, eq=False)
class TorsoFrame:
    """The body's own axes: up (hips to shoulders), right (the person's right), forward (where the chest faces)."""

    up: np.ndarray
    right: np.ndarray
    forward: np.ndarray


def torso_frame(world: np.ndarray) -> TorsoFrame:
    """Orthonormal axes fixed to the trunk, from shoulders and hips (works for any view and any posture)."""
    up = _unit(_mid(world, "left_shoulder", "right_shoulder") - _mid(world, "left_hip", "right_hip"))
    across = (world[..., INDEX["right_shoulder"], :] - world[..., INDEX["left_shoulder"], :]) + (
        world[..., INDEX["right_hip"], :] - world[..., INDEX["left_hip"], :]
    )
    right = _unit(across - _dot(across, up)[..., None] * up)
    return TorsoFrame(up=up, right=right, forward=_cross(up, right))


# Three-point angles: the angle at the middle landmark, 180 when the limb is straight.
_THREE_POINT: dict[str, tuple[str, str, str]] = {}
for _side in ("left", "right"):
    _THREE_POINT |= {
        f"{_side}_elbow": (f"{_side}_shoulder", f"{_side}_elbow", f"{_side}_wrist"),
        f"{_side}_shoulder": (f"{_side}_hip", f"{_side}_shoulder", f"{_side}_elbow"),  # arm vs trunk: "armpit" angle
        f"{_side}_hip": (f"{_side}_shoulder", f"{_side}_hip", f"{_side}_knee"),
        f"{_side}_knee": (f"{_side}_hip", f"{_side}_knee", f"{_side}_ankle"),
        f"{_side}_ankle": (f"{_side}_knee", f"{_side}_ankle", f"{_side}_foot_index"),
        f"{_side}_body_line": (f"{_side}_shoulder", f"{_side}_hip", f"{_side}_ankle"),  # plank: 180 = straight body
    }
# Upper-arm angles measured from "down along the trunk" in one body plane: abduction in the frontal plane (arm out to
# the side), flexion in the sagittal plane (arm forward). 0 hanging, 90 horizontal, 180 overhead.
_ARM_PLANE: dict[str, tuple[str, str]] = {
    f"{side}_shoulder_{motion}": (side, motion) for side in ("left", "right") for motion in ("abduction", "flexion")
}

# Order matters: it is the order of the feature vector (FeatureSpec.angles).
ANGLE_NAMES: tuple[str, ...] = (
    *(f"{s}_elbow" for s in ("left", "right")),
    *(f"{s}_shoulder" for s in ("left", "right")),
    *(f"{s}_shoulder_abduction" for s in ("left", "right")),
    *(f"{s}_shoulder_flexion" for s in ("left", "right")),
    *(f"{s}_{j}" for j in ("hip", "knee", "ankle", "body_line") for s in ("left", "right")),
    "trunk_lean",  # trunk from vertical (MediaPipe's world y points down): 0 upright, 90 lying (plank, push-up)
)

# Landmarks whose visibility decides whether an angle can be trusted in this frame.
ANGLE_LANDMARKS: dict[str, tuple[str, ...]] = {
    **_THREE_POINT,
    **{name: (f"{side}_shoulder", f"{side}_elbow") for name, (side, _) in _ARM_PLANE.items()},
    "trunk_lean": ("left_shoulder", "right_shoulder", "left_hip", "right_hip"),
}

_TP_NAMES = tuple(_THREE_POINT)
_TP_A, _TP_B, _TP_C = ([INDEX[t[k]] for t in _THREE_POINT.values()] for k in range(3))
_ARM_SIDES = ("left", "right")
_ARM_SHOULDERS = [INDEX[f"{s}_shoulder"] for s in _ARM_SIDES]
_ARM_ELBOWS = [INDEX[f"{s}_elbow"] for s in _ARM_SIDES]
_COMPUTED_ORDER = (
    *_TP_NAMES,
    *(f"{s}_shoulder_abduction" for s in _ARM_SIDES),
    *(f"{s}_shoulder_flexion" for s in _ARM_SIDES),
    "trunk_lean",
)
_POSITION = {name: i for i, name in enumerate(_COMPUTED_ORDER)}
_VISIBILITY_INDICES = np.array(
    [[INDEX[n] for n in (names * 4)[:4]] for names in (ANGLE_LANDMARKS[a] for a in _COMPUTED_ORDER)]
)


def _all_angles(world: np.ndarray) -> np.ndarray:
    """Every angle Coach knows, in _COMPUTED_ORDER, in one vectorised pass (..., n)."""
    b = world[..., _TP_B, :]
    three_point = _deg_between(world[..., _TP_A, :] - b, world[..., _TP_C, :] - b)
    frame = torso_frame(world)
    arms = world[..., _ARM_ELBOWS, :] - world[..., _ARM_SHOULDERS, :]  # (..., 2, 3)
    down = _dot(arms, -frame.up[..., None, :])
    abduction = np.degrees(np.arctan2(np.abs(_dot(arms, frame.right[..., None, :])), down))
    flexion = np.degrees(np.arctan2(np.abs(_dot(arms, frame.forward[..., None, :])), down))
    trunk = np.degrees(np.arccos(np.clip(-frame.up[..., 1:2], -1.0, 1.0)))
    return np.concatenate([three_point, abduction, flexion, trunk], axis=-1)


# The body landmarks the normalised vector keeps (the face and fingers add noise, not information about exercise).
NORMALISED_LANDMARKS: tuple[str, ...] = (
    "nose",
    *(
        f"{s}_{j}"
        for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "foot_index")
        for s in ("left", "right")
    ),
)


def joint_angles(world: np.ndarray, names: tuple[str, ...] = ANGLE_NAMES) -> np.ndarray:
    """Joint angles in degrees, shape (..., len(names)), from world landmarks (..., 33, 3)."""
    angles = _all_angles(np.asarray(world, dtype=np.float64))
    return angles[..., [_POSITION[n] for n in names]]


def angle_visibility(visibility: np.ndarray, names: tuple[str, ...] = ANGLE_NAMES) -> np.ndarray:
    """How much each angle can be trusted: the lowest visibility among the landmarks it is made of."""
    trust = np.asarray(visibility)[..., _VISIBILITY_INDICES].min(axis=-1)
    return trust[..., [_POSITION[n] for n in names]]


def mirror_world(world: np.ndarray) -> np.ndarray:
    """The same pose mirrored left<->right (x negated, left and right landmarks swapped): free training data."""
    mirrored = np.asarray(world)[..., MIRROR_PERMUTATION, :].copy()
    mirrored[..., 0] *= -1.0
    return mirrored


def normalised_landmarks(
    world: np.ndarray, names: tuple[str, ...] = NORMALISED_LANDMARKS, canonical_yaw: bool = True
) -> np.ndarray:
    """Landmarks hip-centred, divided by torso length and (optionally) turned about the vertical to face the camera.

    Returns (..., len(names) * 3).
    """
    world = np.asarray(world, dtype=np.float64)
    hip = _mid(world, "left_hip", "right_hip")
    torso = np.linalg.norm(_mid(world, "left_shoulder", "right_shoulder") - hip, axis=-1)
    points = (world[..., [INDEX[n] for n in names], :] - hip[..., None, :]) / (torso[..., None, None] + _EPS)
    if canonical_yaw:
        # Turn about the vertical (y) so the person's right points to image-left (-x), as when facing the camera.
        across = world[..., INDEX["right_hip"], :] - world[..., INDEX["left_hip"], :]
        across = across + world[..., INDEX["right_shoulder"], :] - world[..., INDEX["left_shoulder"], :]
        yaw = np.arctan2(across[..., 2], -across[..., 0])  # 0 when facing the camera
        cos, sin = np.cos(yaw)[..., None], np.sin(yaw)[..., None]
        x, z = points[..., 0], points[..., 2]
        points = np.stack([cos * x - sin * z, points[..., 1], sin * x + cos * z], axis=-1)
    return points.reshape(*points.shape[:-2], len(names) * 3)


@dataclass(frozen=True)
class FeatureSpec:
    """Exactly which features, in which order, a pipeline produces and a model expects. Saved next to every model."""

    version: int = FEATURE_SPEC_VERSION
    angles: tuple[str, ...] = ANGLE_NAMES
    landmarks: tuple[str, ...] = NORMALISED_LANDMARKS
    canonical_yaw: bool = True
    min_visibility: float = 0.5
    # Why gate by visibility: filmed waist-up, MediaPipe still reports legs, invented (bent, drifting), which read as
    # a squat. Zeroing what is not visible and passing the visibility lets the model learn to ignore it.
    visibility_gated: bool = True
    # Which parts the gate zeroes: "all", or only "legs" (knees, ankles, feet and the angles made of them), the part
    # MediaPipe invents when it cannot see it; a hidden far arm is still a fair guess of where the arm is.
    gated_parts: str = "legs"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.gated_parts not in GATED_PARTS:
            raise FeatureSpecError(
                f"feature spec: gated_parts must be one of {', '.join(GATED_PARTS)}, not {self.gated_parts!r}"
            )

    @property
    def dim(self) -> int:
        """Length of the feature vector."""
        per_landmark = 4 if self.visibility_gated else 3
        return len(self.angles) + per_landmark * len(self.landmarks)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["angles"], data["landmarks"], data["extra"] = list(self.angles), list(self.landmarks), dict(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "feature spec") -> FeatureSpec:
        """Read a spec saved by `to_dict`; a malformed one raises FeatureSpecError naming `where`."""
        try:
            return cls(
                version=int(data["version"]),
                angles=tuple(data["angles"]),
                landmarks=tuple(data["landmarks"]),
                canonical_yaw=bool(data["canonical_yaw"]),
                min_visibility=float(data["min_visibility"]),
                visibility_gated=bool(data.get("visibility_gated", False)),
                gated_parts=str(data.get("gated_parts", "all")),  # specs before v3 gated everything
                extra=dict(data.get("extra", {})),
            )
        except (KeyError, TypeError, ValueError, FeatureSpecError) as exc:
            raise FeatureSpecError(f"{where}: malformed feature spec ({exc!s})") from None

    def require_same_as(self, other: FeatureSpec, where: str) -> None:
        """Raise FeatureSpecError naming `where` if a model built for `other` cannot read this spec's features."""
        if self.to_dict() != other.to_dict():
            differences = [k for k, v in self.to_dict().items() if other.to_dict().get(k) != v]
            raise FeatureSpecError(
                f"{where}: the model expects features v{other.version} that differ from this pipeline's "
                f"v{self.version} in {', '.join(differences)}; retrain it with `coach train`"
            )

    def vector(self, world: np.ndarray, visibility: np.ndarray | None = None) -> np.ndarray:
        """The model input for world landmarks (..., 33, 3) and their visibility (..., 33), float32:
        angles / 180, then normalised landmarks, then (if gated) the landmarks' visibility."""
        return self.assemble(joint_angles(world, self.angles), world, visibility)

    @cached_property
    def _landmark_indices(self) -> np.ndarray:
        return np.array([INDEX[n] for n in self.landmarks], dtype=np.intp)  # typed: a spec may have none

    @staticmethod
    def _gates(landmarks: tuple[str, ...], parts: str) -> bool:
        """Whether a gate on `parts` may zero a value made of these landmarks (all, or those of a leg landmark)."""
        return parts == "all" or any(n.endswith(_LEG_PARTS) for n in landmarks)

    def can_regate(self, parts: str) -> bool:
        """Whether `regated(x, parts)` can be computed from this spec's vectors (zeroing more, never less)."""
        stricter = self.visibility_gated and parts == "all" and self._value_sources is not None
        return parts == self.gated_parts or stricter

    def regated(self, x: np.ndarray, parts: str) -> np.ndarray:
        """This spec's vectors (..., dim) as a spec gating `parts` would have made them: the vector carries every
        landmark's visibility, so what the stricter gate hides can be zeroed afterwards, exactly."""
        if parts == self.gated_parts:
            return x
        if not self.can_regate(parts):
            raise FeatureSpecError(f"feature spec: its vectors cannot be re-gated as gated_parts={parts!r}")
        values = len(self.angles) + 3 * len(self.landmarks)
        seen = x[..., values:]
        keep = (seen[..., self._value_sources].min(axis=-1) >= self.min_visibility) | ~self._gate_masks[parts]
        out = np.array(x, copy=True)
        out[..., :values] *= keep
        return out

    @cached_property
    def _mirror(self) -> tuple[np.ndarray, np.ndarray] | None:
        """For each value of the mirrored vector, which value of the vector it is and its sign (the normalised x
        changes sign); None when a name's other side is not in the spec."""
        angles, landmarks = list(self.angles), list(self.landmarks)
        if any(mirror_name(a) not in angles for a in angles) or any(mirror_name(n) not in landmarks for n in landmarks):
            return None
        source = [angles.index(mirror_name(a)) for a in angles]
        sign = [1.0] * len(angles)
        start = len(angles)
        for name in landmarks:
            other = start + 3 * landmarks.index(mirror_name(name))
            source += [other, other + 1, other + 2]
            sign += [-1.0, 1.0, 1.0]
        if self.visibility_gated:
            start += 3 * len(landmarks)
            source += [start + landmarks.index(mirror_name(n)) for n in landmarks]
            sign += [1.0] * len(landmarks)
        return np.array(source, dtype=np.intp), np.array(sign, dtype=np.float32)

    @property
    def can_mirror(self) -> bool:
        """Whether `mirrored` can be computed: every angle and landmark has its other side in the spec."""
        return self._mirror is not None

    def mirrored(self, x: np.ndarray) -> np.ndarray:
        """This spec's vectors (..., dim) as the same person mirrored left<->right would give them, exactly
        (`vector(mirror_world(w), mirrored visibility)`): a left-arm curl becomes a right-arm curl, a person filmed
        from their left side becomes one filmed from their right."""
        if self._mirror is None:
            raise FeatureSpecError("feature spec: its vectors cannot be mirrored (a left or right name lacks its pair)")
        source, sign = self._mirror
        return np.asarray(x)[..., source] * sign

    @cached_property
    def _value_sources(self) -> np.ndarray | None:
        """(values, 4): for each angle and landmark coordinate, where the visibility of the landmarks it is made of
        sits in the vector's visibility part; None when an angle uses a landmark the vector does not carry."""
        where = {n: i for i, n in enumerate(self.landmarks)}
        if any(n not in where for a in self.angles for n in ANGLE_LANDMARKS[a]):
            return None
        angles = [[where[n] for n in (ANGLE_LANDMARKS[a] * 4)[:4]] for a in self.angles]
        points = [[i] * 4 for i in range(len(self.landmarks)) for _ in range(3)]
        return np.array(angles + points, dtype=np.intp).reshape(-1, 4)

    @cached_property
    def _gate_masks(self) -> dict[str, np.ndarray]:
        """For each gate, which angle and landmark-coordinate columns it may zero."""
        masks = {}
        for parts in GATED_PARTS:
            angles = [self._gates(ANGLE_LANDMARKS[a], parts) for a in self.angles]
            points = [self._gates((n,), parts) for n in self.landmarks for _ in range(3)]
            masks[parts] = np.array(angles + points, dtype=bool)
        return masks

    def assemble(
        self,
        angles_deg: np.ndarray,
        world: np.ndarray,
        visibility: np.ndarray | None = None,
        angle_trust: np.ndarray | None = None,
    ) -> np.ndarray:
        """The model input from angles (and, optionally, their visibility) already computed for `world`."""
        points = normalised_landmarks(world, self.landmarks, self.canonical_yaw)
        angles = angles_deg / 180.0
        if not self.visibility_gated:
            return np.concatenate([angles, points], axis=-1).astype(np.float32)
        if visibility is None:
            visibility = np.ones(world.shape[:-1])
        visibility = np.clip(np.asarray(visibility, dtype=np.float64), 0.0, 1.0)
        if angle_trust is None:
            angle_trust = angle_visibility(visibility, self.angles)
        gated = self._gate_masks[self.gated_parts]
        angles = angles * ((angle_trust >= self.min_visibility) | ~gated[: len(self.angles)])
        seen = visibility[..., self._landmark_indices]
        kept = (seen >= self.min_visibility) | ~gated[len(self.angles) :: 3]
        points = points.reshape(*points.shape[:-1], len(self.landmarks), 3) * kept[..., None]
        points = points.reshape(*points.shape[:-2], 3 * len(self.landmarks))
        return np.concatenate([angles, points, seen], axis=-1).astype(np.float32)


@dataclass(frozen=True, eq=False)
class Features:
    """Everything downstream needs from one frame's pose."""

    timestamp_s: float
    angles_deg: np.ndarray  # (len(spec.angles),)
    angle_visibility: np.ndarray  # (len(spec.angles),), 0..1
    vector: np.ndarray  # (spec.dim,) the classifier's input

    def angle(self, name: str, spec: FeatureSpec) -> float | None:
        """One angle in degrees, or None when its landmarks are not visible enough to trust it."""
        i = spec.angles.index(name)
        return float(self.angles_deg[i]) if self.angle_visibility[i] >= spec.min_visibility else None


class FeatureExtractor:
    """Turns a (smoothed) Pose into Features according to a FeatureSpec."""

    def __init__(self, spec: FeatureSpec | None = None) -> None:
        self.spec = spec or FeatureSpec()

    def __call__(self, pose: Pose, timestamp_s: float) -> Features:
        """Features of one pose."""
        world = pose.world_xyz.astype(np.float64)
        angles = joint_angles(world, self.spec.angles)
        trust = angle_visibility(pose.visibility, self.spec.angles)
        return Features(
            timestamp_s=timestamp_s,
            angles_deg=angles,
            angle_visibility=trust,
            vector=self.spec.assemble(angles, world, pose.visibility, trust),
        )
