"""A source that fails mid-stream is reported in one line and opened again until it works; the frames then carry on
where they stopped, on one clock that never goes back, and nothing is delivered twice. Through the worker too."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from coach.errors import SourceError
from coach.live.client import LiveProcessor
from coach.live.config import LiveConfig
from coach.live.frame import SourceBack, SourceLost
from coach.live.recovery import KeptSource, camera_gone
from coach.vision.sources import Frame, VideoFileSource

PICTURE = np.zeros((4, 4, 3), np.uint8)


class Scripted:
    """A FrameSource: frames `first`..`last - 1` at 30 fps; raises `error` instead of frame `fail_at`. A camera
    (`live`) stamps its frames from 0 whenever it is opened, like CameraSource."""

    def __init__(self, name: str, last: int, *, fail_at: int | None = None, live: bool = False) -> None:
        self.name, self.fps, self.frame_count = name, 30.0, None if live else last
        self.last, self.fail_at, self.live = last, fail_at, live
        self.closed = False

    def __iter__(self) -> Iterator[Frame]:
        for i in range(self.last):
            if i == self.fail_at:
                raise SourceError(f"{self.name}: cannot be decoded at frame {i} (damaged?)")
            yield Frame(PICTURE, i, i / 30.0)

    def close(self) -> None:
        self.closed = True


class Opener:
    """Opens the next of `sources` each time; a SourceError in the list is raised instead."""

    def __init__(self, *sources: Scripted | SourceError) -> None:
        self.sources = list(sources)

    def __call__(self) -> Scripted:
        item = self.sources.pop(0)
        if isinstance(item, SourceError):
            raise item
        return item


def run(kept: KeptSource) -> list[Frame]:
    return [frame for frame, _ in kept]


def test_a_video_that_fails_mid_way_is_reopened_and_goes_on_after_the_last_frame_it_gave():
    posted: list[object] = []
    backs: list[int] = []
    first = Scripted("clip.mp4", 30, fail_at=10)
    kept = KeptSource(Opener(Scripted("clip.mp4", 30)), first, live=False, realtime=False, post=posted.append,
                      stopped=lambda: False, retry_s=0.0, on_back=lambda: backs.append(1))  # fmt: skip
    frames = run(kept)
    assert [f.timestamp_s for f in frames] == [i / 30.0 for i in range(30)]  # each frame once, on the file's clock
    assert [f.index for f in frames] == list(range(30))
    assert posted == [SourceLost("clip.mp4: cannot be decoded at frame 10 (damaged?)"), SourceBack("clip.mp4")]
    assert backs == [1] and first.closed


def test_an_unplugged_camera_is_tried_again_until_it_is_back_and_time_runs_on():
    posted: list[object] = []
    sleeps: list[float] = []
    not_found = SourceError("camera 0: no webcam found or it gives no picture")
    kept = KeptSource(
        Opener(not_found, not_found, Scripted("camera 0", 5, live=True)),
        Scripted("camera 0", 8, live=True),  # 8 pictures, then nothing: unplugged
        live=True, realtime=False, post=posted.append, stopped=lambda: len(posted) > 3, retry_s=0.5,
        sleep=sleeps.append,
    )  # fmt: skip
    frames = run(kept)
    assert posted[:3] == [SourceLost(camera_gone("camera 0")), SourceLost(str(not_found)), SourceBack("camera 0")]
    assert sum(sleeps) == pytest.approx(1.0)  # twice the retry pause before it opened
    times = [f.timestamp_s for f in frames]
    assert len(frames) == 13 and all(b > a for a, b in itertools.pairwise(times))


def test_a_source_that_simply_ends_is_not_lost():
    posted: list[object] = []
    for source, live in ((Scripted("clip.mp4", 4), False), (Scripted("synthetic", 4, live=True), True)):
        kept = KeptSource(Opener(), source, live=live, camera=False, realtime=False, post=posted.append,
                          stopped=lambda: False)  # fmt: skip
        assert len(run(kept)) == 4
    assert posted == []


def test_a_source_picked_mid_workout_starts_on_the_workouts_clock_even_if_it_opens_late():
    posted: list[object] = []
    kept = KeptSource(Opener(SourceError("camera 1: no webcam found"), Scripted("camera 1", 3, live=True)), None,
                      live=True, realtime=False, post=posted.append, stopped=lambda: len(posted) > 1, retry_s=0.0,
                      start_at_s=42.0)  # fmt: skip
    frames = run(kept)
    assert [f.timestamp_s for f in frames] == [42.0, 42.0 + 1 / 30, 42.0 + 2 / 30]
    assert posted[:2] == [SourceLost("camera 1: no webcam found"), SourceBack("camera 1")]


def test_stopping_while_the_source_is_gone_ends_at_once():
    calls = {"stopped": 0}

    def stopped() -> bool:
        calls["stopped"] += 1
        return calls["stopped"] > 5

    gone = SourceError("camera 0: no webcam found")
    kept = KeptSource(Opener(*[gone] * 100), Scripted("camera 0", 2, live=True), live=True, realtime=False,
                      post=lambda _: None, stopped=stopped, retry_s=10.0, sleep=lambda _: None)  # fmt: skip
    assert len(run(kept)) == 2


class BreaksAt:
    """A real video that raises SourceError instead of giving frame `fail_at`."""

    def __init__(self, source: VideoFileSource, fail_at: int) -> None:
        self.inner, self.fail_at = source, fail_at
        self.name, self.fps, self.frame_count = source.name, source.fps, source.frame_count

    def __iter__(self) -> Iterator[Frame]:
        for frame in self.inner:
            if frame.index == self.fail_at:
                raise SourceError(f"{self.name}: the disk went away")
            yield frame

    def close(self) -> None:
        self.inner.close()


class FailsOnceThenReopens:
    """The worker's opener: the first open breaks after 5 frames, the next two attempts fail, then it works."""

    def __init__(self) -> None:
        self.opens = 0

    def __call__(self, spec: str) -> VideoFileSource | BreaksAt:
        self.opens += 1
        if self.opens == 1:
            return BreaksAt(VideoFileSource(spec), 5)
        if self.opens <= 3:
            raise SourceError(f"{spec}: cannot be read right now")
        return VideoFileSource(spec)


