"""`coach train --data recorded|both`: stored samples in, a model version out, activated only if not worse than the
model in use on the same windows from people neither learned from, and "not compared" when that cannot be measured.

The fast tests stand a fake in for the Keras training (it checks what it was given and writes a tiny model) and
script the two models' scores; one fast test scores two real (random) models; the slow test records real clips,
trains for real and compares with the shipped model for real.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from coach import retrain as retrain_module
from coach.cli import main
from coach.model_choice import shipped_model_dir
from coach.recognition import evaluation
from coach.recognition.dataset import EVALUATION_FIRST_SUBJECT, sequence_from_clip, split_recordings
from coach.recognition.evaluation import Score, compare, evaluation_people, usable_recordings
from coach.recognition.samples import load_samples
from coach.recognition.train import TrainConfig
from coach.recording import LandmarkSequence
from coach.storage import open_repository
from coach.storage.model_versions import activation_verdict
from coach.synth.generator import generate_clip
from coach.vision.features import FeatureSpec
from tests.storage.fake_models import fake_model


def _store_samples(url: str, count: int, first: int = 0) -> None:
    rng = np.random.default_rng(first)
    with open_repository(url) as repo:
        for i in range(first, first + count):
            world = rng.normal(0, 0.3, (80, 33, 3)).astype(np.float32)
            sequence = LandmarkSequence(world, np.ones((80, 33), np.float32), np.ones(80, bool), 30.0)
            repo.samples.add(("squat", "pushup", "idle")[i % 3], sequence, source=f"clip{i}.mp4")


class FakeTraining:
    """Stands in for recognition.train.train: records its inputs, splits the recordings as training does, and writes a
    tiny model claiming `accuracy` on its own test split."""

    def __init__(self, accuracy: float = 0.8) -> None:
        self.accuracy = accuracy
        self.calls: list[dict] = []

    def __call__(self, config, out: Path, progress: bool = True) -> dict:
        samples = load_samples(Path(config.recorded), FeatureSpec())  # what training would read
        people = list(dict.fromkeys(s.subject for s in samples))
        self.calls.append({"subjects": config.synthetic_subjects, "samples": len(samples), "people": people})
        _, metrics = fake_model(out, self.accuracy, seed=len(self.calls))
        split = dict(zip(("train", "validation", "test"), split_recordings(people), strict=True))
        metrics |= {"data": {"recordings": split}, "config": {}}
        return metrics


class ScriptedScores:
    """Stands in for evaluation.score: the new model and the model in use score what the test says, and every call
    is recorded with the windows it was given (both models must get the same ones)."""

    def __init__(self, new: Score, in_use: Score) -> None:
        self.new, self.in_use = new, in_use
        self.calls: list[tuple[Path, int, int]] = []

    def __call__(self, folder: Path, people, recordings, spec) -> Score:
        self.calls.append((Path(folder), len(people), len(recordings)))
        score = self.new if Path(folder).parent.name.startswith("coach-train-") else self.in_use
        return score if len(recordings) else Score(score.people, None)


@pytest.fixture
def scripted(monkeypatch, tmp_path: Path):
    """Retraining with fake training, two cheap evaluation people, and scores set by the test (`scripted(new, old)`).
    Returns the database URL and a function that scripts the next run."""
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("COACH_MODEL", raising=False)
    made: list[int] = []

    def people(count, spec, exercises=None, workers=1, on_person=None):
        made.append(count)
        return evaluation_people(2, spec, ("squat", "idle"))

    monkeypatch.setattr(retrain_module, "evaluation_people", people)
    monkeypatch.setattr(retrain_module, "train", FakeTraining())

    def script(new: tuple[float, float], in_use: tuple[float, float]) -> ScriptedScores:
        scores = ScriptedScores(Score(*new), Score(*in_use))
        monkeypatch.setattr(evaluation, "score", scores)
        return scores

    script.url = url
    script.people_made = made
    return script


def _train(capsys, url: str, *extra: str) -> str:
    assert main(["train", "--db", url, *extra]) == 0
    return capsys.readouterr().out


def test_too_few_recordings_is_a_clear_error(tmp_path: Path, capsys):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    _store_samples(url, 2)
    assert main(["train", "--data", "recorded", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "--data recorded needs at least 3 recordings" in err and "there are 2" in err
    assert main(["train", "--data", "synthetic"]) == 2
    assert "--out DIR is needed with --data synthetic" in capsys.readouterr().err


def test_the_new_model_is_activated_only_if_not_worse_on_the_same_windows(scripted, capsys):
    _store_samples(scripted.url, 4)
    worse = scripted(new=(0.90, 0.50), in_use=(0.95, 0.55))
    out = _train(capsys, scripted.url, "--data", "recorded")
    assert "model version 1" in out and "held-out window accuracy 80.0%" in out
    assert "(2 evaluation people, 1 of your recordings held out from both)" in out
    assert "new model 70.0% (people 90.0%, your recordings 50.0%)" in out
    assert "the model in use (the shipped model (" in out and "75.0% (people 95.0%, your recordings 55.0%)" in out
    assert "not activated: 70.0% is worse than the model in use's 75.0% on the same windows" in out
    (_, people, recorded), (shipped, *same) = worse.calls
    assert shipped.name == "default" and same == [people, recorded] and people > 0 and recorded > 0
    assert scripted.people_made == [TrainConfig().eval_people]  # the default: 20 evaluation people
    train = retrain_module.train
    assert train.calls[0]["people"] == ["default-1", "default-2", "default-3", "default-4"]  # each recording a unit

    scripted(new=(0.95, 0.60), in_use=(0.95, 0.55))
    out = _train(capsys, scripted.url, "--data", "both", "--subjects", "5")
    assert "activated: 77.5% on windows neither model learned from, the model in use 75.0%" in out
    assert train.calls[1]["subjects"] == 5
    with open_repository(scripted.url) as repo:
        versions = repo.models.list()
        assert [(v.data, v.active, v.incumbent_accuracy) for v in versions] == [
            ("recorded", False, 0.75), ("both", True, 0.75)
        ]  # fmt: skip
        metrics = json.loads((versions[1].path / "metrics.json").read_text())
    assert metrics["data"]["recorded"].startswith("4 recordings from ")
    assert metrics["data"]["recordings"] == {"train": ["default-1", "default-4"], "validation": ["default-2"],
                                             "test": ["default-3"]}  # fmt: skip
    assert metrics["comparison"]["recordings"] == ["default-3"] and metrics["comparison"]["not_compared"] is None
    assert metrics["comparison"]["first_evaluation_person"] == EVALUATION_FIRST_SUBJECT

    third = scripted(new=(0.90, 0.50), in_use=(0.95, 0.60))
    out = _train(capsys, scripted.url, "--data", "recorded", "--force")
    assert third.calls[1][0] == versions[1].path  # now the active version is the one to beat
    assert "activated because --force was given" in out and "the model in use (model version 2" in out


def test_without_recordings_held_out_from_both_models_the_verdict_is_not_compared(scripted, capsys, tmp_path: Path):
    _store_samples(scripted.url, 2)
    scores = scripted(new=(0.99, 0.99), in_use=(0.10, 0.10))
    out = _train(capsys, scripted.url, "--data", "both")
    why = "no recording of yours was held out from the new model (that needs 3 or more)"
    assert f"not compared with the model in use: {why}; not activated" in out
    assert "new model 99.0% (people 99.0%) on 2 evaluation people" in out and "not compared" in out
    assert len(scores.calls) == 1  # the model in use was not scored on some other set to guess from

    with open_repository(scripted.url) as repo:
        assert repo.models.active() is None
        # A version made by an older Coach does not say which recordings it learned from.
        old, _ = repo.models.register(*fake_model(tmp_path / "old", 0.9), data="both", incumbent_accuracy=None)
    _store_samples(scripted.url, 2, first=2)
    scripted(new=(0.99, 0.99), in_use=(0.10, 0.10))
    out = _train(capsys, scripted.url, "--data", "both")
    assert "it is not known which of your recordings the model in use learned from; not activated" in out
    with open_repository(scripted.url) as repo:
        assert repo.models.active().id == old.id
    out = _train(capsys, scripted.url, "--data", "both", "--force")
    assert "activated because --force was given" in out


def test_a_broken_active_version_is_named_and_the_shipped_model_is_the_one_to_beat(scripted, capsys, tmp_path: Path):
    _store_samples(scripted.url, 3)
    with open_repository(scripted.url) as repo:
        lost, _ = repo.models.register(*fake_model(tmp_path / "lost", 0.9), data="both", incumbent_accuracy=None)
    shutil.rmtree(lost.path)
    scores = scripted(new=(0.9, 0.9), in_use=(0.8, 0.8))
    assert main(["train", "--db", scripted.url, "--data", "both"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(f"coach: note: the active model version {lost.id} cannot be used (")
    assert scores.calls[1][0].name == "default" and "activated: 90.0%" in captured.out


def test_the_comparison_scores_both_models_for_real_and_refuses_one_naming_other_classes(tmp_path: Path):
    spec = FeatureSpec()
    new, _ = fake_model(tmp_path / "new", None, seed=1)  # random weights: knows nothing
    old = tmp_path / "old"
    shutil.copytree(shipped_model_dir(), old)
    people = evaluation_people(1, spec, ("squat",))
    assert people[0].subject == f"synthetic-{EVALUATION_FIRST_SUBJECT}"
    clip = generate_clip("pushup", reps=3, seed=5)
    mine = [sequence_from_clip(clip, spec, "default-3")]
    result = compare(new, old, people, mine, None, spec)
    assert result.not_compared is None and result.recordings == ("default-3",)
    assert result.people == 1 and result.people_windows > 0 and result.recording_windows > 0
    for score in (result.new, result.incumbent):
        assert 0 <= score.people <= 1 and 0 <= score.recordings <= 1
        assert score.overall == pytest.approx((score.people + score.recordings) / 2)
    assert result.incumbent.people > 0.8 > result.new.people  # really run: the shipped model knows a squat
    verdict = activation_verdict(result.new.overall, result.incumbent.overall)
    assert not verdict.activate and "worse than the model in use's" in verdict.reason

    meta = json.loads((old / "recognizer.json").read_text())
    meta["classes"] = list(reversed(meta["classes"]))
    (old / "recognizer.json").write_text(json.dumps(meta))
    refused = compare(new, old, people, mine, None, spec)
    assert refused.incumbent is None and "names other classes" in refused.not_compared
    assert activation_verdict(refused.new.overall, None, not_compared=refused.not_compared).activate is False


def test_recordings_keep_their_role_as_more_are_added():
    first = [f"me-{i}" for i in range(1, 4)]
    assert split_recordings(first[:2]) == (first[:2], [], [])  # too few to spare any
    assert split_recordings(first) == (["me-1"], ["me-2"], ["me-3"])
    more = [f"me-{i}" for i in range(1, 16)]
    train, val, test = split_recordings(more)
    assert val == ["me-2", "me-9"] and test == ["me-3", "me-10"] and len(train) == 11
    assert usable_recordings(test, frozenset(["me-1", "me-2"])) == (test, None)
    assert usable_recordings(test, frozenset(test))[0] == []
    assert usable_recordings(test, None)[1] == "it is not known which of your recordings the model in use learned from"


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
        patch.delenv("COACH_MODEL", raising=False)
        few = lambda count, spec, exercises=None, workers=1, on_person=None: evaluation_people(2, spec)  # noqa: E731
        patch.setattr(retrain_module, "evaluation_people", few)  # 2 evaluation people, not 20: a lean slow test
        assert main(argv) == 0
    out = capsys.readouterr().out
    assert "model version 1" in out and "trained on 3 recordings" in out
    assert "(2 evaluation people, 1 of your recordings held out from both)" in out
    with open_repository(url) as repo:
        (version,) = repo.models.list()
    assert version.data == "recorded" and version.path == models / "1"
    assert (version.path / "model.npz").is_file() and version.metrics["data"]["windows"]["train"] > 0
    comparison = version.metrics["comparison"]
    assert comparison["incumbent_path"].endswith("default") and comparison["not_compared"] is None
    assert comparison["recordings"] == version.metrics["data"]["recordings"]["test"] == ["default-3"]
    new, shipped = comparison["new"], comparison["incumbent"]
    assert all(0 <= part[key] <= 1 for part in (new, shipped) for key in ("people", "recordings", "overall"))
    assert version.active == (new["overall"] >= shipped["overall"])  # the rule, on what was really measured
