"""`coach analyze --exercise`: counts as a plan would and writes the documented "reps" object; a wrong name is one
clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach.analysis import analyze
from coach.model_choice import shipped_model_dir
from coach.outputs import write_json
from coach.pipeline import FrameStep, PosePipeline, count_recorded
from coach.recognition.bundle import load_model

from .helpers import ClipSource, clip, frames

REPS_KEYS = {"mode", "exercise", "counts", "holds", "sets", "events", "disagreements", "credited", "refused"}
EVENT_KEYS = {"exercise", "side", "start_s", "end_s", "tempo", "range_of_motion", "quality", "cues", "partial"}
HOLD_KEYS = {"exercise", "start_s", "end_s", "seconds", "quality", "cues"}


def _no_mediapipe() -> FrameStep:
    """The per-frame step for sources that carry their true poses: asking it for MediaPipe fails the test."""

    def refuse():
        raise AssertionError("a generated clip must not need MediaPipe")

    return FrameStep(PosePipeline(refuse))


def _coach(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(("name", "says"), [("NOPE", "NOPE"), ("idle", "idle")])
def test_an_exercise_that_cannot_be_counted_is_one_clear_line(tiny_video: Path, tmp_path: Path, name: str, says: str):
    out = tmp_path / "out.json"
    result = _coach("analyze", str(tiny_video), "--json", str(out), "--exercise", name)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coach: error: ") and says in lines[0], result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_analyze_with_an_exercise_writes_the_documented_reps(tmp_path: Path):
    synth = clip("squat", 2, 3)
    report = analyze(ClipSource(synth), _no_mediapipe(), exercise="squat").to_json()
    write_json(report, tmp_path / "squat.json")
    reps = json.loads((tmp_path / "squat.json").read_text())["reps"]
    assert set(reps) == REPS_KEYS
    assert reps["mode"] == "exercise" and reps["exercise"] == "squat"
    assert reps["counts"] == {"squat": synth.count()} == {"squat": 3} and reps["holds"] == {}
    assert [(s["exercise"], s["reps"]) for s in reps["sets"]] == [("squat", 3)]
    assert len(reps["events"]) >= 3 and all(set(e) == EVENT_KEYS for e in reps["events"])
    assert all(set(e["tempo"]) == {"eccentric_s", "concentric_s"} for e in reps["events"])
    assert reps["disagreements"] == []


def test_replaying_poses_counts_what_analyze_counts():
    """`coach.pipeline.count_recorded` (benchmarks, the real-clip test) and `analyze --exercise` agree."""
    synth = clip("bicep_curl", 11)
    reps = analyze(ClipSource(synth), _no_mediapipe(), exercise="bicep_curl").to_json()["reps"]
    replayed = count_recorded("bicep_curl", frames(synth))
    assert reps["events"] == [e.to_json() for e in replayed.events]


def test_analyze_times_a_plank(tmp_path: Path):
    synth = clip("plank", 0, None, seconds=8.0)
    reps = analyze(ClipSource(synth), _no_mediapipe(), exercise="plank").to_json()["reps"]
    assert reps["counts"] == {} and reps["holds"]["plank"] == pytest.approx(synth.holds["plank"], abs=1.5)
    assert reps["events"] and all(set(e) == HOLD_KEYS for e in reps["events"])


def test_analyze_in_free_mode_counts_what_the_shipped_recognizer_confirms():
    synth = clip("squat", 2, 3)
    step = _no_mediapipe()
    step.use_recognizer(load_model(shipped_model_dir(), expected=step.spec).stream())
    report = analyze(ClipSource(synth), step).to_json()
    assert report["reps"]["mode"] == "free" and report["reps"]["exercise"] is None
    assert report["reps"]["counts"] == {"squat": 3}
    assert "squat" in {s["exercise"] for s in report["segments"]}


def test_without_a_recognizer_or_an_exercise_there_are_no_reps():
    report = analyze(ClipSource(clip("squat", 2, 3)), _no_mediapipe()).to_json()
    assert "reps" not in report


def test_counting_can_be_switched_off():
    report = analyze(ClipSource(clip("squat", 2, 3)), _no_mediapipe(), exercise="squat", count=False).to_json()
    assert "reps" not in report
