"""The smoothed MediaPipe poses of the real clips, computed once and cached, so counting can be replayed in seconds.

MediaPipe takes ~4 minutes for all 16 clips on this machine; the rep counter and the recognizer need only the poses.
The cache key includes the clip's size and mtime and the pipeline's smoothing settings, so a changed clip or filter
recomputes. Used by benchmarks/reps.py; run directly to fill the cache: `.venv/bin/python benchmarks/real_poses.py`.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.vision.pose import Pose

DEFAULT_CACHE = Path("/tmp/coach_real_pose_cache")
CLIPS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clips"


@dataclass(frozen=True)
class ClipPoses:
    """Per frame: timestamp, and the smoothed pose (NaN rows where nobody was found)."""

    timestamps: np.ndarray  # (T,)
    image_xy: np.ndarray  # (T, 33, 2)
    world: np.ndarray  # (T, 33, 3)
    visibility: np.ndarray  # (T, 33)
    detected: np.ndarray  # (T,) bool

    def pose(self, i: int) -> Pose | None:
        """Frame i's pose, or None when nobody was found."""
        if not self.detected[i]:
            return None
        return Pose(image_xy=self.image_xy[i], world_xyz=self.world[i], visibility=self.visibility[i])


def clip_poses(clip: Path, cache: Path = DEFAULT_CACHE) -> ClipPoses:
    """The pipeline's smoothed poses for every frame of `clip`, from the cache when it is there."""
    from coach.vision import smoothing

    stat = clip.stat()
    key = json.dumps([stat.st_size, int(stat.st_mtime), repr(smoothing.SmoothingConfig())])
    path = cache / f"{clip.stem}-{hashlib.sha1(key.encode()).hexdigest()[:12]}.npz"
    if path.exists():
        with np.load(path) as d:
            return ClipPoses(d["timestamps"], d["image_xy"], d["world"], d["visibility"], d["detected"])
    from coach.pipeline import build_pipeline
    from coach.vision.sources import VideoFileSource

    started = time.monotonic()
    pipeline, source = build_pipeline(), VideoFileSource(clip)
    stamps, xy, world, vis, found = [], [], [], [], []
    try:
        for frame in source:
            pose = pipeline.process(frame).pose
            stamps.append(frame.timestamp_s)
            found.append(pose is not None)
            xy.append(np.full((33, 2), np.nan) if pose is None else pose.image_xy)
            world.append(np.full((33, 3), np.nan) if pose is None else pose.world_xyz)
            vis.append(np.zeros(33) if pose is None else pose.visibility)
    finally:
        source.close()
        pipeline.close()
    result = ClipPoses(
        np.asarray(stamps), np.asarray(xy, np.float32), np.asarray(world, np.float32),
        np.asarray(vis, np.float32), np.asarray(found),
    )  # fmt: skip
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, **result.__dict__)
    print(f"  poses of {clip.name}: {len(stamps)} frames in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return result


def truth(clips_dir: Path = CLIPS) -> list[dict]:
    """The clips' truth.json entries."""
    return json.loads((clips_dir / "truth.json").read_text())


if __name__ == "__main__":
    for entry in truth():
        clip_poses(CLIPS / entry["file"])
