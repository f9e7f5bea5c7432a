"""Per-stage timings of the app's per-frame step (`coach.pipeline.FrameStep`) on real clips, plus process start-up
time and peak RSS.

The step is built as the app builds it (`coach.session.build_step` with the chosen model); its estimator, smoother,
extractor and recognizer are wrapped in timing proxies, so the stages are timed inside the real step, not in a copy of
it. Stages per frame: decode (next frame from `VideoFileSource`, including BGR->RGB), pose (`PoseEstimator.estimate`),
smoothing (`PoseSmoother`), features (`FeatureExtractor`), recognizer (`StreamingRecognizer.update`; it steps the
model at 15 Hz, so every other frame at 30 fps: see its mean), counting (`RepTracker.update`: the rep counter, with
the pose), the step's own work (the rest: putting the frame's result together) and the whole `FrameStep.process`.
Each clip is counted as a workout set counts it (its exercise from truth.json; `--count free` counts whatever the
recognizer confirms, as `coach analyze` does). Budget: smoothing + features < 1 ms per frame.

Start-up is measured in fresh subprocesses (`sys.executable -c ...`): import + `build_step(choose_model())` (MediaPipe
and the recognizer loaded up front), the first processed frame, and peak RSS after ~30 frames; the child also reports
whether `tensorflow` slipped into `sys.modules` (it must not).

Run from the repo root: `.venv/bin/python benchmarks/pipeline.py [--clips-dir DIR] [--frames N] [--count MODE]
[--json OUT]`.
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
from collections.abc import Callable, Sequence
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
STAGES = (
    "decode", "pose", "smoothing", "features", "smoothing+features", "recognizer", "counting", "step's own work",
    "step", "step, CPU time", "pose to features", "total",
)  # fmt: skip

# Runs in a fresh interpreter. argv: clip path, frames to process, parent's time.monotonic() just before launch, the
# exercise to count ("" for none). CLOCK_MONOTONIC is system-wide on Linux, so `ready_since_launch_s` spans
# interpreter start-up too.
_CHILD_CODE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
import coach.session
from coach.model_choice import choose_model
t_import = time.perf_counter()
step, note = coach.session.build_step(choose_model(), lazy=False)
if sys.argv[4]:
    step.count(sys.argv[4])
t_built = time.perf_counter()
from coach.vision.sources import VideoFileSource
source = VideoFileSource(sys.argv[1])
frames = iter(source)
frame = next(frames)
t_decoded = time.perf_counter()
step.process(frame)
t_first = time.perf_counter()
ready_since_launch = time.monotonic() - float(sys.argv[3])
processed = 1
for frame in frames:
    if processed >= int(sys.argv[2]):
        break
    step.process(frame)
    processed += 1
source.close()
step.close()
print(json.dumps({
    "import_s": t_import - t0,
    "build_s": t_built - t_import,
    "open_decode_first_s": t_decoded - t_built,
    "first_process_s": t_first - t_decoded,
    "ready_since_launch_s": ready_since_launch,
    "frames_processed": processed,
    "recognizer": step.recognizer is not None,
    "note": note,
    "max_rss_kb": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")),
    "tensorflow_in_sys_modules": "tensorflow" in sys.modules and sys.modules["tensorflow"] is not None,
    "mediapipe_in_sys_modules": "mediapipe" in sys.modules,
}))
"""


class Timed:
    """Stands in for one part of the real step (estimator, smoother, extractor, recognizer) and times its calls:
    `last` is the duration of the call made during the current frame (None when it was not called)."""

    def __init__(self, inner: Any, method: str) -> None:
        self.inner = inner
        self.last: float | None = None
        self._call: Callable[..., Any] = getattr(inner, method)

    def _timed(self, *args: Any) -> Any:
        started = time.perf_counter()
        out = self._call(*args)
        self.last = time.perf_counter() - started
        return out

    def __call__(self, *args: Any) -> Any:  # the smoother and the extractor are called
        return self._timed(*args)

    def estimate(self, rgb: np.ndarray) -> Any:  # the estimator
        return self._timed(rgb)

    def update(self, *args: Any) -> Any:  # the recognizer
        return self._timed(*args)

    def __getattr__(self, name: str) -> Any:  # spec, classes, reset(), close() ...: the part's own
        return getattr(self.inner, name)


