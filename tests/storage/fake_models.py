"""Tiny model folders with random weights: real enough to load and stream, small enough to make in a millisecond."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from coach.exercises.registry import class_ids
from coach.recognition import MODEL_RATE_HZ, WINDOW_HOP, WINDOW_STEPS
from coach.recognition.bundle import write_meta
from coach.vision.features import FeatureSpec


def fake_model(folder: Path, accuracy: float | None, seed: int = 0, units: int = 4) -> tuple[Path, dict]:
    """A 1-layer LSTM recognizer folder (model.npz, recognizer.json, metrics.json) claiming `accuracy`."""
    rng = np.random.default_rng(seed)
    spec, names = FeatureSpec(), class_ids()
    weights = {
        "lstm0_kernel": rng.normal(0, 0.1, (spec.dim, 4 * units)),
        "lstm0_recurrent": rng.normal(0, 0.1, (units, 4 * units)),
        "lstm0_bias": np.zeros(4 * units),
        "dense_kernel": rng.normal(0, 0.1, (units, len(names))),
        "dense_bias": np.zeros(len(names)),
    }
    folder.mkdir(parents=True)
    np.savez(
        folder / "model.npz",
        **{key: value.astype(np.float32) for key, value in weights.items()},
        format_version=np.array(1), architecture=np.array("lstm"), layers=np.array(1), input_dim=np.array(spec.dim),
        classes=np.array(len(names)), window=np.array(WINDOW_STEPS),
    )  # fmt: skip
    write_meta(folder, spec, names, "lstm", WINDOW_STEPS, WINDOW_HOP, MODEL_RATE_HZ)
    metrics = {"architecture": "lstm", "accuracy": accuracy, "seed": seed}
    (folder / "metrics.json").write_text(json.dumps(metrics))
    return folder, metrics
