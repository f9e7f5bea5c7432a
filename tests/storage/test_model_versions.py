"""Model versions: registered with their metrics, one active, rollback, and the no-regress rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.cli import main
from coach.errors import ModelFileError
from coach.model_choice import choose_model, shipped_model_dir
from coach.recognition.bundle import load_model
from coach.storage import open_repository
from coach.storage.model_versions import activation_verdict
from tests.storage.fake_models import fake_model


@pytest.fixture
def repo(db_url: str, tmp_path: Path):
    with open_repository(db_url, models_dir=tmp_path / "models") as repository:
        yield repository


def test_the_rule_activates_only_what_is_not_worse():
    assert activation_verdict(0.91, 0.90).activate
    assert activation_verdict(0.90, 0.90).activate  # equal is not worse
    worse = activation_verdict(0.89, 0.90)
    assert not worse.activate
    assert worse.reason.startswith("not activated: 89.0% is worse than the model in use's 90.0% on the same windows")
    assert activation_verdict(0.89, 0.90, force=True).activate
    assert activation_verdict(0.50, None).activate  # nothing to beat
    assert not activation_verdict(None, None).activate  # nothing measured: not proven not worse
    assert activation_verdict(None, 0.9, force=True).activate
    # No fair comparison: never a guess from another test set, however good the new model looks.
    blind = activation_verdict(0.99, None, not_compared="no recording of yours was held out")
    assert not blind.activate and blind.reason.startswith(
        "not compared with the model in use: no recording of yours was held out; not activated"
    )
    assert activation_verdict(0.99, None, force=True, not_compared="no recording of yours was held out").activate


def test_register_copies_the_folder_and_keeps_the_metrics(repo, tmp_path: Path):
    folder, metrics = fake_model(tmp_path / "trained", 0.8)
    info, verdict = repo.models.register(folder, metrics, data="recorded", incumbent_accuracy=None)
    assert verdict.activate and info.active
    assert info.path == tmp_path / "models" / str(info.id)
    assert sorted(p.name for p in info.path.iterdir()) == ["metrics.json", "model.npz", "recognizer.json"]
    assert info.metrics == metrics and info.accuracy == 0.8 and info.architecture == "lstm"
    assert choose_model(repo=repo, env={}).path == info.path
    load_model(info.path)  # it is a model the app can run


def test_a_worse_model_is_kept_but_not_activated_unless_forced(repo, tmp_path: Path):
    first, _ = repo.models.register(*fake_model(tmp_path / "a", 0.85), data="both", incumbent_accuracy=None)
    worse, verdict = repo.models.register(*fake_model(tmp_path / "b", 0.80, seed=1), data="both",
                                          incumbent_accuracy=0.85)  # fmt: skip
    assert not verdict.activate and not worse.active
    assert repo.models.active().id == first.id
    forced, verdict = repo.models.register(*fake_model(tmp_path / "c", 0.70, seed=2), data="both",
                                           incumbent_accuracy=0.85, force=True)  # fmt: skip
    assert verdict.activate and repo.models.active().id == forced.id
    assert [v.active for v in repo.models.list()] == [False, False, True]


def test_rollback_activates_an_older_version_and_shipped_goes_back_to_the_default(repo, tmp_path: Path, capsys):
    old, _ = repo.models.register(*fake_model(tmp_path / "a", 0.85), data="recorded", incumbent_accuracy=None)
    new, _ = repo.models.register(*fake_model(tmp_path / "b", 0.90, seed=1), data="recorded", incumbent_accuracy=0.85)
    assert repo.models.active().id == new.id
    url = repo.db.url.render_as_string(hide_password=False)
    assert main(["models", "--activate", str(old.id), "--db", url]) == 0
    assert f"model version {old.id} is now active" in capsys.readouterr().out
    assert repo.models.active().id == old.id
    assert main(["models", "--db", url]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listing[1:3]] == ["->", str(new.id)]  # the arrow: the model in use
    assert (
        listing[1].split()[1] == str(old.id) and "85.0%" in listing[1] and "*" in listing[1] and "*" not in listing[2]
    )
    assert listing[3] == f"In use: model version {old.id} ({old.path}), the active version."
    assert main(["models", "--shipped", "--db", url]) == 0
    assert repo.models.active() is None and choose_model(repo=repo, env={}).path == shipped_model_dir()


def test_a_version_whose_folder_is_gone_cannot_be_activated_and_is_not_used(repo, tmp_path: Path, capsys):
    kept, _ = repo.models.register(*fake_model(tmp_path / "a", 0.8), data="recorded", incumbent_accuracy=None)
    lost, _ = repo.models.register(*fake_model(tmp_path / "b", 0.9, seed=1), data="recorded", incumbent_accuracy=0.8)
    shutil.rmtree(lost.path)
    assert choose_model(repo=repo, env={}).path == shipped_model_dir()  # the shipped model runs rather than failing
    with pytest.raises(ModelFileError, match=rf"{lost.path}: no such model folder"):
        repo.models.activate(lost.id)
    url = repo.db.url.render_as_string(hide_password=False)
    assert main(["models", "--activate", "999", "--db", url]) == 2
    assert "no model version 999 (see `coach models`)" in capsys.readouterr().err
    assert repo.models.activate(kept.id).active


def test_a_leftover_folder_with_the_same_id_is_never_written_over(repo, tmp_path: Path):
    leftover = tmp_path / "models" / "1"
    leftover.mkdir(parents=True)
    (leftover / "notes.txt").write_text("mine")
    info, _ = repo.models.register(*fake_model(tmp_path / "a", 0.8), data="recorded", incumbent_accuracy=None)
    assert (info.id, info.path) == (1, tmp_path / "models" / "1-2")
    assert (leftover / "notes.txt").read_text() == "mine"
