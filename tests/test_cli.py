"""The `coach` command as a person meets it: clear one-line errors with exit code 2, and the analysis JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def run_coach(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "no such file"), (b"", "the file is empty"), (b"hello\n" * 100, "cannot be decoded as a video")],
    ids=["missing", "empty", "not-a-video"],
)
def test_analyze_refuses_bad_files_in_one_line(tmp_path: Path, content: bytes | None, expected: str):
    video = tmp_path / "clip.mp4"
    if content is not None:
        video.write_bytes(content)
    result = run_coach("analyze", str(video), "--json", str(tmp_path / "out.json"))
    assert result.returncode == 2
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0], "one line only"
    assert result.stderr.startswith(f"coach: error: {video}: ") and expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_asking_for_a_model_not_in_the_wheel_is_a_clear_error(tiny_video: Path, tmp_path: Path):
    result = run_coach("analyze", str(tiny_video), "--json", str(tmp_path / "o.json"), "--model-complexity", "2")
    assert result.returncode == 2 and "use model complexity 1" in result.stderr and "Traceback" not in result.stderr


def test_analyze_writes_the_documented_json_even_when_nobody_is_there(tiny_video: Path, tmp_path: Path):
    out = tmp_path / "report" / "tiny.json"
    result = run_coach("analyze", str(tiny_video), "--json", str(out), "--annotate", str(tmp_path / "ann.mp4"))
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["frames"] == 12 and report["pose_frames"] == 0 and report["fps"] == pytest.approx(25.0)
    assert report["video"] == str(tiny_video)
    assert set(report["angles"]) >= {"left_elbow", "right_knee", "left_shoulder_abduction", "trunk_lean"}
    assert all(len(v) == 12 and set(v) == {None} for v in report["angles"].values())
    assert "no person found" in result.stderr
    assert (tmp_path / "ann.mp4").stat().st_size > 0


def test_demo_without_a_webcam_shows_the_synthetic_avatar_and_says_so():
    result = run_coach("demo", "--source", "camera:96", "--seconds", "3.5")
    assert result.returncode == 0, result.stderr
    assert "No webcam found" in result.stdout and "synthetic avatar" in result.stdout
    assert "left_knee" in result.stdout and "[" in result.stdout  # live angles, labelled with what the avatar does
    assert "Coach sees:" in result.stdout  # and what the recognizer makes of it
    assert "Traceback" not in result.stderr


def test_synth_writes_a_video_and_its_truth(tmp_path: Path):
    out = tmp_path / "squat.mp4"
    result = run_coach(
        "synth", "squat", "--reps", "3", "--seed", "3", "--out", str(out), "--width", "320", "--height", "240"
    )
    assert result.returncode == 0, result.stderr
    truth = json.loads((tmp_path / "squat.truth.json").read_text())
    assert truth["exercise"] == "squat" and truth["reps"] == 3 and len(truth["rep_frames"]) == 3
    import cv2

    capture = cv2.VideoCapture(str(out))
    assert int(capture.get(cv2.CAP_PROP_FRAME_COUNT)) == truth["frames"]
    assert int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)) == 320


def test_synth_npz_holds_the_landmarks_and_labels(tmp_path: Path):
    import numpy as np

    result = run_coach("synth", "plank", "--seconds", "5", "--idle", "2", "--npz", "--out", str(tmp_path / "p"))
    assert result.returncode == 0, result.stderr
    data = np.load(tmp_path / "p.npz")
    assert data["world"].shape[1:] == (33, 3) and data["world"].shape[0] == len(data["labels"])
    assert {"idle", "plank"} <= set(data["labels"].tolist())


def test_synth_refuses_an_unknown_exercise_by_name(tmp_path: Path):
    result = run_coach("synth", "burpee", "--out", str(tmp_path / "b.mp4"))
    assert result.returncode == 2 and "unknown exercise 'burpee'" in result.stderr and "Traceback" not in result.stderr
