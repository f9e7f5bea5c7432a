"""The ensemble's networks fitted side by side in forked processes (what `coach train` does on a fresh interpreter
with two or more cores): the same networks as fitted one after another, progress counted over both, one-line errors.

Each case runs in a fresh interpreter, because the side-by-side path is only taken before TensorFlow is imported, and
the test process has usually imported it already."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coach.recognition.bundle import load_model
from coach.vision.features import FeatureSpec

pytestmark = pytest.mark.slow

_TRAIN = r"""
import json, sys
from pathlib import Path
from coach.recognition.train import TrainConfig, train
config = TrainConfig(synthetic_subjects=8, epochs=3, exercises=("squat", "lateral_raise"), units=int(sys.argv[3]),
                     workers=int(sys.argv[2]), learning_rate=3e-3)
heard = []
metrics = train(config, Path(sys.argv[1]), progress=False, on_progress=lambda *p: heard.append(p))
print(json.dumps({"side_by_side": "tensorflow" not in sys.modules, "members": metrics["members"],
                  "epochs": [p for p in heard if p[0] == "epochs"]}))
"""


def _train(out: Path, workers: int, units: int = 16) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _TRAIN, str(out), str(workers), str(units)], capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def test_side_by_side_fits_the_same_pair_as_one_after_another(tmp_path: Path):
    both = _train(tmp_path / "both", workers=2)
    alone = _train(tmp_path / "alone", workers=1)
    assert both.returncode == 0 == alone.returncode, both.stderr[-2000:] + alone.stderr[-2000:]
    side, turn = json.loads(both.stdout.splitlines()[-1]), json.loads(alone.stdout.splitlines()[-1])
    assert side["side_by_side"] and not turn["side_by_side"]  # the parent never loaded TensorFlow
    assert side["members"] == turn["members"] == [{"gated_parts": g, "epochs_run": 3} for g in ("all", "legs")]
    # Progress counts the epochs of both networks together, up to 2 x 3.
    assert side["epochs"][-1] == ["epochs", 6, 6] and turn["epochs"][-1] == ["epochs", 6, 6]
    x = np.random.default_rng(0).normal(0.0, 0.5, (40, 32, FeatureSpec().dim)).astype(np.float32)
    p_both = load_model(tmp_path / "both", expected=FeatureSpec()).classifier.predict_windows(x)
    p_alone = load_model(tmp_path / "alone", expected=FeatureSpec()).classifier.predict_windows(x)
    assert np.abs(p_both - p_alone).max() < 1e-3


def test_a_network_that_cannot_be_fitted_is_one_line_naming_it(tmp_path: Path):
    run = _train(tmp_path / "bad", workers=2, units=0)
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("coach.errors.CoachError: training the '"), last
    assert "network failed: " in last, last
