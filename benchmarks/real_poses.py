"""The MediaPipe poses of the real clips, computed once through the app's per-frame step and cached, so counting and
recognition can be replayed in seconds.

MediaPipe takes ~4 minutes for all 16 clips on this machine; the rep counter and the recognizer need only the poses.
What is cached is MediaPipe's own output (the raw pose, before smoothing): replayed as picture-less frames
(`ClipPoses.frames`, `coach.pipeline.pose_frames`), the step smooths them with its current settings, so a change to
the filter needs no new MediaPipe run. The cache key includes the clip's size and mtime, so a changed clip recomputes.
Used by benchmarks/reps.py; run directly to fill the cache: `.venv/bin/python benchmarks/real_poses.py`.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coach.pipeline import pose_frames
from coach.vision.pose import Pose
from coach.vision.sources import Frame

DEFAULT_CACHE = Path("/tmp/coach_real_pose_cache")
CLIPS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clips"
CACHE_FORMAT = "raw-1"  # what the files hold: raw poses (earlier files held smoothed ones under other names)


@dataclass(frozen=True)
class ClipPoses:
    """Per frame: timestamp, and MediaPipe's pose before smoothing (NaN rows where nobody was found)."""

    timestamps: np.ndarray  # (T,)
    image_xy: np.ndarray  # (T, 33, 2)
    world: np.ndarray  # (T, 33, 3)
    visibility: np.ndarray  # (T, 33)
    detected: np.ndarray  # (T,) bool

    def pose(self, i: int) -> Pose | None:
        """Frame i's raw pose, or None when nobody was found."""
        if not self.detected[i]:
            return None
        return Pose(image_xy=self.image_xy[i], world_xyz=self.world[i], visibility=self.visibility[i])

    def frames(self) -> Iterator[Frame]:
        """The clip as picture-less frames for a `FrameStep` (it smooths them as it would MediaPipe's output)."""
        return iter(pose_frames((t, self.pose(i)) for i, t in enumerate(self.timestamps.tolist())))


def clip_poses(clip: Path, cache: Path = DEFAULT_CACHE) -> ClipPoses:
    """MediaPipe's poses for every frame of `clip`, from the cache when it is there."""
    stat = clip.stat()
    key = json.dumps([stat.st_size, int(stat.st_mtime), CACHE_FORMAT])
    path = cache / f"{clip.stem}-{hashlib.sha1(key.encode()).hexdigest()[:12]}.npz"
    if path.exists():
        with np.load(path) as d:
            return ClipPoses(d["timestamps"], d["image_xy"], d["world"], d["visibility"], d["detected"])
    from coach.session import build_step, open_named_source

    started = time.monotonic()
    step, _ = build_step(None, lazy=False)  # poses only: no recognizer, nothing counted
    source = open_named_source(str(clip)).source
    stamps, xy, world, vis, found = [], [], [], [], []
    try:
        for frame in source:
            pose = step.process(frame).raw_pose
            stamps.append(frame.timestamp_s)
            found.append(pose is not None)
            xy.append(np.full((33, 2), np.nan) if pose is None else pose.image_xy)
            world.append(np.full((33, 3), np.nan) if pose is None else pose.world_xyz)
            vis.append(np.zeros(33) if pose is None else pose.visibility)
    finally:
        source.close()
        step.close()
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