def test_the_worker_reports_a_lost_video_and_delivers_every_frame_once_when_it_is_back(tiny_video: Path):
    config = LiveConfig(source=str(tiny_video), realtime=False, recognition=False, retry_s=0.2,
                        open_source=FailsOnceThenReopens())  # fmt: skip
    seen_lost: list[str] = []
    with LiveProcessor(config, mode="thread") as live:
        deadline = time.monotonic() + 60
        while live.ended is None and time.monotonic() < deadline:
            live.poll()
            if live.lost is not None and live.lost.message not in seen_lost:
                seen_lost.append(live.lost.message)
            time.sleep(0.005)
        assert live.ended is not None and live.ended.frames == 12  # 5 before, 7 after: none twice, none missing
        assert live.lost is None
    assert seen_lost and all(message.startswith(f"{tiny_video}: ") for message in seen_lost)  # said while it lasted


def test_a_source_picked_mid_workout_that_is_not_there_is_said_and_tried_again_not_fatal():
    config = LiveConfig(source="camera:97", keep_trying=True, fallback_to_synthetic=False, retry_s=0.1,
                        display_size=(160, 120))  # fmt: skip
    with LiveProcessor(config, mode="thread") as live:
        deadline = time.monotonic() + 30
        while live.lost is None:
            live.poll()  # never raises: the worker keeps trying
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert live.lost.message.startswith("camera 97: no webcam found")
        time.sleep(0.3)
        live.poll()
        assert live.running and live.lost is not None and live.source is None
