"""`RepTracker`: a given exercise is counted and the recognizer's disagreement reported; in free mode reps are
credited only when the recognizer confirms the exercise, and a change of exercise starts a new set."""

from __future__ import annotations

import pytest

from coach.counting.events import RepEvent
from coach.counting.tracker import RepTracker
from coach.recognition.stream import Prediction
from coach.synth.generator import Segment, SynthClip

from .helpers import CLASSES, Stream, clip, following, frames, prediction, stream, workout


def _track(
    tracker: RepTracker, synth: SynthClip | Stream, predictions: list[Prediction | None]
) -> list[tuple[float, object]]:
    """Run the tracker over a clip (or its feature stream) with the recognizer's answers; returns (stream time,
    credited event) pairs."""
    items = stream(frames(synth)) if isinstance(synth, SynthClip) else synth
    out = []
    for (t, features, pose), said in zip(items, predictions, strict=True):
        out += [(t, e) for e in tracker.update(t, features, pose, said)]
    out += [(t, e) for e in tracker.finish()]
    return out


def test_the_recognizer_classes_are_the_registry_classes():
    assert RepTracker().classes == CLASSES


# -- a given exercise (a workout plan's set) ---------------------------------------------------------------------


def test_a_given_exercise_is_counted_and_the_recognizers_doubt_reported():
    synth = clip("squat", 0)
    said = [prediction(t, "lunge", "lunge") if 3.0 <= t < 7.0 else prediction(t, "squat", "squat")
            for t, _ in frames(synth)]  # fmt: skip
    tracker = RepTracker(exercise="squat")
    _track(tracker, synth, said)
    assert tracker.counts == {"squat": synth.count()}
    assert [(d.seen, round(d.start_s), round(d.end_s)) for d in tracker.disagreements] == [("lunge", 3, 7)]
    report = tracker.to_json()
    assert report["mode"] == "exercise" and report["exercise"] == "squat"
    assert report["disagreements"] == [d.to_json() for d in tracker.disagreements]


def test_idle_unknown_and_momentary_doubts_are_not_disagreements():
    """Unknown for 2 s, idle for 2 s, "pushup" for half a second (the recognizer settling), then squat."""
    synth = clip("squat", 1)

    def said(t: float) -> Prediction:
        if t < 2.0:
            return prediction(t, "idle", "unknown")
        label = "idle" if t < 4.0 else "pushup" if t < 4.5 else "squat"
        return prediction(t, label, label)

    tracker = RepTracker(exercise="squat")
    _track(tracker, synth, [said(t) for t, _ in frames(synth)])
    assert tracker.disagreements == [] and tracker.counts == {"squat": synth.count()}


def test_a_given_exercise_counts_without_any_recognizer():
    synth = clip("bicep_curl", 12)
    tracker = RepTracker(exercise="bicep_curl")
    _track(tracker, synth, [None] * synth.frames)
    assert tracker.counts == {"bicep_curl": synth.count()} and len(tracker.sets) == 1


# -- free mode -------------------------------------------------------------------------------------------------------

SQUATS_THEN_CURLS = (Segment("squat", reps=4), Segment("idle", seconds=3.0), Segment("bicep_curl", reps=4))


@pytest.fixture(scope="module")
def squats_then_curls() -> SynthClip:
    """4 squats, 3 s standing about, 4 curls: one person (seed 3), counted exactly by both counters."""
    return workout(SQUATS_THEN_CURLS, 3)


@pytest.fixture(scope="module")
def features(squats_then_curls: SynthClip) -> Stream:
    """The live pipeline's features of that workout, computed once."""
    return stream(frames(squats_then_curls))


def test_free_mode_credits_the_first_rep_late_not_never(squats_then_curls: SynthClip, features: Stream):
    """The recognizer confirms "squat" 2.5 s in, after the first squat has ended: that squat is credited then."""
    synth = squats_then_curls
    tracker = RepTracker()
    credited = _track(tracker, features, following(synth.labels, synth.fps, top_lag_s=0.3, label_lag_s=2.5))
    first_time, first = credited[0]
    assert isinstance(first, RepEvent) and first.exercise == "squat"
    assert first.end_s < 2.5 <= first_time < first.end_s + 1.0
    assert tracker.counts == {"squat": 4, "bicep_curl": 4}


def test_a_change_of_exercise_starts_a_new_set(squats_then_curls: SynthClip, features: Stream):
    synth = squats_then_curls
    tracker = RepTracker()
    _track(tracker, features, following(synth.labels, synth.fps, top_lag_s=0.3, label_lag_s=1.0))
    assert [(s.exercise, s.reps) for s in tracker.sets] == [("squat", 4), ("bicep_curl", 4)]
    squats, curls = tracker.sets
    assert squats.end_s < curls.start_s
    assert tracker.to_json()["sets"] == [s.to_json() for s in tracker.sets]
    assert tracker.to_json()["mode"] == "free" and tracker.to_json()["exercise"] is None


def test_nothing_is_credited_while_the_recognizer_says_idle(squats_then_curls: SynthClip, features: Stream):
    synth = squats_then_curls
    tracker = RepTracker()
    credited = _track(tracker, features, [prediction(t, "idle", "idle") for t, _ in frames(synth)])
    assert credited == [] and tracker.counts == {} and tracker.sets == []


def test_nothing_is_credited_without_a_recognizer(features: Stream):
    assert _track(RepTracker(), features, [None] * len(features)) == []


def test_reps_of_another_exercise_than_the_one_recognised_are_not_credited(features: Stream):
    """The recognizer (wrongly) says push-ups throughout: the squats and curls the counters see are not credited,
    and the push-up counter, gated by posture, finds none."""
    tracker = RepTracker()
    _track(tracker, features, [prediction(t, "pushup", "pushup") for t, _, _ in features])
    assert tracker.counts == {}


def test_free_mode_credits_a_plank_hold():
    synth = clip("plank", 0, None, seconds=12.0, lead_in_s=3.0, lead_out_s=3.0)
    tracker = RepTracker()
    _track(tracker, synth, following(synth.labels, synth.fps, top_lag_s=0.3, label_lag_s=1.0))
    assert tracker.holds["plank"] == pytest.approx(synth.holds["plank"], abs=1.5)
    assert tracker.counts == {} and [s.exercise for s in tracker.sets] == ["plank"]
