"""Exercise recognition benchmark: inference latency vs Keras, start-up and memory, and accuracy on the real clips.

1. Latency: `StreamingRecognizer.update` per frame on a 30 fps stream of real feature vectors, against Keras
   `model.predict(window[None])` and `model(window[None], training=False)` on one (1, 32, dim) window.
2. Start-up and peak RSS of fresh processes that load the model and stream 100 frames, without and with TensorFlow.
3. Real clips (DEVELOPMENT figures: they were used to tune the generator): MediaPipe pipeline + streaming recognizer
   over every clip in truth.json; the pipeline's smoothed poses are cached (benchmarks/real_poses.py; MediaPipe costs
   ~25 ms/frame), so reruns take seconds. Labels per clip, on the idle stretches the truth notes name, the mean
   probability of every class (near misses), and each clip's view as MediaPipe measures it.
4. Held-out synthetic people by view (HELD OUT: people no training run draws; benchmarks/recognition_views.py).
5. With --families: which generator families each real clip depends on (small models, one family left out each).

Run from the repo root: `.venv/bin/python benchmarks/recognition.py [--model DIR] [--json OUT] [--cache DIR]
[--heldout-people N] [--families] [--no-speed]`.
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
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coach.recognition.bundle import load_model, member_weights_file
from coach.vision.features import FeatureExtractor, FeatureSpec

sys.path.insert(0, str(Path(__file__).resolve().parent))
import recognition_views as views
from real_poses import clip_poses

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO_ROOT / "models" / "default"
DEFAULT_CLIPS_DIR = REPO_ROOT / ".." / "shared" / "data" / "clips"
DEFAULT_CACHE = Path("/tmp/coach_recognition_cache")
FPS = 30.0
KERAS_CALLS = 50
NOT_EXERCISE = ("unknown", "idle")
# Stretches without the clip's exercise, from the truth notes: (what happens, start s, end s).
STRETCHES: dict[str, list[tuple[str, float, float]]] = {
    "squat_front_01": [("drops to the floor", 29.3, 30.0)],
    "squat_front_02": [("standing idle", 0.0, 2.5)],
    "pushup_front_01": [("stands up", 28.3, 29.0)],
    "pushup_front_03": [("holds the top position", 0.0, 2.0)],
    "plank_side_01": [("gets into the plank", 0.0, 2.5), ("gets up", 31.0, 35.0)],
    "front_raise_side_02": [("standing idle", 0.0, 3.8)],
}

# Fresh interpreter. argv: model folder, "tf" to import tensorflow first, parent's time.monotonic() at launch.
_CHILD_CODE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
if sys.argv[2] == "tf":
    import tensorflow
t_tf = time.perf_counter()
import numpy as np
from coach.recognition.bundle import load_model
from coach.vision.features import FeatureSpec
t_import = time.perf_counter()
model = load_model(sys.argv[1], expected=FeatureSpec())
t_load = time.perf_counter()
stream = model.stream()
x = np.random.default_rng(0).normal(0.0, 0.5, (100, model.classifier.input_dim)).astype(np.float32)
for i, row in enumerate(x):
    stream.update(row, i / 30.0)
t_done = time.perf_counter()
print(json.dumps({"tf_import_s": t_tf - t0, "import_s": t_import - t_tf, "load_s": t_load - t_import,
    "stream_100_s": t_done - t_load, "ready_since_launch_s": time.monotonic() - float(sys.argv[3]),
    "ru_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "vm_hwm_kb": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")),
    "tensorflow_loaded": "tensorflow" in sys.modules}))
"""


def _ms(values_s: Sequence[float], q: float = 50.0) -> float:
    """A percentile of durations in seconds, in milliseconds."""
    return float(np.percentile(np.asarray(values_s, np.float64), q) * 1000.0)


def resolve_model(explicit: Path | None) -> Path:
    """The model folder: --model, else the shipped models/default."""
    folder = explicit or DEFAULT_MODEL
    if not (folder / "recognizer.json").exists():
        raise SystemExit(f"no model at {folder} (train one: coach train --out {folder})")
    return folder


