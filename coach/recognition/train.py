"""`coach train`: build training data, fit the recognizer, measure it on people it never saw, and save it.

Data comes first and in worker processes, before TensorFlow is imported (forking after TF is unsafe), then Keras trains
with early stopping, a learning-rate schedule and balanced class weights. Augmentation lives in the generator, where it
is physically meaningful: every subject brings new proportions, tempo, range, camera angle, mirroring and MediaPipe-like
noise, so windows are never repeated. The saved model is checked once more through the numpy runtime that ships.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coach.exercises.registry import class_ids
from coach.recognition import (
    DEFAULT_ARCHITECTURE,
    DEFAULT_EPOCHS,
    DEFAULT_LR_SCHEDULE,
    DEFAULT_MEMBERS,
    DEFAULT_SUBJECTS,
    DEFAULT_TRAIN_HOP,
    DEFAULT_TRAIN_LABEL_STEPS,
    DEFAULT_UNITS,
    DEFAULT_WORKERS,
    FRAME_STRIDE,
    MODEL_RATE_HZ,
    WINDOW_HOP,
    WINDOW_STEPS,
)
from coach.recognition.bundle import META_FILE, load_model, write_meta
from coach.recognition.dataset import (
    EVALUATION_FIRST_SUBJECT,
    LabelledSequence,
    is_synthetic,
    split_recordings,
    split_subjects,
    synthetic_subject,
    windows,
)
from coach.recognition.fitting import Windows, fit_members
from coach.recognition.making import make_all
from coach.recognition.samples import load_samples
from coach.recognition.views import ViewedSequences, evaluate_views, heldout_people, heldout_person
from coach.synth.generator import ViewRequest
from coach.vision.features import FeatureSpec


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a trained model; saved into metrics.json so a model can be reproduced."""

    architecture: str = DEFAULT_ARCHITECTURE
    synthetic_subjects: int = DEFAULT_SUBJECTS
    recorded: str | None = None  # folder of recorded samples
    epochs: int = DEFAULT_EPOCHS
    units: int = DEFAULT_UNITS
    layers: int | None = None  # default: 2 for lstm, 1 for attention
    dropout: float = 0.2
    learning_rate: float = 2e-3
    # "plateau": halved whenever validation loss stalls for 2 epochs (floor 1e-4); "cosine": falls smoothly from
    # `learning_rate` to 1e-4 over exactly `epochs` epochs, so how long training takes is known before it starts
    lr_schedule: str = DEFAULT_LR_SCHEDULE
    batch_size: int = 128
    seed: int = 0
    val_fraction: float = 0.15
    test_fraction: float = 0.15
    train_hop: int = DEFAULT_TRAIN_HOP
    train_label_steps: int = DEFAULT_TRAIN_LABEL_STEPS  # a training window is what its last this many steps show
    exercises: tuple[str, ...] | None = None  # a subset (tiny test runs)
    workers: int = DEFAULT_WORKERS
    patience: int = 4
    class_balance: str = "full"  # how rare classes are weighted: "full", "sqrt" or "none"
    standardise: bool = False  # inputs shifted and scaled per feature (folded into the first LSTM on export)
    validate_on: str = "steady"  # early stopping's windows: "steady" (one activity throughout) or "all"
    generator_off: tuple[str, ...] = ()  # generator families left out (coach/synth/families.py), for ablations
    yaw_range_deg: tuple[float, float] | None = None  # training cameras' yaw (None: the generator's, -90..90)
    # People outside every training range (coach/recognition/views.py), each filmed from the front, at 45 degrees and
    # from the side, measured into metrics.json's "views"; 0 skips it (`coach train` uses HELDOUT_PEOPLE)
    heldout_people: int = 0
    eval_people: int = 20  # retraining: the fixed evaluation people a new and the model in use are both scored on
    # The ensemble's members, by the gate each reads the features through (coach/recognition/ensemble.py); one
    # network when the spec's vectors cannot be gated that way (feature ablations)
    members: tuple[str, ...] = DEFAULT_MEMBERS
    # Every network also reads the mirrored person and the readings are averaged (ensemble.with_mirrors)
    mirrored: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _subject_job(args: tuple[int, FeatureSpec, TrainConfig]) -> list[LabelledSequence]:
    subject, spec, config = args
    view = None if config.yaw_range_deg is None else ViewRequest(yaw_range_deg=config.yaw_range_deg)
    return synthetic_subject(subject, spec, config.exercises, view=view, off=config.generator_off)


def _heldout_job(args: tuple[int, FeatureSpec, tuple[str, ...] | None]) -> list[ViewedSequences]:
    subject, spec, exercises = args
    return heldout_person(subject, spec, exercises)


def build_heldout(config: TrainConfig, spec: FeatureSpec) -> list[ViewedSequences]:
    """The held-out people of every view bucket (in parallel, before TensorFlow is imported)."""
    jobs = [(s, spec, config.exercises) for s in heldout_people(config.heldout_people)]
    return make_all(_heldout_job, jobs, config.workers, chunksize=1)


