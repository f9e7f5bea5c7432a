"""Long run: an hour of avatar workouts, unpaced, through the app's per-frame code and its storage.

The synthetic avatar does the bundled plans one after another (generated one set at a time and never rendered, so
memory holds one set's poses, not the hour's), frames go through the live worker's per-frame code (`LiveEngine` over
the one `FrameStep`: smoothing, features, recognizer, counting with the pose) and the Workout screen's driver
(`EngineDriver` with its `WorkoutEngine`), which records through the app's storage path: a `BackgroundRecorder` over a
`RepositoryRecorder` into a SQLite file, a new recorder per workout as `Workouts.start` makes one. One engine runs the
whole hour, as with a camera: the worker is not restarted between workouts.

Every `--sample-every` seconds of video, the process's RSS, open file descriptors, open files and threads are sampled;
RSS is also sampled between sets, before the avatar's next set is generated, when no generated clip is alive (RSS
during a set rises and falls by 5-30 MB with the length of the set being generated, which would hide a slow leak).
Reported: the growth after warm-up (from minute `--warmup-minutes` to the end, and the least-squares slope over that
stretch), the wall time, and whether every rep the workout engine credited is in the database (each session's stored
reps and its sets' achieved reps against the engine's summary). Exit code 1 when a credited rep is missing.

Run from the repo root: `.venv/bin/python benchmarks/soak.py [--minutes 60] [--sample-every 30] [--json OUT]`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # the Workout screen's modules import pygame; no window opens
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import psutil

FPS = 30.0


@dataclass
class Sample:
    """The process at one moment of video time."""

    video_s: float
    wall_s: float
    rss_mb: float
    fds: int
    open_files: int
    threads: int
    workouts: int


@dataclass
class WorkoutCheck:
    """One workout: what the engine credited against what the database holds."""

    plan: str
    session_id: int
    status: str
    credited_reps: int  # the engine's summary (sum of its sets' reps)
    stored_reps: int  # rep rows of the session that count (partial ones aside)
    stored_set_reps: int  # the sets' achieved reps in the database
    counter_reps: int  # reps the counter announced while this workout ran (some are not credited: a rest, a mismatch)
    sets_done: int  # sets that ended (completed, skipped or cut off by the end of the run)
    sets_planned: int
    video_minutes: float  # from the workout's first frame to its end

    @property
    def ok(self) -> bool:
        """Every credited rep is stored, and the sets' totals agree."""
        return self.credited_reps == self.stored_reps == self.stored_set_reps


@dataclass
class Soak:
    """The run's state: samples, workouts and counters."""

    minutes: float
    sample_every_s: float
    samples: list[Sample] = field(default_factory=list)
    between_sets: list[Sample] = field(default_factory=list)  # RSS with no generated clip alive
    checks: list[WorkoutCheck] = field(default_factory=list)
    frames: int = 0
    started: float = field(default_factory=time.monotonic)
    process: psutil.Process = field(default_factory=psutil.Process)

    @property
    def limit_s(self) -> float:
        """Video seconds to run."""
        return self.minutes * 60.0

    def sample(self, video_s: float, into: list[Sample] | None = None) -> None:
        """Note the process's memory, descriptors and threads now (in `samples`, or `into`)."""
        p = self.process
        (self.samples if into is None else into).append(
            Sample(
                video_s=video_s,
                wall_s=time.monotonic() - self.started,
                rss_mb=p.memory_info().rss / 2**20,
                fds=p.num_fds(),
                open_files=len(p.open_files()),
                threads=p.num_threads(),
                workouts=len(self.checks),
            )
        )


def avatar_frames(
    plan: Any, seed: int, first_index: int, get_ready_s: float, before_set: Callable[[float], None]
) -> Iterator[Any]:
    """The avatar doing `plan`, generated set by set and without pictures (frame indices and timestamps go on from
    `first_index`, as a camera's do); `before_set(video_s)` runs before each set is generated, the last one gone."""
    from coach.synth.plan_avatar import avatar_clip, plan_segments, set_chunks, unrendered_frames
    from coach.vision.sources import Frame

    index = first_index
    for chunk in set_chunks(plan_segments(plan, get_ready_s)):
        before_set(index / FPS)
        for frame in unrendered_frames(avatar_clip(chunk, seed, FPS), FPS):
            yield Frame(frame.rgb, index, index / FPS, truth=frame.truth)
            index += 1


