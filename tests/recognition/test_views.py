"""Accuracy by camera view on held-out people: the buckets, who is held out, and how a report is scored."""

from __future__ import annotations

import numpy as np
import pytest

from coach.exercises import class_ids
from coach.recognition import DEFAULT_SUBJECTS
from coach.recognition.stream import StreamingRecognizer
from coach.recognition.views import (
    HELDOUT_FIRST_SUBJECT,
    VIEW_BUCKETS,
    bucket_yaw,
    evaluate_views,
    evaluate_views_live,
    format_view_table,
    heldout_people,
    heldout_person,
    view_bucket,
    view_report,
)
from coach.vision.features import FeatureSpec

NAMES = class_ids()


@pytest.mark.parametrize(
    ("yaw", "bucket"), [(0, "front"), (-22.4, "front"), (22.5, "45"), (-67.4, "45"), (67.5, "side"), (-90, "side")]
)
def test_view_buckets_split_the_yaw_range_by_its_absolute_value(yaw: float, bucket: str) -> None:
    assert view_bucket(yaw) == bucket


def test_held_out_people_are_outside_any_training_range_and_filmed_within_their_bucket() -> None:
    people = heldout_people(40)
    assert people[0] == HELDOUT_FIRST_SUBJECT > 100 * DEFAULT_SUBJECTS
    for subject in people:
        for name, low, high in VIEW_BUCKETS:
            assert low <= abs(bucket_yaw(subject, name)) < high
    signs = {np.sign(bucket_yaw(s, "side")) for s in people}
    assert signs == {-1.0, 1.0}  # both sides of the person


def test_a_held_out_person_does_the_same_exercises_in_every_view() -> None:
    views = heldout_person(HELDOUT_FIRST_SUBJECT, FeatureSpec(), exercises=("bicep_curl", "idle"))
    assert [v.bucket for v in views] == ["front", "45", "side"]
    lengths = {tuple(len(s.labels) for s in v.sequences) for v in views}
    assert len(lengths) == 1  # same person, reps and tempo: only the camera moved


def test_the_report_scores_each_class_in_each_view_and_names_the_worst() -> None:
    squat, curl = NAMES.index("squat"), NAMES.index("bicep_curl")
    truth = np.array([curl] * 4 + [squat] * 4)
    predicted = np.array([curl, curl, squat, squat] + [squat] * 4)
    bucket = np.array(["side"] * 4 + ["front"] * 4)
    report = view_report(truth, predicted, bucket, NAMES)
    assert report["per_class_per_view"]["bicep_curl"]["side"] == {"accuracy": 0.5, "windows": 4}
    assert report["per_class_per_view"]["bicep_curl"]["front"] == {"accuracy": None, "windows": 0}
    assert report["per_view"]["side"]["accuracy"] == 0.5 and report["per_view"]["front"]["accuracy"] == 1.0
    assert report["mistakes"]["bicep_curl"]["side"] == {"squat": 2}
    assert report["worst_class_view"] == {"class": "bicep_curl", "view": "side", "accuracy": 0.5}
    assert "| bicep_curl | — | — | 50.0% (4) |" in format_view_table(report)


def test_evaluating_a_predictor_that_always_says_idle_gets_exactly_the_idle_windows_right() -> None:
    people = heldout_person(HELDOUT_FIRST_SUBJECT + 1, FeatureSpec(), exercises=("squat", "idle"))

    def always_idle(x: np.ndarray) -> np.ndarray:
        p = np.zeros((len(x), len(NAMES)))
        p[:, NAMES.index("idle")] = 1.0
        return p

    report = evaluate_views(always_idle, people, NAMES)
    assert report["people"] == {"count": 1, "first_subject": HELDOUT_FIRST_SUBJECT + 1}
    for view in ("front", "45", "side"):
        assert report["per_class_per_view"]["idle"][view]["accuracy"] == 1.0
        assert report["per_class_per_view"]["squat"][view]["accuracy"] == 0.0


class _AlwaysSays:
    """A stand-in classifier for the live recognizer: whatever it is fed, it is sure of one class."""

    def __init__(self, name: str) -> None:
        self.p = np.zeros(len(NAMES))
        self.p[NAMES.index(name)] = 1.0

    def new_state(self) -> None:
        return None

    def step(self, state: None, x: np.ndarray) -> None:
        pass

    def step_all(self, states: list[None], x: np.ndarray) -> None:
        pass

    def probabilities(self, state: None) -> np.ndarray:
        return self.p


def test_as_the_app_shows_it_every_steady_step_carries_the_live_label() -> None:
    """The live recognizer needs ~1.5 s before its first label; a steady stretch starts 2 s into an activity, so a
    recognizer that is always sure of squat is right on every squat step and wrong on every idle one, never unknown."""
    people = heldout_person(HELDOUT_FIRST_SUBJECT + 1, FeatureSpec(), exercises=("squat", "idle"))
    report = evaluate_views_live(StreamingRecognizer(_AlwaysSays("squat"), NAMES), people)  # type: ignore[arg-type]
    for view in ("front", "45", "side"):
        assert report["per_class_per_view"]["squat"][view]["accuracy"] == 1.0
        assert report["per_class_per_view"]["idle"][view]["accuracy"] == 0.0
        assert report["unknown_share"][view] == 0.0
    windows = evaluate_views(lambda x: np.ones((len(x), len(NAMES))), people, NAMES)["windows"]  # every 8th step
    assert 7 < report["steps"] / windows < 9  # the same stretches, every step
