"""Training data: windows labelled by what happens at their end, people kept apart across splits, recorded samples."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coach.cli import main
from coach.exercises import class_ids
from coach.recognition.dataset import (
    EVALUATION_FIRST_SUBJECT,
    LabelledSequence,
    split_subjects,
    synthetic_subject,
    windows,
)
from coach.recognition.samples import SampleError, load_sample, load_samples, save_sample
from coach.synth.generator import generate_clip
from coach.vision.features import FeatureSpec

SPEC = FeatureSpec()


def test_windows_are_cut_every_hop_and_labelled_by_their_end():
    labels = np.array([0] * 40 + [3] * 24)
    seq = LabelledSequence(np.arange(64, dtype=np.float32)[:, None].repeat(5, 1), labels, "a")
    x, y = windows([seq], steps=32, hop=8)
    assert x.shape == (5, 32, 5)
    np.testing.assert_array_equal(x[1, :, 0], np.arange(8, 40))
    assert y.tolist() == [0, 0, 3, 3, 3]  # a window ending in the new exercise is that exercise


def test_a_window_means_the_same_however_far_apart_windows_start():
    labels = np.array([0] * 48 + [3] * 24)  # a new exercise starts at step 48
    seq = LabelledSequence(np.zeros((72, 2), np.float32), labels, "a")
    x, y = windows([seq], steps=32, hop=24)
    assert len(x) == 2  # windows ending at steps 32 and 56
    assert y.tolist() == [0, 3]  # the second ends with 8 steps of the new exercise: it is that exercise, as at hop 8
    assert windows([seq], steps=32, hop=8)[1][3] == 3  # the window ending at step 56, cut at hop 8
    assert windows([seq], steps=32, hop=24, label_steps=24)[1].tolist() == [0, 0]  # unless told to look further back


def test_short_sequences_give_no_windows():
    x, y = windows([LabelledSequence(np.zeros((10, 4), np.float32), np.zeros(10, np.int64), "a")], 32, 8)
    assert len(x) == len(y) == 0


def test_splits_keep_each_person_on_one_side():
    people = [f"p{i}" for i in range(40)]
    train, val, test = split_subjects(people, 0.15, 0.15, seed=3)
    assert set(train).isdisjoint(val) and set(train).isdisjoint(test) and set(val).isdisjoint(test)
    assert sorted(train + val + test) == sorted(people) and len(test) == 6 and len(val) == 6
    assert split_subjects(people, 0.15, 0.15, seed=3) == (train, val, test)


def test_a_synthetic_person_covers_every_class_at_the_model_rate():
    sequences = synthetic_subject(4, SPEC)
    assert all(s.features.shape[1] == SPEC.dim and s.subject == "synthetic-4" for s in sequences)
    present = set(np.concatenate([s.labels for s in sequences]).tolist())
    assert present == set(range(len(class_ids())))


def test_recorded_samples_round_trip(tmp_path: Path):
    clip = generate_clip("squat", reps=3, seed=2)
    path = save_sample(tmp_path / "s1.npz", clip.world, clip.visibility, clip.detected, clip.fps, "squat", "me", "cam")
    seq = load_sample(path, SPEC)
    assert seq.subject == "me" and set(seq.labels.tolist()) == {class_ids().index("squat")}
    assert len(load_samples(tmp_path, SPEC)) == 1


def test_bad_samples_are_refused_by_file_name(tmp_path: Path):
    (tmp_path / "junk.npz").write_bytes(b"not a sample")
    with pytest.raises(SampleError, match=r"junk\.npz: cannot be read"):
        load_samples(tmp_path, SPEC)
    with pytest.raises(SampleError, match="holds no recorded samples"):
        load_samples(tmp_path / "empty" if (tmp_path / "empty").mkdir() is None else tmp_path, SPEC)
    with pytest.raises(SampleError, match="unknown exercise 'burpee'"):
        save_sample(
            tmp_path / "b.npz", np.zeros((5, 33, 3)), np.ones((5, 33)), np.ones(5, bool), 30, "burpee", "me", "x"
        )


def test_training_never_reaches_the_evaluation_people(tmp_path: Path, capsys):
    """Retraining's evaluation people start at EVALUATION_FIRST_SUBJECT; training uses people 1..--subjects, and asking
    for more than the range below them is refused before any work, so no trained model has seen them."""
    argv = ["train", "--data", "synthetic", "--subjects", str(EVALUATION_FIRST_SUBJECT), "--out", str(tmp_path / "m")]
    assert main(argv) == 2
    assert f"--subjects {EVALUATION_FIRST_SUBJECT}: at most {EVALUATION_FIRST_SUBJECT - 1}" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
    last_training_clip_seed = (EVALUATION_FIRST_SUBJECT - 1) * 1009 + 1008  # person N's clips: N * 1009 + k, k < 1009
    assert last_training_clip_seed < EVALUATION_FIRST_SUBJECT * 1009


def test_training_with_no_worker_processes_is_refused_in_one_line(tmp_path: Path, capsys):
    assert main(["train", "--workers", "0", "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["coach: error: --workers 0: give 1 or more (1: everything in this process)"]
    assert not (tmp_path / "m").exists()
