"""Idle: everything a person does between sets that is not an exercise.

Standing and shifting weight, walking or jogging in place, stretching, turning and stepping around, shaking out the
arms, running about, bending down to pick something up. Recognition must learn that these are not exercises, and
counters must count nothing during them.
"""

from __future__ import annotations

import numpy as np

from coach.synth.body import SIDES, ArmAngles, BodyControls, Subject
from coach.synth.motions.base import Motion, const, lerp, standing, sway
from coach.synth.timing import RepSchedule, Tempo


def _stand(body: BodyControls, subject: Subject, fps: float, rng: np.random.Generator) -> None:
    """Weight shifts from foot to foot, arms moving a little (hands on hips, crossed, touching the face...)."""
    frames = body.frames
    body.pelvis[:, 0] += sway(frames, fps, rng, 0.03, (3.0, 8.0))
    body.pelvis_roll = sway(frames, fps, rng, 3.0, (3.0, 8.0))
    for side in SIDES:
        if rng.random() < 0.4:
            body.arms[side] = ArmAngles(
                elevation=const(rng.uniform(20, 45), frames) + sway(frames, fps, rng, 8, (2, 6)),
                plane=const(rng.uniform(-20, 60), frames),
                rotation=const(rng.uniform(-70, 30), frames),
                elbow_flex=const(rng.uniform(60, 130), frames) + sway(frames, fps, rng, 15, (2, 6)),
            )


def _march(body: BodyControls, subject: Subject, fps: float, rng: np.random.Generator) -> None:
    """Walking or jogging in place: knees lift alternately, arms swing opposite."""
    frames = body.frames
    t = np.arange(frames) / fps
    cadence = rng.uniform(0.8, 1.8)  # strides per second
    lift = rng.uniform(0.03, 0.10) * subject.height_m
    phase = 2 * np.pi * cadence * t + rng.uniform(0, 2 * np.pi)
    for i, side in enumerate(SIDES):
        up = np.clip(np.sin(phase + i * np.pi), 0.0, None)
        body.legs[side].ankle[:, 1] += lift * up
        body.legs[side].ankle[:, 2] += 0.3 * lift * up
        swing = np.sin(phase + (1 - i) * np.pi)
        bent = rng.uniform(20, 80)
        body.arms[side] = ArmAngles(
            elevation=12 + rng.uniform(10, 30) * swing.clip(0, None),
            plane=const(90, frames),
            rotation=const(0, frames),
            elbow_flex=bent + rng.uniform(0, 25) * swing,  # jogging arms pump at the elbow
        )
    body.pelvis[:, 1] += 0.01 * subject.height_m * np.abs(np.sin(phase))


def _stretch(body: BodyControls, subject: Subject, fps: float, rng: np.random.Generator) -> None:
    """A slow stretch: arms overhead and a side bend, or a forward fold, or an arm across the chest."""
    frames = body.frames
    t = np.arange(frames) / fps
    period = rng.uniform(4.0, 9.0)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * t / period + rng.uniform(0, 2 * np.pi))
    kind = rng.choice(["overhead", "fold", "across"])
    if kind == "overhead":
        for side in SIDES:
            body.arms[side] = ArmAngles(lerp(10, 170, w), const(30, frames), const(0, frames), const(15, frames))
        body.trunk_side = rng.choice([-1, 1]) * 20 * w
    elif kind == "fold":
        body.pelvis_pitch = body.pelvis_pitch + 50 * w
        body.trunk_flex = body.trunk_flex + 30 * w
    else:
        side = rng.choice(SIDES)
        body.arms[side] = ArmAngles(lerp(10, 90, w), lerp(0, 150, w), const(0, frames), const(10, frames))


def _wander(body: BodyControls, subject: Subject, fps: float, rng: np.random.Generator) -> None:
    """Turning and stepping about (fetching a bottle, adjusting the camera): the whole body moves and turns."""
    frames = body.frames
    drift = np.cumsum(rng.normal(0, 0.004, size=(frames, 2)), axis=0)
    body.pelvis[:, 0] += drift[:, 0]
    body.pelvis[:, 2] += drift[:, 1]
    for side in SIDES:
        body.legs[side].ankle[:, 0] += drift[:, 0]
        body.legs[side].ankle[:, 2] += drift[:, 1]
    body.heading = body.heading + sway(frames, fps, rng, rng.uniform(20, 60), (4.0, 10.0))
    _march(body, subject, fps, rng) if rng.random() < 0.5 else None


