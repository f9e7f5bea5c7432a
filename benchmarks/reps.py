"""Rep counting benchmark: a synthetic suite and the real clips, per exercise: exact-count rate, MAE, off-by-one.

Run from the repo root: `.venv/bin/python benchmarks/reps.py [--clips-per-exercise 32] [--json OUT] [--jobs 2]`.

Synthetic suite (seeded, so the same clips every run): for every exercise, clips with random people, tempos, camera
yaw (-70..70 degrees; -55..55 for dumbbell arm exercises, beyond which the far arm is hidden behind the body),
pauses, partial reps (not counted), idle lead-in and lead-out (standing, walking, stretching) and, in a third of
them, six times the measured pose-dropout rate. Leg exercises are framed with the legs in view (counting
knees needs knees); arm exercises get any framing, including waist-up and partly out of frame. Counted with the
exercise given, as in a workout plan. The plank is timed instead: hold seconds vs truth.

Real clips (`../shared/data/clips`, skipped if absent): MediaPipe poses are cached (benchmarks/real_poses.py), then
counted with the exercise given, and in free mode with the chosen recognizer (`--model`, else as the app chooses:
COACH_MODEL or the shipped model) deciding what is being done.

Every clip runs through the app's own per-frame step (`coach.pipeline.FrameStep`: smoothing, features, recognizer,
counting with the pose), fed the recorded poses as picture-less frames (`pose_frames`), so what is measured here is
what a workout and `coach analyze` do.

MAE is mean(|predicted - true| / true); OBO is the share of clips within one rep.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coach.counting.counter import ExerciseCounter
from coach.counting.events import RepEvent
from coach.exercises.specs import COUNTING, HOLDS
from coach.pipeline import FREE, FrameStep, build_pipeline, pose_frames
from coach.synth.generator import DEFAULT_NOISE, ViewRequest, generate_clip

if TYPE_CHECKING:
    from coach.model_choice import ModelChoice

LEG_EXERCISES = {"squat", "lunge"}
# Turned further than ~55 degrees, the far arm is behind the body: one-arm curls with that arm cannot be seen at all.
ARM_EXERCISES = {"bicep_curl", "shoulder_press", "lateral_raise", "front_raise"}


def suite_case(exercise: str, index: int) -> dict[str, Any]:
    """Generate synthetic clip number `index` of `exercise` and count it; returns truth, prediction and conditions."""
    from dataclasses import replace

    rng = np.random.default_rng(10_000 + 97 * index + sum(map(ord, exercise)))
    legs = exercise in LEG_EXERCISES
    max_yaw = 70.0 if exercise not in ARM_EXERCISES else 55.0
    view = ViewRequest(
        yaw_deg=float(rng.uniform(-max_yaw, max_yaw)),
        waist_up=False if legs else None,
        partly_out_of_frame=False if legs else None,
    )
    dropouts = index % 3 == 2
    noise = replace(DEFAULT_NOISE, dropouts_per_min=DEFAULT_NOISE.dropouts_per_min * 6) if dropouts else DEFAULT_NOISE
    lead_in, lead_out = float(rng.uniform(0, 3)), float(rng.uniform(0, 3))
    seed = int(rng.integers(1 << 30))
    if exercise in HOLDS:
        clip = generate_clip(exercise, seconds=float(rng.uniform(10, 40)), seed=seed, view=view, noise=noise,
                             lead_in_s=lead_in, lead_out_s=lead_out)  # fmt: skip
    else:
        partial_rate = 0.15 if index % 2 else 0.0
        clip = generate_clip(exercise, reps=int(rng.integers(3, 13)), seed=seed, view=view, noise=noise,
                             partial_rate=partial_rate, lead_in_s=lead_in, lead_out_s=lead_out)  # fmt: skip
    counter, delays = _count_streaming(exercise, clip)
    return {
        "delays": delays,  # popped before the report
        "exercise": exercise,
        "index": index,
        "seed": seed,
        "yaw": round(view.yaw_deg or 0.0, 1),
        "dropouts": dropouts,
        "true": clip.count(exercise),
        "pred": counter.count,
        "true_partial": sum(r.partial for r in clip.reps),
        "pred_partial": counter.partials,
        "true_hold_s": round(clip.holds.get(exercise, 0.0), 2),
        "pred_hold_s": round(counter.hold_seconds, 2),
    }


def _count_streaming(exercise: str, clip: Any) -> tuple[ExerciseCounter, list[float]]:
    """Count a clip frame by frame as the live app would; also how long after each true rep's end it was counted
    (negative: counted while the person was still on the way back, which is by design)."""
    step = FrameStep(build_pipeline(lazy=True))  # generated poses never need MediaPipe
    step.count(exercise)
    emitted: list[tuple[float, RepEvent]] = []
    for frame in pose_frames((i / clip.fps, clip.pose(i)) for i in range(clip.frames)):
        for event in step.process(frame).events:
            if isinstance(event, RepEvent) and event.counted:
                emitted.append((frame.timestamp_s, event))
    step.finish()
    assert step.tracker is not None
    counter = step.tracker.counters[exercise]
    delays = []
    for rep in (r for r in clip.reps if not r.partial):
        start, end = rep.start / clip.fps, rep.end / clip.fps
        matches = [at for at, e in emitted if min(e.end_s, end) - max(e.start_s, start) > 0.3 * (end - start)]
        if matches:
            delays.append(round(matches[0] - end, 3))
    return counter, delays


def _suite_case_star(args: tuple[str, int]) -> dict[str, Any]:
    return suite_case(*args)


def scores(rows: list[tuple[int, int]]) -> dict[str, float]:
    """exact rate, MAE and OBO of (true, predicted) pairs."""
    exact = sum(t == p for t, p in rows) / len(rows)
    mae = statistics.fmean(abs(p - t) / max(t, 1) for t, p in rows)
    obo = sum(abs(t - p) <= 1 for t, p in rows) / len(rows)
    return {"clips": len(rows), "exact": round(exact, 4), "mae": round(mae, 4), "obo": round(obo, 4)}


def run_suite(per_exercise: int, jobs: int) -> dict[str, Any]:
    """The synthetic suite, per exercise and overall."""
    cases = [(e, i) for e in [*COUNTING, *HOLDS] for i in range(per_exercise)]
    started = time.monotonic()
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_suite_case_star, cases, chunksize=4))
    table: dict[str, Any] = {}
    for exercise in COUNTING:
        rows = [(r["true"], r["pred"]) for r in results if r["exercise"] == exercise]
        table[exercise] = scores(rows)
    for exercise in HOLDS:
        errors = [abs(r["pred_hold_s"] - r["true_hold_s"]) for r in results if r["exercise"] == exercise]
        table[exercise] = {"clips": len(errors), "hold_error_s_median": round(statistics.median(errors), 2),
                           "hold_error_s_max": round(max(errors), 2)}  # fmt: skip
    counted = [(r["true"], r["pred"]) for r in results if r["exercise"] in COUNTING]
    delays = np.array([d for r in results for d in r["delays"]])
    return {
        "count_delay_s": {
            "median": round(float(np.median(delays)), 3),
            "p95": round(float(np.percentile(delays, 95)), 3),
            "max": round(float(delays.max()), 3),
            "reps": int(delays.size),
        },
        "per_exercise": table,
        "overall_reps": scores(counted),
        "clips": len(results),
        "seconds": round(time.monotonic() - started, 1),
        "misses": [
            {k: v for k, v in r.items() if k != "delays"}
            for r in results
            if r["exercise"] in COUNTING and r["true"] != r["pred"]
        ],
    }


def counted_step(choice: ModelChoice, what: str) -> FrameStep:
    """A step with the chosen recognizer (as the app builds it) counting `what` (an exercise, or FREE)."""
    from coach.session import build_step

    step, note = build_step(choice)
    if step.recognizer is None:
        raise SystemExit(f"reps benchmark: {note}")
    step.count(what)
    return step


def run_real(clips_dir: Path, model_dir: Path | None) -> dict[str, Any]:
    """The real clips, counted with the exercise given and in free mode."""
    from real_poses import clip_poses

    from coach.model_choice import choose_model

    truth = json.loads((clips_dir / "truth.json").read_text())
    choice = choose_model(model_dir)
    out = []
    for entry in truth:
        poses = clip_poses(clips_dir / entry["file"])
        exercise = entry["exercise"]
        free_step = counted_step(choice, FREE)
        given_step = counted_step(choice, exercise) if exercise != "idle" else None
        for step in (s for s in (free_step, given_step) if s is not None):  # every frame, recognizer included
            for frame in poses.frames():
                step.process(frame)
            step.finish()
        free = free_step.tracker
        given = given_step.tracker if given_step is not None else None
        assert free is not None
        row = {"file": entry["file"], "exercise": exercise, "true": entry["reps"],
               "free": free.counts.get(exercise, 0) if exercise != "idle" else sum(free.counts.values()),
               "free_other": {k: v for k, v in free.counts.items() if k != exercise and v}}  # fmt: skip
        if given is not None:
            row["given"] = given.counts.get(exercise, 0)
            row["given_events"] = [round(e.end_s, 1) for e in given.events if isinstance(e, RepEvent) and e.counted]
        if "hold_s" in entry:
            row["true_hold_s"] = entry["hold_s"]
            row["given_hold_s"] = round(given.holds.get(exercise, 0.0), 1) if given else None
            row["free_hold_s"] = round(free.holds.get(exercise, 0.0), 1)
        out.append(row)
    counted = [r for r in out if r["exercise"] in COUNTING]
    return {
        "clips": out,
        "given": scores([(r["true"], r["given"]) for r in counted]),
        "free": scores([(r["true"], r["free"]) for r in counted]),
    }


def main() -> None:
    """Run both parts and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips-per-exercise", type=int, default=32)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--model", type=Path, help="the recognizer for free mode (default: as the app chooses)")
    parser.add_argument("--skip-real", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    if not args.skip_synthetic:
        suite = run_suite(args.clips_per_exercise, args.jobs)
        report["synthetic"] = suite
        print(f"Synthetic suite: {suite['clips']} clips in {suite['seconds']} s")
        print(f"  {'exercise':15s} {'clips':>5s} {'exact':>7s} {'MAE':>7s} {'OBO':>7s}")
        for exercise, s in suite["per_exercise"].items():
            if "exact" in s:
                print(f"  {exercise:15s} {s['clips']:5d} {s['exact']:7.1%} {s['mae']:7.3f} {s['obo']:7.1%}")
            else:
                print(f"  {exercise:15s} {s['clips']:5d}   hold error median {s['hold_error_s_median']} s, "
                      f"max {s['hold_error_s_max']} s")  # fmt: skip
        d = suite["count_delay_s"]
        print(f"  when counted, relative to the true end of the rep (the person back at rest), over {d['reps']} reps: "
              f"median {d['median']:+.2f} s, p95 {d['p95']:+.2f} s, max {d['max']:+.2f} s")  # fmt: skip
        o = suite["overall_reps"]
        print(f"  {'all rep clips':15s} {o['clips']:5d} {o['exact']:7.1%} {o['mae']:7.3f} {o['obo']:7.1%}")
        for m in suite["misses"]:
            print(f"    miss: {m['exercise']} #{m['index']} yaw {m['yaw']} dropouts {m['dropouts']}: true {m['true']} "
                  f"(+{m['true_partial']} partial), counted {m['pred']} (+{m['pred_partial']})")  # fmt: skip
    clips_dir = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "clips"
    if not args.skip_real and clips_dir.is_dir():
        real = run_real(clips_dir, args.model)
        report["real"] = real
        print("Real clips (true / with --exercise / free mode):")
        for r in real["clips"]:
            hold = (
                f"  hold {r['true_hold_s']} s / {r['given_hold_s']} / {r['free_hold_s']}" if "true_hold_s" in r else ""
            )
            other = f"  (free mode also counted {r['free_other']})" if r["free_other"] else ""
            print(f"  {r['file']:32s} {r['true']:3d} / {r.get('given', '-')!s:>3s} / {r['free']:3d}{hold}{other}")
        for mode in ("given", "free"):
            s = real[mode]
            print(f"  {mode:6s}: exact {s['exact']:.1%}  MAE {s['mae']:.3f}  OBO {s['obo']:.1%}  ({s['clips']} clips)")
    elif not args.skip_real:
        print(f"Real clips skipped: {clips_dir} not found")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