def run(soak: Soak, db_dir: Path, seed: int) -> None:
    """Plan after plan until the video time is up."""
    from coach.app.rehearsal import InProcessFeed, drive
    from coach.app.workout_driver import EngineDriver
    from coach.app.workouts import Workouts
    from coach.app.writer import BackgroundRecorder
    from coach.live.engine import LiveEngine
    from coach.storage.repository import open_repository
    from coach.storage.workout_bridge import RepositoryRecorder
    from coach.workout.catalog import load_catalog

    repo = open_repository(f"sqlite:///{db_dir / 'soak.db'}")
    plans = [entry.plan for entry in load_catalog(user_dir=db_dir / "plans").entries]  # the bundled plans
    workouts = Workouts(repo, "Soak")
    engine, note = LiveEngine.build(workouts.model(), known_ranges=workouts.ranges())
    if note:
        print(f"note: {note}", file=sys.stderr)
    next_sample = 0.0
    next_index = 0
    tally = _CounterTally(engine)
    try:
        while next_index / FPS < soak.limit_s:
            plan = plans[len(soak.checks) % len(plans)]
            before = workouts.history()
            recorder = BackgroundRecorder(RepositoryRecorder(repo))

            def finish(engine: Any, result: Any, recorder: BackgroundRecorder = recorder, before: list = before) -> Any:
                recorder.close()  # every write landed: the session can be read back (as Workouts.start does)
                return workouts.summary(before, engine.session_id, result, engine.snapshot().total_sets)

            driver = EngineDriver(
                plan, recorder, InProcessFeed(engine), config=workouts.config, xp_before=sum(s.xp for s in before),
                finish=finish, known_ranges=workouts.ranges(),
            )  # fmt: skip

            def until(driver: EngineDriver) -> bool:
                nonlocal next_sample, next_index
                soak.frames += 1
                next_index += 1
                now = next_index / FPS
                if now >= next_sample or now >= soak.limit_s:  # the last sample is taken while everything is open
                    soak.sample(now)
                    next_sample += soak.sample_every_s
                return driver.summary() is not None or now >= soak.limit_s

            tally.reps = 0
            frames = avatar_frames(
                plan, seed + len(soak.checks), next_index, workouts.config.get_ready_s,
                lambda video_s: soak.sample(video_s, into=soak.between_sets),
            )  # fmt: skip
            drive(tally, driver, frames, until)  # type: ignore[arg-type]  # the engine, counted
            if driver.summary() is None:  # the hour is up mid-workout (or the avatar ran out): stop it, as Quit does
                driver.command("quit")
            assert driver.engine is not None and driver.summary() is not None
            soak.checks.append(_check(repo, plan.name, driver.engine, tally.reps))
    finally:
        engine.close()
        repo.close()


class _CounterTally:
    """The engine, counting the reps its counter announces (credited by the workout engine or not)."""

    def __init__(self, engine: Any) -> None:
        from coach.counting.events import RepEvent

        self.engine = engine
        self.reps = 0
        self._rep = RepEvent

    def process(self, frame: Any, captured_at: float) -> Any:
        live = self.engine.process(frame, captured_at)
        self.reps += sum(isinstance(e, self._rep) and e.counted for e in live.events)
        return live


def _check(repo: Any, plan_name: str, engine: Any, counter_reps: int) -> WorkoutCheck:
    """What the engine credited in this workout against what the database holds for its session."""
    result = engine.summary()
    detail = repo.session(engine.session_id)
    stored = sum(1 for s in detail.sets for r in s.reps if not r.partial)
    return WorkoutCheck(
        plan=plan_name,
        session_id=engine.session_id,
        status=detail.summary.status,
        credited_reps=result.total_reps,
        stored_reps=stored,
        stored_set_reps=sum(s.achieved_reps for s in detail.sets),
        counter_reps=counter_reps,
        sets_done=len(result.sets),
        sets_planned=engine.snapshot().total_sets,
        video_minutes=round(result.total_s / 60, 2),
    )


def growth(samples: list[Sample], warmup_s: float, key: str) -> dict[str, float]:
    """From the first sample at or after warm-up to the last: the change, the least-squares slope per 10 minutes, and
    the range."""
    after = [s for s in samples if s.video_s >= warmup_s] or samples[-1:]
    x = np.array([s.video_s for s in after]) / 600.0
    y = np.array([getattr(s, key) for s in after], dtype=float)
    slope = float(np.polyfit(x, y, 1)[0]) if len(after) >= 3 else float("nan")
    return {
        "from_minute": round(after[0].video_s / 60, 1),
        "start": round(float(y[0]), 1),
        "end": round(float(y[-1]), 1),
        "change": round(float(y[-1] - y[0]), 1),
        "slope_per_10_min": round(slope, 2),
        "min": round(float(y.min()), 1),
        "max": round(float(y.max()), 1),
    }


