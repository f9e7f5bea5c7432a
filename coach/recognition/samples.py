"""Recorded samples: a person's own movement, saved for training (`coach train --data DIR`).

Format (one sample per file, `DIR/*.npz`, written by `save_sample`; the storage issue exports calibration recordings
to it): `world` (T, 33, 3) float32 MediaPipe world landmarks; `visibility` (T, 33) float32; `detected` (T,) bool
(False where no pose was found); `fps` float; `label` str (an exercise id from the registry); `subject` str (who: the
unit of train/test splits); `source` str (camera, file name, ...); optional `labels` (T,) str, a label per frame that
overrides `label` (for recordings that include idle stretches). `format` = "coach-sample-1".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from coach.errors import CoachError
from coach.exercises.registry import EXERCISES, class_ids
from coach.recognition.dataset import LabelledSequence, features_of
from coach.vision.features import FeatureSpec

SAMPLE_FORMAT = "coach-sample-1"


class SampleError(CoachError):
    """A recorded sample that cannot be used; the message names the file."""


def save_sample(
    path: Path,
    world: np.ndarray,
    visibility: np.ndarray,
    detected: np.ndarray,
    fps: float,
    label: str,
    subject: str,
    source: str,
    labels: list[str] | None = None,
) -> Path:
    """Write one sample (see the module docstring for the format)."""
    if label not in EXERCISES:
        raise SampleError(f"{path}: unknown exercise '{label}'")
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = {"labels": np.array(labels)} if labels is not None else {}
    np.savez_compressed(
        path,
        format=np.array(SAMPLE_FORMAT),
        world=np.asarray(world, np.float32),
        visibility=np.asarray(visibility, np.float32),
        detected=np.asarray(detected, bool),
        fps=np.float32(fps),
        label=np.array(label),
        subject=np.array(subject),
        source=np.array(source),
        **extra,
    )
    return path


def load_sample(path: Path, spec: FeatureSpec) -> LabelledSequence:
    """One sample as a labelled feature sequence; a malformed file raises SampleError naming it and the problem."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data.get("format", "")) != SAMPLE_FORMAT:
                raise SampleError(f"{path}: not a Coach sample (expected format {SAMPLE_FORMAT})")
            world, detected, fps = data["world"], data["detected"], float(data["fps"])
            visibility = data["visibility"]
            label, subject = str(data["label"]), str(data["subject"])
            labels = [str(x) for x in data["labels"]] if "labels" in data else [label] * len(world)
    except SampleError:
        raise
    except (OSError, ValueError, KeyError) as exc:
        raise SampleError(f"{path}: cannot be read as a sample ({exc})") from None
    if world.ndim != 3 or world.shape[1:] != (33, 3) or len(detected) != len(world) or len(labels) != len(world):
        raise SampleError(f"{path}: landmark arrays have inconsistent shapes {world.shape}, {detected.shape}")
    unknown = sorted({x for x in labels if x not in EXERCISES})
    if unknown:
        raise SampleError(f"{path}: unknown exercise labels {unknown}")
    classes = {name: i for i, name in enumerate(class_ids())}
    features, frames = features_of(world, visibility, detected, fps, spec)
    return LabelledSequence(features, np.array([classes[labels[i]] for i in frames], np.int64), subject)


def load_samples(folder: Path, spec: FeatureSpec) -> list[LabelledSequence]:
    """Every sample in a folder; an empty or missing folder is an error that says so."""
    if not folder.is_dir():
        raise SampleError(f"{folder}: no such folder of recorded samples")
    files = sorted(folder.glob("*.npz"))
    if not files:
        raise SampleError(f"{folder}: holds no recorded samples (*.npz); record some with `coach record`")
    return [load_sample(f, spec) for f in files]
