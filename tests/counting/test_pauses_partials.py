"""Pauses at either end of a rep change nothing; partial reps are reported (with the cue) but not counted."""

from __future__ import annotations

import numpy as np
import pytest

from coach.counting.counter import ExerciseCounter

from .helpers import STANDING_ANGLES, angle_stream, clip, count, feed, rep_profile, reps

CURL = {"left_elbow": (165, 50), "right_elbow": (165, 50)}
SQUAT = {"left_knee": (174, 85), "right_knee": (174, 85), "left_hip": (172, 80), "right_hip": (172, 80),
         "trunk_lean": (5, 35)}  # fmt: skip
PRESS = {"left_elbow": (80, 165), "right_elbow": (80, 165), "left_shoulder": (95, 165), "right_shoulder": (95, 165)}
SITUP_LYING = dict(STANDING_ANGLES, trunk_lean=80, left_knee=70, right_knee=70, left_hip=125, right_hip=125)
SITUP = {"left_hip": (125, 65), "right_hip": (125, 65), "trunk_lean": (80, 25)}


def _set(far_pause_s: float, rest_pause_s: float, reps: int = 5) -> np.ndarray:
    """Depth 0..1 of a set: standing 2 s, then reps of 1 s each way with the given pauses, then 2 s standing."""
    phases = [("out", 1.0), ("far", far_pause_s), ("back", 1.0), ("rest", rest_pause_s)]
    return rep_profile([("rest", 2.0), *phases * reps, ("rest", 2.0)])


@pytest.mark.parametrize(
    ("exercise", "moves", "base"),
    [("bicep_curl", CURL, None), ("squat", SQUAT, None), ("shoulder_press", PRESS, None),
     ("situp", SITUP, SITUP_LYING)],
    ids=["curl", "squat", "press", "situp"],
)  # fmt: skip
@pytest.mark.parametrize(
    ("far_pause_s", "rest_pause_s"), [(0.1, 0.2), (4.0, 0.3), (0.2, 5.0), (3.0, 6.0)],
    ids=["no-pauses", "long-at-far-end", "long-at-rest", "long-at-both"],
)  # fmt: skip
def test_pauses_at_either_end_do_not_change_the_count(exercise, moves, base, far_pause_s, rest_pause_s):
    counter = ExerciseCounter(exercise)
    emitted = feed(counter, angle_stream(_set(far_pause_s, rest_pause_s), moves, base=base))
    assert counter.count == 5 and counter.partials == 0, [e for _, e in emitted]


def test_tempo_leaves_pauses_out():
    """2 s held at the top of each curl is neither lifting nor lowering: neither half of the tempo includes it."""
    counter = ExerciseCounter("bicep_curl")
    emitted = feed(counter, angle_stream(_set(far_pause_s=2.0, rest_pause_s=1.0), CURL))
    for _, e in emitted:
        assert 0.2 < e.tempo.concentric_s < 1.2 and 0.2 < e.tempo.eccentric_s < 1.2, e.tempo


def _tempo(exercise: str, moves: dict, way_in_s: float, way_back_s: float) -> list:
    phases = [("rest", 2.0), *[("out", way_in_s), ("far", 0.5), ("back", way_back_s), ("rest", 1.0)] * 3]
    counter = ExerciseCounter(exercise)
    return [e.tempo for _, e in feed(counter, angle_stream(rep_profile(phases), moves))]


def test_a_slower_lowering_reads_as_a_longer_eccentric():
    for exercise, moves, lowering_first in (("bicep_curl", CURL, False), ("squat", SQUAT, True)):
        even = _tempo(exercise, moves, 1.0, 1.0)
        slow = _tempo(exercise, moves, 1.0, 2.5) if not lowering_first else _tempo(exercise, moves, 2.5, 1.0)
        assert min(t.eccentric_s for t in slow) > max(t.eccentric_s for t in even) + 0.3, (exercise, even, slow)
        assert all(abs(a.concentric_s - b.concentric_s) < 0.15 for a, b in zip(even, slow, strict=True))


@pytest.mark.xfail(
    strict=True,
    reason="the way back is timed only until the count (return_fraction 0.6 of the way) and the way in only from "
    "25% out to within 12% of the peak, so a curl lifted in 1 s and lowered in 1 s reads eccentric 0.37 s, "
    "concentric 0.70 s (a squat: eccentric 0.68 s, concentric 0.37 s): the halves are under-read and a symmetric rep "
    "looks like one half is twice as fast as the other",
)
@pytest.mark.parametrize(("exercise", "moves"), [("bicep_curl", CURL), ("squat", SQUAT)], ids=["curl", "squat"])
def test_tempo_reads_one_second_each_way_as_about_one_second(exercise: str, moves: dict):
    for tempo in _tempo(exercise, moves, 1.0, 1.0):
        assert tempo.eccentric_s == pytest.approx(1.0, abs=0.3) and tempo.concentric_s == pytest.approx(1.0, abs=0.3)