def report(soak: Soak, warmup_s: float) -> dict[str, Any]:
    """The figures, printed and returned for --json."""
    last = soak.samples[-1]
    video_s = last.video_s
    checks = soak.checks
    credited = sum(c.credited_reps for c in checks)
    stored = sum(c.stored_reps for c in checks)
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "video_minutes": round(video_s / 60, 2),
        "wall_minutes": round(last.wall_s / 60, 2),
        "frames": soak.frames,
        "workouts": len(checks),
        "reps": {
            "counter": sum(c.counter_reps for c in checks),
            "credited": credited,
            "stored": stored,
            "stored_set_totals": sum(c.stored_set_reps for c in checks),
        },
        "all_stored": all(c.ok for c in checks),
        "rss_mb": growth(soak.samples, warmup_s, "rss_mb"),
        "rss_mb_between_sets": growth(soak.between_sets, warmup_s, "rss_mb"),
        "fds": growth(soak.samples, warmup_s, "fds"),
        "open_files": growth(soak.samples, warmup_s, "open_files"),
        "threads": growth(soak.samples, warmup_s, "threads"),
        "workout_checks": [c.__dict__ | {"ok": c.ok} for c in checks],
        "samples": [s.__dict__ for s in soak.samples],
        "between_sets": [s.__dict__ for s in soak.between_sets],
    }
    print(f"# Soak: {out['video_minutes']} minutes of avatar workouts, unpaced ({out['machine']})")
    print()
    print(
        f"{soak.frames} frames in {out['wall_minutes']} wall minutes "
        f"({video_s / max(last.wall_s, 1e-9):.1f}x real time, "
        f"{1000 * last.wall_s / max(soak.frames, 1):.2f} ms a frame, "
        f"load average {os.getloadavg()[0]:.2f} at the end)"
    )
    print()
    print("| video min | wall min | RSS MB | fds | open files | threads | workouts done |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    shown = -math.inf
    for s in soak.samples:
        if s.video_s - shown >= 300 or s is last:  # one row per 5 minutes
            shown = s.video_s
            print(f"| {s.video_s / 60:.1f} | {s.wall_s / 60:.1f} | {s.rss_mb:.1f} | {s.fds} | {s.open_files} | "
                  f"{s.threads} | {s.workouts} |")  # fmt: skip
    print()
    units = {"rss_mb_between_sets": "MB", "rss_mb": "MB", "fds": "file descriptors", "open_files": "open files"}
    for key, unit in (*units.items(), ("threads", "")):
        g = out[key]
        print(
            f"{key}: minute {g['from_minute']} -> end: {g['start']} -> {g['end']} ({g['change']:+} {unit}); "
            f"slope {g['slope_per_10_min']:+} per 10 min; range {g['min']}..{g['max']}"
        )
    r = out["reps"]
    print()
    print(
        f"{len(checks)} workouts ({', '.join(_workout_line(c) for c in checks)}); reps: the counter announced "
        f"{r['counter']}, the engine credited {r['credited']}, the database holds {r['stored']} "
        f"(sets' achieved reps {r['stored_set_totals']})"
    )
    bad = [c for c in checks if not c.ok]
    print("every credited rep is stored" if not bad else f"MISSING REPS in {len(bad)} workouts: {bad}")
    return out


def _workout_line(check: WorkoutCheck) -> str:
    return f"{check.plan}: {check.status}, {check.sets_done}/{check.sets_planned} sets in {check.video_minutes} min"


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="video minutes to run (default 60)")
    parser.add_argument("--sample-every", type=float, default=30.0, help="video seconds between samples")
    parser.add_argument("--warmup-minutes", type=float, default=5.0, help="growth is measured from here on")
    parser.add_argument("--seed", type=int, default=0, help="the avatar's seed for the first workout (+1 each)")
    parser.add_argument("--json", type=Path, help="also write the figures and every sample here")
    args = parser.parse_args(argv)
    soak = Soak(args.minutes, args.sample_every)
    with tempfile.TemporaryDirectory(prefix="coach-soak-") as tmp:
        os.environ["COACH_DATA_DIR"] = tmp  # nothing reads or writes the person's own data folder
        run(soak, Path(tmp), args.seed)
    out = report(soak, min(args.warmup_minutes * 60.0, soak.samples[-1].video_s))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n")
    return 0 if out["all_stored"] else 1


if __name__ == "__main__":
    sys.exit(main())
