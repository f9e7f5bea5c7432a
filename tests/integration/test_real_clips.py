"""The real pipeline on real people (../shared/data/clips): a pose is found and the angles move as the exercise does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coach.analysis import analyze
from coach.model_choice import choose_model
from coach.pipeline import FrameResult, FrameStep, PosePipeline, count_recorded, pose_frames
from coach.session import build_step
from coach.vision.features import FeatureSpec
from coach.vision.pose import Pose
from coach.vision.sources import Frame, VideoFileSource

pytestmark = pytest.mark.slow


class RecordingPipeline:
    """The real pipeline, keeping every frame's raw MediaPipe pose so counting can be replayed without MediaPipe."""

    def __init__(self, inner: PosePipeline) -> None:
        self.inner = inner
        self.poses: list[tuple[float, Pose | None]] = []

    @property
    def spec(self) -> FeatureSpec:
        return self.inner.spec

    def process(self, frame: Frame) -> FrameResult:
        result = self.inner.process(frame)
        self.poses.append((frame.timestamp_s, result.raw_pose))
        return result

    def reset(self) -> None:
        self.inner.reset()

    def close(self) -> None:
        self.inner.close()


@pytest.fixture(scope="module")
def runs(clips_dir: Path, clip_truth: list[dict]) -> dict[str, tuple[dict, list[tuple[float, Pose | None]]]]:
    """Every clip analysed once with the shipped recognizer (about 4 minutes on 2 cores): the report, and the raw
    poses of every frame."""
    results = {}
    for entry in clip_truth:
        with VideoFileSource(clips_dir / entry["file"]) as source:
            step, _ = build_step(choose_model(), lazy=False)
            recording = RecordingPipeline(step.pipeline)
            step = FrameStep(recording, step.recognizer)  # type: ignore[arg-type]
            try:
                report = analyze(source, step).to_json()
            finally:
                step.close()
            results[entry["file"]] = (report, recording.poses)
    return results


@pytest.fixture(scope="module")
def analyses(runs: dict[str, tuple[dict, list]]) -> dict[str, dict]:
    """Every clip's analysis JSON."""
    return {name: report for name, (report, _) in runs.items()}


def test_a_pose_is_found_on_at_least_90_percent_of_every_clip(analyses: dict[str, dict], clip_truth: list[dict]):
    found = {name: a["pose_frames"] / a["frames"] for name, a in analyses.items()}
    assert all(f >= 0.90 for f in found.values()), found
    for entry in clip_truth:  # the whole video was read
        assert abs(analyses[entry["file"]]["frames"] - entry["frames"]) <= 2, entry["file"]


def _range(values: list[float | None]) -> tuple[float, float]:
    v = np.array([x for x in values if x is not None])
    return float(np.percentile(v, 3)), float(np.percentile(v, 97))


def test_squat_knees_bend_deep_and_straighten(analyses: dict[str, dict]):
    for name in ("squat_front_03.mp4", "squat_side_02.mp4"):
        low, high = _range(analyses[name]["angles"]["left_knee"] + analyses[name]["angles"]["right_knee"])
        assert low < 100 and high > 150, (name, low, high)


def test_both_elbows_sweep_through_alternating_curls(analyses: dict[str, dict]):
    # Seen from the front the forearm points at the camera at the top of a curl, where MediaPipe's depth is weakest:
    # the 3D angle bottoms out near 80-95 degrees rather than the ~50 a goniometer would read. The sweep is still large.
    for side in ("left", "right"):
        low, high = _range(analyses["curl_front_01.mp4"]["angles"][f"{side}_elbow"])
        assert low < 100 and high - low > 50, (side, low, high)


def test_lateral_raise_is_abduction_and_front_raise_is_flexion(analyses: dict[str, dict]):
    lateral = analyses["lateral_raise_front_01.mp4"]["angles"]
    _, abduction_top = _range(lateral["left_shoulder_abduction"])
    assert abduction_top > 70
    front = analyses["front_raise_side_02.mp4"]["angles"]
    _, flexion_top = _range(front["left_shoulder_flexion"] + front["right_shoulder_flexion"])
    assert flexion_top > 70


def test_the_plank_is_held_lying_down(analyses: dict[str, dict]):
    lean = [x for x in analyses["plank_side_01.mp4"]["angles"]["trunk_lean"][150:900] if x is not None]
    assert np.median(lean) > 60