def clip_features(clip: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(timestamps, features (NaN rows where no pose), has_pose, MediaPipe's trunk yaw) of every frame of a clip, from
    the pipeline's cached smoothed poses, so a new FeatureSpec needs no MediaPipe rerun."""
    poses = clip_poses(clip)
    extractor = FeatureExtractor()
    dim = extractor.spec.dim
    features = np.full((len(poses.timestamps), dim), np.nan, np.float32)
    for i, t in enumerate(poses.timestamps.tolist()):
        pose = poses.pose(i)
        if pose is not None:
            features[i] = extractor(pose, t).vector
    return poses.timestamps, features, poses.detected, views.body_yaw_deg(poses.world, poses.detected)


def measure_latency(model: Any, stream_x: np.ndarray, has_pose: np.ndarray, window: np.ndarray) -> dict[str, Any]:
    """Per-frame cost of our streaming path vs Keras per-call cost on one window."""
    stream = model.stream()
    clock = time.perf_counter
    times, stepped = [], []
    for i, (row, ok) in enumerate(zip(stream_x, has_pose, strict=True)):
        before = getattr(stream, "_next_step_s", None)
        t0 = clock()
        stream.update(row if ok else None, i / FPS)
        times.append(clock() - t0)
        stepped.append(getattr(stream, "_next_step_s", None) != before)
    every, step = np.asarray(times[100:]), np.asarray(stepped[100:])  # the first 100 frames are start-up
    # Half the frames step the model and half only report: a bimodal mix whose median says little; the mean is the
    # amortised cost per frame and the stepping frames are the unit of work a Keras call would replace.
    ours = {"frames": len(every), "mean_ms": float(every.mean() * 1000), "median_ms": _ms(every),
            "p90_ms": _ms(every, 90), "stepping_frames": int(step.sum()), "stepping_median_ms": _ms(every[step]),
            "stepping_p90_ms": _ms(every[step], 90), "other_median_ms": _ms(every[~step])}  # fmt: skip

    import keras

    import coach.recognition.models  # noqa: F401  (registers AttentionPool)

    # Keras runs what the numpy runtime runs: every network of an ensemble, each on its own view of the window (a
    # mirrored model's networks read the mirrored window too: the same network, a second reading).
    members = getattr(model.classifier, "members", None)
    if members:
        gates = [m.gated_parts for m in members if not m.mirror]
        files = [Path(member_weights_file(m.gated_parts, gates.index(m.gated_parts) == 0)).with_suffix(".keras")
                 for m in members]  # fmt: skip
        views = [m.sees for m in members]
    else:
        files, views = [Path("model.keras")], [lambda x: x]
    loaded = {f: keras.saving.load_model(model.path / f) for f in dict.fromkeys(files)}
    kmodels = [loaded[f] for f in files]
    batches = [see(window)[None].astype(np.float32) for see in views]
    out: dict[str, Any] = {"ours": ours, "keras_networks": len(loaded), "keras_readings": len(kmodels)}
    pairs = list(zip(kmodels, batches, strict=True))
    for name, call in (("predict", lambda: [k.predict(b, verbose=0) for k, b in pairs]),
                       ("call", lambda: [k(b, training=False) for k, b in pairs])):  # fmt: skip
        for _ in range(5):
            call()
        calls_s = []
        for _ in range(KERAS_CALLS):
            t0 = clock()
            call()
            calls_s.append(clock() - t0)
        out[f"keras_{name}"] = {"calls": KERAS_CALLS, "median_ms": _ms(calls_s), "p90_ms": _ms(calls_s, 90)}
    keras_p = np.mean([np.asarray(k(b, training=False))[0] for k, b in pairs], axis=0)
    out["keras_vs_numpy_max_abs_diff"] = float(np.abs(keras_p - model.classifier.predict_window(window)).max())
    for name in ("predict", "call"):
        out[f"ratio_{name}_over_ours_stepping"] = out[f"keras_{name}"]["median_ms"] / ours["stepping_median_ms"]
        out[f"ratio_{name}_over_ours_mean"] = out[f"keras_{name}"]["median_ms"] / ours["mean_ms"]
    out["ours_under_0_5_ms"] = ours["stepping_median_ms"] < 0.5
    return out


def measure_startup(folder: Path, runs: int) -> dict[str, Any]:
    """Median wall time, phases and peak RSS of fresh processes, without ("numpy") and with TensorFlow ("tf")."""
    result: dict[str, Any] = {}
    for variant in ("numpy", "tf"):
        samples = []
        for _ in range(runs):
            launched = time.monotonic()
            done = subprocess.run([sys.executable, "-c", _CHILD_CODE, str(folder), variant, repr(launched)],
                                  cwd=REPO_ROOT, capture_output=True, text=True, check=False)  # fmt: skip
            wall = time.monotonic() - launched
            if done.returncode != 0:
                raise RuntimeError(f"start-up child ({variant}) failed: {done.stderr.strip().splitlines()[-1:]}")
            sample = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
            samples.append(sample | {"wall_s": wall})
        med = {k: float(statistics.median(s[k] for s in samples)) for k in samples[0] if k != "tensorflow_loaded"}
        med["peak_rss_mb"], med["ru_maxrss_mb"] = med.pop("vm_hwm_kb") / 1024.0, med.pop("ru_maxrss_kb") / 1024.0
        result[variant] = med | {"runs": runs, "tensorflow_loaded": any(s["tensorflow_loaded"] for s in samples)}
    return result


def _shares(labels: Sequence[str]) -> dict[str, float]:
    """Label -> fraction of frames, most frequent first."""
    return {k: v / len(labels) for k, v in Counter(labels).most_common()} if labels else {}


def _codes(classes: Sequence[str]) -> dict[str, str]:
    """Two-letter codes for the per-second timeline."""
    codes = {"unknown": ".."} | {c: "".join(w[0] for w in c.split("_")) if "_" in c else c[:2] for c in classes}
    return codes if len(set(codes.values())) == len(codes) else {c: c for c in codes}


def evaluate_clip(model: Any, entry: dict[str, Any], stamps: np.ndarray, x: np.ndarray, pose: np.ndarray,
                  codes: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    """Stream one clip through the recognizer and summarise what it said."""
    stream, classes, truth = model.stream(), model.classes, entry["exercise"]
    labels, probs = [], []
    for t, row, ok in zip(stamps, x, pose, strict=True):
        p = stream.update(row if ok else None, float(t))
        labels.append(p.label)
        probs.append(p.probabilities)
    P = np.asarray(probs)
    ready = np.ptp(P, axis=1) > 1e-9  # before the first model answer the probabilities are exactly uniform
    shares = _shares(labels)
    exercise = Counter(lb for lb in labels if lb not in NOT_EXERCISE).most_common(1)
    wrong = Counter(lb for lb in labels if lb not in (truth, *NOT_EXERCISE)).most_common(1)
    mean_p = P[ready].mean(axis=0) if ready.any() else np.full(len(classes), np.nan)
    overall = max(shares, key=shares.__getitem__)
    dominant = exercise[0][0] if exercise else None
    right = overall in NOT_EXERCISE if truth == "idle" else dominant == truth
    first = next((float(t) for t, lb in zip(stamps, labels, strict=True) if lb != "unknown"), None)
    stretches = []
    for what, a, b in STRETCHES.get(Path(entry["file"]).stem, []):
        sel = (stamps >= a) & (stamps < b)
        sel_ready = sel & ready
        mp = P[sel_ready].mean(axis=0) if sel_ready.any() else None
        top = [] if mp is None else [(classes[i], float(mp[i])) for i in np.argsort(mp)[::-1][:3]]
        stretches.append({"what": what, "start_s": a, "end_s": b, "frames": int(sel.sum()),
                          "labels": _shares([lb for lb, s in zip(labels, sel, strict=True) if s]),
                          "ready_frames": int(sel_ready.sum()), "top_mean_probabilities": top})  # fmt: skip
    seconds = int(np.ceil(stamps[-1] + 1e-9)) if len(stamps) else 0
    timeline = [Counter(lb for t, lb in zip(stamps, labels, strict=True) if s <= t < s + 1).most_common(1)
                for s in range(seconds)]  # fmt: skip
    return {
        "clip": Path(entry["file"]).stem, "truth": truth, "frames": len(labels), "no_pose": int((~pose).sum()),
        "duration_s": float(stamps[-1]) if len(stamps) else 0.0, "first_label_s": first,
        "dominant_exercise": dominant, "most_frequent": overall, "right": right,
        "share_true": shares.get(truth, 0.0), "share_idle": shares.get("idle", 0.0),
        "share_unknown": shares.get("unknown", 0.0), "top_wrong": wrong[0][0] if wrong else None,
        "top_wrong_share": wrong[0][1] / len(labels) if wrong else 0.0, "label_shares": shares,
        "mean_p_true": float(mean_p[classes.index(truth)]) if truth in classes else None,
        "mean_probabilities": {c: float(v) for c, v in zip(classes, mean_p, strict=True)},
        "stretches": stretches, "timeline": " ".join(codes[c[0][0]] if c else "  " for c in timeline),
    }  # fmt: skip


def report_clips(rows: list[dict[str, Any]], classes: Sequence[str], codes: dict[str, str]) -> None:
    """Markdown tables of the clip results."""
    print("| clip | truth | dominant exercise | most frequent | true | idle | unknown | top wrong | first label s "
          "| mean P(true) | ok |\n|---|---|---|---|---:|---:|---:|---|---:|---:|---|")  # fmt: skip
    for r in rows:
        wrong = f"{r['top_wrong']} {r['top_wrong_share']:.0%}" if r["top_wrong"] else "—"
        first = "—" if r["first_label_s"] is None else f"{r['first_label_s']:.1f}"
        p_true = "—" if r["mean_p_true"] is None else f"{r['mean_p_true']:.2f}"
        print(f"| {r['clip']} | {r['truth']} | {r['dominant_exercise'] or '—'} | {r['most_frequent']} | "
              f"{r['share_true']:.0%} | {r['share_idle']:.0%} | {r['share_unknown']:.0%} | {wrong} | {first} | "
              f"{p_true} | {'yes' if r['right'] else '**NO**'} |")  # fmt: skip
    print("\nMean smoothed probability of each class over each clip (frames after the first model answer):\n")
    print("| clip | truth | " + " | ".join(classes) + " |")
    print("|---|---|" + "---:|" * len(classes))
    for r in rows:
        cells = [f"**{r['mean_probabilities'][c]:.2f}**" if c == r["truth"] else f"{r['mean_probabilities'][c]:.2f}"
                 for c in classes]  # fmt: skip
        print(f"| {r['clip']} | {r['truth']} | " + " | ".join(cells) + " |")
    print("\n## Stretches without the exercise (from the truth notes)\n")
    for r in rows:
        for s in r["stretches"]:
            top = ", ".join(f"{c} {p:.2f}" for c, p in s["top_mean_probabilities"]) or "no model answer yet"
            labels = ", ".join(f"{k} {v:.0%}" for k, v in s["labels"].items())
            print(f"- {r['clip']} {s['start_s']:g}-{s['end_s']:g} s ({s['what']}, {s['frames']} frames): labels "
                  f"{labels}; mean P over {s['ready_frames']} answered frames: {top}")  # fmt: skip
    legend = ", ".join(f"{v}={k}" for k, v in codes.items())
    print(f"\n## Per-second timeline (majority label in each second)\n\nCodes: {legend}\n\n```")
    width = max(len(r["clip"]) for r in rows)
    for r in rows:
        print(f"{r['clip']:<{width}} {codes.get(r['truth'], r['truth'])}| {r['timeline']}")
    print("```")


def score_real(folder: Path, truth: list[dict[str, Any]], cached: dict[str, Any]) -> list[dict[str, Any]]:
    """Every real clip streamed through the model in `folder`."""
    model = load_model(folder, expected=FeatureSpec())
    codes = _codes(model.classes)
    return [evaluate_clip(model, e, *cached[e["file"]][:3], codes) for e in truth]


def _print_speed(latency: dict[str, Any], startup: dict[str, Any], window: np.ndarray, runs: int) -> None:
    o, kp, kc = latency["ours"], latency["keras_predict"], latency["keras_call"]
    print("\n## Latency\n\n| path | mean ms | median ms | p90 ms | n |\n|---|---:|---:|---:|---:|")
    print(f"| ours: StreamingRecognizer.update, every frame (30 fps) | {o['mean_ms']:.4f} | {o['median_ms']:.4f} | "
          f"{o['p90_ms']:.4f} | {o['frames']} |")  # fmt: skip
    print(f"| ours: frames that step the model (every 2nd) | | {o['stepping_median_ms']:.4f} | "
          f"{o['stepping_p90_ms']:.4f} | {o['stepping_frames']} |")  # fmt: skip
    print(f"| ours: frames that only report | | {o['other_median_ms']:.4f} | | {o['frames'] - o['stepping_frames']} |")
    readings = latency.get("keras_readings", latency["keras_networks"])
    each = f"x {latency['keras_networks']} networks, " if latency["keras_networks"] > 1 else ""
    each += f"{readings} readings, " if readings > latency["keras_networks"] else ""
    print(f"| Keras model.predict(window[None]), {each}(1, 32, {window.shape[1]}) | | {kp['median_ms']:.2f} | "
          f"{kp['p90_ms']:.2f} | {kp['calls']} |")  # fmt: skip
    print(f"| Keras model(window[None], training=False), {each}| | {kc['median_ms']:.2f} | {kc['p90_ms']:.2f} | "
          f"{kc['calls']} |")  # fmt: skip
    ratio = latency["ratio_predict_over_ours_stepping"]
    print("\n- The every-frame median is not meaningful: half the frames step the model, half only report.")
    print(f"- predict / ours on a stepping frame: **{ratio:.0f}x** (goal ≥ 200x: {'PASS' if ratio >= 200 else 'FAIL'})"
          f"; predict / ours mean per frame: {latency['ratio_predict_over_ours_mean']:.0f}x; model() / ours on a "
          f"stepping frame: {latency['ratio_call_over_ours_stepping']:.0f}x")  # fmt: skip
    print(f"- ours < 0.5 ms per frame (median of stepping frames; p90 {o['stepping_p90_ms']:.3f} ms): "
          f"{'PASS' if latency['ours_under_0_5_ms'] else 'FAIL'}")  # fmt: skip
    print(f"- Keras vs numpy runtime on the same window: max |Δp| = {latency['keras_vs_numpy_max_abs_diff']:.2e}")
    print(f"\n## Start-up and memory (median of {runs} fresh processes, load model + stream 100 frames)")
    print("\n| process | wall s | import tensorflow s | import coach s | load_model ms | 100 frames ms | peak RSS MB "
          "| tensorflow loaded |\n|---|---:|---:|---:|---:|---:|---:|---|")  # fmt: skip
    for name, s in (("numpy runtime only", startup["numpy"]), ("import tensorflow first", startup["tf"])):
        print(f"| {name} | {s['wall_s']:.2f} | {s['tf_import_s']:.2f} | {s['import_s']:.2f} | {s['load_s'] * 1000:.1f} "
              f"| {s['stream_100_s'] * 1000:.1f} | {s['peak_rss_mb']:.0f} | {s['tensorflow_loaded']} |")  # fmt: skip
    tf_leak = startup["numpy"]["tensorflow_loaded"]
    print(f"\n- 'tensorflow' not in sys.modules of the numpy-only process: {'FAIL' if tf_leak else 'PASS'}")
    print(
        f"- ru_maxrss of the children ({startup['numpy']['ru_maxrss_mb']:.0f} / {startup['tf']['ru_maxrss_mb']:.0f} "
        "MB) is not used: Linux carries the parent's peak across fork+exec; peak RSS is VmHWM, the child's own."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help=f"model folder (default {DEFAULT_MODEL})")
    parser.add_argument("--clips-dir", type=Path, default=DEFAULT_CLIPS_DIR, help="folder with the clips + truth.json")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where held-out people and models are cached")
    parser.add_argument("--startup-runs", type=int, default=3, help="fresh processes per start-up variant")
    parser.add_argument("--no-speed", action="store_true", help="skip latency and start-up (accuracy only)")
    parser.add_argument("--heldout-people", type=int, default=30, metavar="N",
                        help="held-out synthetic people per view (default 30; 0 skips)")  # fmt: skip
    parser.add_argument("--families", action="store_true", help="which generator families each real clip needs")
    parser.add_argument("--family-people", type=int, default=views.FAMILY_PEOPLE, metavar="N")
    parser.add_argument("--family-epochs", type=int, default=views.FAMILY_EPOCHS, metavar="N")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers as JSON to OUT")
    parser.add_argument("--into-metrics", action="store_true",
                        help="add the real clips by view (development) to the model's metrics.json")  # fmt: skip
    args = parser.parse_args(argv)

    clips_dir = args.clips_dir.resolve()
    truth = json.loads((clips_dir / "truth.json").read_text()) if (clips_dir / "truth.json").exists() else []
    cached = {e["file"]: clip_features(clips_dir / e["file"]) for e in truth}
    folder = resolve_model(args.model)

    model = load_model(folder, expected=FeatureSpec())
    codes = _codes(model.classes)
    rows = [evaluate_clip(model, e, *cached[e["file"]][:3], codes) for e in truth]
    report: dict[str, Any] = {
        "model": str(folder), "architecture": model.architecture, "classes": list(model.classes),
        "cpu_count": os.cpu_count(), "clips": rows, "dominant_right": sum(r["right"] for r in rows),
        "clip_count": len(rows),
    }  # fmt: skip
    print(f"# Coach recognition benchmark: {folder} ({model.architecture}, {len(model.classes)} classes)")
    if not args.no_speed:
        load_before = os.getloadavg()[0]
        if cached:
            stream_x = np.concatenate([c[1] for c in cached.values()])
            has_pose = np.concatenate([c[2] for c in cached.values()])
            window = next(c[1][c[2]][::2][:32] for c in cached.values() if c[2][::2].sum() >= 32)
        else:  # no clips: random vectors stand in for real features
            stream_x = np.random.default_rng(0).normal(0, 0.5, (6000, model.classifier.input_dim)).astype(np.float32)
            window, has_pose = stream_x[:32], np.ones(len(stream_x), bool)
        latency = measure_latency(model, stream_x, has_pose, window)
        startup = measure_startup(folder, args.startup_runs)
        load_after = os.getloadavg()[0]
        machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
        print(f"\n{machine}; load average (1 min) before/after the timings: {load_before:.2f} / {load_after:.2f}. "
              "One run on this machine.")  # fmt: skip
        _print_speed(latency, startup, window, args.startup_runs)
        report |= {"load_avg_1min_before_after": [load_before, load_after], "latency": latency, "startup": startup}
    if rows:
        right = sum(r["right"] for r in rows)
        print(f"\n## Real clips ({clips_dir}; DEVELOPMENT figures: used to tune the generator)")
        print("\nDominant exercise = most frequent label other than unknown/idle; for the idle clip, right means the "
              "most frequent label is idle or unknown. Shares are of all frames, including the ~1-1.5 s before the "
              "first answer (16 model steps of context, then 0.4 s dwell).\n")  # fmt: skip
        report_clips(rows, model.classes, codes)
        print(f"\n**Dominant exercise right on {right} of {len(rows)} clips**")
        view_rows = views.real_view_rows(rows, truth, {Path(f).stem: c[3] for f, c in cached.items()})
        report["real_views"] = {"clips": view_rows, **views.real_view_summary(view_rows)}
        views.print_real_views(view_rows, report["real_views"])
    if args.heldout_people > 0:
        held = views.heldout_report(model.classifier.predict_windows, model.classes, args.heldout_people, args.cache)
        views.print_heldout(held)
        report["heldout_views"] = held
        shown = views.heldout_live_report(model.stream(), args.heldout_people, args.cache)
        views.print_heldout_live(shown)
        report["heldout_views_live"] = shown
    if args.families and rows:
        folders = views.family_models(args.cache, model.architecture, args.family_people, args.family_epochs)
        dependence = views.family_dependence(folders, lambda f: score_real(f, truth, cached))
        views.print_family_dependence(dependence, args.family_people, args.family_epochs)
        report["family_dependence"] = dependence
    if args.into_metrics and rows:
        views.add_to_metrics(folder / "metrics.json", report["real_views"])
        print(f"\nReal clips by view added to {folder / 'metrics.json'} (real_clips_by_view)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n")
        print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
