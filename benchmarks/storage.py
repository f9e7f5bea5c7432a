"""What it costs to make a rep durable: `Repository.record_rep` latency (one committed transaction per rep) on SQLite
with synchronous=NORMAL and FULL (both WAL), and on PostgreSQL when a server is given.

Run: `.venv/bin/python benchmarks/storage.py [--reps N] [--dir DIR] [--pg URL]` (`--pg` defaults to COACH_TEST_PG_URL).
The SQLite files go in a temporary folder beside the per-user data folder (the disk Coach really writes to), unless
`--dir` says otherwise; a tmpfs folder would make every fsync free and the comparison meaningless.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from coach.config import data_dir
from coach.counting.events import RepEvent, RepTempo
from coach.storage import open_repository


def _rep(index: int) -> RepEvent:
    return RepEvent("squat", "both", 2.5 * index, 2.5 * index + 2.0, RepTempo(1.0, 0.8), 88.0, 0.9, ("go lower",))


def rep_latency_ms(url: str, reps: int, synchronous: str = "FULL") -> dict[str, float]:
    """Median / p90 / max milliseconds per record_rep, after 20 warm-up reps."""
    with open_repository(url, synchronous=synchronous) as repo:
        session_id = repo.start_session("bench", "benchmark")
        set_id = repo.start_set(session_id, "squat", target_reps=reps)
        for i in range(20):
            repo.record_rep(session_id, set_id, _rep(i))
        times = []
        for i in range(reps):
            started = time.perf_counter()
            repo.record_rep(session_id, set_id, _rep(i))
            times.append((time.perf_counter() - started) * 1000)
        repo.finish_session(session_id, "completed")
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 3),
        "p90_ms": round(times[int(0.9 * len(times))], 3),
        "max_ms": round(times[-1], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None, help="where the SQLite files go (default: beside the data)")
    parser.add_argument("--pg", default=os.environ.get("COACH_TEST_PG_URL"), help="a PostgreSQL URL to measure too")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    base = args.dir or data_dir().parent
    base.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="coach-bench-", dir=base) as folder:
        print(f"SQLite files in {folder}; {args.reps} reps each")
        for synchronous in ("NORMAL", "FULL"):
            url = f"sqlite:///{Path(folder) / f'{synchronous.lower()}.db'}"
            results[f"sqlite_wal_{synchronous.lower()}"] = rep_latency_ms(url, args.reps, synchronous)
    if args.pg:
        results["postgresql"] = rep_latency_ms(args.pg, args.reps)
    print(f"{'database':<20} {'median ms':>10} {'p90 ms':>8} {'max ms':>8}")
    for name, figures in results.items():
        print(f"{name:<20} {figures['median_ms']:>10.2f} {figures['p90_ms']:>8.2f} {figures['max_ms']:>8.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
