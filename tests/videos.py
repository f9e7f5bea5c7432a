"""Small videos made on the spot for tests (nobody in them)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def write_test_video(path: Path, frames: int = 12, size: tuple[int, int] = (160, 120), fps: float = 25.0) -> Path:
    """A tiny moving-gradient .mp4 with no person in it."""
    import cv2

    width, height = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    assert writer.isOpened()
    ramp = np.linspace(0, 255, width, dtype=np.uint8)
    for i in range(frames):
        image = np.empty((height, width, 3), np.uint8)
        image[:] = np.roll(ramp, 7 * i)[None, :, None]
        writer.write(image)
    writer.release()
    return path
