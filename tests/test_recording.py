"""Calibration recording: countdown, goals in seconds or reps, and what ends up in the sequence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coach.cli import main
from coach.counting.events import RepEvent, RepTempo
from coach.pipeline import FrameResult
from coach.recording import Recorder
from coach.vision.pose import Pose
from coach.vision.sources import Frame


def _result(index: int, fps: float = 30.0, person: bool = True, events: tuple = ()) -> FrameResult:
    frame = Frame(rgb=np.zeros((2, 2, 3), np.uint8), index=index, timestamp_s=index / fps)
    pose = None
    if person:
        world = np.full((33, 3), index, np.float32)
        pose = Pose(np.zeros((33, 2), np.float32), world, np.full(33, 0.9, np.float32))
    return FrameResult(frame=frame, raw_pose=pose, pose=pose, features=None, events=events)


def _rep(end_s: float, partial: bool = False) -> RepEvent:
    return RepEvent("squat", "both", end_s - 1.0, end_s, RepTempo(0.5, 0.5), 90.0, 0.9, (), partial)


def test_seconds_goal_after_a_countdown_keeps_only_the_recording():
    recorder = Recorder("squat", seconds=2.0, countdown_s=1.0)
    done_at = next(i for i in range(200) if recorder.feed(_result(i)))
    assert done_at == 89  # 30 countdown frames, then 2 s at 30 fps: 60 frames
    sequence = recorder.sequence(30.0)
    assert sequence.frames == 60 and sequence.fps == pytest.approx(30.0)
    assert sequence.world[0, 0, 0] == 30  # the first frame after the countdown


def test_frames_without_a_person_stay_in_marked_not_detected():
    recorder = Recorder("plank", seconds=1.0)
    for i in range(31):
        recorder.feed(_result(i, person=i % 3 != 0))
    sequence = recorder.sequence(30.0)
    assert sequence.detected_frames == 20 and not sequence.detected[0] and sequence.world[0].sum() == 0


def test_reps_goal_stops_at_the_nth_rep_counted():
    """The step's rep events count towards the goal, partial ones too (a short range is the person's own, and what
    calibration is for); reps begun in the countdown do not."""
    reps = {15: _rep(0.5), 45: _rep(1.5), 66: _rep(2.2, partial=True), 75: _rep(2.5), 105: _rep(3.5), 123: _rep(4.1)}
    recorder = Recorder("squat", reps=3, countdown_s=1.0)
    done_at = next(i for i in range(300) if recorder.feed(_result(i, events=(reps[i],) if i in reps else ())))
    assert done_at == 105 and recorder.reps == 3  # the rep ending at 1.5 s began in the countdown


def test_record_reps_from_the_avatar_uses_the_rep_counter(tmp_path: Path, capsys):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    assert main(["record", "squat", "--reps", "3", "--source", "synthetic", "--db", url]) == 0
    assert "3 reps counted" in capsys.readouterr().out
