"""Calibration samples: stored compactly, listed, deleted, exported to coach-sample-1, recorded with `coach record`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coach.cli import main
from coach.recognition.samples import load_sample
from coach.recording import LandmarkSequence, Recorder
from coach.storage import open_repository
from coach.storage.errors import NotFoundError
from coach.vision.features import FeatureSpec


def _sequence(frames: int = 90, seed: int = 0) -> LandmarkSequence:
    rng = np.random.default_rng(seed)
    detected = np.ones(frames, bool)
    detected[10:13] = False
    world = rng.normal(0, 0.3, (frames, 33, 3)).astype(np.float32)
    world[~detected] = 0
    visibility = rng.uniform(0, 1, (frames, 33)).astype(np.float32)
    visibility[~detected] = 0
    return LandmarkSequence(world, visibility, detected, 30.0)


def test_a_sample_comes_back_bit_for_bit(db_url: str):
    sequence = _sequence()
    with open_repository(db_url) as repo:
        sample_id = repo.samples.add("squat", sequence, source="camera 0", profile="ana", reps=5)
        info, loaded = repo.samples.load(sample_id)
    assert (info.exercise, info.profile, info.frames, info.detected_frames, info.reps) == ("squat", "ana", 90, 87, 5)
    assert info.seconds == pytest.approx(3.0)
    np.testing.assert_array_equal(loaded.world, sequence.world)
    np.testing.assert_array_equal(loaded.visibility, sequence.visibility)
    np.testing.assert_array_equal(loaded.detected, sequence.detected)


def test_list_delete_and_export(db_url: str, tmp_path: Path, capsys):
    with open_repository(db_url) as repo:
        first = repo.samples.add("squat", _sequence(seed=1), source="squat.mp4")
        second = repo.samples.add("plank", _sequence(120, seed=2), source="camera 0")
        third = repo.samples.add("pushup", _sequence(seed=3), source="synthetic")
    assert main(["samples", "--db", db_url]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert [row.split()[0] for row in rows] == [str(first), str(second), str(third)]
    assert "plank" in rows[1] and "4.0s" in rows[1] and "98%" in rows[1] and "camera 0" in rows[1]

    assert main(["samples", "--delete", str(second), "--db", db_url]) == 0
    assert f"deleted sample {second} (plank, 4.0 s from camera 0)" in capsys.readouterr().out
    assert main(["samples", "--delete", str(second), "--db", db_url]) == 2
    assert f"no calibration sample {second}" in capsys.readouterr().err

    out = tmp_path / "export"
    assert main(["samples", "--export", str(out), "--db", db_url]) == 0
    files = sorted(out.glob("*.npz"))
    assert [f.name for f in files] == [f"sample-{first:05d}-squat.npz", f"sample-{third:05d}-pushup.npz"]
    sequence = load_sample(files[0], FeatureSpec())  # the training loader accepts it
    assert sequence.subject == f"default-{first}" and len(sequence.labels) > 0
    assert main(["samples", "--export", str(out), "--db", db_url]) == 2  # never overwrites
    assert "already exists" in capsys.readouterr().err
    with open_repository(db_url) as repo, pytest.raises(NotFoundError):
        repo.samples.load(second)


def test_record_from_the_synthetic_avatar_stores_a_sample(tmp_path: Path, capsys):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    assert main(["record", "lunge", "--source", "synthetic", "--seconds", "3", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "sample 1: lunge, 90 frames (3.0 s at 30.0 fps), a person in 100% of them" in out
    with open_repository(url) as repo:
        (info,) = repo.samples.list()
        _, sequence = repo.samples.load(info.id)
    assert (info.exercise, info.source, info.reps) == ("lunge", "synthetic", None)
    assert sequence.world.shape == (90, 33, 3) and np.abs(sequence.world).max() > 0.1


def test_a_recording_goal_must_be_one_thing_and_fit_the_exercise():
    with pytest.raises(Exception, match="exactly one goal"):
        Recorder("squat", reps=5, seconds=10)
    with pytest.raises(Exception, match="plank: --reps needs"):
        Recorder("plank", reps=5)
    with pytest.raises(Exception, match="unknown exercise 'burpee'"):
        Recorder("burpee", seconds=5)
