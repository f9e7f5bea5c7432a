"""App benchmark: the Live screen headless (SDL dummy driver) on a video file and on the synthetic source.

Each run is a fresh `python` process (so start-up counts) that opens the window on the Live screen, starts the live
worker and runs the real App loop for N seconds. Reported per run:
- UI fps (and the 95th percentile / worst time between two flips),
- processed frames per second (frames the UI received after the pose model was ready) and source frames skipped,
- latency from capture to the result in the worker, and from capture to the flip that showed it (median, p95),
- time from launching `python` to the first camera frame on screen, and to the first analysed frame,
- peak RSS of the UI process and of the worker process, and the CPU each used (in cores: 1.0 = one core busy), which
  says what the app costs even when other programs share the machine.
`--modes process,thread` also runs the worker as a thread in the UI process, and a GIL check runs pose in a thread
beside a pure-Python loop: together they show why the worker is a process.

`--scene workout` runs the Workout screen instead (the 7-minute circuit, counting in the worker, stored in a temp
database; on the synthetic source the avatar does the plan) and adds the rep-event latency.

Run from the repo root: `.venv/bin/python benchmarks/app.py [--seconds 20] [--video FILE] [--modes process,thread]
[--scene live|workout] [--json OUT] [--no-gil]`. Without a display the flips cost nothing, so UI fps is an upper
bound for a real window.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VIDEO = REPO_ROOT.parent / "shared" / "data" / "clips" / "squat_front_01.mp4"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def run_child(source: str, seconds: float, mode: str, launched_at: float, scene: str = "live") -> dict[str, Any]:
    """One measured run inside this (fresh) process (`scene` workout: the 7-minute circuit, stored in a temp db)."""
    import resource
    import tempfile

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from coach.app.app import App, open_window
    from coach.app.context import AppContext
    from coach.app.screens.live import LiveScreen
    from coach.app.sound import Sounds
    from coach.app.theme import Theme
    from coach.live.client import LiveProcessor
    from coach.live.config import LiveConfig

    imported_at = time.monotonic()
    plan = workouts = None
    config = LiveConfig(source=source)
    if scene == "workout":
        from coach.app.play import PlayOptions, live_config
        from coach.app.workouts import Workouts
        from coach.storage.repository import open_repository

        workouts = Workouts(open_repository(f"sqlite:///{tempfile.mkdtemp()}/bench.db"), "Bench")
        plan = workouts.catalog().find("seven_minute_circuit")
        # as `coach play` does: the worker runs the model the workout runs (here the shipped one: a fresh database)
        config = live_config(PlayOptions(source=source), plan, workouts.config.get_ready_s, model=workouts.model())
    live = LiveProcessor(config, mode=mode).start()  # type: ignore[arg-type]
    open_window((1280, 720))
    context = AppContext(theme=Theme((1280, 720)), sounds=Sounds(muted=True), live=live)
    first_scene = workouts.start(context, plan) if workouts is not None and plan is not None else LiveScreen(context)
    app = App(context, first_scene)
    rep_latency: list[float] = []
    rep_detect: list[float] = []
    seen: dict[str, Any] = {"first": None, "first_analysed": None, "analysed": 0, "indices": []}
    worker_latency: list[float] = []
    screen_latency: list[float] = []

    def on_frame() -> None:
        update = context.update
        frame = update.frame
        if frame is None:
            return
        now = time.monotonic()
        for event in update.events:
            if type(event).__name__ == "RepEvent":  # reached the UI: capture of the frame that carried it -> now
                rep_latency.append(now - frame.captured_at)
                rep_detect.append(frame.timestamp_s - event.end_s)  # the counter's own delay, in source time
        seen["first"] = seen["first"] or now
        if frame.analysed:
            seen["first_analysed"] = seen["first_analysed"] or now
            seen["analysed"] += update.frames
            seen["indices"].append(frame.index)
            worker_latency.append(frame.processed_at - frame.captured_at)
            screen_latency.append(now - frame.captured_at)

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        stats = app.run(seconds=seconds, on_frame=on_frame)
    finally:
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        live.stop()
    ended = time.monotonic()
    ui_cpu_s = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the worker process, start-up included
    ui_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if mode == "process" else None
    first_analysed = seen["first_analysed"]
    processing_s = ended - first_analysed if first_analysed else float("nan")
    indices = seen["indices"]
    span = indices[-1] - indices[0] + 1 if indices else 0
    flips = list(stats.frame_times_s[1:])
    return {
        "source": live.source.name if live.source else source,
        "mode": mode,
        "seconds": round(stats.seconds, 2),
        "ui_fps": round(stats.fps, 1),
        "ui_frame_ms_p95": round(1000 * _percentile(flips, 0.95), 1),
        "ui_frame_ms_max": round(1000 * max(flips), 1) if flips else None,
        "processed_fps": round(seen["analysed"] / processing_s, 1) if first_analysed else 0.0,
        "source_frames_skipped": max(0, span - seen["analysed"]) if live.source and not live.source.live else None,
        "latency_worker_ms": {
            "median": round(1000 * statistics.median(worker_latency), 1),
            "p95": round(1000 * _percentile(worker_latency, 0.95), 1),
        }
        if worker_latency
        else None,
        "latency_to_screen_ms": {
            "median": round(1000 * statistics.median(screen_latency), 1),
            "p95": round(1000 * _percentile(screen_latency, 0.95), 1),
        }
        if screen_latency
        else None,
        "imports_s": round(imported_at - launched_at, 2),
        "first_frame_on_screen_s": round(seen["first"] - launched_at, 2) if seen["first"] else None,
        "first_analysed_frame_s": round(first_analysed - launched_at, 2) if first_analysed else None,
        "peak_rss_ui_mb": round(ui_peak_mb),
        "peak_rss_worker_mb": round(worker_peak_mb) if worker_peak_mb is not None else None,
        "cpu_cores_ui": round(ui_cpu_s / stats.seconds, 2),
        "cpu_cores_worker": round((children.ru_utime + children.ru_stime) / (ended - imported_at), 2)
        if mode == "process"
        else None,
        "tensorflow_imported": "tensorflow" in sys.modules,
        "scene": scene,
        "rep_events": len(rep_latency),
        "rep_capture_to_ui_ms": {
            "median": round(1000 * statistics.median(rep_latency), 1),
            "p95": round(1000 * _percentile(rep_latency, 0.95), 1),
        }
        if rep_latency
        else None,
        "rep_end_to_event_ms": round(1000 * statistics.median(rep_detect), 1) if rep_detect else None,
    }


def gil_check(video: Path, seconds: float = 4.0) -> dict[str, float]:
    """Does MediaPipe's `process()` release the GIL, and what does a busy Python thread beside it cost pose?

    A pure-Python loop counts its iterations alone and while pose runs in a thread on real frames."""
    import threading

    from coach.vision.pose import PoseEstimator
    from coach.vision.sources import VideoFileSource

    with VideoFileSource(video) as source:
        frames = [f.rgb for _, f in zip(range(90), source, strict=False)]
    estimator = PoseEstimator(1)
    for rgb in frames[:10]:
        estimator.estimate(rgb)

    def spin(duration: float) -> float:
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < duration:
            total = 0
            for i in range(1000):
                total += i
            count += 1
        return count / duration

    def pose_rate(stop: threading.Event, out: list[int]) -> None:
        while not stop.is_set():
            for rgb in frames:
                if stop.is_set():
                    break
                estimator.estimate(rgb)
                out[0] += 1

    alone = time.perf_counter()
    done = 0
    while time.perf_counter() - alone < seconds:
        estimator.estimate(frames[done % len(frames)])
        done += 1
    pose_alone = done / (time.perf_counter() - alone)
    spin_alone = spin(seconds)
    stop, counted = threading.Event(), [0]
    thread = threading.Thread(target=pose_rate, args=(stop, counted))
    started = time.perf_counter()
    thread.start()
    spin_beside = spin(seconds)
    stop.set()
    thread.join()
    pose_beside = counted[0] / (time.perf_counter() - started)
    estimator.close()
    return {
        "pose_fps_alone": round(pose_alone, 1),
        "pose_fps_beside_python_thread": round(pose_beside, 1),
        "python_loop_kept": round(spin_beside / spin_alone, 2),
    }


def run_fresh(source: str, seconds: float, mode: str, scene: str = "live") -> dict[str, Any]:
    """Launch a fresh interpreter for one run; returns its measurements."""
    launched_at = time.monotonic()
    cmd = [
        sys.executable,
        __file__,
        "--child",
        source,
        "--seconds",
        str(seconds),
        "--mode",
        mode,
        "--launched-at",
        repr(launched_at),
        "--scene",
        scene,
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=seconds + 120, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark run failed ({source}, {mode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(result: dict[str, Any]) -> str:
    w, s = result["latency_worker_ms"] or {}, result["latency_to_screen_ms"] or {}
    worker = f"{result['peak_rss_worker_mb']}" if result["peak_rss_worker_mb"] is not None else "-"
    skipped = result["source_frames_skipped"] if result["source_frames_skipped"] is not None else "-"
    return (
        f"| {Path(result['source']).name} | {result['mode']} | {result['ui_fps']} | {result['ui_frame_ms_p95']} | "
        f"{result['processed_fps']} | {skipped} | {w.get('median')} / {w.get('p95')} | "
        f"{s.get('median')} / {s.get('p95')} | {result['first_frame_on_screen_s']} | "
        f"{result['first_analysed_frame_s']} | {result['peak_rss_ui_mb']} + {worker} | "
        f"{result['cpu_cores_ui']} + {result['cpu_cores_worker'] if result['cpu_cores_worker'] is not None else '-'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each run")
    parser.add_argument("--video", type=Path, default=DEFAULT_VIDEO, help="the video run (default: a real squat clip)")
    parser.add_argument("--modes", default="process,thread", help="comma-separated: process,thread")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-gil", dest="gil", action="store_false", help="skip the GIL check")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="process", help=argparse.SUPPRESS)
    parser.add_argument("--launched-at", type=float, help=argparse.SUPPRESS)
    parser.add_argument(
        "--scene", default="live", choices=("live", "workout"), help="workout: the 7-minute circuit, counting on"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.seconds, args.mode, args.launched_at, args.scene)))
        return
    sources = [str(args.video)] if args.video.is_file() else []
    if not sources:
        print(f"(no video at {args.video}: synthetic source only)")
    sources.append("synthetic")
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start, "
        f"{args.seconds:.0f} s per run"
    )
    print(
        "| source | worker | UI fps | UI frame p95 ms | processed fps | frames skipped | capture->result ms "
        "(median / p95) | capture->screen ms (median / p95) | first frame s | first analysed s | peak RSS MB "
        "(UI + worker) | CPU cores (UI + worker) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    results = []
    for mode in args.modes.split(","):
        for source in sources if mode == "process" else sources[:1]:
            result = run_fresh(source, args.seconds, mode, args.scene)
            results.append(result)
            print(_row(result), flush=True)
    for result in results:
        if result.get("scene") == "workout":
            rep = result["rep_capture_to_ui_ms"] or {}
            print(
                f"{Path(result['source']).name} ({result['mode']}): {result['rep_events']} rep events; capture of the "
                f"frame that carried one -> UI {rep.get('median')} / {rep.get('p95')} ms (median / p95); the "
                f"counter's own delay after the rep ended (source time, median) {result['rep_end_to_event_ms']} ms"
            )
    if args.gil and args.video.is_file():
        gil = gil_check(args.video)
        results.append({"gil_check": gil})
        print(
            f"GIL: a pure-Python loop kept {gil['python_loop_kept']:.0%} of its speed beside pose in a thread; pose "
            f"ran at {gil['pose_fps_alone']} frames/s alone and {gil['pose_fps_beside_python_thread']} beside it"
        )
    if any(r.get("tensorflow_imported") for r in results):
        print("warning: TensorFlow was imported by the app")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