def build_corpus(config: TrainConfig, spec: FeatureSpec, on_subject: Callable[[], None]) -> list[LabelledSequence]:
    """Synthetic people (in parallel) plus any recorded samples."""
    jobs = [(s, spec, config) for s in range(1, config.synthetic_subjects + 1)]
    corpus: list[LabelledSequence] = make_all(_subject_job, jobs, config.workers, on_subject)
    if config.recorded:
        corpus += load_samples(Path(config.recorded), spec)
    return corpus


def _confusion(truth: np.ndarray, predicted: np.ndarray, classes: int) -> np.ndarray:
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (truth, predicted), 1)
    return matrix


def _class_report(matrix: np.ndarray, names: tuple[str, ...]) -> dict[str, dict[str, float]]:
    report = {}
    for i, name in enumerate(names):
        support = int(matrix[i].sum())
        predicted = int(matrix[:, i].sum())
        report[name] = {
            "precision": round(float(matrix[i, i] / predicted), 4) if predicted else None,
            "recall": round(float(matrix[i, i] / support), 4) if support else None,
            "support": support,
        }
    return report


def save_confusion_png(matrix: np.ndarray, names: tuple[str, ...], path: Path, title: str) -> None:
    """The confusion matrix as a picture (rows: truth, columns: prediction, shares of each true class)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shares = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(8.5, 7.5), dpi=100)
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    for i in range(len(names)):
        for j in range(len(names)):
            if matrix[i, j]:
                colour = "white" if shares[i, j] > 0.5 else "black"
                ax.text(j, i, f"{shares[i, j]:.2f}", ha="center", va="center", fontsize=7, color=colour)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def save_views_png(report: dict[str, Any], path: Path, title: str) -> None:
    """Accuracy per exercise and view bucket as a picture (rows: true class, columns: view; steady windows)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    classes = list(report["per_class_per_view"])
    views = list(report["per_view"])
    shares = np.array([[report["per_class_per_view"][c][v]["accuracy"] or np.nan for v in views] for c in classes])
    overall = [report["per_view"][v]["accuracy"] or np.nan for v in views]
    table = np.vstack([shares, overall])
    fig, ax = plt.subplots(figsize=(5.2, 6.5), dpi=90)
    ax.imshow(table, cmap="RdYlGn", vmin=0.8, vmax=1.0, aspect="auto")
    ranges = [f"{v}\n|yaw| {report['buckets'][v]['yaw_abs_deg'][0]:g}-{report['buckets'][v]['yaw_abs_deg'][1]:g}"
              for v in views]  # fmt: skip
    ax.set_xticks(range(len(views)), ranges)
    ax.set_yticks(range(len(classes) + 1), [*classes, "all"])
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            if not np.isnan(table[i, j]):
                ax.text(j, i, f"{table[i, j]:.1%}", ha="center", va="center", fontsize=8)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def train(
    config: TrainConfig,
    out: Path,
    progress: bool = True,
    on_progress: Callable[[str, int, int], None] | None = None,
    spec: FeatureSpec | None = None,
) -> dict[str, Any]:
    """Train, evaluate on held-out subjects, and write the model folder `out`; returns the metrics.
    `on_progress(stage, done, total)` hears of every synthetic person made ("people") and epoch run ("epochs"), for
    the app's progress bar. Synthetic people are split by a seeded shuffle, recorded ones by `split_recordings`
    (the split of each is kept in the metrics, so a later model can be compared on what neither learned from)."""
    report = on_progress or (lambda stage, done, total: None)
    from tqdm import tqdm

    if config.synthetic_subjects >= EVALUATION_FIRST_SUBJECT:
        from coach.errors import CoachError

        raise CoachError(
            f"--subjects {config.synthetic_subjects}: at most {EVALUATION_FIRST_SUBJECT - 1} (the people after that "
            "are kept for evaluation and never trained on)"
        )
    started = time.monotonic()
    spec = spec or FeatureSpec()  # another spec only for feature ablations (benchmarks/recognition_ablations.py)
    names = class_ids()
    with tqdm(total=config.synthetic_subjects, desc="people", unit="person", disable=not progress) as bar:
        made = [0]

        def person_done() -> None:
            bar.update(1)
            made[0] += 1
            report("people", made[0], config.synthetic_subjects)

        corpus = build_corpus(config, spec, person_done)
    synthetic = sorted({s.subject for s in corpus if is_synthetic(s.subject)})
    recorded = list(dict.fromkeys(s.subject for s in corpus if not is_synthetic(s.subject)))  # in file order
    train_ids, val_ids, test_ids = split_subjects(synthetic, config.val_fraction, config.test_fraction, config.seed)
    recorded_split = split_recordings(recorded)
    for ids, more in zip((train_ids, val_ids, test_ids), recorded_split, strict=True):
        ids += more
    pick = lambda ids: [s for s in corpus if s.subject in set(ids)]  # noqa: E731
    x_train, y_train = windows(pick(train_ids), WINDOW_STEPS, config.train_hop, label_steps=config.train_label_steps)
    x_val, y_val, val_steady = windows(pick(val_ids), WINDOW_STEPS, WINDOW_HOP, with_steady=True)
    if config.validate_on == "steady" and val_steady.any():
        # Early stopping watches how well activities are known, not how a window that straddles a change is split.
        x_val, y_val = x_val[val_steady], y_val[val_steady]
    x_test, y_test, steady = windows(pick(test_ids), WINDOW_STEPS, WINDOW_HOP, with_steady=True)
    heldout = build_heldout(config, spec) if config.heldout_people > 0 else []
    data_seconds = time.monotonic() - started

    out.mkdir(parents=True, exist_ok=True)
    members = config.members if spec.visibility_gated and all(spec.can_regate(m) for m in config.members) else ()
    gates = members or (spec.gated_parts,)
    labels = [f"{config.architecture} {i + 1}/{len(members)} ({m})" for i, m in enumerate(members)] or [
        config.architecture
    ]
    # Every member starts from the same seed and sees the same windows, each through its own gate.
    data = Windows(x_train, y_train, x_val, y_val, x_test)
    fits = fit_members(config, spec, names, data, gates, labels, out, report, progress)
    network_files = [name for f in fits for name in f.files]
    write_meta(out, spec, names, config.architecture, WINDOW_STEPS, WINDOW_HOP, MODEL_RATE_HZ, members,
               mirrored=config.mirrored and spec.can_mirror)  # fmt: skip

    probabilities = np.mean([f.predicted for f in fits], axis=0) if len(y_test) else None
    predicted = probabilities.argmax(axis=1) if probabilities is not None else np.zeros(0, int)
    matrix = _confusion(y_test, predicted, len(names))
    steady_matrix = _confusion(y_test[steady], predicted[steady], len(names))
    runtime = load_model(out).classifier
    check = slice(0, min(300, len(y_test)))
    runtime_pred = np.array([runtime.predict_window(x).argmax() for x in x_test[check]])
    idle = names.index("idle")
    confusions = [
        {"true": names[i], "predicted": names[j], "windows": int(matrix[i, j])}
        for i in range(len(names)) for j in range(len(names))
        if i != j and matrix[i, j] and idle in (i, j)
    ]  # fmt: skip
    metrics = {
        "architecture": config.architecture,
        "parameters": sum(f.parameters for f in fits),
        "members": [{"gated_parts": m, "epochs_run": f.epochs} for m, f in zip(members, fits, strict=True)],
        "accuracy": round(float((predicted == y_test).mean()), 4) if len(y_test) else None,
        "steady_accuracy": round(float((predicted == y_test)[steady].mean()), 4) if steady.any() else None,
        "steady_windows": int(steady.sum()),
        "validation_accuracy": round(float(min(f.validation_accuracy for f in fits)), 4),
        "numpy_runtime_agreement": round(float((runtime_pred == predicted[check]).mean()), 4) if len(y_test) else None,
        "per_class": _class_report(matrix, names),
        "confusion_matrix": {"classes": list(names), "rows_true_columns_predicted": matrix.tolist()},
        "idle_confusions": confusions,
        # Windows with one activity throughout; the others straddle a change, where "what is happening now" is
        # ambiguous for a second or so. Both are measured; the steady ones say how well each activity is known.
        "steady_confusion_matrix": {"classes": list(names), "rows_true_columns_predicted": steady_matrix.tolist()},
        "steady_per_class": _class_report(steady_matrix, names),
        "data": {
            "synthetic_subjects": config.synthetic_subjects,
            "recorded": config.recorded,
            "subjects": {"train": len(train_ids), "validation": len(val_ids), "test": len(test_ids)},
            "recordings": dict(zip(("train", "validation", "test"), recorded_split, strict=True)),
            "windows": {"train": len(y_train), "validation": len(y_val), "test": len(y_test)},
            "window_steps": WINDOW_STEPS,
            "frame_stride": FRAME_STRIDE,
            "rate_hz": MODEL_RATE_HZ,
        },
        "seed": config.seed,
        "config": asdict(config),
        "epochs_run": max(f.epochs for f in fits),
        "seconds": {"data": round(data_seconds, 1), "total": round(time.monotonic() - started, 1)},
        "files": [*network_files, META_FILE, "metrics.json", "confusion.png"],
    }
    if heldout:
        # People no training run draws, filmed from the front, at 45 degrees and from the side: accuracy per view and
        # per exercise and view on their steady windows, scored by the numpy runtime that ships.
        metrics["views"] = evaluate_views(runtime.predict_windows, heldout, names)
        metrics["files"].append("views.png")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    title = f"{config.architecture}: {metrics['accuracy']:.1%} on {len(test_ids)} unseen people" if len(y_test) else ""
    save_confusion_png(matrix, names, out / "confusion.png", title)
    if heldout:
        save_views_png(metrics["views"], out / "views.png", f"{config.architecture}: held-out people by camera view")
    return metrics
