"""The per-frame chain and the camera-like pacing of recordings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coach.live.engine import display_rgb, fit_inside
from coach.live.snapshot import capture_frame
from coach.live.sources import paced
from coach.session import is_camera_spec
from coach.vision.sources import Frame


def test_frames_are_shrunk_to_fit_the_display_never_enlarged():
    assert fit_inside((1280, 720), (960, 540)) == (960, 540)
    assert fit_inside((720, 1366), (960, 540)) == (285, 540)
    assert fit_inside((640, 480), (1280, 720)) == (640, 480)
    rgb = np.zeros((720, 1280, 3), np.uint8)
    assert display_rgb(rgb, (640, 640)).shape == (360, 640, 3)
    assert display_rgb(rgb, (2000, 2000)) is rgb


@dataclass
class _Recording:
    fps: float = 10.0
    frames: int = 10

    def __iter__(self):
        for i in range(self.frames):
            yield Frame(np.zeros((2, 2, 3), np.uint8), i, i / self.fps)


class _FakeClock:
    def __init__(self, cost_per_frame: float) -> None:
        self.now = 100.0
        self.cost = cost_per_frame
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds


def test_a_recording_is_played_in_real_time_and_late_frames_are_dropped_like_a_camera_would():
    fast = _FakeClock(0.0)
    shown = [f.index for f, _ in paced(_Recording(), realtime=True, live=False, clock=fast.clock, sleep=fast.sleep)]
    assert shown == list(range(10)) and abs(fast.slept - 0.9) < 1e-9  # waits for each frame's moment

    slow = _FakeClock(0.25)  # processing takes 2.5 frame periods
    shown = []
    for frame, _ in paced(_Recording(), realtime=True, live=False, clock=slow.clock, sleep=slow.sleep):
        shown.append(frame.index)
        slow.now += slow.cost
    assert shown == [0, 2, 4, 7, 9]  # each time, the newest frame that is due

    unpaced = _FakeClock(0.0)
    assert len(list(paced(_Recording(), realtime=False, live=False, clock=unpaced.clock, sleep=unpaced.sleep))) == 10
    assert unpaced.slept == 0.0


def test_camera_specs_are_recognised():
    assert is_camera_spec("camera") and is_camera_spec("camera:2") and is_camera_spec("0")
    assert not is_camera_spec("synthetic") and not is_camera_spec("clip.mp4")


def test_a_snapshot_of_the_avatar_mid_squat_knows_what_it_sees():
    frame, info = capture_frame("synthetic", 4.0, display_size=(640, 480))
    assert info.name == "synthetic" and frame.truth_label == "squat"
    assert abs(frame.timestamp_s - 4.0) < 1 / 30 + 1e-9
    assert frame.label == "squat" and frame.confidence > 0.6
