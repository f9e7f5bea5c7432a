"""The classifier may veto a rep only when it clearly and mostly saw another exercise; doubt never blocks."""

from __future__ import annotations

from coach.workout.verification import VerificationRules, Verifier


def feed(verifier: Verifier, label: str, start_s: float, end_s: float, confidence: float = 0.9, hz: float = 15) -> None:
    steps = round((end_s - start_s) * hz)
    for k in range(steps):
        verifier.observe(label, confidence, start_s + k / hz)


def test_agreement_idle_unknown_and_silence_never_block():
    verifier = Verifier()
    assert verifier.contradiction("squat", 0.0, 2.0) is None, "no predictions at all"
    feed(verifier, "squat", 0.0, 2.0)
    feed(verifier, "idle", 2.0, 4.0)
    feed(verifier, "unknown", 4.0, 6.0, confidence=0.3)
    assert all(verifier.contradiction("squat", a, a + 2) is None for a in (0.0, 2.0, 4.0))


def test_another_exercise_for_most_of_the_rep_blocks_it_and_is_named():
    verifier = Verifier()
    feed(verifier, "pushup", 0.0, 1.4)
    feed(verifier, "squat", 1.4, 2.0)
    assert verifier.contradiction("squat", 0.0, 2.0) == "pushup"  # 70% pushup
    assert verifier.contradiction("squat", 1.0, 2.0) is None  # 40% pushup: not most


def test_a_label_below_the_confidence_bar_does_not_count():
    verifier = Verifier()
    feed(verifier, "pushup", 0.0, 2.0, confidence=0.5)
    assert verifier.contradiction("squat", 0.0, 2.0) is None
    lenient = Verifier(VerificationRules(min_confidence=0.4))
    feed(lenient, "pushup", 0.0, 2.0, confidence=0.5)
    assert lenient.contradiction("squat", 0.0, 2.0) == "pushup"


def test_several_other_exercises_together_block_and_the_most_seen_is_named():
    verifier = Verifier()
    feed(verifier, "lunge", 0.0, 0.8)
    feed(verifier, "jumping_jack", 0.8, 1.2)
    feed(verifier, "squat", 1.2, 2.0)
    assert verifier.contradiction("squat", 0.0, 2.0) == "lunge"  # 60% other in total, lunge the most


def test_a_stale_prediction_stops_speaking_after_a_second():
    verifier = Verifier()
    verifier.observe("pushup", 0.95, 0.0)  # then the pipeline went quiet
    assert verifier.contradiction("squat", 0.0, 1.5) == "pushup"  # 1.0 of 1.5 s
    assert verifier.contradiction("squat", 0.0, 3.0) is None  # 1.0 of 3 s


def test_a_zero_length_span_is_judged_by_the_label_at_its_end():
    verifier = Verifier()
    feed(verifier, "pushup", 0.0, 1.0)
    assert verifier.contradiction("squat", 0.5, 0.5) == "pushup"
    assert verifier.contradiction("squat", 5.0, 5.0) is None


def test_old_predictions_are_forgotten_and_out_of_order_ones_ignored():
    verifier = Verifier(VerificationRules(history_s=10.0))
    feed(verifier, "pushup", 0.0, 2.0)
    feed(verifier, "squat", 2.0, 30.0)
    verifier.observe("pushup", 0.99, 1.0)  # late: ignored
    assert verifier.contradiction("squat", 0.0, 2.0) is None, "the pushup run is beyond the history"
    assert verifier.contradiction("squat", 20.0, 29.0) is None
