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
        kind = sniff(self.path)
        if kind in IMAGE_KINDS:
            raise SourceError(
                f"{self.path}: a picture ({kind}), not a video; give a video file ({VIDEO_KINDS_SHOWN}), or a "
                "folder of pictures where a --source is asked for"
            )
        with native_output_silenced():
            capture = cv2.VideoCapture(str(self.path))
            size = _frame_size(capture) if capture.isOpened() else None
            if size is not None and (kind is not None or min(size) > 0):  # FFmpeg "opens" some text files at 0x0
                check_frame_size(self.path, *size, capture)  # before a frame of that size is decoded
            ok, first = capture.read() if capture.isOpened() else (False, None)
        if not ok or first is None:
            count = capture.get(cv2.CAP_PROP_FRAME_COUNT) if capture.isOpened() else -1
            capture.release()
            raise SourceError(f"{self.path}: {_undecodable(kind, count)}")
        fps = capture.get(cv2.CAP_PROP_FPS)
        self.fps = float(fps) if fps and np.isfinite(fps) and 1.0 <= fps <= 240.0 else DEFAULT_FPS
        count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        self.frame_count = count if count > 0 else None
        super().__init__(capture, first)


# What a file's first bytes say it is (offset, signature, kind): pictures are refused by name, and a video container
# that cannot be decoded is called damaged rather than "not a video".
_SIGNATURES = (
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
    (8, b"WEBP", "WebP"),
    (4, b"ftypheic", "HEIC"),
    (4, b"ftypheix", "HEIC"),
    (4, b"ftypmif1", "HEIF"),
    (4, b"ftypavif", "AVIF"),
    (4, b"ftyp", "MP4/MOV"),
    (4, b"moov", "MOV"),
    (4, b"mdat", "MOV"),
    (4, b"wide", "MOV"),
    (8, b"AVI ", "AVI"),
    (0, b"\x1a\x45\xdf\xa3", "MKV/WebM"),
    (0, b"OggS", "Ogg"),
    (0, b"FLV\x01", "FLV"),
    (0, b"\x00\x00\x01\xba", "MPEG"),
    (0, b"0&\xb2u\x8ef\xcf\x11", "WMV"),
    (0, b"YUV4MPEG2", "Y4M"),
)
IMAGE_KINDS = ("JPEG", "PNG", "GIF", "BMP", "TIFF", "WebP", "HEIC", "HEIF", "AVIF")
VIDEO_KINDS_SHOWN = "mp4, mov, avi, mkv, webm"
# The largest picture Coach reads: 8K UHD. The pose model looks at 256x256 anyway; a larger frame only costs memory
# (one 12000x9000 frame is 324 MB) and time, so the person is asked for a smaller copy instead.
MAX_FRAME_PIXELS = 7680 * 4320


def sniff(path: Path) -> str | None:
    """The kind of file its first bytes say it is (None: none Coach knows)."""
    with path.open("rb") as handle:
        head = handle.read(16)
    for offset, signature, kind in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return kind
    # BMP: "BM" then the file's own size, so a text that starts with "BM" is not taken for one
    if head[:2] == b"BM" and len(head) >= 6 and int.from_bytes(head[2:6], "little") == path.stat().st_size:
        return "BMP"
    return None


def _frame_size(capture: cv2.VideoCapture) -> tuple[int, int]:
    return int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)), int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))


def check_frame_size(path: Path, width: int, height: int, capture: cv2.VideoCapture | None = None) -> None:
    """Refuse frames of no pixels, or of more than 8K UHD, naming the size and what to do."""
    problem = None
    if width <= 0 or height <= 0:
        problem = f"its frames are {width}x{height} pixels (a broken export?); export or record the video again"
    elif width * height > MAX_FRAME_PIXELS:
        problem = (
            f"its frames are {width}x{height} pixels, more than Coach reads (8K UHD, 7680x4320 at most); make a "
            "smaller copy, e.g. ffmpeg -i IN -vf scale=1920:-2 OUT.mp4"
        )
    if problem is not None:
        if capture is not None:
            capture.release()
        raise SourceError(f"{path}: {problem}")


def _undecodable(kind: str | None, frame_count: float) -> str:
    """Why a file that was not an image gave no frame, as far as can be told."""
    if frame_count == 0 and kind is not None:
        return "the video holds no frames (a recording stopped before it started?); record or export it again"
    if kind is not None:
        return (
            f"cannot be decoded as a video: it looks like one ({kind}) but is damaged or incomplete (cut short "
            "while copying or recording?); copy or export it again"
        )
    return f"cannot be decoded as a video: it is not one Coach can read ({VIDEO_KINDS_SHOWN} and most others)"


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