def timed_step() -> tuple[Any, dict[str, Timed]]:
    """The step as the app builds it (the chosen model; MediaPipe loaded now), its parts wrapped in `Timed`."""
    from coach.model_choice import choose_model
    from coach.session import build_step

    step, note = build_step(choose_model(), lazy=False)
    if note:
        print(f"note: {note}", file=sys.stderr)
    pipeline = step.pipeline
    parts = {
        "pose": Timed(pipeline.estimator, "estimate"),
        "smoothing": Timed(pipeline.smoother, "__call__"),
        "features": Timed(pipeline.extractor, "__call__"),
    }
    pipeline._estimator = parts["pose"]  # the loaded estimator, swapped for its timed stand-in
    pipeline.smoother = parts["smoothing"]
    pipeline.extractor = parts["features"]
    if step.recognizer is not None:
        parts["recognizer"] = Timed(step.recognizer, "update")
        step.use_recognizer(parts["recognizer"])
    return step, parts


def _ms_stats(values_s: Sequence[float]) -> dict[str, float | int | None]:
    """Median, p90 and mean in milliseconds of a list of durations in seconds (None when empty)."""
    if not values_s:
        return {"median_ms": None, "p90_ms": None, "mean_ms": None, "n": 0}
    ms = np.asarray(values_s, dtype=np.float64) * 1000.0
    return {
        "median_ms": float(np.median(ms)),
        "p90_ms": float(np.percentile(ms, 90)),
        "mean_ms": float(ms.mean()),
        "n": int(ms.size),
    }


def _fmt(value: float | int | None, digits: int = 3) -> str:
    """A number for the table, or an em dash when missing."""
    return "—" if value is None else f"{value:.{digits}f}"


def clip_exercises(clips_dir: Path) -> dict[str, str]:
    """Clip stem -> exercise, from the clips' truth.json (empty when it is missing)."""
    truth = clips_dir / "truth.json"
    if not truth.is_file():
        return {}
    return {Path(e["file"]).stem: e["exercise"] for e in json.loads(truth.read_text())}


def what_to_count(mode: str, exercise: str | None) -> str | None:
    """What the step counts on a clip: its exercise (as a workout set), FREE, or nothing."""
    from coach.exercises.specs import COUNTING, HOLDS
    from coach.pipeline import FREE

    if mode == "free":
        return FREE
    if mode == "exercise" and exercise in (*COUNTING, *HOLDS):
        return exercise
    return None


def time_stages(clips: Sequence[Path], frames_per_clip: int, count_mode: str, exercises: dict[str, str]
                ) -> dict[str, Any]:  # fmt: skip
    """Run the first `frames_per_clip` frames of each clip through the real step, timing every stage."""
    from coach.vision.sources import VideoFileSource

    times: dict[str, list[float]] = {name: [] for name in STAGES}
    clip_info: list[dict[str, Any]] = []
    frames_seen = 0
    clock = time.perf_counter
    step, parts = timed_step()
    try:
        for clip in clips:
            source = VideoFileSource(clip)
            step.reset()  # a new clip is a new person: no continuity from the previous clip
            counting = what_to_count(count_mode, exercises.get(clip.stem))
            step.count(counting)
            if step.tracker is not None:  # a fresh counter for each clip, timed too
                parts["counting"] = step.tracker = Timed(step.tracker, "update")
            else:
                parts.pop("counting", None)
            info: dict[str, Any] = {"clip": clip.stem, "fps": source.fps, "frames": 0, "no_pose": 0, "size": None,
                                    "counting": counting, "reps": 0}  # fmt: skip
            iterator = iter(source)
            try:
                for i in range(frames_per_clip):
                    for part in parts.values():
                        part.last = None
                    t0 = clock()
                    frame = next(iterator, None)
                    t1 = clock()
                    if frame is None:
                        break
                    cpu = time.process_time()  # read outside the wall-clock span: it can take a millisecond
                    t2 = clock()
                    result = step.process(frame)
                    t3 = clock()
                    cpu = time.process_time() - cpu
                    info["reps"] += sum(getattr(e, "counted", False) for e in result.events)
                    _record(
                        times,
                        parts,
                        (t0, t1, t2, t3, cpu),
                        first_of_clip=i == 0,
                        warm=frames_seen >= POSE_WARMUP_FRAMES,
                    )
                    h, w = frame.rgb.shape[:2]
                    info["size"] = f"{w}x{h}"
                    info["frames"] += 1
                    info["no_pose"] += result.raw_pose is None
                    frames_seen += 1
            finally:
                source.close()
            info["reps"] += sum(getattr(e, "counted", False) for e in step.finish())
            clip_info.append(info)
    finally:
        step.close()
    return {"clips": clip_info, "stages": {name: _ms_stats(values) for name, values in times.items()}}


