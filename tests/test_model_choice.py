"""Which recognizer runs: --model > COACH_MODEL > the database's active version > the shipped model, and a broken
active version never stops a workout (one line, then the shipped model)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coach.cli import main
from coach.errors import CoachError, ModelFileError
from coach.model_choice import ENV_VAR, choose_model, shipped_model_dir
from coach.storage import open_repository
from tests.storage.fake_models import fake_model


@pytest.fixture
def repo(tmp_path: Path):
    with open_repository(f"sqlite:///{tmp_path / 'coach.db'}", models_dir=tmp_path / "models") as repository:
        yield repository


def _version(repo, tmp_path: Path, name: str, seed: int = 0):
    info, verdict = repo.models.register(*fake_model(tmp_path / name, 0.8, seed=seed), data="recorded",
                                         incumbent_accuracy=None)  # fmt: skip
    assert verdict.activate
    return info


def test_the_order_is_model_option_then_environment_then_active_version_then_shipped(repo, tmp_path: Path):
    explicit, _ = fake_model(tmp_path / "mine", None, seed=1)
    from_env, _ = fake_model(tmp_path / "env", None, seed=2)
    env = {ENV_VAR: str(from_env)}
    shipped = choose_model(repo=repo, env={})
    assert (shipped.path, shipped.version, shipped.origin, shipped.note) == (shipped_model_dir(), None, "shipped", None)
    assert "the shipped model" in shipped.describe()

    active = _version(repo, tmp_path, "trained")
    chosen = choose_model(repo=repo, env={})
    assert (chosen.path, chosen.version, chosen.origin) == (active.path, active.id, "active version")
    assert chosen.describe() == f"model version {active.id} ({active.path})"
    assert chosen.to_json() == {"path": str(active.path), "version": active.id}

    assert choose_model(repo=repo, env=env).path == from_env  # COACH_MODEL beats the active version
    assert choose_model(explicit, repo=repo, env=env).path == explicit  # --model beats everything
    assert choose_model(explicit, repo=repo, env=env).origin == "--model"
    assert choose_model(env={}).path == shipped_model_dir()  # no database: nothing is active


@pytest.mark.parametrize("damage", ["folder removed", "description damaged", "other features"])
def test_a_broken_active_version_falls_back_to_the_shipped_model_with_one_line(repo, tmp_path: Path, damage):
    active = _version(repo, tmp_path, "trained")
    meta = active.path / "recognizer.json"
    if damage == "folder removed":
        shutil.rmtree(active.path)
    elif damage == "description damaged":
        meta.write_text("{not json")
    else:
        data = json.loads(meta.read_text())
        data["feature_spec"]["canonical_yaw"] = not data["feature_spec"]["canonical_yaw"]
        meta.write_text(json.dumps(data))
    chosen = choose_model(repo=repo, env={})
    assert (chosen.path, chosen.version, chosen.origin) == (shipped_model_dir(), None, "shipped")
    assert chosen.note is not None and "\n" not in chosen.note
    assert chosen.note.startswith(f"the active model version {active.id} cannot be used ({active.path}")
    assert "Coach uses the shipped model instead (choose another with `coach models`)" in chosen.note
    assert repo.models.active().id == active.id  # the person's choice is left as it was, only passed over


def test_a_folder_the_person_named_must_work(tmp_path: Path):
    missing = tmp_path / "nowhere"
    with pytest.raises(ModelFileError, match=rf"^{missing}: no such model folder"):
        choose_model(missing, env={})
    broken, _ = fake_model(tmp_path / "broken", None)
    (broken / "model.npz").write_bytes(b"not an npz")
    with pytest.raises(CoachError, match=str(broken / "model.npz")):
        choose_model(broken, env={})
    with pytest.raises(ModelFileError, match=rf"^{missing}: no such model folder .*; COACH_MODEL names this folder"):
        choose_model(env={ENV_VAR: str(missing)})


def _models(capsys, url: str, env: dict[str, str] | None = None) -> list[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(ENV_VAR, raising=False)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        assert main(["models", "--db", url]) == 0
    return capsys.readouterr().out.splitlines()


def test_coach_models_marks_the_model_in_use_whichever_it_is(repo, tmp_path: Path, capsys):
    url = repo.db.url.render_as_string(hide_password=False)
    assert _models(capsys, url) == [f"In use: the shipped model ({shipped_model_dir()}): no version is active."]
    first = _version(repo, tmp_path, "first")
    second = _version(repo, tmp_path, "second", seed=1)
    lines = _models(capsys, url)
    marked = [line for line in lines if line.startswith("->")]
    assert len(marked) == 1 and marked[0].split()[1] == str(second.id) and "*" in marked[0]
    assert lines[-1] == f"In use: model version {second.id} ({second.path}), the active version."

    mine, _ = fake_model(tmp_path / "mine", None, seed=3)
    lines = _models(capsys, url, {ENV_VAR: str(mine)})
    assert not any(line.startswith("->") for line in lines)  # the active version is not what runs
    assert lines[-1] == f"In use: {mine} (from COACH_MODEL), over the active version {second.id}."

    shutil.rmtree(second.path)
    lines = _models(capsys, url)
    assert not any(line.startswith("->") for line in lines)
    assert lines[-1].startswith(f"In use: the shipped model ({shipped_model_dir()}): the active model version "
                                f"{second.id} cannot be used (")  # fmt: skip
    assert main(["models", "--activate", str(first.id), "--db", url]) == 0
    capsys.readouterr()
    assert _models(capsys, url)[-1] == f"In use: model version {first.id} ({first.path}), the active version."
