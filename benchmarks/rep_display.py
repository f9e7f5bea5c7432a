"""What "a rep on screen is a rep on disk" costs the Workout screen: the UI thread's own time per rep (queueing the rep
and its XP on the writer thread, reading the save state each frame), and how long after the rep is counted its
writes have landed, i.e. how late the screen shows it (coach/app/workout_driver.py shows a HUD once every write
queued with it has landed). For comparison, the same two writes committed directly on the UI thread.

Run: `.venv/bin/python benchmarks/rep_display.py [--reps N] [--dir DIR] [--pg URL]` (`--pg` defaults to
COACH_TEST_PG_URL). SQLite files go beside the per-user data folder (the disk Coach writes to), as in storage.py.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import tempfile
import time
from pathlib import Path

from coach.app.writer import BackgroundRecorder
from coach.config import data_dir
from coach.counting.events import RepEvent, RepTempo
from coach.storage import open_repository
from coach.storage.workout_bridge import RepositoryRecorder

FRAME_S = 1 / 60
GAP_S = 0.05  # between reps (a real one takes over a second; this only has to let the writer go idle)


def _rep(index: int) -> RepEvent:
    return RepEvent("squat", "both", 2.5 * index, 2.5 * index + 2.0, RepTempo(1.0, 0.8), 88.0, 0.9, ("go lower",))


def _figures(values_ms: list[float]) -> str:
    values = sorted(values_ms)
    return (f"median {statistics.median(values):6.2f}  p90 {values[int(0.9 * len(values))]:6.2f}  "
            f"max {values[-1]:6.2f} ms")  # fmt: skip


def measure(url: str, reps: int) -> dict[str, list[float]]:
    """Per rep: UI-thread ms to queue it, ms until its writes landed, and ms of a direct commit on the UI thread."""
    out: dict[str, list[float]] = {"queue": [], "state": [], "landed": [], "direct": []}
    with open_repository(url) as repo:
        direct = RepositoryRecorder(repo)
        session = direct.start_session("benchmark")
        set_id = direct.start_set(session, position=0, exercise="squat", target_reps=None, target_seconds=None)
        for i in range(reps):
            started = time.perf_counter()
            direct.record_rep(set_id, _rep(i))
            direct.add_xp(session, 10, "rep")
            out["direct"].append((time.perf_counter() - started) * 1000)
        direct.finish_session(session, "completed", 0)

        writer = BackgroundRecorder(RepositoryRecorder(repo))
        session = writer.start_session("benchmark")
        set_id = writer.start_set(session, position=0, exercise="squat", target_reps=None, target_seconds=None)
        writer.flush()
        for i in range(reps):
            started = time.perf_counter()
            writer.record_rep(set_id, _rep(i))
            writer.add_xp(session, 10, "rep")
            queued = time.perf_counter()
            wanted = writer.state().queued
            out["queue"].append((queued - started) * 1000)
            while True:
                before = time.perf_counter()
                state = writer.state()
                out["state"].append((time.perf_counter() - before) * 1000)
                if state.landed >= wanted:
                    break
                time.sleep(0.0002)
            out["landed"].append((time.perf_counter() - started) * 1000)
            time.sleep(GAP_S)
        writer.finish_session(session, "completed", 0)
        writer.close()
    return out


def report(name: str, out: dict[str, list[float]]) -> None:
    landed = out["landed"]
    frames = [math.ceil(ms / 1000 / FRAME_S) for ms in landed]  # UI frames until the writes have landed (upper bound)
    within = sum(f <= 1 for f in frames) / len(frames)
    print(f"{name}")
    print(f"  UI thread, queue a rep and its XP: {_figures(out['queue'])}")
    print(f"  UI thread, read the save state:    {_figures(out['state'])}")
    print(f"  rep counted -> its writes landed:  {_figures(landed)}  ({within:.0%} within one 60 fps frame)")
    print(f"  for comparison, both committed on the UI thread: {_figures(out['direct'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite file goes (default: beside the data)")
    parser.add_argument("--pg", default=os.environ.get("COACH_TEST_PG_URL"), help="a PostgreSQL URL to measure too")
    args = parser.parse_args()
    base = args.dir or data_dir().parent
    base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="coach-bench-", dir=base) as folder:
        report(
            f"SQLite (WAL, synchronous=FULL) in {folder}, {args.reps} reps",
            measure(f"sqlite:///{folder}/c.db", args.reps),
        )
    if args.pg:
        report(f"PostgreSQL, {args.reps} reps", measure(args.pg, args.reps))


if __name__ == "__main__":
    main()