@pytest.mark.parametrize(
    ("exercise", "seed"), [("squat", 34), ("squat", 11), ("pushup", 34), ("bicep_curl", 4)]
)  # fmt: skip
def test_generated_sets_with_long_rests_between_reps_count_exactly(exercise: str, seed: int):
    synth = clip(exercise, seed)
    longest = max(b.start - a.end for a, b in zip(synth.reps, synth.reps[1:], strict=False)) / synth.fps
    assert longest > 3.0, "the person rests more than 3 s between two reps"
    assert count(exercise, synth).count == synth.count()


# -- partial reps -----------------------------------------------------------------------------------------------------

PARTIAL_CASES = [
    ("squat", 1), ("pushup", 3), ("bicep_curl", 5), ("shoulder_press", 4), ("jumping_jack", 2),
    pytest.param("situp", 1, marks=pytest.mark.xfail(strict=True, reason=(
        "a sit-up cut at 43% of the person's range still tilts the trunk 26 of their usual 36 degrees (the lean is "
        "not linear in how far they came up), above the 75% partial line: counted as full (8 for 6)"))),
    ("lateral_raise", 5), ("front_raise", 5),
]  # fmt: skip


@pytest.mark.parametrize(("exercise", "seed"), PARTIAL_CASES)
def test_partial_reps_are_reported_not_counted(exercise: str, seed: int):
    synth = clip(exercise, seed, 6, partial_rate=0.35)
    true_partials = [(r.start / synth.fps, r.end / synth.fps) for r in synth.reps if r.partial]
    assert true_partials, "the person does some half reps"
    counter = count(exercise, synth)
    assert counter.count == synth.count()
    partial = [e for e in reps(counter.events) if e.partial]
    assert partial and counter.partials == len(partial)
    for e in partial:  # every reported partial rep is one the person really cut short
        middle = 0.5 * (e.start_s + e.end_s)
        assert any(s - 0.3 <= middle <= t + 0.3 for s, t in true_partials), (e, true_partials)
        assert not e.counted and e.cues and e.cues[0], e
    full_quality = np.median([e.quality for e in reps(counter.events) if not e.partial])
    assert max(e.quality for e in partial) < full_quality


@pytest.mark.parametrize(
    ("exercise", "words"), [("squat", "lower"), ("pushup", "lower"), ("situp", "higher")]
)  # fmt: skip
def test_the_partial_cue_says_how_to_fix_it(exercise: str, words: str):
    seed = {"squat": 1, "pushup": 3, "situp": 1}[exercise]  # the PARTIAL_CASES seeds
    counter = count(exercise, clip(exercise, seed, 6, partial_rate=0.35))
    partial = [e for e in reps(counter.events) if e.partial]
    assert partial and all(words in e.cues[0].lower() for e in partial), [e.cues for e in partial]


def test_a_half_rep_among_full_ones_is_partial():
    depth = np.concatenate([_set(0.3, 0.8, reps=3), _set(0.3, 0.8, reps=1) * 0.4, _set(0.3, 0.8, reps=2)])
    counter = ExerciseCounter("bicep_curl")
    emitted = feed(counter, angle_stream(depth, CURL))
    assert counter.count == 5 and [e.partial for _, e in emitted] == [False] * 3 + [True] + [False] * 2


@pytest.mark.xfail(
    strict=True,
    reason="after three half reps in a row of similar size, _relearn_range_if_it_changed makes them the person's "
    "range, so from the 4th half rep on every half rep counts as a full one (and stays so for the next ~5 reps, the "
    "median of the range memory); generated sets with partial_rate 0.35 hit this (squat seed 4: 7 counted for 6, "
    "bicep_curl seed 4: 9 for 6)",
)
def test_four_half_reps_in_a_row_are_all_partial():
    depth = np.concatenate([_set(0.3, 0.8, reps=3), _set(0.3, 0.8, reps=4) * 0.4, _set(0.3, 0.8, reps=2)])
    counter = ExerciseCounter("bicep_curl")
    emitted = feed(counter, angle_stream(depth, CURL))
    assert [e.partial for _, e in emitted] == [False] * 3 + [True] * 4 + [False] * 2
    assert counter.count == 5