def _walk_about(body: BodyControls, subject: Subject, fps: float, rng: np.random.Generator) -> None:
    """Walking or jogging back and forth (towards the camera, across, away), with a real stride and arm swing."""
    frames = body.frames
    t = np.arange(frames) / fps
    direction = np.radians(rng.choice([0.0, 90.0, -90.0, 180.0]) + rng.uniform(-30, 30))
    axis = np.array([np.sin(direction), 0.0, np.cos(direction)])
    span, period = rng.uniform(0.8, 1.6), rng.uniform(4.0, 8.0)
    travel = span * np.sin(2 * np.pi * t / period)
    speed = np.gradient(travel) * fps
    stride = rng.uniform(0.35, 0.75) * subject.height_m * (0.6 if rng.random() < 0.5 else 1.0)
    phase = 2 * np.pi * np.cumsum(np.abs(speed)) / fps / stride
    heading = np.degrees(direction) + np.where(speed >= 0, 0.0, 180.0)
    body.heading = heading
    body.pelvis[:, [0, 2]] += travel[:, None] * axis[[0, 2]]
    for i, side in enumerate(SIDES):
        swing = np.sin(phase + i * np.pi)
        forward = np.sign(speed)[:, None] * axis * (0.25 * stride * swing)[:, None]
        body.legs[side].ankle[:, [0, 2]] += (travel[:, None] * axis[[0, 2]]) + forward[:, [0, 2]]
        body.legs[side].ankle[:, 1] += 0.06 * subject.height_m * np.clip(np.cos(phase + i * np.pi), 0, None)
        body.legs[side].knee_pole[:] = np.stack(
            [np.sin(np.radians(heading)), np.zeros(frames), np.cos(np.radians(heading))], -1
        )
        body.arms[side] = ArmAngles(12 + 20 * np.clip(-swing, 0, None), const(90, frames), const(0, frames),
                                    const(rng.uniform(15, 90), frames))  # fmt: skip


# How runners carry their arms (degrees; ArmAngles): pumping forward with the elbows at a right angle, or a relaxed
# jog with the elbows open (~120 degrees), flared a little to the side and the hands low, as the real joggers did.
_RUNNING_ARMS = (
    {"plane": (75, 95), "elevation": (25, 25), "pump": (15, 30), "elbow_flex": (70, 100), "turn": (-20, 5)},
    {"plane": (15, 60), "elevation": (15, 40), "pump": (8, 20), "elbow_flex": (45, 75), "turn": (-50, 5)},
)


def _run(body: BodyControls, subject: Subject, fps: float, rng: np.random.Generator) -> None:
    """Running or jogging with a real stride, on the spot or back and forth in any direction: the knees bend to
    60-110 degrees as the heels kick back or the knees drive up, arms pumping. A real clip of two people jogging
    towards the camera (knees 98-158 degrees) read as lunges while the idle class only marched with small steps.

    Why the heel kick reaches a vertical thigh, and why the feet split fore and aft when travelling: most joggers
    fold the shin back under a nearly vertical thigh (hip ~170 degrees, knee ~90) and push off a foot well behind
    the body. That is a lunge's back leg, seen for a moment; when the generator only drove the knees up and kept the
    feet under the hips, real joggers read as lunges."""
    frames = body.frames
    t = np.arange(frames) / fps
    # One stride cycle per leg at 1.0-1.7 Hz, from a jog (the real joggers: ~0.9 s a stride) to a run.
    cadence = rng.uniform(1.0, 1.7)
    phase = 2 * np.pi * cadence * t + rng.uniform(0, 2 * np.pi)
    lift = rng.uniform(0.12, 0.26) * subject.height_m
    # > 0 heels kick back (at ~1 the ankle goes back as far as it rises: a vertical thigh and a shin folded to 90
    # degrees), < 0 knees drive up and forward
    kick = rng.uniform(-0.3, 1.5)
    travel, axis = np.zeros(frames), np.zeros(3)
    if rng.random() < 0.6:  # back and forth across the room
        direction = np.radians(rng.uniform(-180, 180))
        axis = np.array([np.sin(direction), 0.0, np.cos(direction)])
        travel = rng.uniform(0.8, 1.8) * np.sin(2 * np.pi * t / rng.uniform(2.5, 5.0))
        forward = np.where(np.gradient(travel) >= 0, 0.0, 180.0)
        body.heading = np.degrees(direction) + forward
        body.pelvis[:, [0, 2]] += travel[:, None] * axis[[0, 2]]
    heading = np.radians(body.heading)
    facing = np.stack([np.sin(heading), np.zeros(frames), np.cos(heading)], -1)
    # The stance foot stays on the ground while the body passes over it, so the feet split by about a step: the
    # faster the run, the further behind the body the foot leaves the ground and the further ahead it lands.
    speed = np.abs(np.gradient(travel)) * fps
    reach = np.minimum(rng.uniform(0.15, 0.3) * speed / cadence, 0.25 * subject.height_m)
    style = _RUNNING_ARMS[rng.integers(len(_RUNNING_ARMS))]
    for i, side in enumerate(SIDES):
        swing = np.clip(np.sin(phase + i * np.pi), 0.0, None)
        leg = body.legs[side]
        leg.ankle[:, [0, 2]] += travel[:, None] * axis[[0, 2]]
        leg.ankle[:, 1] += lift * swing
        leg.ankle -= facing * (kick * lift * swing)[:, None]
        leg.ankle -= facing * (reach * np.cos(phase + i * np.pi))[:, None]  # behind at toe-off, ahead at landing
        leg.knee_pole[:] = facing
        pump = np.sin(phase + (1 - i) * np.pi)
        plane = rng.uniform(*style["plane"])
        body.arms[side] = ArmAngles(
            elevation=rng.uniform(*style["elevation"]) + rng.uniform(*style["pump"]) * pump,
            plane=const(plane, frames),
            rotation=const(plane + rng.uniform(*style["turn"]), frames),  # the forearm points forward (see the curl)
            elbow_flex=const(rng.uniform(*style["elbow_flex"]), frames) + 10 * pump,
        )
    body.pelvis[:, 1] -= 0.015 * subject.height_m * (1 - np.abs(np.cos(phase)))
    body.trunk_flex = body.trunk_flex + rng.uniform(3, 12)


