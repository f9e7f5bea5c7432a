"""`coach train --data recorded|both`: retrain the recognizer on the calibration recordings in the database (and
synthetic people), keep the result as a model version, and make it the active model only if it is not worse.

"Not worse" is measured fairly (`coach.recognition.evaluation`): the new model and the model in use (as
`choose_model` picks it: COACH_MODEL, else the active version, else the shipped model) are scored on the same windows
from people neither learned from: the fixed evaluation people, and the person's recordings held out from both. When
that is impossible (no recording held out from both, a model in use that reads other features, or one that does not
say which recordings it learned from), the verdict says "not compared" and the new version stays inactive.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.model_choice import ModelChoice, choose_model
from coach.recognition.evaluation import Comparison, compare, evaluation_people, usable_recordings
from coach.recognition.samples import load_samples
from coach.recognition.train import TrainConfig, train
from coach.storage import Repository
from coach.storage.model_versions import ModelInfo, Verdict, activation_verdict
from coach.vision.features import FeatureSpec

DATA_CHOICES = ("recorded", "both")
# Splits are by recording: one for validation and one for testing leave at least one to learn from.
MIN_RECORDINGS = 3


@dataclass(frozen=True)
class RetrainResult:
    version: ModelInfo
    verdict: Verdict
    metrics: dict[str, Any]
    samples: int
    incumbent: ModelChoice
    comparison: Comparison


def learned_recordings(choice: ModelChoice, repo: Repository) -> frozenset[str] | None:
    """The recordings (split subjects) the model `choice` trained or validated on: none for a model trained on
    synthetic people alone (the shipped one); None when its metrics do not say (a version from an older Coach)."""
    if choice.version is not None:
        metrics = repo.models.get(choice.version).metrics
    else:
        try:
            metrics = json.loads((choice.path / "metrics.json").read_text())
        except (OSError, ValueError):
            return None
    data = metrics.get("data") if isinstance(metrics, dict) else None
    if not isinstance(data, dict):
        return None
    split = data.get("recordings")
    if isinstance(split, dict):
        return frozenset(split.get("train", [])) | frozenset(split.get("validation", []))
    if "recorded" in data and data["recorded"] is None:
        return frozenset()  # trained on synthetic people only
    return None


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
    """Export the stored samples, train, compare with the model in use, register the model version, and activate it
    if the rule allows. `on_progress(stage, done, total)`: "evaluation people", "people", "epochs", "comparing"."""
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
    report = on_progress or (lambda stage, done, total: None)
    incumbent = choose_model(repo=repo)
    learned = learned_recordings(incumbent, repo)
    spec = FeatureSpec()
    made = [0]

    def person_made() -> None:
        made[0] += 1
        report("evaluation people", made[0], config.eval_people)

    # Made before training: forking worker processes after TensorFlow is loaded is unsafe.
    people = evaluation_people(config.eval_people, spec, config.exercises, config.workers, person_made)
    with tempfile.TemporaryDirectory(prefix="coach-train-") as tmp:
        exported = Path(tmp) / "samples"
        repo.samples.export(exported)
        subjects = 0 if data == "recorded" else config.synthetic_subjects
        config = replace(config, recorded=str(exported), synthetic_subjects=subjects)
        target = out if out is not None else Path(tmp) / "model"
        hooks = {"on_progress": on_progress} if on_progress is not None else {}  # the app's progress bar
        metrics = train(config, target, progress=progress, **hooks)
        metrics["data"]["recorded"] = f"{len(samples)} recordings from {repo.where}"
        metrics["config"]["recorded"] = "database"
        report("comparing", 0, 1)
        held_out = metrics["data"].get("recordings", {}).get("test", [])
        usable, why_not = usable_recordings(held_out, learned)
        recordings = [s for s in load_samples(exported, spec) if s.subject in set(usable)]
        in_use = incumbent.path if (incumbent.path / "recognizer.json").exists() else None  # None: no model at all
        comparison = compare(target, in_use, people, recordings, why_not, spec)
        report("comparing", 1, 1)
        metrics["comparison"] = comparison.to_json()
        (target / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
        theirs = comparison.incumbent.overall if comparison.incumbent is not None else None
        verdict = activation_verdict(comparison.new.overall, theirs, force, comparison.not_compared)
        version, verdict = repo.models.register(
            target, metrics, data=data, incumbent_accuracy=theirs, force=force, verdict=verdict
        )
    return RetrainResult(version, verdict, metrics, len(samples), incumbent, comparison)
