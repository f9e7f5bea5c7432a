"""Per-stage timings of the pose pipeline on real clips, plus process start-up time and peak RSS.

Stages per frame: decode (next frame from `VideoFileSource`, including BGR->RGB), pose (`PoseEstimator.estimate`),
smoothing (`PoseSmoother`) and features (`FeatureExtractor`). Budget: smoothing + features < 1 ms per frame.

Start-up is measured in fresh subprocesses (`sys.executable -c ...`): import + `build_pipeline()`, the first frame, and
peak RSS after ~30 frames; the child also reports whether `tensorflow` slipped into `sys.modules` (it must not).

Run from the repo root: `.venv/bin/python benchmarks/pipeline.py [--clips-dir DIR] [--frames N] [--json OUT]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLIPS_DIR = REPO_ROOT / ".." / "shared" / "data" / "clips"
DEFAULT_CLIPS = ("squat_front_01", "pushup_front_03", "curl_front_01", "jumping_jack_front_01")
DEFAULT_FRAMES = 300
POSE_WARMUP_FRAMES = 5
STARTUP_RUNS = 3
STARTUP_FRAMES = 30
BUDGET_SMOOTH_FEATURES_MS = 1.0

# Runs in a fresh interpreter. argv: clip path, frames to process, parent's time.monotonic() just before launch.
# CLOCK_MONOTONIC is system-wide on Linux, so `ready_since_launch_s` spans interpreter start-up too.
_CHILD_CODE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import coach.pipeline
t_import = time.perf_counter()
pipeline = coach.pipeline.build_pipeline()
t_built = time.perf_counter()
from coach.vision.sources import VideoFileSource
source = VideoFileSource(sys.argv[1])
frames = iter(source)
frame = next(frames)
t_decoded = time.perf_counter()
pipeline.process(frame)
t_first = time.perf_counter()
ready_since_launch = time.monotonic() - float(sys.argv[3])
processed = 1
for frame in frames:
    if processed >= int(sys.argv[2]):
        break
    pipeline.process(frame)
    processed += 1
source.close()
pipeline.close()
print(json.dumps({
    "import_s": t_import - t0,
    "build_s": t_built - t_import,
    "open_decode_first_s": t_decoded - t_built,
    "first_process_s": t_first - t_decoded,
    "ready_since_launch_s": ready_since_launch,
    "frames_processed": processed,
    "max_rss_kb": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")),
    "tensorflow_in_sys_modules": "tensorflow" in sys.modules and sys.modules["tensorflow"] is not None,
    "mediapipe_in_sys_modules": "mediapipe" in sys.modules,
}))
"""


def _ms_stats(values_s: Sequence[float]) -> dict[str, float | int | None]:
    """Median and p90 in milliseconds of a list of durations in seconds (None when empty)."""
    if not values_s:
        return {"median_ms": None, "p90_ms": None, "n": 0}
    ms = np.asarray(values_s, dtype=np.float64) * 1000.0
    return {"median_ms": float(np.median(ms)), "p90_ms": float(np.percentile(ms, 90)), "n": int(ms.size)}


def _fmt(value: float | int | None, digits: int = 3) -> str:
    """A number for the table, or an em dash when missing."""
    return "—" if value is None else f"{value:.{digits}f}"


