"""The live recognizer's label is steady: it needs evidence to switch, falls back to unknown, forgets after a gap."""

from __future__ import annotations

import numpy as np

from coach.recognition.stream import UNKNOWN, StreamConfig, StreamingRecognizer

CLASSES = ("squat", "pushup", "idle")


class ScriptedModel:
    """A stand-in classifier whose output is whatever the test sets as `output`."""

    def __init__(self) -> None:
        self.output = np.array([1 / 3, 1 / 3, 1 / 3])
        self.steps = 0

    def new_state(self) -> list[int]:
        return [0]

    def step(self, state: list[int], x: np.ndarray) -> None:
        state[0] += 1
        self.steps += 1

    def step_all(self, states: list[list[int]], x: np.ndarray) -> None:
        for state in states:
            self.step(state, x)

    def probabilities(self, state: list[int]) -> np.ndarray:
        return self.output


def run(recognizer: StreamingRecognizer, model: ScriptedModel, probs, seconds: float, start: float, fps: float = 30):
    model.output = np.array(probs, dtype=float)
    labels = []
    for i in range(round(seconds * fps)):
        labels.append(recognizer.update(np.zeros(4), start + i / fps).label)
    return labels, start + seconds


def make():
    model = ScriptedModel()
    return model, StreamingRecognizer(model, CLASSES, StreamConfig(dwell_s=0.4, smoothing=0.5))


def test_it_says_unknown_until_it_has_seen_about_a_second():
    model, rec = make()
    labels, _ = run(rec, model, [0.9, 0.05, 0.05], 0.9, 0.0)
    assert set(labels) == {UNKNOWN}


def test_a_confident_exercise_is_named_and_a_short_spike_does_not_switch_it():
    model, rec = make()
    labels, t = run(rec, model, [0.9, 0.05, 0.05], 3.0, 0.0)
    assert labels[-1] == "squat"
    labels, t = run(rec, model, [0.05, 0.9, 0.05], 0.25, t)  # a quarter-second blip
    labels2, t = run(rec, model, [0.9, 0.05, 0.05], 1.0, t)
    assert set(labels + labels2) == {"squat"}


def test_a_sustained_change_switches_the_label_within_a_second():
    model, rec = make()
    _, t = run(rec, model, [0.9, 0.05, 0.05], 3.0, 0.0)
    labels, _ = run(rec, model, [0.05, 0.9, 0.05], 2.0, t)
    assert labels[-1] == "pushup" and labels.index("pushup") < 30


def test_a_rest_between_reps_is_not_called_idle_until_it_lasts():
    model, rec = make()
    _, t = run(rec, model, [0.9, 0.05, 0.05], 3.0, 0.0)
    rest, t = run(rec, model, [0.05, 0.05, 0.9], 1.2, t)  # a 1.2 s pause at the top
    assert set(rest) == {"squat"}
    longer, _ = run(rec, model, [0.05, 0.05, 0.9], 2.0, t)
    assert longer[-1] == "idle"


def test_when_nothing_is_likely_it_becomes_unknown_instead_of_guessing():
    model, rec = make()
    _, t = run(rec, model, [0.9, 0.05, 0.05], 3.0, 0.0)
    labels, _ = run(rec, model, [0.34, 0.33, 0.33], 2.0, t)
    assert labels[-1] == UNKNOWN


def test_a_long_gap_without_a_person_resets_it():
    model, rec = make()
    _, t = run(rec, model, [0.9, 0.05, 0.05], 3.0, 0.0)
    assert rec.update(None, t + 0.5).label == "squat"  # a short dropout keeps the belief
    assert rec.update(None, t + 2.0).label == UNKNOWN


def test_the_model_runs_at_15_hz_whatever_the_camera_rate():
    model, rec = make()
    run(rec, model, [0.9, 0.05, 0.05], 4.0, 0.0, fps=60)
    model_steps = 4 * 15  # 4 s at 15 Hz
    staggered_starts = 0 + 8 + 16 + 24  # the 4 states start 8 steps apart
    assert abs(model.steps - (4 * model_steps - staggered_starts)) <= 4
