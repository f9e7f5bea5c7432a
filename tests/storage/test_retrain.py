"""`coach train --data recorded|both`: stored samples in, a model version out, activated only if not worse.

The fast tests stand a fake in for the Keras training (it checks what it was given and writes a tiny model); the slow
test records real clips and trains for real.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from coach import retrain as retrain_module
from coach.cli import main
from coach.recognition.samples import load_samples
from coach.recording import LandmarkSequence
from coach.storage import open_repository
from coach.vision.features import FeatureSpec
from tests.storage.fake_models import fake_model


def _store_samples(url: str, count: int) -> None:
    rng = np.random.default_rng(0)
    with open_repository(url) as repo:
        for i in range(count):
            world = rng.normal(0, 0.3, (80, 33, 3)).astype(np.float32)
            sequence = LandmarkSequence(world, np.ones((80, 33), np.float32), np.ones(80, bool), 30.0)
            repo.samples.add(("squat", "pushup", "idle")[i % 3], sequence, source=f"clip{i}.mp4")


class FakeTraining:
    """Stands in for recognition.train.train: records its inputs, writes a tiny model claiming the given scores."""

    def __init__(self, accuracy: float, incumbent: float) -> None:
        self.accuracy, self.incumbent = accuracy, incumbent
        self.calls: list[dict] = []

    def __call__(self, config, out: Path, progress: bool = True, compare_with: Path | None = None) -> dict:
        samples = load_samples(Path(config.recorded), FeatureSpec())  # what training would read
        self.calls.append({"subjects": config.synthetic_subjects, "samples": len(samples), "compare_with": compare_with,
                           "people": sorted({s.subject for s in samples})})  # fmt: skip
        _, metrics = fake_model(out, self.accuracy, seed=len(self.calls))
        metrics |= {"data": {}, "config": {}, "compared_with": {"path": str(compare_with), "accuracy": self.incumbent}}
        return metrics


def test_too_few_recordings_is_a_clear_error(tmp_path: Path, capsys):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    _store_samples(url, 2)
    assert main(["train", "--data", "recorded", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "--data recorded needs at least 3 recordings" in err and "there are 2" in err
    assert main(["train", "--data", "synthetic"]) == 2
    assert "--out DIR is needed with --data synthetic" in capsys.readouterr().err


def test_training_on_recordings_registers_a_version_and_keeps_the_better_model(
    tmp_path: Path, monkeypatch, capsys
):  # fmt: skip
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    _store_samples(url, 4)
    worse = FakeTraining(accuracy=0.70, incumbent=0.75)
    monkeypatch.setattr(retrain_module, "train", worse)
    assert main(["train", "--data", "recorded", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "model version 1" in out and "held-out window accuracy 70.0%" in out
    assert "scores 75.0% on the same windows" in out and "not activated" in out
    (call,) = worse.calls
    assert call["subjects"] == 0 and call["samples"] == 4
    assert call["people"] == ["default-1", "default-2", "default-3", "default-4"]  # each recording its own split unit
    assert call["compare_with"].name == "default"  # nothing active yet: the shipped model is the one to beat

    better = FakeTraining(accuracy=0.80, incumbent=0.75)
    monkeypatch.setattr(retrain_module, "train", better)
    assert main(["train", "--data", "both", "--subjects", "5", "--db", url]) == 0
    assert "activated: 80.0% held-out accuracy, the active model had 75.0%" in capsys.readouterr().out
    assert better.calls[0]["subjects"] == 5
    with open_repository(url) as repo:
        versions = repo.models.list()
        assert [(v.data, v.active, v.incumbent_accuracy) for v in versions] == [
            ("recorded", False, 0.75), ("both", True, 0.75)
        ]  # fmt: skip
        assert versions[1].path == tmp_path / "data" / "models" / "2"
        metrics = json.loads((versions[1].path / "metrics.json").read_text())
        assert metrics["data"]["recorded"].startswith("4 recordings from ")

    third = FakeTraining(accuracy=0.78, incumbent=0.80)
    monkeypatch.setattr(retrain_module, "train", third)
    assert main(["train", "--data", "recorded", "--db", url]) == 0
    assert third.calls[0]["compare_with"] == versions[1].path  # now the active version is the one to beat


@pytest.mark.slow
def test_recording_real_clips_then_training_registers_a_model_version(clips_dir: Path, tmp_path: Path, capsys):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    for clip, exercise in (("squat_front_01", "squat"), ("squat_front_02", "squat"), ("pushup_front_01", "pushup")):
        argv = ["record", exercise, "--source", str(clips_dir / f"{clip}.mp4"), "--seconds", "6", "--db", url]
        assert main(argv) == 0
        assert f"{exercise}, 1" in capsys.readouterr().out  # "sample N: squat, 1xx frames ..."
    with open_repository(url) as repo:
        samples = repo.samples.list()
    assert len(samples) == 3 and all(s.seconds >= 5.9 and s.detected_frames > 0.9 * s.frames for s in samples)

    models = tmp_path / "models"
    argv = ["train", "--data", "recorded", "--epochs", "3", "--units", "8", "--db", url, "--out", str(tmp_path / "m")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_DATA_DIR", str(tmp_path))
        assert main(argv) == 0
    out = capsys.readouterr().out
    assert "model version 1" in out and "trained on 3 recordings" in out
    with open_repository(url) as repo:
        (version,) = repo.models.list()
    assert version.data == "recorded" and version.path == models / "1"
    assert (version.path / "model.npz").is_file() and version.metrics["data"]["windows"]["train"] > 0
    assert version.metrics["compared_with"]["path"].endswith("default")
