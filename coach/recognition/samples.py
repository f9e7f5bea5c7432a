"""Recorded samples: a person's own movement, saved for training (`coach train --data DIR`).

Format (one sample per file, `DIR/*.npz`, written by `save_sample`; the storage issue exports calibration recordings
to it): `world` (T, 33, 3) float32 MediaPipe world landmarks; `visibility` (T, 33) float32; `detected` (T,) bool
(False where no pose was found); `fps` float; `label` str (an exercise id from the registry); `subject` str (who: the
unit of train/test splits); `source` str (camera, file name, ...); optional `labels` (T,) str, a label per frame that
overrides `label` (for recordings that include idle stretches). `format` = "coach-sample-1".
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.errors import CoachError
from coach.exercises.registry import EXERCISES, class_ids
from coach.recognition.dataset import LabelledSequence, features_of
from coach.vision.features import FeatureSpec
from coach.vision.landmarks import NUM_LANDMARKS

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


@dataclass(frozen=True, eq=False)
class RawSample:
    """A sample's arrays, checked: (T, 33, 3) world, (T, 33) visibility, (T,) detected, a label per frame."""

    world: np.ndarray
    visibility: np.ndarray
    detected: np.ndarray
    fps: float
    labels: list[str]
    subject: str


_FIX = "record it again or remove it from the folder"


def read_sample(path: Path) -> RawSample:
    """One sample's arrays; a file that is damaged, of another format or of the wrong shapes raises SampleError naming
    it, the problem and what to do."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data.get("format", "")) != SAMPLE_FORMAT:
                raise SampleError(f"{path}: not a Coach sample (expected format {SAMPLE_FORMAT}); {_FIX}")
            missing = [k for k in ("world", "visibility", "detected", "fps", "label", "subject") if k not in data]
            if missing:
                raise SampleError(f"{path}: not a complete Coach sample (no {', '.join(missing)}); {_FIX}")
            world, visibility, detected = data["world"], data["visibility"], data["detected"]
            fps, label, subject = float(data["fps"]), str(data["label"]), str(data["subject"])
            labels = [str(x) for x in data["labels"]] if "labels" in data else [label] * len(world)
    except SampleError:
        raise
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise SampleError(f"{path}: cannot be read as a sample, damaged or not one ({detail}); {_FIX}") from None
    frames = len(world)
    if world.ndim != 3 or world.shape[1:] != (NUM_LANDMARKS, 3):
        raise SampleError(f"{path}: world has shape {world.shape}; a sample holds (frames, {NUM_LANDMARKS}, 3) "
                          f"MediaPipe landmarks; {_FIX}")  # fmt: skip
    if visibility.shape != (frames, NUM_LANDMARKS) or detected.shape != (frames,) or len(labels) != frames:
        raise SampleError(
            f"{path}: arrays of different lengths (world {world.shape}, visibility {visibility.shape}, detected "
            f"{detected.shape}, {len(labels)} labels); {_FIX}"
        )
    if frames == 0 or not detected.any():
        raise SampleError(f"{path}: no frame with a person in it; {_FIX}")
    if not (np.isfinite(fps) and 1.0 <= fps <= 240.0):
        raise SampleError(f"{path}: fps is {fps:g}; a sample's rate is 1-240 frames per second; {_FIX}")
    if not (np.isfinite(world[detected.astype(bool)]).all() and np.isfinite(visibility).all()):
        raise SampleError(f"{path}: landmarks include NaN or infinite values; {_FIX}")
    unknown = sorted({x for x in labels if x not in EXERCISES})
    if unknown:
        raise SampleError(f"{path}: unknown exercise label(s) {', '.join(unknown)} (known: {', '.join(EXERCISES)}); "
                          f"{_FIX}")  # fmt: skip
    return RawSample(world, visibility, detected.astype(bool), fps, labels, subject)


def load_sample(path: Path, spec: FeatureSpec) -> LabelledSequence:
    """One sample as a labelled feature sequence; a malformed file raises SampleError naming it and the problem."""
    raw = read_sample(path)
    classes = {name: i for i, name in enumerate(class_ids())}
    features, frames = features_of(raw.world, raw.visibility, raw.detected, raw.fps, spec)
    return LabelledSequence(features, np.array([classes[raw.labels[i]] for i in frames], np.int64), raw.subject)


def sample_files(folder: Path) -> list[Path]:
    """The sample files of a folder; a missing or empty folder is an error that says so."""
    if not folder.is_dir():
        raise SampleError(f"{folder}: no such folder of recorded samples")
    files = sorted(folder.glob("*.npz"))
    if not files:
        raise SampleError(f"{folder}: holds no recorded samples (*.npz); record some with `coach record`")
    return files


def check_samples(folder: Path) -> int:
    """Read every sample of a folder once, so a bad one is reported before training starts; returns how many."""
    files = sample_files(folder)
    for path in files:
        read_sample(path)
    return len(files)


def load_samples(folder: Path, spec: FeatureSpec) -> list[LabelledSequence]:
    """Every sample in a folder; an empty or missing folder is an error that says so."""
    return [load_sample(f, spec) for f in sample_files(folder)]