def _pick_up(body: BodyControls, subject: Subject, fps: float, rng: np.random.Generator) -> None:
    """Bending down to pick something up or put it down (a bottle, a towel, the dumbbells), once or twice: a hip
    hinge with soft knees, or a crouch, the hands going to the floor; standing about in between."""
    frames = body.frames
    t = np.arange(frames) / fps
    bend = np.zeros(frames)
    for start in sorted(rng.uniform(0, max(t[-1] - 2.5, 0.1), size=rng.integers(1, 3))):
        length = rng.uniform(1.8, 3.5)  # down, a moment at the floor, up
        w = np.clip((t - start) / length, 0.0, 1.0)
        bend = np.maximum(bend, np.sin(np.pi * w) ** 0.7 * (w > 0) * (w < 1))
    crouch = rng.random() < 0.4
    hip_drop = (rng.uniform(0.30, 0.45) if crouch else rng.uniform(0.03, 0.10)) * subject.standing_hip_height_m
    body.pelvis[:, 1] -= hip_drop * bend
    body.pelvis[:, 2] -= rng.uniform(0.05, 0.15) * subject.height_m * bend
    body.pelvis_pitch = body.pelvis_pitch + (rng.uniform(40, 60) if crouch else rng.uniform(55, 80)) * bend
    body.trunk_flex = body.trunk_flex + rng.uniform(15, 30) * bend
    both = rng.random() < 0.5
    reach = rng.choice(SIDES)
    for side in SIDES:
        if both or side == reach:  # the hand goes down towards the floor in front of the feet
            body.arms[side] = ArmAngles(
                elevation=lerp(rng.uniform(3, 10), rng.uniform(15, 45), bend),
                plane=const(rng.uniform(60, 90), frames),
                rotation=const(0.0, frames),
                elbow_flex=lerp(rng.uniform(5, 20), rng.uniform(5, 30), bend),
            )
    body.head_pitch = (body.head_pitch if body.head_pitch is not None else 0) + 20 * bend


_ACTIVITIES = (_stand, _march, _stretch, _wander, _walk_about)
_MORE_ACTIVITIES = (_run, _pick_up)  # the "idle_coverage" family (coach/synth/families.py)


def idle(
    subject: Subject, schedule: RepSchedule, rng: np.random.Generator, off: frozenset[str] = frozenset()
) -> BodyControls:
    """One idle activity for the length of the schedule (the blend is ignored: idle has no reps)."""
    body = standing(subject, schedule.frames, schedule.fps, rng, rng.uniform(0.8, 1.8))
    activities = _ACTIVITIES if "idle_coverage" in off else _ACTIVITIES + _MORE_ACTIVITIES
    activity = activities[rng.integers(len(activities))] if schedule.frames >= 3 else _stand
    activity(body, subject, schedule.fps, rng)
    return body


MOTIONS = (Motion("idle", Tempo(1.0, 1.0), ("both",), idle, hold=True, switchable=True),)
