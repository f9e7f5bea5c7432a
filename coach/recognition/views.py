"""Accuracy by camera view on synthetic people no training run has seen.

Why by view: a recognizer that is right from the front can still call a curl filmed from the side a squat, and one
overall figure hides that. Why separate people: training draws people 1..N (`coach train --subjects N`); the held-out
people here start at HELDOUT_FIRST_SUBJECT, far outside any training range (training refuses N >= 1,000,001) and apart
from the people retraining scores models on (from 1,000,001), so no body, tempo or camera of theirs was ever trained
on. Each held-out person does every exercise once in every view bucket (the same person and reps, the camera moved),
so the buckets differ only in the view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coach.exercises.registry import class_ids
from coach.recognition import MODEL_RATE_HZ, WINDOW_HOP, WINDOW_STEPS
from coach.recognition.dataset import LabelledSequence, synthetic_subject, windows
from coach.recognition.stream import UNKNOWN, StreamingRecognizer
from coach.synth.generator import ViewRequest
from coach.vision.features import FeatureSpec

HELDOUT_FIRST_SUBJECT = 2_000_000  # training: people 1..N (N <= 1,000,000); retraining's evaluation: 1,000,001+
# |camera yaw| in degrees: 0 straight in front, 90 in profile. Half-open [low, high); "side" includes 90.
VIEW_BUCKETS: tuple[tuple[str, float, float], ...] = (("front", 0.0, 22.5), ("45", 22.5, 67.5), ("side", 67.5, 90.0))


def view_bucket(yaw_deg: float) -> str:
    """The view bucket of a camera yaw (degrees, either side; beyond 90 counts as side)."""
    yaw = abs(float(yaw_deg))
    for name, low, high in VIEW_BUCKETS:
        if low <= yaw < high:
            return name
    return VIEW_BUCKETS[-1][0]


def bucket_yaw(subject: int, bucket: str) -> float:
    """The camera yaw one held-out person is filmed from in one bucket: uniform within it, either side."""
    index = [name for name, _, _ in VIEW_BUCKETS].index(bucket)
    _, low, high = VIEW_BUCKETS[index]
    rng = np.random.default_rng([subject, index, 14])
    return float(rng.choice([-1.0, 1.0]) * rng.uniform(low, high))


@dataclass
class ViewedSequences:
    """One held-out person's sequences in one view bucket."""

    subject: int
    bucket: str
    yaw_deg: float
    sequences: list[LabelledSequence]


def heldout_person(
    subject: int, spec: FeatureSpec, exercises: Sequence[str] | None = None, view: ViewRequest | None = None
) -> list[ViewedSequences]:
    """Everything one held-out person does (as in training), once per view bucket. `view` adds camera wishes
    (e.g. a fixed pitch) to the bucket's yaw."""
    base = view or ViewRequest()
    out = []
    for bucket, _, _ in VIEW_BUCKETS:
        yaw = bucket_yaw(subject, bucket)
        pinned = ViewRequest(**{**base.__dict__, "yaw_deg": yaw})
        out.append(ViewedSequences(subject, bucket, yaw, synthetic_subject(subject, spec, exercises, pinned)))
    return out


def heldout_people(count: int, first: int = HELDOUT_FIRST_SUBJECT) -> range:
    """The subject numbers of `count` held-out people."""
    return range(first, first + count)


@dataclass
class ViewWindows:
    """Steady held-out windows (one activity throughout), with their true class and view bucket."""

    x: np.ndarray  # (N, steps, dim)
    y: np.ndarray  # (N,)
    bucket: np.ndarray  # (N,) bucket names
    subject: np.ndarray  # (N,)


def steady_windows(people: Sequence[ViewedSequences], steps: int = WINDOW_STEPS, hop: int = WINDOW_HOP) -> ViewWindows:
    """The windows with one activity throughout of every person and bucket."""
    xs, ys, buckets, subjects = [], [], [], []
    for person in people:
        x, y, steady = windows(person.sequences, steps, hop, with_steady=True)
        xs.append(x[steady])
        ys.append(y[steady])
        buckets += [person.bucket] * int(steady.sum())
        subjects += [person.subject] * int(steady.sum())
    dim = next((x.shape[-1] for x in xs if x.ndim == 3 and x.shape[0]), 0)
    x = np.concatenate([x.reshape(-1, steps, dim) for x in xs]) if xs else np.zeros((0, steps, 0), np.float32)
    return ViewWindows(x, np.concatenate(ys) if ys else np.zeros(0, np.int64), np.array(buckets), np.array(subjects))


