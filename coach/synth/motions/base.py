"""Building blocks every motion uses: a standing body with planted feet, natural sway, arm and leg helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from coach.synth.body import SIDE_SIGN, SIDES, ArmAngles, BodyControls, LegReach, Subject
from coach.synth.timing import Tempo

SideMode = Literal["both", "alternating", "left", "right"]


@dataclass(frozen=True)
class Motion:
    """How one registry exercise moves: its tempo, how it uses sides, and the body controls for a rep schedule."""

    exercise_id: str
    tempo: Tempo
    side_modes: tuple[SideMode, ...]  # which modes a subject may choose (alternating curls, both-arm raises, ...)
    build: Callable[..., BodyControls]  # (subject, schedule, rng[, off=...]) -> BodyControls
    hold: bool = False
    switchable: bool = False  # build takes `off`, the generator families (coach/synth/families.py) to leave out


def const(value: float, frames: int) -> np.ndarray:
    """A constant signal."""
    return np.full(frames, float(value))


def sway(
    frames: int, fps: float, rng: np.random.Generator, amplitude: float, period_s: tuple[float, float]
) -> np.ndarray:
    """Slow, smooth wandering (balance, breathing): a sum of two sines with random phase and period."""
    t = np.arange(frames) / fps
    out = np.zeros(frames)
    for _ in range(2):
        period = rng.uniform(*period_s)
        out += np.sin(2 * np.pi * t / period + rng.uniform(0, 2 * np.pi))
    return amplitude * out / 2


def lerp(a: float | np.ndarray, b: float | np.ndarray, w: np.ndarray) -> np.ndarray:
    """a + (b - a) * w."""
    return a + (np.asarray(b) - np.asarray(a)) * w


def hanging_arms(frames: int, rng: np.random.Generator) -> dict[str, ArmAngles]:
    """Relaxed arms at the sides."""
    arms = {}
    for side in SIDES:
        arms[side] = ArmAngles(
            elevation=const(rng.uniform(2, 8), frames),
            plane=const(rng.uniform(0, 30), frames),
            rotation=const(0.0, frames),
            elbow_flex=const(rng.uniform(5, 20), frames),
        )
    return arms


def planted_feet(subject: Subject, frames: int, stance_scale: float, toe_out_deg: float = 10.0) -> dict[str, LegReach]:
    """Both feet on the floor, `stance_scale` x hip width apart; knees track over the toes."""
    legs = {}
    for side in SIDES:
        s = SIDE_SIGN[side]
        ankle = np.tile(
            [s * subject.length("hip_width") * stance_scale / 2, subject.length("ankle_height"), 0.0], (frames, 1)
        )
        toe_out = np.radians(toe_out_deg)
        pole = np.tile([s * np.sin(toe_out), 0.0, np.cos(toe_out)], (frames, 1))
        legs[side] = LegReach(ankle=ankle, knee_pole=pole, foot="flat")
    return legs


def standing(
    subject: Subject,
    frames: int,
    fps: float,
    rng: np.random.Generator,
    stance_scale: float,
    toe_out_deg: float = 10.0,
) -> BodyControls:
    """Standing tall with feet planted, a little sway, arms hanging: the base of every standing exercise."""
    hip_height = subject.standing_hip_height_m - 0.001 * subject.height_m  # knees just short of locked (~175 deg)
    pelvis = np.zeros((frames, 3))
    pelvis[:, 0] = sway(frames, fps, rng, 0.008, (2.0, 6.0))
    pelvis[:, 1] = hip_height
    pelvis[:, 2] = sway(frames, fps, rng, 0.006, (2.0, 6.0))
    return BodyControls(
        pelvis=pelvis,
        heading=sway(frames, fps, rng, 2.0, (3.0, 8.0)),
        pelvis_pitch=const(rng.uniform(-2, 4), frames),
        trunk_flex=sway(frames, fps, rng, 1.0, (3.0, 6.0)),
        arms=hanging_arms(frames, rng),
        legs=planted_feet(subject, frames, stance_scale, toe_out_deg),
        head_pitch=const(rng.uniform(-5, 10), frames) + sway(frames, fps, rng, 3.0, (2.0, 5.0)),
        head_yaw=sway(frames, fps, rng, 5.0, (3.0, 8.0)),
    )