def test_coach_analyze_command_writes_the_report(clips_dir: Path, tmp_path: Path):
    out = tmp_path / "press.json"
    clip = clips_dir / "shoulder_press_front_01.mp4"
    result = subprocess.run(
        [sys.executable, "-m", "coach", "analyze", str(clip), "--json", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert report["frames"] == 151 and report["pose_frames"] >= 140
    assert len(report["angles"]["left_elbow"]) == 151


def _recognised(report: dict, truth: str) -> bool:
    """An exercise clip is recognised when its most-seen exercise is the true one (idle and unknown aside); the idle
    clip when idle and unknown together outlast every exercise."""
    seconds: dict[str, float] = {}
    for seg in report["segments"]:
        seconds[seg["exercise"]] = seconds.get(seg["exercise"], 0.0) + seg["end_s"] - seg["start_s"]
    resting = seconds.pop("idle", 0.0) + seconds.pop("unknown", 0.0)
    if truth == "idle":
        return not seconds or resting > max(seconds.values())
    return bool(seconds) and max(seconds, key=seconds.get) == truth


def test_the_shipped_model_names_the_exercise_on_the_real_clips(analyses: dict[str, dict], clip_truth: list[dict]):
    """The dominant label is right on every exercise clip (15 of them: front, 45 degrees and side)."""
    exercises = [e for e in clip_truth if e["exercise"] != "idle"]
    wrong = sorted(e["file"] for e in exercises if not _recognised(analyses[e["file"]], e["exercise"]))
    assert wrong == [], wrong


def test_the_joggers_are_not_read_as_an_exercise(analyses: dict[str, dict], clip_truth: list[dict]):
    """Two people jogging towards the camera: idle and unknown outlast every exercise (they read as lunges until the
    generator's runners kicked their heels back and jogged with relaxed arms)."""
    joggers = next(e for e in clip_truth if e["exercise"] == "idle")
    assert _recognised(analyses[joggers["file"]], "idle")


def test_counting_the_given_exercise_on_the_real_clips(runs: dict[str, tuple[dict, list]], clip_truth: list[dict]):
    """`coach analyze --exercise` on every real clip (replayed from the recorded poses through the same smoothing,
    features and counter): within one rep of the truth on every clip (the issue's target), mean relative error at
    most 0.05 (the target), exact on at least 12 of the 15 (measured: 12; the misses are in README), and the plank
    held within 5 s of the truth."""
    counted = {}
    for entry in clip_truth:
        if entry["exercise"] == "idle":
            continue
        counter = count_recorded(entry["exercise"], runs[entry["file"]][1])
        counted[entry["file"]] = (counter.count, *entry["reps_range"])
        if "hold_s" in entry:
            assert abs(counter.hold_seconds - entry["hold_s"]) <= 5.0, (entry["file"], counter.hold_seconds)
    assert len(counted) == 15
    assert all(low - 1 <= n <= high + 1 for n, low, high in counted.values()), counted
    exact = [name for name, (n, low, high) in counted.items() if low <= n <= high]
    assert len(exact) >= 12, counted
    errors = [abs(n - min(max(n, low), high)) / high for n, low, high in counted.values() if high > 0]
    assert sum(errors) / len(errors) <= 0.05, counted


class _Replay:
    """Recorded MediaPipe poses as a FrameSource, for `analyze` without MediaPipe."""

    name, fps, frame_count = "replay", 30.0, None

    def __init__(self, poses: list[tuple[float, Pose | None]]) -> None:
        self.poses = poses

    def __iter__(self):
        return iter(pose_frames(self.poses))

    def close(self) -> None:
        pass


def test_a_workout_credits_every_rep_counted_on_the_real_clips(runs: dict[str, tuple[dict, list]], clip_truth: list):
    """`analyze --exercise`'s `credited` (the workout's verification: the shipped recognizer's opinion backed by the
    body) takes no rep away from a real person doing the planned exercise."""
    refused = {}
    for entry in clip_truth:
        if entry["exercise"] == "idle":
            continue
        step, _ = build_step(choose_model())
        reps = analyze(_Replay(runs[entry["file"]][1]), step, exercise=entry["exercise"]).to_json()["reps"]
        assert reps["credited"] == reps["counts"] or entry["exercise"] == "plank", (entry["file"], reps["refused"])
        refused[entry["file"]] = reps["refused"]
    assert all(r == [] for r in refused.values()), refused
