"""The learning-rate schedules `coach train` can use: a cosine one whose length is known before training starts."""

from __future__ import annotations

import json
import zipfile

import pytest

from coach.errors import CoachError
from coach.recognition.fitting import MIN_LEARNING_RATE, learning_rate_schedule


def test_cosine_falls_from_the_starting_rate_to_the_floor_over_the_whole_run():
    schedule = learning_rate_schedule("cosine", 2e-3, steps=1000)
    rates = [float(schedule(step)) for step in (0, 250, 500, 750, 1000)]
    assert rates[0] == pytest.approx(2e-3)
    assert rates[-1] == pytest.approx(MIN_LEARNING_RATE)
    assert rates == sorted(rates, reverse=True)  # never rises again
    assert rates[2] == pytest.approx((2e-3 + MIN_LEARNING_RATE) / 2, rel=1e-3)  # half way at half time


def test_plateau_starts_at_a_plain_rate_that_early_stopping_callbacks_can_lower():
    assert learning_rate_schedule("plateau", 2e-3, steps=1000) == 2e-3


def test_an_unknown_schedule_is_one_line_naming_the_choices():
    with pytest.raises(CoachError, match="'linear': use one of plateau, cosine"):
        learning_rate_schedule("linear", 2e-3, steps=10)


@pytest.mark.slow
def test_a_cosine_run_lasts_exactly_the_epochs_asked_and_says_so_in_its_metrics(tmp_path):
    from coach.recognition.train import TrainConfig, train

    config = TrainConfig(
        synthetic_subjects=8, epochs=3, exercises=("squat", "lateral_raise"), units=16, workers=1,
        members=("all",), lr_schedule="cosine",
    )  # fmt: skip
    metrics = train(config, tmp_path / "model", progress=False)
    assert metrics["epochs_run"] == 3  # no plateau callback cut it short; the schedule ends where training does
    assert metrics["config"]["lr_schedule"] == "cosine"  # the recipe is reproducible from metrics.json
    # The network really was fitted with the schedule, spread over all 3 epochs' batches (the saved optimizer says so)
    with zipfile.ZipFile(tmp_path / "model" / "model.keras") as saved:
        optimizer = json.loads(saved.read("config.json"))["compile_config"]["optimizer"]["config"]
    rate = optimizer["learning_rate"]
    assert rate["class_name"] == "CosineDecay"
    batches = -(-metrics["data"]["windows"]["train"] // config.batch_size)
    assert rate["config"]["decay_steps"] == 3 * batches
