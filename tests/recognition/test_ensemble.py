"""The shipped recognizer is two networks reading one feature vector through two gates, each also reading the
mirrored person; what it says is the mean of the four readings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from coach.recognition.bundle import load_model
from coach.recognition.ensemble import Ensemble
from coach.vision.features import FeatureSpec

SHIPPED = Path(__file__).resolve().parents[2] / "models" / "default"


def _windows(spec: FeatureSpec, count: int = 6, steps: int = 32) -> np.ndarray:
    """Feature windows of random poses with some points hidden, as the pipeline makes them."""
    rng = np.random.default_rng(7)
    world = rng.normal(scale=0.3, size=(count, steps, 33, 3))
    visibility = np.where(rng.uniform(size=(count, steps, 33)) < 0.3, 0.1, 0.95)
    return spec.vector(world, visibility)


def test_the_shipped_model_averages_a_fully_gated_and_a_legs_gated_network():
    model = load_model(SHIPPED, expected=FeatureSpec())
    assert isinstance(model.classifier, Ensemble)
    assert [m.gated_parts for m in model.classifier.members if not m.mirror] == ["all", "legs"]
    x = _windows(model.feature_spec)
    full = model.classifier.members[0]
    # The fully gated member sees exactly the vectors a spec gating everything makes (hidden arms zeroed too).
    strict = FeatureSpec(gated_parts="all")
    rng = np.random.default_rng(7)
    world = rng.normal(scale=0.3, size=(6, 32, 33, 3))
    visibility = np.where(rng.uniform(size=(6, 32, 33)) < 0.3, 0.1, 0.95)
    np.testing.assert_array_equal(full.sees(x), strict.vector(world, visibility))
    each = [m.network.predict_windows(m.sees(x)) for m in model.classifier.members]
    np.testing.assert_allclose(model.classifier.predict_windows(x), np.mean(each, axis=0), atol=1e-6)


def test_streaming_an_ensemble_gives_what_its_windows_give():
    """The live path (one step per frame) and the batched evaluation agree, so what is measured is what runs."""
    model = load_model(SHIPPED)
    x = _windows(model.feature_spec, count=2)
    for window in x:
        state = model.classifier.new_state()
        for row in window:
            model.classifier.step(state, row)
        np.testing.assert_allclose(model.classifier.probabilities(state), model.classifier.predict_window(window),
                                   atol=1e-5)  # fmt: skip
    np.testing.assert_allclose(model.classifier.predict_windows(x)[0], model.classifier.predict_window(x[0]), atol=1e-5)


def test_the_shipped_model_reads_every_person_and_their_mirror_image_alike():
    """A left-arm curl is a curl and a profile from the left is a profile from the right: the shipped recognizer
    averages each network's reading of the person and of their mirror image, so both get the same answer."""
    model = load_model(SHIPPED)
    assert isinstance(model.classifier, Ensemble)
    assert [(m.gated_parts, m.mirror) for m in model.classifier.members] == [
        ("all", False), ("legs", False), ("all", True), ("legs", True)
    ]  # fmt: skip
    x = _windows(model.feature_spec)
    mirrored = model.feature_spec.mirrored(x)
    np.testing.assert_allclose(model.classifier.predict_windows(mirrored), model.classifier.predict_windows(x),
                               atol=1e-6)  # fmt: skip
    plain = Ensemble([m for m in model.classifier.members if not m.mirror])
    assert not np.allclose(plain.predict_windows(mirrored), plain.predict_windows(x), atol=1e-3)


def test_a_model_folder_written_before_mirroring_reads_as_it_did(tmp_path: Path):
    folder = tmp_path / "model"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("*.keras", "*.png"))
    meta = json.loads((folder / "recognizer.json").read_text())
    del meta["mirrored"]
    (folder / "recognizer.json").write_text(json.dumps(meta))
    model = load_model(folder)
    assert [m.mirror for m in model.classifier.members] == [False, False]
