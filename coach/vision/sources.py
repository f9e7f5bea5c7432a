"""Where frames come from: a webcam, a video file or a folder of images, all behind one small interface.

Every source yields `Frame`s (RGB uint8, index, timestamp in seconds) and raises `SourceError` with one line naming the
camera or file and what is wrong, before the first frame, so the person never sees a traceback or a silent empty run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from coach._quiet import native_output_silenced
from coach.errors import SourceError
from coach.vision.pose import Pose

# OpenCV and its FFmpeg backend print warnings for unreadable files and missing cameras; Coach reports those itself.
os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
import cv2

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp")
DEFAULT_FPS = 30.0


@dataclass(frozen=True, eq=False)
class FrameTruth:
    """What a synthetic source knows about its own frame: the true pose (None in a simulated dropout) and exercise."""

    pose: Pose | None
    label: str


@dataclass(frozen=True, eq=False)
class Frame:
    """One picture from a source. `rgb` is (height, width, 3) uint8; `timestamp_s` counts from the source's start.

    `truth` is set only by the synthetic source, so the pipeline can skip pose estimation for it.
    """

    rgb: np.ndarray
    index: int
    timestamp_s: float
    truth: FrameTruth | None = None


class FrameSource(Protocol):
    """What the pipeline needs from any source of frames."""

    name: str
    fps: float
    frame_count: int | None  # None for live sources

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...


class _CaptureSource:
    """Shared reading loop for OpenCV captures (files and cameras)."""

    name: str
    fps: float
    frame_count: int | None
    _live: bool

    def __init__(self, capture: cv2.VideoCapture, first_bgr: np.ndarray) -> None:
        self._capture = capture
        self._first_bgr: np.ndarray | None = first_bgr

    def __iter__(self) -> Iterator[Frame]:
        index = 0
        started = time.monotonic()
        while True:
            if self._first_bgr is not None:
                bgr, self._first_bgr = self._first_bgr, None
            else:
                ok, bgr = self._capture.read()
                if not ok or bgr is None:
                    return
            timestamp = time.monotonic() - started if self._live else index / self.fps
            yield Frame(rgb=cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), index=index, timestamp_s=timestamp)
            index += 1

    def close(self) -> None:
        self._capture.release()

    def __enter__(self) -> _CaptureSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class VideoFileSource(_CaptureSource):
    """Frames of a video file, timestamped by the file's frame rate."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        self._live = False
        if not self.path.exists():
            raise SourceError(f"{self.path}: no such file")
        if not self.path.is_file():
            raise SourceError(f"{self.path}: not a video file (it is a folder or a device)")
        if self.path.stat().st_size == 0:
            raise SourceError(f"{self.path}: the file is empty (0 bytes)")
        if not os.access(self.path, os.R_OK):
            raise SourceError(f"{self.path}: no permission to read the file")
        with native_output_silenced():
            capture = cv2.VideoCapture(str(self.path))
            ok, first = capture.read() if capture.isOpened() else (False, None)
        if not ok or first is None:
            capture.release()
            raise SourceError(f"{self.path}: cannot be decoded as a video (not a video, or damaged/incomplete)")
        fps = capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and np.isfinite(fps) and 1.0 <= fps <= 240.0 else DEFAULT_FPS
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        self.frame_count = count if count > 0 else None
        super().__init__(capture, first)


class CameraSource(_CaptureSource):
    """Live frames from a webcam, timestamped by the wall clock."""

    def __init__(self, index: int = 0, width: int = 640, height: int = 480) -> None:
        self.index = index
        self.name = f"camera {index}"
        self._live = True
        self.frame_count = None
        with native_output_silenced():
            capture = cv2.VideoCapture(index)
            if capture.isOpened():
                capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
                capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
            ok, first = capture.read() if capture.isOpened() else (False, None)
        if not ok or first is None:
            capture.release()
            raise SourceError(
                f"camera {index}: no webcam found or it gives no picture "
                "(is one connected, and not in use by another program?)"
            )
        fps = capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and np.isfinite(fps) and fps >= 1.0 else DEFAULT_FPS
        super().__init__(capture, first)


class ImageFolderSource:
    """The images of a folder in name order, as if they were a video at `fps` frames per second."""

    def __init__(self, folder: str | os.PathLike[str], fps: float = DEFAULT_FPS) -> None:
        self.folder = Path(folder)
        self.name = str(self.folder)
        self.fps = fps
        if not self.folder.is_dir():
            raise SourceError(f"{self.folder}: no such folder")
        self.paths = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self.paths:
            raise SourceError(f"{self.folder}: the folder holds no images ({', '.join(IMAGE_SUFFIXES)})")
        self.frame_count = len(self.paths)

    def __iter__(self) -> Iterator[Frame]:
        for index, path in enumerate(self.paths):
            bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if bgr is None:
                raise SourceError(f"{path}: cannot be read as an image (damaged, or not an image)")
            yield Frame(rgb=cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), index=index, timestamp_s=index / self.fps)

    def close(self) -> None:
        """Nothing to release; present for the common interface."""

    def __enter__(self) -> ImageFolderSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_source(spec: str) -> FrameSource:
    """Open a camera (`camera`, `camera:1` or `1`), a folder of images, or a video file. (`synthetic`, the avatar, and
    the fallback to it are `coach.session.open_named_source`'s: vision knows nothing of the generator.)"""
    text = spec.strip()
    if text == "camera":
        return CameraSource(0)
    if text.startswith("camera:") and text[len("camera:") :].isdigit():
        return CameraSource(int(text[len("camera:") :]))
    if text.isdigit() and not Path(text).exists():
        return CameraSource(int(text))
    if Path(text).is_dir():
        return ImageFolderSource(text)
    return VideoFileSource(text)