def time_stages(clips: Sequence[Path], frames_per_clip: int) -> dict[str, Any]:
    """Run the pipeline stage by stage over the first `frames_per_clip` frames of each clip, timing every stage."""
    from coach.vision.features import FeatureExtractor
    from coach.vision.pose import PoseEstimator
    from coach.vision.smoothing import PoseSmoother
    from coach.vision.sources import VideoFileSource

    decode: list[float] = []
    pose: list[float] = []
    smooth: list[float] = []
    features: list[float] = []
    smooth_features: list[float] = []
    total: list[float] = []
    clip_info: list[dict[str, Any]] = []
    frames_seen = 0
    clock = time.perf_counter

    estimator = PoseEstimator(model_complexity=1, video=True)
    extractor = FeatureExtractor()
    try:
        for clip in clips:
            source = VideoFileSource(clip)
            smoother = PoseSmoother()  # a new clip is a new person: no continuity from the previous clip
            info: dict[str, Any] = {"clip": clip.stem, "fps": source.fps, "frames": 0, "no_pose": 0, "size": None}
            iterator = iter(source)
            try:
                for i in range(frames_per_clip):
                    t0 = clock()
                    frame = next(iterator, None)
                    t1 = clock()
                    if frame is None:
                        break
                    raw = estimator.estimate(frame.rgb)
                    t2 = clock()
                    smoothed = smoother(raw, frame.timestamp_s)
                    t3 = clock()
                    if smoothed is not None:
                        extractor(smoothed, frame.timestamp_s)
                    t4 = clock()

                    h, w = frame.rgb.shape[:2]
                    info["size"] = f"{w}x{h}"
                    info["frames"] += 1
                    # Frame 0 of each clip was already read when the source opened: its "decode" is only BGR->RGB.
                    if i > 0:
                        decode.append(t1 - t0)
                    warm = frames_seen >= POSE_WARMUP_FRAMES
                    if warm:
                        pose.append(t2 - t1)
                    if raw is None:
                        info["no_pose"] += 1
                    else:
                        smooth.append(t3 - t2)
                        features.append(t4 - t3)
                        smooth_features.append(t4 - t2)
                    if warm and i > 0:
                        total.append(t4 - t0)
                    frames_seen += 1
            finally:
                source.close()
            clip_info.append(info)
    finally:
        estimator.close()

    return {
        "clips": clip_info,
        "stages": {
            "decode": _ms_stats(decode),
            "pose": _ms_stats(pose),
            "smoothing": _ms_stats(smooth),
            "features": _ms_stats(features),
            "smoothing+features": _ms_stats(smooth_features),
            "total": _ms_stats(total),
        },
    }


