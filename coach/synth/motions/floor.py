"""Floor exercises: push-up, sit-up, plank. The body lies along z (face-down head to +z; on the back head to -z)."""

from __future__ import annotations

import numpy as np

from coach.synth.body import SIDE_SIGN, SIDES, ArmAngles, ArmReach, BodyControls, LegReach, Subject
from coach.synth.motions.base import Motion, const, lerp, sway
from coach.synth.timing import RepSchedule, Tempo


def _prone_line(subject: Subject, shoulder_height: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A straight body from toes to shoulders: (pelvis (T,3), pitch (T,), ankles (3,)) for given shoulder heights."""
    frames = len(shoulder_height)
    ankle_y = 0.06 * subject.height_m  # on the toes
    leg = subject.length("thigh") + subject.length("shin") - 0.002
    body = leg + subject.length("torso")
    rise = np.arcsin(np.clip((shoulder_height - ankle_y) / body, -0.9, 0.9))
    direction = np.stack([np.zeros(frames), np.sin(rise), np.cos(rise)], axis=-1)
    ankle = np.array([0.0, ankle_y, 0.0])
    pelvis = ankle + leg * direction
    return pelvis, 90.0 - np.degrees(rise), ankle


def _prone_legs(subject: Subject, frames: int, feet_apart: float, ankle: np.ndarray) -> dict[str, LegReach]:
    legs = {}
    for side in SIDES:
        target = np.tile(ankle + np.array([SIDE_SIGN[side] * feet_apart / 2, 0.0, 0.0]), (frames, 1))
        legs[side] = LegReach(ankle=target, knee_pole=np.tile([0.0, -1.0, 0.0], (frames, 1)), foot="shin")
    return legs


def pushup(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
    """Hands planted under the shoulders, the straight body lowered to the floor and pressed back up."""
    frames, b = schedule.frames, schedule.blend
    arm = subject.length("upper_arm") + subject.length("forearm")
    top = 0.985 * arm + 0.03 * subject.height_m  # arms nearly straight at the top
    bottom = rng.uniform(0.10, 0.22) * subject.height_m
    feet_apart = rng.uniform(0.05, 0.25) * subject.height_m
    pelvis, pitch, ankle = _prone_line(subject, lerp(top, bottom, b))
    top_pelvis, top_pitch, _ = _prone_line(subject, np.array([top]))
    shoulder_z = top_pelvis[0, 2] + subject.length("torso") * np.sin(np.radians(top_pitch[0]))
    hand_width = subject.length("shoulder_width") / 2 + rng.uniform(0.02, 0.10) * subject.height_m
    arms: dict[str, ArmAngles | ArmReach] = {}
    for side in SIDES:
        s = SIDE_SIGN[side]
        wrist = np.tile([s * hand_width, 0.03 * subject.height_m, shoulder_z + rng.uniform(-0.02, 0.05)], (frames, 1))
        arms[side] = ArmReach(wrist=wrist, elbow_pole=np.tile([s * rng.uniform(0.4, 1.0), 0.6, -0.5], (frames, 1)))
    sag = rng.uniform(-6, 10)  # + hips sag, - hips pike
    return BodyControls(
        pelvis=pelvis,
        heading=const(0.0, frames),
        pelvis_pitch=pitch + 0.5 * sag,
        trunk_flex=const(-sag, frames),
        arms=arms,
        legs=_prone_legs(subject, frames, feet_apart, ankle),
        head_pitch=const(rng.uniform(-25, 5), frames),
    )


def plank(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
    """On forearms (or straight arms) and toes, body straight, held; before and after, resting on the knees."""
    frames, b = schedule.frames, schedule.blend
    high = rng.random() < 0.3
    arm = subject.length("upper_arm") + (subject.length("forearm") if high else 0.0)
    shoulder = arm + 0.03 * subject.height_m
    feet_apart = rng.uniform(0.05, 0.2) * subject.height_m
    pelvis, pitch, ankle = _prone_line(subject, np.full(frames, shoulder))
    knees_down = (1.0 - b) * 0.45 * subject.standing_hip_height_m
    pelvis = pelvis.copy()
    pelvis[:, 1] -= knees_down
    shoulder_z = pelvis[0, 2] + subject.length("torso") * np.sin(np.radians(pitch[0]))
    arms: dict[str, ArmAngles | ArmReach] = {}
    for side in SIDES:
        s = SIDE_SIGN[side]
        if high:
            wrist = [s * subject.length("shoulder_width") / 2, 0.03 * subject.height_m, shoulder_z]
            pole = [s * 0.5, 0.3, -1.0]
        else:
            wrist = [
                s * subject.length("shoulder_width") * 0.25,
                0.03 * subject.height_m,
                shoulder_z + subject.length("forearm"),
            ]
            pole = [s * 0.2, -1.0, -0.3]
        arms[side] = ArmReach(wrist=np.tile(wrist, (frames, 1)), elbow_pole=np.tile(pole, (frames, 1)))
    drift = sway(frames, schedule.fps, rng, rng.uniform(1.0, 4.0), (4.0, 12.0)) + rng.uniform(-5, 8)
    legs = _prone_legs(subject, frames, feet_apart, ankle)
    return BodyControls(
        pelvis=pelvis,
        heading=const(0.0, frames),
        pelvis_pitch=pitch + 0.5 * drift,
        trunk_flex=-drift + sway(frames, schedule.fps, rng, 1.0, (2.5, 4.0)),  # breathing
        arms=arms,
        legs=legs,
        head_pitch=const(rng.uniform(-20, 10), frames),
    )


def situp(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
    """Lying on the back, knees bent and feet planted, the trunk curls up towards the knees and back down."""
    frames, b = schedule.frames, schedule.blend
    crunch = rng.random() < 0.5
    top = rng.uniform(35, 55) if crunch else rng.uniform(65, 90)
    rest = rng.uniform(10, 30) if crunch else rng.uniform(0, 8)  # a crunch never lies flat between reps
    pelvis = np.tile([0.0, 0.10 * subject.height_m, 0.0], (frames, 1))
    knee_bend = rng.uniform(0.55, 0.8)
    legs = {}
    for side in SIDES:
        s = SIDE_SIGN[side]
        ankle = [
            s * rng.uniform(0.05, 0.10) * subject.height_m,
            subject.length("ankle_height"),
            knee_bend * subject.length("thigh") + 0.35 * subject.length("shin"),
        ]
        legs[side] = LegReach(
            ankle=np.tile(ankle, (frames, 1)), knee_pole=np.tile([0.0, 1.0, 0.2], (frames, 1)), foot="flat"
        )
    style = rng.choice(["behind_head", "crossed", "reaching"])
    arms: dict[str, ArmAngles | ArmReach] = {}
    for side in SIDES:
        if style == "behind_head":
            arms[side] = ArmAngles(
                const(150, frames), const(35, frames), const(90, frames), const(rng.uniform(130, 150), frames)
            )
        elif style == "crossed":
            arms[side] = ArmAngles(const(30, frames), const(80, frames), const(-70, frames), const(120, frames))
        else:
            arms[side] = ArmAngles(lerp(40, 75, b), const(85, frames), const(0, frames), const(10, frames))
    return BodyControls(
        pelvis=pelvis,
        heading=const(0.0, frames),  # on the back: head towards -z, feet towards +z
        pelvis_pitch=const(-90.0, frames) + rng.uniform(5, 15) * b,
        trunk_flex=lerp(rest, top, b),
        arms=arms,
        legs=legs,
        head_pitch=lerp(rng.uniform(0, 15), rng.uniform(15, 35), b),
    )


MOTIONS = (
    Motion("pushup", Tempo(0.9, 0.8, 0.1, 0.6), ("both",), pushup),
    Motion("situp", Tempo(0.6, 0.6, 0.1, 0.25), ("both",), situp),
    Motion("plank", Tempo(0.5, 0.5), ("both",), plank, hold=True),
)
