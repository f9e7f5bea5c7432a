"""A model folder is loaded only when its two files agree with each other and with this Coach's exercises."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from coach.errors import ModelFileError
from coach.recognition.bundle import META_FILE, WEIGHTS_FILE, load_model
from coach.vision.features import FeatureSpec

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "default"


def _copy(tmp_path: Path, edit=None) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    for name in (*(p.name for p in SHIPPED.glob("*.npz")), META_FILE):  # every network's weights, no Keras files
        shutil.copy(SHIPPED / name, folder / name)
    if edit is not None:
        meta = json.loads((folder / META_FILE).read_text())
        edit(meta)
        (folder / META_FILE).write_text(json.dumps(meta))
    return folder


def test_the_shipped_model_loads(tmp_path: Path):
    model = load_model(_copy(tmp_path), expected=FeatureSpec())
    assert "squat" in model.classes and model.classifier.classes == len(model.classes)


def _repeat_squat(meta: dict) -> None:
    meta["classes"][1] = "squat"


def _other_spec(meta: dict) -> None:
    meta["feature_spec"]["angles"] = meta["feature_spec"]["angles"][:-1]  # the file's own spec; no expectation given


def _one_sided_mirrored(meta: dict) -> None:
    meta["feature_spec"]["angles"] = meta["feature_spec"]["angles"][1:]  # right_elbow without its pair
    meta["mirrored"] = True


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (_repeat_squat, f"{META_FILE}: classes: squat listed twice; copy the model folder again or retrain it"),
        (_other_spec, f"{WEIGHTS_FILE}: takes 77 features but the spec in {META_FILE} gives 76; the two files are "),
        (lambda m: m.update(classes="squat"), f"{META_FILE}: damaged or not a Coach model description ('classes' is"),
        (
            lambda m: m["members"][1].update(gated_parts="arms"),
            f"{META_FILE}: members: a member reads the features "
            "gated as 'arms', which the feature spec (gated_parts='legs') cannot give",
        ),
        (lambda m: m["members"][1].update(weights="../model.npz"), "members: weights '../model.npz' must be a file"),
        (lambda m: m["members"][1].update(weights="model_gone.npz"), "model_gone.npz: not found; copy the model"),
        (lambda m: m.update(mirrored="yes"), f"{META_FILE}: damaged or not a Coach model description ('mirrored' is "),
        (_one_sided_mirrored, f"{META_FILE}: mirrored: the feature spec's vectors cannot be mirrored; copy the"),
    ],
    ids=[
        "repeated-class",
        "weights-for-another-spec",
        "classes-not-a-list",
        "member-gate-unknown",
        "member-outside-the-folder",
        "member-weights-missing",
        "mirrored-not-a-bool",
        "mirrored-one-sided-spec",
    ],
)
def test_a_folder_whose_files_disagree_is_refused_in_one_line(tmp_path: Path, edit, message: str):
    folder = _copy(tmp_path, edit)
    with pytest.raises(ModelFileError) as raised:
        load_model(folder)
    assert message in str(raised.value) and "\n" not in str(raised.value)