def _record(times: dict[str, list[float]], parts: dict[str, Timed], clock: tuple[float, float, float, float, float], *,
            first_of_clip: bool, warm: bool) -> None:  # fmt: skip
    """File one frame's timings. Frame 0 of each clip was read when the source opened: its "decode" is only BGR->RGB,
    so it is left out of decode and the totals; pose (and so the step and the totals) skip the warm-up frames."""
    t0, t1, t2, t3, cpu = clock
    decode, step = t1 - t0, t3 - t2
    pose, smooth, feats = (parts[k].last for k in ("pose", "smoothing", "features"))
    recognizer = parts["recognizer"].last if "recognizer" in parts else None
    counting = parts["counting"].last if "counting" in parts else None
    if not first_of_clip:
        times["decode"].append(decode)
    if smooth is not None and feats is not None:  # a pose was found
        times["smoothing"].append(smooth)
        times["features"].append(feats)
        times["smoothing+features"].append(smooth + feats)
    if recognizer is not None:
        times["recognizer"].append(recognizer)
    if counting is not None:
        times["counting"].append(counting)
    if not warm or pose is None:
        return
    times["pose"].append(pose)
    times["step"].append(step)
    times["step, CPU time"].append(cpu)
    chain = pose + (smooth or 0.0) + (feats or 0.0)
    times["step's own work"].append(step - chain - (recognizer or 0.0) - (counting or 0.0))
    if not first_of_clip:
        times["pose to features"].append(decode + chain)
        times["total"].append(decode + step)


def measure_startup(clip: Path, exercise: str | None, runs: int = STARTUP_RUNS, frames: int = STARTUP_FRAMES
                    ) -> dict[str, Any]:  # fmt: skip
    """Start-up time and peak RSS of fresh interpreters that build the step and run `frames` frames of `clip`."""
    samples: list[dict[str, Any]] = []
    for _ in range(runs):
        launched = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD_CODE, str(clip), str(frames), repr(launched), exercise or ""],
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
        "recognizer": samples[0]["recognizer"],
        "note": samples[0]["note"],
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
    parser.add_argument(
        "--count",
        choices=("exercise", "free", "off"),
        default="exercise",
        help="count each clip's exercise (as a workout set), whatever the recognizer confirms, or nothing",
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
    exercises = clip_exercises(clips_dir)

    load_before = os.getloadavg()
    stages = time_stages(clips, frames_per_clip, args.count, exercises)
    startup = measure_startup(clips[0], what_to_count(args.count, exercises.get(clips[0].stem)), runs=args.startup_runs)
    load_after = os.getloadavg()

    s = stages["stages"]
    budget_ms = s["smoothing+features"]["median_ms"]
    budget_p90 = s["smoothing+features"]["p90_ms"]
    budget_ok = budget_ms is not None and budget_ms < BUDGET_SMOOTH_FEATURES_MS
    total_ms = s["total"]["median_ms"]
    fps = 1000.0 / total_ms if total_ms else None

    print("# Coach per-frame step benchmark")
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
            f"{info['no_pose']} without a pose; counting {info['counting'] or 'nothing'}: {info['reps']} reps"
        )
    if missing:
        print(f"- not found, skipped: {', '.join(missing)}")
    print()
    print("| stage | median ms | p90 ms | mean ms | n |")
    print("|---|---:|---:|---:|---:|")
    for name in STAGES:
        st = s[name]
        print(f"| {name} | {_fmt(st['median_ms'])} | {_fmt(st['p90_ms'])} | {_fmt(st['mean_ms'])} | {st['n']} |")
    print()
    print(
        f"Pose, step and the totals skip the first {POSE_WARMUP_FRAMES} frames as warm-up; decode and the "
        "totals skip frame 0 of each clip (read when the source opens); smoothing/features count only frames with a "
        "pose. step = the whole `FrameStep.process`; its CPU time counts every thread of this process (MediaPipe's "
        "too) and is less disturbed than wall time by other programs; step's own work = step - pose - smoothing - "
        "features - recognizer - counting (building the frame's result); "
        "pose to features = decode + pose + smoothing + features (the chain without recognizer and counting); "
        "total = decode + step."
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
    print(f"- import coach.session: {startup['import_s'] * 1000:.0f} ms")
    recognizer = "with the recognizer" if startup["recognizer"] else f"recognition off: {startup['note']}"
    print(f"- build_step(choose_model()) ({recognizer}, MediaPipe loaded): {startup['build_s'] * 1000:.0f} ms")
    print(f"- open clip + first frame: {startup['open_decode_first_s'] * 1000:.0f} ms")
    print(f"- first step.process() (first estimate): {startup['first_process_s'] * 1000:.0f} ms")
    print(f"- process launch -> step built and first frame processed: {startup['ready_since_launch_s']:.2f} s")
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
            "count": args.count,
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
