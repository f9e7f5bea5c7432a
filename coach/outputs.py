"""Files Coach writes for a person: a video (annotated frames, or the rendered avatar) and a JSON report, each
written so that a crash or a full disk never leaves a half file that looks whole."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import SourceError

os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
import cv2


class VideoWriter:
    """Writes RGB frames to an .mp4 (or any container OpenCV's FFmpeg knows) at a given frame rate."""

    def __init__(self, path: Path, fps: float) -> None:
        self.path = path
        self.fps = fps
        self._writer: cv2.VideoWriter | None = None

    def write(self, rgb: np.ndarray) -> None:
        """Append one RGB frame (the writer opens on the first frame, when the size is known)."""
        if self._writer is None:
            height, width = rgb.shape[:2]
            self._writer = cv2.VideoWriter(str(self.path), cv2.VideoWriter_fourcc(*"mp4v"), self.fps, (width, height))
            if not self._writer.isOpened():
                raise SourceError(f"{self.path}: cannot write a video here (check the folder exists and is writable)")
        self._writer.write(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))

    def close(self) -> None:
        """Finish the file."""
        if self._writer is not None:
            self._writer.release()


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write a JSON report atomically (a crash never leaves half a JSON file behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
            fh.write("\n")
        os.replace(tmp, path)
    except OSError as exc:
        raise SourceError(f"{path}: cannot write the JSON report ({exc.strerror})") from None
