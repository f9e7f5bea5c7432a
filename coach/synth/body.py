"""A kinematic human body that yields MediaPipe's 33 BlazePose landmarks, in metres, for a whole clip at once.

Why this shape: a motion is described the way a coach would (pelvis height, trunk lean, where the feet are planted,
arm elevation and elbow bend), and the body turns that into landmarks with constant bone lengths. Planted feet and
hands are reached with two-bone IK, so a squat's feet stay on the floor and a push-up's hands stay on the ground.

Scene frame: floor y=0, y up, the body faces +z at heading 0, +x is the person's LEFT (see camera.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from coach.synth.kinematics import apply, rot_x, rot_y, rot_z, two_bone_ik, unit
from coach.vision.landmarks import INDEX, NUM_LANDMARKS

SIDES: tuple[str, str] = ("left", "right")
SIDE_SIGN = {"left": 1.0, "right": -1.0}  # +x is the person's left

# Face landmarks in the head's frame (x left, y up, z forward), in units of body height; from the head centre.
_FACE_POINTS: dict[str, tuple[float, float, float]] = {
    "nose": (0.0, -0.004, 0.062),
    "left_eye_inner": (0.010, 0.012, 0.053),
    "left_eye": (0.019, 0.013, 0.050),
    "left_eye_outer": (0.028, 0.012, 0.045),
    "left_ear": (0.046, 0.004, 0.002),
    "mouth_left": (0.014, -0.022, 0.050),
}
_FACE_POINTS |= {
    name.replace("left", "right"): (-x, y, z) for name, (x, y, z) in list(_FACE_POINTS.items()) if "left" in name
}


@dataclass(frozen=True)
class Subject:
    """One synthetic person: height and body proportions (segment lengths as fractions of height, after Winter)."""

    height_m: float = 1.72
    upper_arm: float = 0.172
    forearm: float = 0.150
    thigh: float = 0.245
    shin: float = 0.246
    ankle_height: float = 0.039
    foot_length: float = 0.150
    shoulder_width: float = 0.205  # between MediaPipe's shoulder landmarks
    hip_width: float = 0.137  # between MediaPipe's hip landmarks (0.67 x shoulder width, as MediaPipe reports)
    torso: float = 0.290  # hip centre to shoulder centre
    neck: float = 0.075  # shoulder centre to the base of the head

    def length(self, name: str) -> float:
        """A segment's length in metres."""
        return float(getattr(self, name)) * self.height_m

    @property
    def standing_hip_height_m(self) -> float:
        """Height of the hip centre above the floor when standing straight."""
        return self.length("thigh") + self.length("shin") + self.length("ankle_height")

    @classmethod
    def random(cls, rng: np.random.Generator) -> Subject:
        """A person drawn from adult body sizes: height 1.50-1.95 m, each proportion varied by ~3%."""
        base = cls()
        varied = {
            name: getattr(base, name) * float(np.clip(rng.normal(1.0, 0.03), 0.92, 1.08))
            for name in ("upper_arm", "forearm", "thigh", "shin", "shoulder_width", "hip_width", "torso", "neck")
        }
        height = float(np.clip(rng.normal(1.71, 0.09), 1.50, 1.95))
        return cls(height_m=height, **varied)


@dataclass
class ArmAngles:
    """An arm placed by angles (T,) in degrees, relative to the trunk.

    elevation: 0 hanging, 90 horizontal, 180 overhead. plane: 0 out to the side, 90 forward. rotation: turns the
    forearm's bending plane about the upper arm (0 = a curl bends it forward; 90 = a press points it up when the arm is
    out to the side). elbow_flex: 0 straight, 150 fully bent.
    """

    elevation: np.ndarray
    plane: np.ndarray
    rotation: np.ndarray
    elbow_flex: np.ndarray


@dataclass
class ArmReach:
    """An arm whose wrist reaches a scene position (T, 3), the elbow bending towards `elbow_pole` (T, 3)."""

    wrist: np.ndarray
    elbow_pole: np.ndarray


@dataclass
class LegReach:
    """A leg whose ankle reaches a scene position (T, 3), the knee bending towards `knee_pole` (T, 3)."""

    ankle: np.ndarray
    knee_pole: np.ndarray
    foot: Literal["flat", "shin"] = "flat"  # flat: planted on the floor; shin: at a right angle to the shin


@dataclass
class BodyControls:
    """Everything that places the body in each of T frames. Angles in degrees."""

    pelvis: np.ndarray  # (T, 3) mid-hip position
    heading: np.ndarray  # (T,) the way the hips face; 0 faces +z
    pelvis_pitch: np.ndarray  # (T,) whole-body tilt: 0 upright, 90 face-down horizontal, -90 lying on the back
    trunk_flex: np.ndarray  # (T,) trunk forward bend relative to the pelvis
    arms: dict[str, ArmAngles | ArmReach]
    legs: dict[str, LegReach]
    pelvis_roll: np.ndarray | None = None
    trunk_side: np.ndarray | None = None
    trunk_twist: np.ndarray | None = None
    head_pitch: np.ndarray | None = None  # positive looks down
    head_yaw: np.ndarray | None = None
    extras: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def frames(self) -> int:
        """Number of frames T."""
        return len(self.heading)


