"""Frame sources read what they should, and refuse bad input with one line naming the file."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
import pytest

from coach.errors import SourceError
from coach.vision.sources import CameraSource, ImageFolderSource, VideoFileSource, open_source


def test_video_file_yields_every_frame_in_rgb_with_timestamps(tiny_video: Path):
    with VideoFileSource(tiny_video) as source:
        frames = list(source)
    assert source.fps == pytest.approx(25.0)
    assert source.frame_count == 12
    assert len(frames) == 12
    assert frames[0].rgb.shape == (120, 160, 3) and frames[0].rgb.dtype == np.uint8
    assert [f.index for f in frames] == list(range(12))
    assert frames[5].timestamp_s == pytest.approx(5 / 25.0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.mp4", "no such file"),
        (lambda d: _write(d / "empty.mp4", b""), "empty"),
        (lambda d: _write(d / "notes.mp4", b"these are my workout notes, not a video\n" * 50), "cannot be decoded"),
        (lambda d: _truncated(d), "cannot be decoded"),
    ],
    ids=["missing", "empty", "not-a-video", "truncated-header"],
)
def test_bad_video_files_are_refused_with_the_file_name(tmp_path: Path, make, message):
    path = make(tmp_path)
    with pytest.raises(SourceError, match=message) as info:
        VideoFileSource(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_a_folder_is_not_a_video(tmp_path: Path):
    with pytest.raises(SourceError, match="not a video file"):
        VideoFileSource(tmp_path)


def test_image_folder_is_read_in_name_order(tmp_path: Path):
    for i in (2, 0, 1):
        cv2.imwrite(str(tmp_path / f"frame_{i:03d}.png"), np.full((40, 30, 3), 50 * i, np.uint8))
    (tmp_path / "readme.txt").write_text("ignored")
    with ImageFolderSource(tmp_path, fps=10.0) as source:
        frames = list(source)
    assert [int(f.rgb[0, 0, 0]) for f in frames] == [0, 50, 100]
    assert frames[2].timestamp_s == pytest.approx(0.2)


def test_image_folder_without_images_is_refused(tmp_path: Path):
    (tmp_path / "readme.txt").write_text("no pictures here")
    with pytest.raises(SourceError, match="holds no images"):
        ImageFolderSource(tmp_path)


def test_a_damaged_image_names_itself(tmp_path: Path):
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((10, 10, 3), np.uint8))
    (tmp_path / "b.png").write_bytes(b"not a png")
    with pytest.raises(SourceError, match=r"b\.png"):
        list(ImageFolderSource(tmp_path))


def test_a_missing_camera_says_so():
    with pytest.raises(SourceError, match="camera 97: no webcam found"):
        CameraSource(97)


def test_open_source_picks_the_kind_from_what_was_typed(tmp_path: Path, tiny_video: Path):
    assert isinstance(open_source(str(tiny_video)), VideoFileSource)
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((10, 10, 3), np.uint8))
    assert isinstance(open_source(str(tmp_path)), ImageFolderSource)
    with pytest.raises(SourceError, match="camera 98"):
        open_source("camera:98")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _truncated(directory: Path) -> Path:
    from tests.videos import write_test_video

    full = write_test_video(directory / "full.mp4", frames=30).read_bytes()
    return _write(directory / "cut.mp4", full[:200])  # a download that stopped early: header without the index


def _mjpeg(path: Path, width: int, height: int) -> Path:
    from tests.bad_inputs import mjpeg_avi_declaring

    return mjpeg_avi_declaring(path, width, height)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda d: _write(d / "me.mp4", cv2.imencode(".png", np.zeros((8, 8, 3), np.uint8))[1].tobytes()),
            "a picture (PNG), not a video",
        ),
        (lambda d: _mjpeg(d / "flat.avi", 0, 0), "its frames are 0x0 pixels"),
        (lambda d: _mjpeg(d / "big.avi", 12000, 9000), "its frames are 12000x9000 pixels, more than Coach reads"),
        (lambda d: _mjpeg(d / "ok.avi", 7680, 4320), "cannot be decoded"),  # 8K itself is allowed (this one is damaged)
        (lambda d: _write(d / "notes.mp4", b"BM is a car maker\n" * 10), "is not one Coach can read"),  # not a BMP
    ],
    ids=["picture", "0x0", "beyond-8k", "8k-allowed", "text-starting-BM"],
)
def test_pictures_and_impossible_sizes_are_named_before_decoding(tmp_path: Path, make, message):
    path = make(tmp_path)
    with pytest.raises(SourceError, match=re.escape(message)) as info:
        VideoFileSource(path)
    assert str(info.value).startswith(f"{path}: ") and "\n" not in str(info.value)


def test_a_video_with_no_frames_says_so(tmp_path: Path):
    path = tmp_path / "none.avi"
    cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (64, 48)).release()
    with pytest.raises(SourceError, match="the video holds no frames"):
        VideoFileSource(path)
