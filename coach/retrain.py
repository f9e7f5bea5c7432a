"""`coach train --data recorded|both`: retrain the recognizer on the calibration recordings in the database (and
synthetic people), keep the result as a model version, and make it the active model only if it is not worse.

"Not worse" is measured fairly: the model in use (the active version, else the shipped `models/default`) is run on the
same held-out windows as the new one. When it cannot be (it reads other features), its own recorded accuracy is used.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.recognition.bundle import default_model_dir
from coach.recognition.train import TrainConfig, train
from coach.storage import Repository
from coach.storage.model_versions import ModelInfo, Verdict

DATA_CHOICES = ("recorded", "both")
# Splits are by recording: one for validation and one for testing leave at least one to learn from.
MIN_RECORDINGS = 3


@dataclass(frozen=True)
class RetrainResult:
    version: ModelInfo
    verdict: Verdict
    metrics: dict[str, Any]
    samples: int
    incumbent: Path | None


def incumbent_model(repo: Repository) -> tuple[Path | None, float | None]:
    """The model in use now and its own held-out accuracy: the active version, else the shipped model."""
    active = repo.models.active()
    if active is not None and active.path.is_dir():
        return active.path, active.accuracy
    shipped = default_model_dir()
    if not (shipped / "recognizer.json").is_file():
        return None, None
    try:
        return shipped, json.loads((shipped / "metrics.json").read_text()).get("accuracy")
    except (OSError, ValueError):
        return shipped, None


def retrain(
    repo: Repository,
    data: str,
    config: TrainConfig,
    *,
    out: Path | None = None,
    force: bool = False,
    progress: bool = True,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> RetrainResult:
    """Export the stored samples, train, register the model version, and activate it if the rule allows."""
    if data not in DATA_CHOICES:
        raise CoachError(f"--data {data}: expected one of {', '.join(DATA_CHOICES)}")
    samples = repo.samples.list()
    if data == "recorded" and len(samples) < MIN_RECORDINGS:
        raise CoachError(
            f"{repo.where}: --data recorded needs at least {MIN_RECORDINGS} recordings (one is held out for validation "
            f"and one for testing), and there are {len(samples)}; record more with `coach record`, or use --data both"
        )
    if not samples:
        raise CoachError(f"{repo.where}: no recordings stored; record some with `coach record` or in Calibration")
    incumbent, incumbent_own = incumbent_model(repo)
    with tempfile.TemporaryDirectory(prefix="coach-train-") as tmp:
        exported = Path(tmp) / "samples"
        repo.samples.export(exported)
        subjects = 0 if data == "recorded" else config.synthetic_subjects
        config = replace(config, recorded=str(exported), synthetic_subjects=subjects)
        target = out if out is not None else Path(tmp) / "model"
        hooks = {"on_progress": on_progress} if on_progress is not None else {}  # the app's progress bar
        metrics = train(config, target, progress=progress, compare_with=incumbent, **hooks)
        metrics["data"]["recorded"] = f"{len(samples)} recordings from {repo.where}"
        metrics["config"]["recorded"] = "database"
        (target / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
        measured = metrics.get("compared_with", {}).get("accuracy")
        incumbent_accuracy = measured if measured is not None else incumbent_own
        version, verdict = repo.models.register(
            target, metrics, data=data, incumbent_accuracy=incumbent_accuracy, force=force
        )
    return RetrainResult(version, verdict, metrics, len(samples), incumbent)