def measure_startup(clip: Path, runs: int = STARTUP_RUNS, frames: int = STARTUP_FRAMES) -> dict[str, Any]:
    """Start-up time and peak RSS of fresh interpreters that build the pipeline and run `frames` frames of `clip`."""
    samples: list[dict[str, Any]] = []
    for _ in range(runs):
        launched = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD_CODE, str(clip), str(frames), repr(launched)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.monotonic() - launched
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["(no stderr)"])[-1]
            raise RuntimeError(f"start-up child failed with exit code {done.returncode}: {tail}")
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        sample = json.loads(lines[-1])
        sample["subprocess_wall_s"] = wall
        samples.append(sample)

    def median(key: str) -> float:
        """The median of one measurement over the runs."""
        return float(statistics.median(s[key] for s in samples))

    return {
        "runs": runs,
        "frames": samples[0]["frames_processed"],
        "import_s": median("import_s"),
        "build_s": median("build_s"),
        "open_decode_first_s": median("open_decode_first_s"),
        "first_process_s": median("first_process_s"),
        "ready_since_launch_s": median("ready_since_launch_s"),
        "subprocess_wall_s": median("subprocess_wall_s"),
        "max_rss_mb": median("max_rss_kb") / 1024.0,
        "tensorflow_in_sys_modules": any(s["tensorflow_in_sys_modules"] for s in samples),
        "samples": samples,
    }


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips-dir", type=Path, default=DEFAULT_CLIPS_DIR, help="folder of .mp4 clips")
    parser.add_argument(
        "--clips", nargs="+", default=list(DEFAULT_CLIPS), metavar="NAME", help="clip names (without .mp4)"
    )
    parser.add_argument(
        "--frames", type=int, default=DEFAULT_FRAMES, help="frames in total, spread evenly across the clips"
    )
    parser.add_argument("--startup-runs", type=int, default=STARTUP_RUNS, help="fresh processes for start-up timing")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers as JSON to OUT")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown report."""
    args = _parse_args(argv)
    clips_dir = args.clips_dir.resolve()
    if not clips_dir.is_dir():
        print(f"benchmark skipped: no clips folder at {clips_dir}")
        return 0
    clips = [clips_dir / f"{name}.mp4" for name in args.clips]
    missing = [c.name for c in clips if not c.is_file()]
    clips = [c for c in clips if c.is_file()]
    if not clips:
        print(f"benchmark skipped: none of {', '.join(args.clips)} found in {clips_dir}")
        return 0
    frames_per_clip = max(1, args.frames // len(clips))

    load_before = os.getloadavg()
    stages = time_stages(clips, frames_per_clip)
    startup = measure_startup(clips[0], runs=args.startup_runs)
    load_after = os.getloadavg()

    s = stages["stages"]
    budget_ms = s["smoothing+features"]["median_ms"]
    budget_p90 = s["smoothing+features"]["p90_ms"]
    budget_ok = budget_ms is not None and budget_ms < BUDGET_SMOOTH_FEATURES_MS
    total_ms = s["total"]["median_ms"]
    fps = 1000.0 / total_ms if total_ms else None

    print("# Coach pipeline benchmark")
    print()
    print(
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        "numbers are from one process on this machine, not a lab measurement."
    )
    print(f"Load average (1 min) before/after: {load_before[0]:.2f} / {load_after[0]:.2f}")
    print(f"Clips ({frames_per_clip} frames each from the start, from {clips_dir}):")
    for info in stages["clips"]:
        print(
            f"- {info['clip']}: {info['size']} @ {info['fps']:g} fps, {info['frames']} frames, "
            f"{info['no_pose']} without a pose"
        )
    if missing:
        print(f"- not found, skipped: {', '.join(missing)}")
    print()
    print("| stage | median ms | p90 ms | n |")
    print("|---|---:|---:|---:|")
    for name in ("decode", "pose", "smoothing", "features", "smoothing+features", "total"):
        st = s[name]
        print(f"| {name} | {_fmt(st['median_ms'])} | {_fmt(st['p90_ms'])} | {st['n']} |")
    print()
    print(
        f"Pose skips the first {POSE_WARMUP_FRAMES} frames as warm-up; decode skips frame 0 of each clip (read when "
        "the source opens); smoothing/features count only frames with a pose; total = decode + pose + smoothing + "
        "features per frame."
    )
    print(f"Implied throughput: {_fmt(fps, 1)} fps (1000 / median total)")
    print(
        f"Budget smoothing+features < {BUDGET_SMOOTH_FEATURES_MS:g} ms/frame: {'PASS' if budget_ok else 'FAIL'} "
        f"(median {_fmt(budget_ms)} ms, p90 {_fmt(budget_p90)} ms)"
    )
    print()
    tf_installed = importlib.util.find_spec("tensorflow") is not None
    print(
        f"## Start-up (median of {startup['runs']} fresh processes, {clips[0].stem}, {startup['frames']} frames each)"
    )
    print()
    print(f"- import coach.pipeline: {startup['import_s'] * 1000:.0f} ms")
    print(f"- build_pipeline(): {startup['build_s'] * 1000:.0f} ms")
    print(f"- open clip + first frame: {startup['open_decode_first_s'] * 1000:.0f} ms")
    print(f"- first process() (first estimate): {startup['first_process_s'] * 1000:.0f} ms")
    print(f"- process launch -> pipeline built and first frame processed: {startup['ready_since_launch_s']:.2f} s")
    print(
        f"- whole subprocess wall time ({startup['frames']} frames, measured by the parent): "
        f"{startup['subprocess_wall_s']:.2f} s"
    )
    print(f"- peak RSS after {startup['frames']} frames: {startup['max_rss_mb']:.0f} MB")
    print(
        f"- tensorflow in sys.modules: {'YES (FAIL)' if startup['tensorflow_in_sys_modules'] else 'no'} "
        f"(tensorflow {'is' if tf_installed else 'is not'} installed in this environment)"
    )
    print(f"- this benchmark process's peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if args.json:
        report = {
            "cpu_count": os.cpu_count(),
            "machine": platform.machine(),
            "python": platform.python_version(),
            "load_avg_1min_before_after": [load_before[0], load_after[0]],
            "frames_per_clip": frames_per_clip,
            "pose_warmup_frames": POSE_WARMUP_FRAMES,
            "clips": stages["clips"],
            "stages": s,
            "implied_fps": fps,
            "budget": {"smoothing_features_ms": BUDGET_SMOOTH_FEATURES_MS, "pass": budget_ok},
            "startup": startup,
            "tensorflow_installed": tf_installed,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
