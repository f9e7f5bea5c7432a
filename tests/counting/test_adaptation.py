"""Thresholds follow the person: a small range of motion still counts, judged against their own reps."""

from __future__ import annotations

import numpy as np
import pytest

from coach.counting.counter import ExerciseCounter

from .helpers import SPEC, STANDING_ANGLES, Stream, angle_stream, clip, feed, frames, rep_profile, stream, with_angles


def _shrunk_elbows(items: Stream, reaches_deg: float) -> Stream:
    """The same movement with both elbows' excursions scaled so the arm only bends to `reaches_deg` at the top
    (as a front-view camera reads a curl, or a person with stiff elbows does it)."""
    names = ("left_elbow", "right_elbow")
    values = np.array([[f.angles_deg[SPEC.angles.index(n)] for n in names] for _, f, _ in items if f is not None])
    rest, top = np.percentile(values, 95, axis=0), np.percentile(values, 2, axis=0)
    scale = (rest - reaches_deg) / (rest - top)
    out: Stream = []
    for t, f, pose in items:
        if f is not None:
            current = [f.angles_deg[SPEC.angles.index(n)] for n in names]
            f = with_angles(f, {n: r - (r - v) * k for n, r, v, k in zip(names, rest, current, scale, strict=True)})
        out.append((t, f, pose))
    return out


@pytest.mark.parametrize("seed", [7, 12, 14])
@pytest.mark.parametrize("reaches_deg", [90.0, 115.0])
def test_curls_that_only_reach_90_degrees_are_counted(seed: int, reaches_deg: float):
    synth = clip("bicep_curl", seed)
    assert {r.side for r in synth.reps} in ({"both"}, {"left", "right"}), "both arms curl (together or in turn)"
    counter = ExerciseCounter("bicep_curl")
    emitted = feed(counter, _shrunk_elbows(stream(frames(synth)), reaches_deg))
    assert counter.count == synth.count() and counter.partials == 0, [e for _, e in emitted]
    assert counter.person_range_deg is not None and counter.person_range_deg < 90


SMALL_RAISE = {"left_shoulder_abduction": (8, 45), "right_shoulder_abduction": (8, 45)}
SMALL_CURL = {"left_elbow": (165, 130), "right_elbow": (165, 130)}


@pytest.mark.parametrize(("exercise", "moves"), [("lateral_raise", SMALL_RAISE), ("bicep_curl", SMALL_CURL)])
def test_a_calibrated_small_range_counts_from_the_first_rep(exercise: str, moves: dict):
    """35-37 degree reps: below what a first rep needs before the person is known, but their calibrated range."""
    depth = rep_profile([("rest", 2.0)] + [("out", 1.0), ("far", 0.3), ("back", 1.0), ("rest", 0.7)] * 6)
    calibrated = ExerciseCounter(exercise, known_range_deg=35.0)
    feed(calibrated, angle_stream(depth, moves))
    assert calibrated.count == 6 and calibrated.partials == 0


def test_crunches_that_move_the_hip_25_degrees_count():
    """Sit-ups done as crunches: lying with bent knees, the hip closes only 25 degrees."""
    lying = dict(STANDING_ANGLES, trunk_lean=80, left_knee=70, right_knee=70, left_hip=120, right_hip=120)
    depth = rep_profile([("rest", 2.0)] + [("out", 1.0), ("far", 0.3), ("back", 1.0), ("rest", 0.7)] * 6)
    moves = {"left_hip": (120, 95), "right_hip": (120, 95), "trunk_lean": (80, 55)}
    counter = ExerciseCounter("situp")
    feed(counter, angle_stream(depth, moves, base=lying))
    assert counter.count == 6


def test_a_tiring_person_whose_reps_shrink_slowly_keeps_being_counted():
    """Ten curls whose range shrinks steadily from 115 to 75 degrees (fatigue): each is judged against the person's
    recent reps, not their first, so all count."""
    depth = np.concatenate([np.zeros(60)] + [
        rep_profile([("out", 1.0), ("far", 0.3), ("back", 1.0), ("rest", 0.7)]) * size
        for size in np.linspace(1.0, 0.65, 10)
    ])  # fmt: skip
    counter = ExerciseCounter("bicep_curl")
    feed(counter, angle_stream(depth, {"left_elbow": (165, 50), "right_elbow": (165, 50)}))
    assert counter.count == 10 and counter.partials == 0
