"""Standing leg exercises: squat, lunge, jumping jack."""

from __future__ import annotations

import numpy as np

from coach.synth.body import SIDE_SIGN, SIDES, ArmAngles, BodyControls, Subject
from coach.synth.motions.base import Motion, const, lerp, standing
from coach.synth.timing import RepSchedule, Tempo

SQUAT_ARM_STYLES = ("forward", "clasped", "behind_head", "hanging", "bar_on_back", "goblet")
_HELD = ("bar_on_back", "goblet")  # the "squat_held_arms" family


def squat(
    subject: Subject, schedule: RepSchedule, rng: np.random.Generator, off: frozenset[str] = frozenset()
) -> BodyControls:
    """Hips sit back and down with the feet planted; the trunk leans forward to keep balance."""
    frames, b = schedule.frames, schedule.blend
    body = standing(subject, frames, schedule.fps, rng, rng.uniform(1.3, 2.6), toe_out_deg=rng.uniform(5, 30))
    depth = rng.uniform(0.38, 0.55) * subject.standing_hip_height_m  # thighs level or below at full range
    body.pelvis[:, 1] -= depth * b
    body.pelvis[:, 2] -= rng.uniform(0.10, 0.18) * subject.height_m * b
    lean = rng.uniform(5, 45)  # upright goblet and front squats lean little, low-bar back squats a lot
    body.pelvis_pitch = body.pelvis_pitch + 0.6 * lean * b
    body.trunk_flex = body.trunk_flex + 0.4 * lean * b
    body.head_pitch = (body.head_pitch if body.head_pitch is not None else 0) - 0.5 * lean * b  # eyes stay forward
    styles = [s for s in SQUAT_ARM_STYLES if "squat_held_arms" not in off or s not in _HELD]
    style = rng.choice(styles)
    for side in SIDES:
        if style == "forward":  # arms rise forward for balance as the hips go down
            arm = ArmAngles(lerp(10, rng.uniform(70, 95), b), const(85, frames), const(0, frames), const(10, frames))
        elif style == "clasped":  # hands together at the chest
            arm = ArmAngles(
                const(35, frames), const(70, frames), const(-60, frames), const(rng.uniform(110, 130), frames)
            )
        elif style == "behind_head":
            arm = ArmAngles(
                const(110, frames), const(20, frames), const(95, frames), const(rng.uniform(135, 150), frames)
            )
        elif style == "bar_on_back":  # hands on a bar across the upper back: elbows down and out, hands by the ears
            arm = ArmAngles(
                const(rng.uniform(40, 75), frames),
                const(rng.uniform(-20, 10), frames),
                const(rng.uniform(75, 100), frames),
                const(rng.uniform(115, 150), frames),
            )
        elif style == "goblet":  # a dumbbell held at the chest: elbows down and forward, forearms up, as a curl's top
            plane = rng.uniform(55, 90)
            arm = ArmAngles(
                const(rng.uniform(25, 55), frames),
                const(plane, frames),
                const(plane + rng.uniform(-10, 10), frames),  # the forearm rises forward (see the curl's rotation)
                const(rng.uniform(115, 145), frames),
            )
        else:
            arm = body.arms[side]
        body.arms[side] = arm
    return body


def lunge(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
    """A step forward, the back knee drops towards the floor, push back; legs alternate."""
    frames = schedule.frames
    body = standing(subject, frames, schedule.fps, rng, rng.uniform(1.0, 1.4))
    step_len = rng.uniform(0.36, 0.46) * subject.height_m
    drop = rng.uniform(0.30, 0.40) * subject.standing_hip_height_m
    for side in SIDES:
        b = schedule.blend_left if side == "left" else schedule.blend_right
        step = np.clip(b / 0.35, 0.0, 1.0)  # first the step, then the descent
        descend = np.clip((b - 0.25) / 0.75, 0.0, 1.0)
        ankle = body.legs[side].ankle
        ankle[:, 2] += step_len * step
        ankle[:, 1] += 0.03 * subject.height_m * np.sin(np.pi * step) * (descend < 0.05)
        body.pelvis[:, 1] -= drop * descend
        body.pelvis[:, 2] += 0.45 * step_len * step
        other = "right" if side == "left" else "left"
        body.legs[other].knee_pole[:, 1] -= 0.8 * descend  # the back knee points down towards the floor
    hands_on_hips = rng.random() < 0.5
    if hands_on_hips:
        for side in SIDES:
            body.arms[side] = ArmAngles(const(35, frames), const(-20, frames), const(-70, frames), const(100, frames))
    body.trunk_flex = body.trunk_flex + rng.uniform(0, 10) * schedule.blend
    return body


def jumping_jack(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
    """Jump the feet apart while the arms sweep overhead, jump back; the body leaves the floor in each transition."""
    frames, b = schedule.frames, schedule.blend
    body = standing(subject, frames, schedule.fps, rng, rng.uniform(0.8, 1.1))
    wide = rng.uniform(0.16, 0.24) * subject.height_m
    db = np.gradient(b) * schedule.fps
    airborne = np.clip(np.abs(db) / 2.0, 0.0, 1.0)
    lift = rng.uniform(0.03, 0.07) * subject.height_m * airborne
    for side in SIDES:
        body.legs[side].ankle[:, 0] += SIDE_SIGN[side] * wide * b
        body.legs[side].ankle[:, 1] += lift
        body.arms[side] = ArmAngles(
            elevation=lerp(rng.uniform(0, 12), rng.uniform(150, 175), b),
            plane=const(rng.uniform(0, 20), frames),
            rotation=const(0, frames),
            elbow_flex=lerp(10, rng.uniform(10, 35), b),
        )
    body.pelvis[:, 1] += lift - 0.04 * subject.height_m * airborne  # knees soften to take off and land
    return body


MOTIONS = (
    Motion("squat", Tempo(1.0, 0.9, 0.2, 0.7), ("both",), squat, switchable=True),
    Motion("lunge", Tempo(1.2, 1.1, 0.3, 0.5), ("alternating", "alternating", "left", "right"), lunge),
    Motion("jumping_jack", Tempo(0.42, 0.42, 0.02, 0.04), ("both",), jumping_jack),
)