def _or_zeros(values: np.ndarray | None, frames: int) -> np.ndarray:
    return np.zeros(frames) if values is None else np.asarray(values, dtype=np.float64)


def body_landmarks(subject: Subject, controls: BodyControls) -> np.ndarray:
    """The 33 landmarks (T, 33, 3) in the scene frame for every frame of `controls`."""
    t = controls.frames
    h = subject.height_m
    out = np.zeros((t, NUM_LANDMARKS, 3))
    pelvis_rot = rot_y(controls.heading) @ rot_x(controls.pelvis_pitch) @ rot_z(_or_zeros(controls.pelvis_roll, t))
    trunk_rot = (
        pelvis_rot
        @ rot_x(controls.trunk_flex)
        @ rot_z(_or_zeros(controls.trunk_side, t))
        @ rot_y(_or_zeros(controls.trunk_twist, t))
    )
    pelvis = np.asarray(controls.pelvis, dtype=np.float64)
    shoulder_centre = pelvis + apply(trunk_rot, np.array([0.0, subject.length("torso"), 0.0]))
    body_left = apply(pelvis_rot, np.array([1.0, 0.0, 0.0]))
    trunk_forward = apply(trunk_rot, np.array([0.0, 0.0, 1.0]))

    for side in SIDES:
        s = SIDE_SIGN[side]
        out[:, INDEX[f"{side}_hip"]] = pelvis + apply(pelvis_rot, np.array([s * subject.length("hip_width") / 2, 0, 0]))
        out[:, INDEX[f"{side}_shoulder"]] = shoulder_centre + apply(
            trunk_rot, np.array([s * subject.length("shoulder_width") / 2, 0.0, 0.0])
        )
        _place_arm(out, side, controls.arms[side], trunk_rot, subject, trunk_forward)
        _place_leg(out, side, controls.legs[side], subject, body_left)

    head_rot = trunk_rot @ rot_y(_or_zeros(controls.head_yaw, t)) @ rot_x(_or_zeros(controls.head_pitch, t))
    head_centre = shoulder_centre + apply(trunk_rot, np.array([0.0, subject.length("neck"), 0.0]))
    head_centre = head_centre + apply(head_rot, np.array([0.0, 0.045 * h, 0.0]))
    for name, offset in _FACE_POINTS.items():
        out[:, INDEX[name]] = head_centre + apply(head_rot, np.array(offset) * h)
    return out


def _place_arm(
    out: np.ndarray, side: str, arm: ArmAngles | ArmReach, trunk_rot: np.ndarray, subject: Subject, forward: np.ndarray
) -> None:
    s = SIDE_SIGN[side]
    shoulder = out[:, INDEX[f"{side}_shoulder"]]
    upper, lower = subject.length("upper_arm"), subject.length("forearm")
    if isinstance(arm, ArmAngles):
        arm_rot = trunk_rot @ rot_y(-s * arm.plane) @ rot_z(s * arm.elevation) @ rot_y(s * arm.rotation)
        elbow = shoulder + apply(arm_rot, np.array([0.0, -upper, 0.0]))
        wrist = elbow + apply(arm_rot @ rot_x(-arm.elbow_flex), np.array([0.0, -lower, 0.0]))
        palm_forward = apply(arm_rot @ rot_x(-arm.elbow_flex), np.array([0.0, 0.0, 1.0]))
    else:
        elbow, wrist = two_bone_ik(shoulder, arm.wrist, upper, lower, arm.elbow_pole)
        palm_forward = forward
    out[:, INDEX[f"{side}_elbow"]] = elbow
    out[:, INDEX[f"{side}_wrist"]] = wrist
    hand = unit(wrist - elbow)
    across = unit(palm_forward - np.sum(palm_forward * hand, axis=-1, keepdims=True) * hand)
    h = subject.height_m
    out[:, INDEX[f"{side}_index"]] = wrist + hand * 0.050 * h + across * 0.008 * h
    out[:, INDEX[f"{side}_pinky"]] = wrist + hand * 0.042 * h - across * 0.010 * h
    out[:, INDEX[f"{side}_thumb"]] = wrist + hand * 0.025 * h + across * 0.020 * h


def _place_leg(out: np.ndarray, side: str, leg: LegReach, subject: Subject, body_left: np.ndarray) -> None:
    hip = out[:, INDEX[f"{side}_hip"]]
    knee, ankle = two_bone_ik(hip, leg.ankle, subject.length("thigh"), subject.length("shin"), leg.knee_pole)
    out[:, INDEX[f"{side}_knee"]] = knee
    out[:, INDEX[f"{side}_ankle"]] = ankle
    shin = unit(ankle - knee)
    toes = unit(np.cross(shin, body_left))
    if leg.foot == "flat":
        toes = unit(toes * np.array([1.0, 0.0, 1.0]))
        down = np.broadcast_to(np.array([0.0, -1.0, 0.0]), shin.shape)
    else:
        down = shin
    ankle_height, foot = subject.length("ankle_height"), subject.length("foot_length")
    out[:, INDEX[f"{side}_heel"]] = ankle + down * ankle_height - toes * 0.22 * foot
    out[:, INDEX[f"{side}_foot_index"]] = ankle + down * ankle_height * 0.85 + toes * 0.78 * foot
