"""A trained recognizer on disk: the numpy weights, the FeatureSpec it expects, its classes and timing.

Layout of a model folder (what `coach train` writes and `models/default/` ships): `model.npz` (numpy runtime weights),
`recognizer.json` (feature spec, classes, architecture, window, frame stride, rate), `metrics.json`, `confusion.png`,
and `model.keras` (the Keras model, for further training; the live app never loads it). An ensemble
(`coach/recognition/ensemble.py`) lists its members in recognizer.json: each one's weights file (`model.npz`,
`model_legs.npz`, with a `.keras` beside each) and the gate it reads the features through. `"mirrored": true` in
recognizer.json: every network also reads the person mirrored left<->right, and all readings are averaged
(`ensemble.with_mirrors`); older folders without the key are read as they were.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.errors import ModelFileError
from coach.exercises.registry import EXERCISES
from coach.recognition.ensemble import Classifier, Ensemble, Member, with_mirrors
from coach.recognition.runtime import NumpyClassifier
from coach.recognition.stream import StreamConfig, StreamingRecognizer
from coach.vision.features import FeatureSpec

WEIGHTS_FILE = "model.npz"
META_FILE = "recognizer.json"
AGAIN = "copy the model folder again or retrain it with `coach train`"


@dataclass(frozen=True)
class RecognitionModel:
    """A loaded recognizer, ready to stream."""

    path: Path
    classifier: Classifier
    feature_spec: FeatureSpec
    classes: tuple[str, ...]
    architecture: str
    window: int
    hop: int
    rate_hz: float

    def stream(self, **overrides: Any) -> StreamingRecognizer:
        """A fresh live recognizer using this model (StreamConfig fields may be overridden)."""
        config = StreamConfig(window=self.window, hop=self.hop, rate_hz=self.rate_hz, **overrides)
        return StreamingRecognizer(self.classifier, self.classes, config)


def default_model_dir() -> Path:
    """COACH_MODEL if set, else the model shipped in the repository's models/default."""
    env = os.environ.get("COACH_MODEL")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models" / "default"


def member_weights_file(gated_parts: str, first: bool) -> str:
    """Where a member's weights live: the first in model.npz (what a one-network model uses), others beside it."""
    return WEIGHTS_FILE if first else f"model_{gated_parts}.npz"


def write_meta(folder: Path, spec: FeatureSpec, classes: tuple[str, ...], architecture: str, window: int, hop: int,
               rate_hz: float, members: tuple[str, ...] = (), mirrored: bool = False) -> None:  # fmt: skip
    """Write recognizer.json; `members` names each ensemble member's gate (none: one network in model.npz);
    `mirrored`: every network also reads the mirrored person."""
    meta: dict[str, Any] = {"format": 1, "feature_spec": spec.to_dict(), "classes": list(classes),
                            "architecture": architecture, "window": window, "hop": hop, "rate_hz": rate_hz}  # fmt: skip
    if members:
        meta["members"] = [
            {"gated_parts": parts, "weights": member_weights_file(parts, i == 0)} for i, parts in enumerate(members)
        ]
    if mirrored:
        meta["mirrored"] = True
    (folder / META_FILE).write_text(json.dumps(meta, indent=1) + "\n")


def load_model(folder: Path, expected: FeatureSpec | None = None) -> RecognitionModel:
    """Load a model folder; raise ModelFileError (one line, naming the file) when it is missing, damaged or built for
    other features than `expected`."""
    folder = Path(folder)
    meta_path = folder / META_FILE
    if not folder.is_dir():
        raise ModelFileError(f"{folder}: no such model folder (train one with `coach train`)")
    try:
        meta = json.loads(meta_path.read_text())
        spec = FeatureSpec.from_dict(meta["feature_spec"], str(meta_path))
        if not isinstance(meta["classes"], list):
            raise TypeError("'classes' is not a list")
        classes = tuple(str(c) for c in meta["classes"])
        window, hop, rate = int(meta["window"]), int(meta["hop"]), float(meta["rate_hz"])
        architecture = str(meta["architecture"])
        members = [(str(m["gated_parts"]), str(m["weights"])) for m in meta.get("members", [])]
        mirrored = meta.get("mirrored", False)
        if not isinstance(mirrored, bool):
            raise TypeError(f"'mirrored' is {mirrored!r}, not true or false")
    except FileNotFoundError:
        raise ModelFileError(f"{meta_path}: missing; this folder is not a Coach model") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        detail = " ".join(str(exc).split())
        raise ModelFileError(f"{meta_path}: damaged or not a Coach model description ({detail}); {AGAIN}") from None
    if expected is not None:
        expected.require_same_as(spec, str(meta_path))
    unknown = [c for c in classes if c not in EXERCISES]
    if unknown:
        raise ModelFileError(
            f"{meta_path}: classes: unknown exercise id(s) {', '.join(unknown)} (this Coach knows "
            f"{', '.join(EXERCISES)}); retrain it with `coach train`"
        )
    if len(set(classes)) != len(classes):
        twice = sorted({c for c in classes if classes.count(c) > 1})
        raise ModelFileError(f"{meta_path}: classes: {', '.join(twice)} listed twice; {AGAIN}")
    if mirrored and not spec.can_mirror:
        raise ModelFileError(f"{meta_path}: mirrored: the feature spec's vectors cannot be mirrored; {AGAIN}")
    networks = [(parts, _network(folder, weights, spec, classes, meta_path, parts)) for parts, weights in members]
    if not networks and mirrored:
        networks = [(spec.gated_parts, _network(folder, WEIGHTS_FILE, spec, classes, meta_path, spec.gated_parts))]
    readers = [Member(net, parts, spec) for parts, net in networks]
    classifier: Classifier = (
        Ensemble(with_mirrors(readers) if mirrored else readers)
        if networks
        else _network(folder, WEIGHTS_FILE, spec, classes, meta_path, spec.gated_parts)
    )
    return RecognitionModel(folder, classifier, spec, classes, architecture, window, hop, rate)


def _network(folder: Path, weights: str, spec: FeatureSpec, classes: tuple[str, ...], meta_path: Path,
             gated_parts: str) -> NumpyClassifier:  # fmt: skip
    """One network of a model folder, checked against the folder's description."""
    if Path(weights).name != weights:
        raise ModelFileError(f"{meta_path}: members: weights {weights!r} must be a file name in the model folder")
    if not spec.can_regate(gated_parts):
        raise ModelFileError(
            f"{meta_path}: members: a member reads the features gated as {gated_parts!r}, which the feature spec "
            f"(gated_parts={spec.gated_parts!r}) cannot give; {AGAIN}"
        )
    try:
        network = NumpyClassifier.load(folder / weights)
    except ModelFileError as exc:
        raise ModelFileError(f"{exc}; {AGAIN}") from None
    if network.classes != len(classes):
        raise ModelFileError(
            f"{folder / weights}: {network.classes} outputs but {META_FILE} lists {len(classes)} classes; "
            f"the two files are from different models: {AGAIN}"
        )
    if network.input_dim != spec.dim:
        raise ModelFileError(
            f"{folder / weights}: takes {network.input_dim} features but the spec in {META_FILE} gives "
            f"{spec.dim}; the two files are from different models: {AGAIN}"
        )
    return network
