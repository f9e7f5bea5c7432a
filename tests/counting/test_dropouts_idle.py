"""Lost poses, a person leaving the picture, and everything before and after a set: no rep lost, none invented."""

from __future__ import annotations

import numpy as np
import pytest

from coach.pipeline import count_recorded
from coach.synth.generator import Segment, SynthClip
from coach.vision.landmarks import INDEX

from .helpers import REP_EXERCISES, clip, count, frames, reps, workout

DROPOUT_CASES = [
    ("squat", 0), ("pushup", 0), ("bicep_curl", 7), ("shoulder_press", 0), ("lunge", 3), ("situp", 0),
    ("lateral_raise", 0), ("front_raise", 0),
]  # fmt: skip


def _moments(synth: SynthClip) -> dict[str, float]:
    """Where in the middle of the set a dropout hurts: on the way into the middle rep, at its far end, between reps."""
    middle, after = synth.reps[len(synth.reps) // 2], synth.reps[len(synth.reps) // 2 + 1]
    return {
        "way-in": 0.5 * (middle.start + middle.bottom) / synth.fps,
        "far-end": middle.bottom / synth.fps,
        "between-reps": 0.5 * (middle.end + after.start) / synth.fps,
    }


@pytest.mark.parametrize(("exercise", "seed"), DROPOUT_CASES)
def test_a_short_dropout_in_the_middle_of_a_set_loses_no_rep(exercise: str, seed: int):
    synth = clip(exercise, seed)
    moments = _moments(synth)
    for where, gap_s in (("way-in", 0.3), ("far-end", 0.6), ("between-reps", 0.45)):
        centre = moments[where]
        counter = count_recorded(exercise, frames(synth, lambda t, c=centre, g=gap_s: abs(t - c) < g / 2))
        assert counter.count == synth.count(), (where, gap_s, reps(counter.events))


@pytest.mark.xfail(
    strict=True,
    reason="a dropout over the top of a fast rep hides its peak: the excursion's range is measured from what was "
    "seen, so the jumping jack (0.9 s) under a 0.3-0.45 s gap reads 69-107 of ~140 degrees and is reported as a "
    "partial rep; a rep that left rest before the gap and came back after it could be judged without its unseen top",
)
@pytest.mark.parametrize(("seed", "gap_s"), [(0, 0.3), (2, 0.45)])
def test_a_dropout_over_the_top_of_a_jumping_jack_loses_no_rep(seed: int, gap_s: float):
    synth = clip("jumping_jack", seed)
    top = _moments(synth)["far-end"]
    counter = count_recorded("jumping_jack", frames(synth, lambda t: abs(t - top) < gap_s / 2))
    assert counter.count == synth.count()


def _away(synth: SynthClip, first_set_reps: int, margin_s: float = 0.8) -> tuple[float, float]:
    """The stretch between two sets when the person is out of the picture (a margin from the reps either side)."""
    last, first = synth.reps[first_set_reps - 1], synth.reps[first_set_reps]
    return last.end / synth.fps + margin_s, first.start / synth.fps - margin_s


@pytest.mark.parametrize(("exercise", "seed"), [("squat", 2), ("bicep_curl", 12), ("pushup", 0)])
def test_leaving_the_picture_between_sets_adds_no_phantom_reps(exercise: str, seed: int):
    synth = workout((Segment(exercise, reps=3), Segment("idle", seconds=8.0), Segment(exercise, reps=3)), seed)
    gone, back = _away(synth, 3)
    assert back - gone > 5.0, "away for several seconds"
    counter = count_recorded(exercise, frames(synth, lambda t: gone <= t < back))
    assert counter.count == synth.count(exercise) == 6
    assert not [e for e in reps(counter.events) if gone <= e.end_s < back or gone <= e.start_s < back]


def test_walking_out_mid_set_and_back_counts_only_what_was_seen():
    """The person goes missing for 4 s from the far end of the 3rd squat: the reps they did in view all count,
    the interrupted one does not, and nothing is counted while they are gone."""
    synth = clip("squat", 0, 6)
    third = synth.reps[2]
    gone = third.bottom / synth.fps
    back = gone + 4.0
    hidden = [r for r in synth.reps if r.end / synth.fps >= gone and r.start / synth.fps < back]
    counter = count_recorded("squat", frames(synth, lambda t: gone <= t < back))
    assert counter.count == synth.count() - len(hidden)
    assert not [e for e in reps(counter.events) if gone <= e.end_s < back]


def test_the_person_leaving_at_the_end_keeps_the_count():
    synth = clip("lateral_raise", 2)
    gone = synth.reps[-1].end / synth.fps + 0.5
    poses = [(t, p if t < gone else None) for t, p in frames(synth)]
    poses += [(poses[-1][0] + (i + 1) / synth.fps, None) for i in range(round(5 * synth.fps))]
    assert count_recorded("lateral_raise", poses).count == synth.count()


# -- idle before and after a set ---------------------------------------------------------------------------------------


def _still(synth: SynthClip, first: int, last: int) -> bool:
    """Whether the person just stands there in frames [first, last): no walking, stepping or arm waving."""
    scene = synth.scene[first:last]
    hips = 0.5 * (scene[:, INDEX["left_hip"]] + scene[:, INDEX["right_hip"]])
    travel = float(np.ptp(hips[:, [0, 2]], axis=0).max())
    feet = max(float(np.ptp(scene[:, INDEX[f"{s}_ankle"], 1])) for s in ("left", "right"))
    hands = max(float(np.ptp(scene[:, INDEX[f"{s}_wrist"], 1])) for s in ("left", "right"))
    return travel < 0.15 and feet < 0.03 and hands < 0.3


STANDING_AROUND = [
    ("squat", 11), ("pushup", 11), ("bicep_curl", 11), ("shoulder_press", 26), ("lunge", 12), ("jumping_jack", 26),
    pytest.param("situp", 2, marks=pytest.mark.xfail(strict=True, reason=(
        "getting up from the floor after the set lifts the trunk like the start of a sit-up: reported as a partial "
        "sit-up (not counted) before the knees straighten and the posture gate ends counting"))),
    ("lateral_raise", 27), ("front_raise", 11),
]  # fmt: skip


@pytest.mark.parametrize(("exercise", "seed"), STANDING_AROUND)
def test_standing_before_and_after_a_set_adds_no_reps(exercise: str, seed: int):
    """4 s standing, getting into position (down to the floor for push-ups and sit-ups), the set, 4 s standing."""
    synth = clip(exercise, seed, 4, lead_in_s=4.0, lead_out_s=4.0)
    lead = round(4.0 * synth.fps)
    assert _still(synth, 0, lead) and _still(synth, synth.frames - lead, synth.frames)
    counter = count(exercise, synth)
    assert counter.count == synth.count() == 4
    first, last = synth.reps[0].start / synth.fps, synth.reps[-1].end / synth.fps
    assert not [e for e in reps(counter.events) if e.end_s < first or e.start_s > last]


@pytest.mark.parametrize("seed", [11])
def test_standing_around_counts_nothing_for_any_exercise(seed: int):
    synth = clip("idle", seed, None, seconds=12.0)
    assert _still(synth, 0, synth.frames), "the person stands, shifting their weight"
    assert {exercise: count(exercise, synth).count for exercise in REP_EXERCISES} == dict.fromkeys(REP_EXERCISES, 0)


@pytest.mark.xfail(
    strict=True,
    reason="in exercise mode nothing tells jogging or walking from reps: jogging in place pumps the elbows and bends "
    "the knees 25-40 degrees, reported as partial reps with 'Use your full range' / 'Go lower' cues (3-7 in a 4 s "
    "lead-in); three of them relearn that side's range, after which the idle arm of a one-arm curl set gets an 11 s "
    "'rep' counted (curl seed 0: 5 for 4); walking about before curls adds a counted rep (curl seed 1: 5 for 4)",
)
@pytest.mark.parametrize(
    ("exercise", "seed", "doing"),
    [("bicep_curl", 0, "jogging in place"), ("shoulder_press", 0, "jogging in place"),
     ("lunge", 4, "jogging in place"), ("bicep_curl", 1, "walking about")],
)  # fmt: skip
def test_jogging_or_walking_before_a_set_adds_no_reps(exercise: str, seed: int, doing: str):
    synth = clip(exercise, seed, 4, lead_in_s=4.0, lead_out_s=4.0)
    counter = count(exercise, synth)
    first = synth.reps[0].start / synth.fps
    assert not [e for e in reps(counter.events) if e.end_s < first], f"reps reported while {doing}"
    assert counter.count == synth.count()


def test_squats_with_the_far_knee_half_visible_count():
    synth = clip("squat", 3, 4, lead_in_s=4.0, lead_out_s=4.0)
    assert count("squat", synth).count == synth.count()
