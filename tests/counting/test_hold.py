"""The plank: seconds count only while the person is down and the body line from shoulders to heels holds."""

from __future__ import annotations

import pytest

from coach.counting.counter import ExerciseCounter
from coach.counting.events import HoldEvent
from coach.vision.landmarks import INDEX
from coach.vision.pose import Pose

from .helpers import STANDING_ANGLES, Frames, angle_stream, clip, count, feed, frames, rep_profile, stream

HIPS = [INDEX["left_hip"], INDEX["right_hip"]]
PLANK = dict(STANDING_ANGLES, trunk_lean=80, left_shoulder_flexion=80, right_shoulder_flexion=80, left_elbow=170,
             right_elbow=170, left_hip=175, right_hip=175, left_knee=172, right_knee=172)  # fmt: skip


@pytest.mark.parametrize("seed", [0, 1, 3, 5])
def test_hold_seconds_match_the_truth(seed: int):
    synth = clip("plank", seed, None, seconds=15.0)
    counter = count("plank", synth)
    assert counter.hold_seconds == pytest.approx(synth.holds["plank"], abs=1.5)
    assert counter.count == 0 and counter.hold_seconds > 0
    holds = [e for e in counter.events if isinstance(e, HoldEvent)]
    assert len(holds) == 1 and holds[0].seconds == pytest.approx(counter.hold_seconds)


@pytest.mark.parametrize("seed", [0, 1])
def test_standing_and_getting_down_are_not_held(seed: int):
    """3 s standing, getting down to the floor, 12 s plank, getting up, 3 s standing."""
    synth = clip("plank", seed, None, seconds=12.0, lead_in_s=3.0, lead_out_s=3.0)
    assert synth.truth_json()["holds_s"]["plank"] == pytest.approx(12.0, abs=0.1)
    counter = count("plank", synth)
    assert counter.hold_seconds == pytest.approx(synth.holds["plank"], abs=1.5)


def _sagging(poses: Frames, start_s: float, end_s: float, drop_m: float) -> Frames:
    """The hips sink `drop_m` below the line between `start_s` and `end_s` (world y points down)."""
    out: Frames = []
    for t, pose in poses:
        if pose is not None and start_s <= t < end_s:
            world = pose.world_xyz.copy()
            world[HIPS, 1] += drop_m
            pose = Pose(image_xy=pose.image_xy, world_xyz=world, visibility=pose.visibility)
        out.append((t, pose))
    return out


@pytest.mark.parametrize("seed", [0, 2])
def test_sagging_hips_stop_the_clock(seed: int):
    """The hips sag 25 cm for 4 s in the middle of a 15 s plank: those seconds are not held, and the hold is
    reported as two holds either side of the sag."""
    synth = clip("plank", seed, None, seconds=15.0)
    counter = ExerciseCounter("plank")
    emitted = feed(counter, stream(_sagging(frames(synth), 5.0, 9.0, 0.25)))
    assert counter.hold_seconds == pytest.approx(synth.holds["plank"] - 4.0, abs=1.5)
    holds = [e for _, e in emitted if isinstance(e, HoldEvent)]
    assert len(holds) == 2 and holds[0].end_s <= 5.5 and holds[1].start_s >= 8.5, holds


def test_a_short_wobble_or_dropout_does_not_end_the_hold():
    synth = clip("plank", 0, None, seconds=15.0)
    poses = [(t, None if 6.0 <= t < 6.5 else p) for t, p in _sagging(frames(synth), 9.0, 9.4, 0.25)]
    counter = ExerciseCounter("plank")
    emitted = feed(counter, stream(poses))
    assert len([e for _, e in emitted if isinstance(e, HoldEvent)]) == 1
    assert counter.hold_seconds == pytest.approx(synth.holds["plank"] - 0.9, abs=1.5)


def test_a_sagging_line_is_judged_and_cued():
    """Hand-made plank: the body line at 150 degrees (hips sagging, still above the break) is held but poorer."""
    straight, sagging = (ExerciseCounter("plank") for _ in range(2))
    flat = rep_profile([("rest", 10.0)])
    feed(straight, angle_stream(flat, {}, base=PLANK))
    feed(sagging, angle_stream(flat, {"left_body_line": (150, 150), "right_body_line": (150, 150)}, base=PLANK))
    (good,), (poor,) = straight.events, sagging.events
    assert isinstance(good, HoldEvent) and isinstance(poor, HoldEvent)
    assert good.seconds == pytest.approx(10.0, abs=0.2) and poor.seconds == pytest.approx(10.0, abs=0.2)
    assert poor.quality < 0.5 < good.quality and poor.cues and not good.cues


def test_hold_quality_stays_within_0_and_1():
    """3 s of a broken line (hips high, piked) and then 3 s of a perfect plank."""
    piked = {"left_body_line": (120, 120), "right_body_line": (120, 120)}
    broken, held = angle_stream(rep_profile([("rest", 3.0)]), piked, base=PLANK), rep_profile([("rest", 3.0)])
    perfect = [(t + 3.0, f, p) for t, f, p in angle_stream(held, {}, base=PLANK)]
    counter = ExerciseCounter("plank")
    feed(counter, broken + perfect)
    (hold,) = counter.events
    assert isinstance(hold, HoldEvent) and 0.0 <= hold.quality <= 1.0, hold
