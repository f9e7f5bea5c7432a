"""Every rep exercise counts generated sets exactly, from several camera angles, with sane rep events."""

from __future__ import annotations

import pytest

from coach.counting.counter import ExerciseCounter, NothingToCountError
from coach.counting.events import RepEvent

from .helpers import CASES, REP_EXERCISES, SEEDS, SPEC, Stream, angle_stream, feed, live_run, rep_profile, with_angles


def test_the_cases_cover_every_rep_exercise():
    assert set(SEEDS) == set(REP_EXERCISES)


@pytest.mark.parametrize(("exercise", "seed"), CASES)
def test_a_generated_set_is_counted_exactly(exercise: str, seed: int):
    run = live_run(exercise, seed)
    assert run.counter.count == run.clip.count() == 5, [e for _, e in run.emitted]


@pytest.mark.parametrize(("exercise", "seed"), CASES)
def test_rep_events_are_sane(exercise: str, seed: int):
    run = live_run(exercise, seed)
    events = [e for _, e in run.emitted]
    assert events and all(isinstance(e, RepEvent) for e in events)
    duration = run.clip.frames / run.clip.fps
    for e in events:
        assert e.exercise == exercise and e.side in ("left", "right", "both")
        assert 0.0 <= e.start_s < e.end_s <= duration, e
        assert e.tempo.eccentric_s > 0 and e.tempo.concentric_s > 0, e
        assert 0.0 <= e.quality <= 1.0 and e.range_of_motion > 0, e
        assert e.counted == (not e.partial)
        assert e.to_json()["exercise"] == exercise
    assert run.counter.count == sum(e.counted for e in events)
    assert [e.end_s for e in events] == sorted(e.end_s for e in events), "events come out in the order reps end"


@pytest.mark.parametrize(("exercise", "seed"), CASES)
def test_each_counted_rep_lies_on_a_true_rep(exercise: str, seed: int):
    """Not just the right number: every counted rep overlaps a different rep of the truth."""
    run = live_run(exercise, seed)
    truth = [(r.start / run.clip.fps, r.end / run.clip.fps) for r in run.clip.reps if not r.partial]
    matched = []
    for e in (e for _, e in run.emitted if isinstance(e, RepEvent) and e.counted):
        overlapping = [i for i, (s, t) in enumerate(truth) if min(t, e.end_s) - max(s, e.start_s) > 0]
        assert overlapping, (e, truth)
        matched.append(overlapping[0])
    assert len(set(matched)) == len(matched), "two counted reps on one true rep"


def test_idle_has_nothing_to_count():
    with pytest.raises(NothingToCountError, match="idle"):
        ExerciseCounter("idle")


def test_a_lunge_bends_both_knees_and_counts_once():
    """Hand-made stream: 4 lunges; the back knee comes up 0.3 s after the front one. Both knees' excursions merge."""
    counter = ExerciseCounter("lunge")
    emitted = feed(counter, _lunges(back_knee_later_s=0.3))
    assert counter.count == 4 and {e.side for _, e in emitted} == {"both"}


def test_a_lunge_whose_back_knee_comes_up_slowly_counts_once():
    counter = ExerciseCounter("lunge")
    feed(counter, _lunges(back_knee_later_s=1.2))
    assert counter.count == 4


@pytest.mark.parametrize(
    "seed",
    [0, 5, 8],
)
def test_generated_lunges_count_once_per_lunge(seed: int):
    run = live_run("lunge", seed)
    assert run.counter.count == run.clip.count()


def _lunges(back_knee_later_s: float) -> Stream:
    """Standing, then 4 lunges: the left (front) knee bends to 95 and back up in 1 s each way, the right (back) knee
    bends with it but straightens `back_knee_later_s` more slowly."""
    late = back_knee_later_s
    front = rep_profile([("rest", 2.0)] + [("out", 1.0), ("far", 0.3), ("back", 1.0), ("rest", 1.0 + late)] * 4)
    back = rep_profile([("rest", 2.0)] + [("out", 1.0), ("far", 0.3), ("back", 1.0 + late), ("rest", 1.0)] * 4)
    left = angle_stream(front, {"left_knee": (174, 95), "left_hip": (172, 105)})
    right = angle_stream(back, {"right_knee": (174, 100), "right_hip": (172, 150)}, seed=1)
    out: Stream = []
    for (t, features, _), (_, other, _) in zip(left, right, strict=True):
        assert features is not None and other is not None
        moved = {name: float(other.angles_deg[SPEC.angles.index(name)]) for name in ("right_knee", "right_hip")}
        out.append((t, with_angles(features, moved), None))
    return out
