"""The live worker as the UI meets it: frames arrive without waiting, counted reps cross the process, errors are one
line, a missing camera becomes the avatar, and stopping leaves nothing running."""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from coach.counting.events import RepEvent
from coach.exercises.registry import class_ids
from coach.live.client import LiveError, LiveProcessor
from coach.live.config import LiveConfig
from coach.live.frame import CountExercise
from coach.live.worker import _Worker
from coach.pipeline import CountingState


def test_the_worker_process_delivers_analysed_frames_and_counted_reps_then_stops_cleanly():
    live = LiveProcessor(LiveConfig(source="synthetic", display_size=(320, 240)))
    with live:
        frame = live.wait_for_frame(timeout_s=60)
        live.send(CountExercise("squat"))  # the avatar starts with squats
        assert live.source is not None and live.source.name == "synthetic" and live.source.fallback_reason is None
        assert live.source.model is not None and "shipped model" in live.source.model
        assert frame.rgb.dtype == np.uint8 and frame.rgb.shape == (240, 320, 3)  # scaled for display, aspect kept
        assert frame.source_size == (640, 480)
        assert frame.pose is not None and frame.pose.image_xy.shape == (33, 2)
        assert {"left_knee", "right_elbow"} <= set(frame.angles)
        assert frame.classes == class_ids() and frame.probabilities is not None
        assert frame.probabilities.sum() == pytest.approx(1.0, abs=1e-3)
        assert frame.processed_at >= frame.captured_at
        events, states, received = [], [], 0
        deadline = time.monotonic() + 45
        while len(events) < 2 and time.monotonic() < deadline:
            update = live.poll()
            received += update.frames
            events.extend(update.events)
            if update.frame is not None and update.frame.counting is not None:
                states.append(update.frame.counting)
            time.sleep(1 / 60)
        assert len(events) >= 2 and all(isinstance(e, RepEvent) and e.exercise == "squat" for e in events)
        assert isinstance(states[-1], CountingState) and states[-1].count >= len([e for e in events if e.counted])
        assert received >= 15
        worker = live._worker
    assert worker is not None and not worker.is_alive() and worker.exitcode == 0


def test_a_missing_video_is_one_line_from_the_worker(tmp_path: Path):
    missing = tmp_path / "nope.mp4"
    with LiveProcessor(LiveConfig(source=str(missing))) as live, pytest.raises(LiveError) as caught:
        live.wait_for_frame(timeout_s=30)
    message = str(caught.value)
    assert message == f"{missing}: no such file" and "\n" not in message


def test_without_a_webcam_the_avatar_is_shown_and_the_reason_given():
    with LiveProcessor(LiveConfig(source="camera:97", display_size=(320, 240)), mode="thread") as live:
        frame = live.wait_for_frame(timeout_s=60)
        assert live.source is not None and live.source.name == "synthetic"
        assert "camera 97" in live.source.fallback_reason and "synthetic avatar" in live.source.fallback_reason
        assert frame.truth_label is not None  # it is the avatar


def test_a_short_video_ends_with_its_frame_count(tiny_video: Path):
    with LiveProcessor(LiveConfig(source=str(tiny_video), realtime=False, recognition=False), mode="thread") as live:
        deadline = time.monotonic() + 30
        while live.ended is None and time.monotonic() < deadline:
            live.poll()
            time.sleep(0.01)
        assert live.ended is not None and live.ended.frames == 12
        assert live.latest is not None and live.latest.pose is None and live.latest.label is None


def _frame_with_events(index: int, events: tuple) -> object:
    from coach.live.frame import LiveFrame

    return LiveFrame(
        index, index / 30, np.zeros((2, 2, 3), np.uint8), (2, 2), None, {}, (), None, None, 0.0, 0.0, 0.0, events=events
    )


def test_when_the_ui_stalls_frames_are_dropped_but_their_events_ride_on_the_next_one():
    results: queue.Queue = queue.Queue(1)
    worker = _Worker(LiveConfig(), results, queue.Queue(), threading.Event())
    worker._post_frame(_frame_with_events(0, ("a",)))
    worker._post_frame(_frame_with_events(1, ("b",)))  # the queue is full: dropped, "b" kept
    assert worker.dropped == 1
    assert results.get_nowait().events == ("a",)
    worker._post_frame(_frame_with_events(2, ("c",)))
    delivered = results.get_nowait()
    assert delivered.index == 2 and delivered.events == ("b", "c")