def view_report(
    truth: np.ndarray, predicted: np.ndarray, bucket: np.ndarray, classes: Sequence[str] | None = None
) -> dict[str, Any]:
    """Accuracy overall, per view bucket, and per class per bucket, with the commonest mistakes per class and view."""
    names = tuple(classes or class_ids())
    right = truth == predicted
    report: dict[str, Any] = {
        "windows": len(truth),
        "accuracy": _share(right),
        "buckets": {name: {"yaw_abs_deg": [low, high]} for name, low, high in VIEW_BUCKETS},
        "per_view": {},
        "per_class_per_view": {},
        "mistakes": {},
    }
    for name, _, _ in VIEW_BUCKETS:
        sel = bucket == name
        report["per_view"][name] = {"accuracy": _share(right[sel]), "windows": int(sel.sum())}
    for c, cname in enumerate(names):
        row: dict[str, Any] = {}
        for name, _, _ in VIEW_BUCKETS:
            sel = (bucket == name) & (truth == c)
            row[name] = {"accuracy": _share(right[sel]), "windows": int(sel.sum())}
            wrong = predicted[sel & ~right]
            if len(wrong):
                counts = np.bincount(wrong, minlength=len(names))
                top = {names[j]: int(counts[j]) for j in np.argsort(counts)[::-1][:3] if counts[j]}
                report["mistakes"].setdefault(cname, {})[name] = top
        report["per_class_per_view"][cname] = row
    worst = [
        (acc, c, v)
        for c, row in report["per_class_per_view"].items()
        for v, cell in row.items()
        if (acc := cell["accuracy"]) is not None
    ]
    if worst:
        acc, c, v = min(worst)
        report["worst_class_view"] = {"class": c, "view": v, "accuracy": acc}
    return report


def _share(mask: np.ndarray) -> float | None:
    return round(float(mask.mean()), 4) if len(mask) else None


def evaluate_views(
    predict: Callable[[np.ndarray], np.ndarray],
    people: Sequence[ViewedSequences],
    classes: Sequence[str] | None = None,
) -> dict[str, Any]:
    """`predict` (windows (N, T, D) -> probabilities (N, C)) scored per view on the people's steady windows."""
    data = steady_windows(people)
    predicted = predict(data.x).argmax(axis=1) if len(data.y) else np.zeros(0, np.int64)
    report = view_report(data.y, predicted, data.bucket, classes)
    subjects = sorted({p.subject for p in people})
    report["people"] = {"count": len(subjects), "first_subject": subjects[0] if subjects else None}
    return report


def live_labels(stream: StreamingRecognizer, sequence: LabelledSequence, classes: Sequence[str]) -> np.ndarray:
    """The label the app would show at every step of one sequence (class index; len(classes) for "unknown"), from a
    fresh streaming recognizer fed the sequence at the model's rate."""
    stream.reset()
    index = {name: i for i, name in enumerate(classes)}
    shown = np.empty(len(sequence.labels), np.int64)
    for t, x in enumerate(sequence.features):
        shown[t] = index.get(stream.update(x, t / MODEL_RATE_HZ).label, len(classes))
    return shown


def evaluate_views_live(
    stream: StreamingRecognizer, people: Sequence[ViewedSequences], steps: int = WINDOW_STEPS
) -> dict[str, Any]:
    """What a person would see: the live recognizer (smoothing, hysteresis, "unknown" below its thresholds) run over
    every held-out sequence, scored per view at each step that ends a steady window (the same stretches as
    `evaluate_views`, every step instead of every 8th). "unknown" counts as wrong; its share is reported too."""
    classes = tuple(stream.classes)
    truth, shown, buckets = [], [], []
    for person in people:
        for sequence in person.sequences:
            labels = sequence.labels
            if len(labels) < steps:
                continue
            ends = np.arange(steps - 1, len(labels))
            cut = labels[ends[:, None] - np.arange(steps)[None, :]]
            steady = ends[(cut == cut[:, :1]).all(axis=1)]
            if not len(steady):
                continue
            truth.append(labels[steady])
            shown.append(live_labels(stream, sequence, classes)[steady])
            buckets += [person.bucket] * len(steady)
    y = np.concatenate(truth) if truth else np.zeros(0, np.int64)
    p = np.concatenate(shown) if shown else np.zeros(0, np.int64)
    bucket = np.array(buckets)
    report = view_report(y, p, bucket, (*classes, UNKNOWN))
    report["per_class_per_view"].pop(UNKNOWN, None)
    report["steps"] = report.pop("windows")
    report["unknown_share"] = {name: _share(p[bucket == name] == len(classes)) for name, _, _ in VIEW_BUCKETS}
    subjects = sorted({p.subject for p in people})
    report["people"] = {"count": len(subjects), "first_subject": subjects[0] if subjects else None}
    return report


def format_view_table(report: dict[str, Any]) -> str:
    """A Markdown table: one row per class, one column per view bucket, then the overall row."""
    views = [name for name, _, _ in VIEW_BUCKETS]
    heads = " | ".join(f"{v} ({report['buckets'][v]['yaw_abs_deg'][0]:g}-{report['buckets'][v]['yaw_abs_deg'][1]:g})"
                       for v in views)  # fmt: skip
    lines = [f"| class | {heads} |", "|---|" + "---:|" * len(views)]
    for cname, row in report["per_class_per_view"].items():
        cells = []
        for v in views:
            cell = row[v]
            cells.append("—" if cell["accuracy"] is None else f"{cell['accuracy']:.1%} ({cell['windows']})")
        lines.append(f"| {cname} | " + " | ".join(cells) + " |")
    overall = [
        "—" if report["per_view"][v]["accuracy"] is None
        else f"**{report['per_view'][v]['accuracy']:.1%}** ({report['per_view'][v]['windows']})"
        for v in views
    ]  # fmt: skip
    lines.append("| **all** | " + " | ".join(overall) + " |")
    return "\n".join(lines)
