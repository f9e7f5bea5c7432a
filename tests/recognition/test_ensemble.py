"""The shipped recognizer is two networks reading one feature vector through two gates; what it says is their mean."""

from __future__ import annotations

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
    assert [m.gated_parts for m in model.classifier.members] == ["all", "legs"]
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
