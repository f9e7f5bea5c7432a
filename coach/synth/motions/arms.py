"""Standing arm exercises: biceps curl, shoulder press, lateral raise, front raise."""

from __future__ import annotations

import numpy as np

from coach.synth.body import SIDE_SIGN, SIDES, ArmAngles, BodyControls, LegReach, Subject
from coach.synth.motions.base import Motion, const, lerp, standing
from coach.synth.timing import RepSchedule, Tempo


def _side_blend(schedule: RepSchedule, side: str) -> np.ndarray:
    return schedule.blend_left if side == "left" else schedule.blend_right


def curl(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
    """Elbows pinned at the sides; the forearm swings up to the shoulder. Many let the elbow drift forward (a real
    front-view curl read 40-57 degrees of shoulder flexion at the top), and some stop short of the shoulder."""
    body = standing(subject, schedule.frames, schedule.fps, rng, rng.uniform(0.9, 1.5))
    top_flex = rng.uniform(100, 145)
    drift = rng.uniform(0, 18) if rng.random() < 0.6 else rng.uniform(18, 45)
    for side in SIDES:
        b = _side_blend(schedule, side)
        rest_flex = rng.uniform(5, 25)
        elevation, plane = rng.uniform(3, 10), rng.uniform(60, 90)  # the upper arm hangs, drifting forward
        body.arms[side] = ArmAngles(
            elevation=const(elevation, schedule.frames) + drift * b,
            plane=const(plane, schedule.frames),
            # The bending plane turns with `plane`: turning it back by as much makes the forearm rise forward and up
            # to the shoulder. (Rotation near 0 here swung the forearm across the body, which no real curl does.)
            rotation=const(plane + rng.uniform(-15, 15), schedule.frames),
            elbow_flex=lerp(rest_flex, top_flex, b),
        )
    body.trunk_flex = body.trunk_flex - rng.uniform(0, 6) * schedule.blend  # a little swing back at the top
    return body


def press(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
    """Weights at the shoulders (upper arms out, forearms up), pressed overhead to straight arms. Standing or seated."""
    frames = schedule.frames
    body = standing(subject, frames, schedule.fps, rng, rng.uniform(1.0, 1.6))
    if rng.random() < 0.35:
        _sit_on_bench(body, subject, frames, rng)
    plane = rng.uniform(10, 40)
    for side in SIDES:
        b = _side_blend(schedule, side)
        body.arms[side] = ArmAngles(
            elevation=lerp(rng.uniform(75, 95), rng.uniform(155, 172), b),
            plane=const(plane, frames),
            rotation=const(rng.uniform(80, 100), frames),
            elbow_flex=lerp(rng.uniform(90, 120), rng.uniform(3, 35), b),  # many never lock out
        )
    body.trunk_flex = body.trunk_flex - rng.uniform(0, 8) * schedule.blend  # back arches a little at the top
    return body


def _raise(plane_range: tuple[float, float], top_range: tuple[float, float]) -> callable:  # type: ignore[valid-type]
    def build(subject: Subject, schedule: RepSchedule, rng: np.random.Generator) -> BodyControls:
        body = standing(subject, schedule.frames, schedule.fps, rng, rng.uniform(0.9, 1.5))
        plane = rng.uniform(*plane_range)
        top = rng.uniform(*top_range)
        for side in SIDES:
            b = _side_blend(schedule, side)
            body.arms[side] = ArmAngles(
                elevation=lerp(rng.uniform(0, 10), top, b),
                plane=const(plane, schedule.frames),
                rotation=const(rng.uniform(-10, 10), schedule.frames),
                elbow_flex=const(rng.uniform(5, 35), schedule.frames),  # soft elbows: a real front raise read 25-55
            )
        return body

    return build


def _sit_on_bench(body: BodyControls, subject: Subject, frames: int, rng: np.random.Generator) -> None:
    """Seated on a bench: hips at knee height, thighs level, feet planted in front."""
    seat = subject.length("shin") + subject.length("ankle_height") + rng.uniform(0.0, 0.04)
    body.pelvis[:, 1] = seat
    for side in SIDES:
        s = SIDE_SIGN[side]
        ankle = np.tile(
            [s * subject.length("hip_width") * 0.8, subject.length("ankle_height"), subject.length("thigh")],
            (frames, 1),
        )
        body.legs[side] = LegReach(ankle=ankle, knee_pole=np.tile([0.0, 1.0, 0.3], (frames, 1)), foot="flat")


MOTIONS = (
    Motion("bicep_curl", Tempo(0.9, 1.2, 0.4, 0.4), ("both", "alternating", "alternating", "left", "right"), curl),
    Motion("shoulder_press", Tempo(0.8, 1.0, 0.2, 0.3), ("both",), press),
    Motion("lateral_raise", Tempo(0.7, 0.9, 0.25, 0.3), ("both",), _raise((0, 25), (80, 100))),
    Motion("front_raise", Tempo(0.6, 0.8, 0.5, 0.6), ("both", "both", "alternating"), _raise((75, 95), (80, 100))),
)
