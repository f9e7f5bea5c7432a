"""`coach synth`: write a generated clip as a rendered video (+ truth JSON) or as a landmark archive (.npz)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from coach.outputs import VideoWriter, write_json
from coach.synth.generator import SynthClip
from coach.synth.render import AvatarRenderer


def truth_path(out: Path) -> Path:
    """Where the truth of `out` goes: FILE.mp4 -> FILE.truth.json."""
    return out.with_suffix(".truth.json")


def write_video(clip: SynthClip, out: Path, on_frame: Callable[[], None] | None = None) -> Path:
    """Render every frame of `clip` to `out` and its truth beside it; returns the truth file's path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    renderer = AvatarRenderer(clip.camera)
    writer = VideoWriter(out, clip.fps)
    buffer = np.empty((clip.camera.height, clip.camera.width, 3), np.uint8)
    try:
        for i in range(clip.frames):
            writer.write(renderer.render(clip.scene[i], out=buffer))
            if on_frame is not None:
                on_frame()
    finally:
        writer.close()
    truth = truth_path(out)
    write_json(clip.truth_json(), truth)
    return truth


def write_npz(clip: SynthClip, out: Path) -> None:
    """The landmark sequence and its truth, compressed: what training and counting tests read."""
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        world=clip.world.astype(np.float32),
        image_xy=clip.image_xy.astype(np.float32),
        visibility=clip.visibility.astype(np.float32),
        detected=clip.detected,
        scene=clip.scene.astype(np.float32),
        labels=np.array(clip.labels),
        fps=np.float32(clip.fps),
        truth=np.array(json.dumps(clip.truth_json())),
    )
