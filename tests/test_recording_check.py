"""A calibration recording is stored only with one person in view for nearly all of it: the rules, and the two-people
check on generated avatars and on the real clips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coach.recording_check import (
    MAX_MISSING,
    SAMPLES_KEPT,
    FrameSampler,
    RecordingError,
    check_presence,
    presence_problem,
)


def _detected(frames: int, gone: slice | list[int] | None = None) -> np.ndarray:
    detected = np.ones(frames, bool)
    if gone is not None:
        detected[gone] = False
    return detected


def test_a_person_in_view_throughout_or_nearly_is_fine():
    assert presence_problem(_detected(90), 30.0) is None
    lost = list(range(5, 90, 6))  # 15 scattered frames of 90: a hand over the face, a fast move
    assert len(lost) / 90 <= MAX_MISSING
    assert presence_problem(_detected(90, lost), 30.0) is None


def test_an_empty_room_is_refused_with_what_to_do():
    with pytest.raises(RecordingError) as raised:
        check_presence("room.mp4", np.zeros(60, bool), 30.0)
    assert str(raised.value) == (
        "room.mp4: nobody was seen in the recording; nothing stored: stay where the camera sees your whole body "
        "until the recording ends, then record again"
    )


def test_walking_out_says_when():
    problem = presence_problem(_detected(90, slice(54, None)), 30.0)  # gone from 1.8 s of 3 s
    assert problem == "you left the picture at 1.8 s and were gone for the last 1.2 s (40% of the recording)"


def test_a_long_gap_in_the_middle_is_refused_too():
    assert presence_problem(_detected(100, slice(30, 60)), 30.0) == "nobody was in view for 30% of the recording"


def test_the_sampler_keeps_a_bounded_even_spread_of_a_long_recording():
    sampler = FrameSampler()
    frame = np.zeros((1080, 1920, 3), np.uint8)
    for i in range(30 * 60):  # a minute at 30 fps
        sampler.offer(i / 30.0, frame)
    times = [t for t, _ in sampler.frames]
    assert SAMPLES_KEPT // 2 <= len(times) <= SAMPLES_KEPT
    assert times[0] == 0.0 and times[-1] >= 55.0
    gaps = np.diff(times)
    assert gaps.max() - gaps.min() < 0.1  # evenly spread
    assert max(sampler.frames[0][1].shape[:2]) == 960  # kept shrunk


@pytest.fixture(scope="module")
def estimate():
    from coach.vision.pose import PoseEstimator

    with PoseEstimator(video=False) as estimator:
        yield estimator.estimate


def _sampled(video: Path) -> list[tuple[float, np.ndarray]]:
    """Frames as `coach record` keeps them for the check."""
    from coach.vision.sources import VideoFileSource

    sampler = FrameSampler()
    with VideoFileSource(video) as source:
        for frame in source:
            sampler.offer(frame.timestamp_s, frame.rgb)
    return sampler.frames


@pytest.mark.slow
def test_two_avatars_side_by_side_are_two_people_and_one_is_one(tmp_path: Path, estimate):
    from coach.vision.people import count_second_people
    from tests.bad_inputs import two_avatars_video, write_rgb_video

    two = _sampled(two_avatars_video(tmp_path / "two.mp4", seconds=2.0))
    seen = count_second_people(two, estimate)
    assert seen.two_people and len(seen.two_people_at) >= 3, seen
    halves = [(t, np.ascontiguousarray(rgb[:, rgb.shape[1] // 2 :])) for t, rgb in two]  # the squatting one alone
    one = _sampled(write_rgb_video(tmp_path / "one.mp4", [rgb for _, rgb in halves]))
    assert count_second_people(one, estimate).two_people_at == ()


@pytest.mark.slow
def test_the_real_clips_two_runners_are_two_people_and_the_gym_is_one(clips_dir: Path, estimate):
    from coach.vision.people import count_second_people

    runners = count_second_people(_sampled(clips_dir / "other_running_2people_01.mp4"), estimate)
    assert runners.two_people, runners
    # A busy gym: without the mirror test the machines were taken for a person in 27 of 73 frames.
    gym = count_second_people(_sampled(clips_dir / "curl_front_01.mp4"), estimate)
    assert gym.two_people_at == (), gym


@pytest.mark.slow
def test_the_apps_calibration_refuses_an_empty_room_too(tmp_path: Path):
    from coach.app.calibration_job import RecordingJob
    from tests.bad_inputs import empty_room_video

    room = empty_room_video(tmp_path / "room.mp4", seconds=1.5)
    job = RecordingJob(str(room), "squat", seconds=1.0, countdown_s=0.0, realtime=False)
    job.wait(120)
    assert job.snapshot.phase == "failed", job.snapshot
    assert job.snapshot.message.startswith(f"{room}: nobody was seen in the recording; nothing stored")
