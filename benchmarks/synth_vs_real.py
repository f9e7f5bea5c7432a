"""Synthetic vs real joint-angle traces, one figure per exercise, as a yardstick for the motion generator.

For every exercise with a real clip in ../shared/data/clips, a synthetic clip of the same exercise is generated with
the real clip's view, frame rate and rep count (plank: hold seconds; idle: the joggers clip), run through the app's
own per-frame step (One-Euro smoothing, feature extraction) and the same visibility gate, and its key angles are plotted
against the real ones (side views: the camera is put on the side the real camera sees). Statistics use every synthetic
frame, gated or not, so the motion is compared even where the synthetic visibility model hides it.
Figures go to docs/synth_vs_real/<exercise>.png; a Markdown table (5-95th percentile range, rep period from peaks of
each angle, jitter, verdict) is printed and written to docs/synth_vs_real/README.md.

Real clips run through MediaPipe once; `analyze` JSON is cached per clip under `--cache`.

Run from the repo root: `.venv/bin/python benchmarks/synth_vs_real.py [--clips-dir DIR] [--cache DIR] [--seed N]`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from scipy.signal import find_peaks, savgol_filter

from coach.exercises import EXERCISES
from coach.pipeline import FrameStep, build_pipeline, pose_frames
from coach.synth.generator import SynthClip, ViewRequest, generate_clip

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLIPS_DIR = REPO_ROOT / ".." / "shared" / "data" / "clips"
DEFAULT_CACHE = Path("/tmp/coach_synth_vs_real_cache")
OUT_DIR = REPO_ROOT / "docs" / "synth_vs_real"
YAW_BY_VIEW = {"front": 0.0, "side": 65.0, "front-45": 45.0, "side-45": 45.0}
# Exercise -> real clips compared with it (None: no real clip exists, synthetic only).
CASES: dict[str, tuple[str | None, ...]] = {
    "squat": ("squat_front_03.mp4", "squat_side_02.mp4"),
    "pushup": ("pushup_front_03.mp4",),
    "bicep_curl": ("curl_front_01.mp4",),
    "shoulder_press": ("shoulder_press_front_01.mp4",),
    "jumping_jack": ("jumping_jack_front_01.mp4",),
    "lateral_raise": ("lateral_raise_front_01.mp4",),
    "situp": ("situp_45_01.mp4",),
    "plank": ("plank_side_01.mp4",),
    "front_raise": ("front_raise_side_02.mp4",),
    "idle": ("other_running_2people_01.mp4",),
    "lunge": (None,),
}
IDLE_ANGLES = ("left_knee", "right_knee", "left_hip", "left_elbow")  # idle has no key angles; what joggers move
LUNGE_DEFAULTS: dict[str, Any] = {"view": "side-45", "reps": 8, "fps": 30.0}
CLOSE_DEG, CLOSE_PERIOD_RATIO, CLOSE_JITTER_RATIO = 15.0, 1.35, 2.0


@dataclass
class Trace:
    """Angle traces of one clip (NaN where the angle is untrusted), with its rep boundaries if known."""

    label: str
    fps: float
    angles: dict[str, np.ndarray]
    reps: list[tuple[float, float, bool]]  # (start s, end s, partial)
    ungated: dict[str, np.ndarray]  # angles before the visibility gate (real clips: the same as `angles`)


def load_real(path: Path, cache_dir: Path) -> Trace:
    """`analyze` JSON of a real clip, from the cache when the video is unchanged, else by running MediaPipe."""
    cache = cache_dir / f"{path.name}.json"
    stat = path.stat()
    key = {"size": stat.st_size, "mtime": int(stat.st_mtime)}
    data: dict[str, Any] | None = None
    if cache.exists():
        cached = json.loads(cache.read_text())
        data = cached["analysis"] if cached.get("key") == key else None
    if data is None:
        from coach.analysis import analyze
        from coach.session import build_step, open_named_source

        print(f"running MediaPipe on {path.name} ...", file=sys.stderr)
        step, _ = build_step(None, lazy=False)  # angles only: no recognizer, nothing counted
        source = open_named_source(str(path)).source
        try:
            data = analyze(source, step, count=False).to_json()
        finally:
            source.close()
            step.close()
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"key": key, "analysis": data}))
    angles = {k: np.array([np.nan if v is None else v for v in vs], dtype=float) for k, vs in data["angles"].items()}
    return Trace(path.stem, float(data["fps"]), angles, [], angles)


def synth_trace(clip: SynthClip, label: str) -> Trace:
    """Angles of a synthetic clip as the app sees them: its per-frame step (One-Euro smoothing, then features), then the
    visibility gate."""
    step = FrameStep(build_pipeline(lazy=True))  # generated poses never need MediaPipe
    spec = step.spec
    out, ungated = (np.full((clip.frames, len(spec.angles)), np.nan) for _ in range(2))
    for i, frame in enumerate(pose_frames((k / clip.fps, clip.pose(k)) for k in range(clip.frames))):
        feats = step.process(frame).features
        if feats is not None:
            ungated[i] = feats.angles_deg
            out[i] = np.where(feats.angle_visibility >= spec.min_visibility, feats.angles_deg, np.nan)
    reps = [(r.start / clip.fps, r.end / clip.fps, r.partial) for r in clip.reps]
    columns = lambda a: {n: a[:, j] for j, n in enumerate(spec.angles)}  # noqa: E731
    return Trace(label, clip.fps, columns(out), reps, columns(ungated))


def far_end_is_max(angle: str) -> bool:
    """Arm elevation angles peak at the far end of a rep; joint angles (elbow, knee, hip, trunk) dip there."""
    return "abduction" in angle or "flexion" in angle


@dataclass
class Stats:
    """Summary of one angle trace."""

    p5: float
    p95: float
    period_s: float  # median seconds between rep far ends; NaN if fewer than 2 were found
    bottoms: int
    jitter_deg: float  # RMS residual after a 0.3 s Savitzky-Golay smooth
    trusted: float  # fraction of frames where the angle passed the visibility gate


def stats(x: np.ndarray, fps: float, angle: str, trusted: np.ndarray, periodic: bool = True) -> Stats:
    """Range, rep period and jitter of one angle; `trusted` is the gated trace (for the trusted fraction)."""
    share = float(np.isfinite(trusted).mean())
    if np.isfinite(x).sum() < 10:
        return Stats(math.nan, math.nan, math.nan, 0, math.nan, share)
    p5, p95 = np.nanpercentile(x, [5, 95])
    idx, good = np.arange(len(x)), np.isfinite(x)
    filled = np.interp(idx, idx[good], x[good])  # gaps bridged for peak finding and filtering
    signal = filled if far_end_is_max(angle) else -filled
    prominence = max(10.0, 0.4 * (p95 - p5))
    peaks = find_peaks(signal, prominence=prominence, distance=max(1, round(0.4 * fps)))[0] if periodic else []
    period = float(np.median(np.diff(peaks)) / fps) if len(peaks) >= 2 else math.nan
    window = max(5, round(0.3 * fps) | 1)
    residual = (filled - savgol_filter(filled, window, 2))[np.isfinite(x)]
    return Stats(float(p5), float(p95), period, len(peaks), float(np.sqrt(np.mean(residual**2))), share)


def verdict(real: Stats, syn: Stats, angle: str) -> str:
    """close / differs, with the (at most two) largest differences in words."""
    if math.isnan(real.p5) or math.isnan(syn.p5):
        return "differs: " + ("no trusted real frames" if math.isnan(real.p5) else "no synthetic frames")
    issues: list[tuple[float, str]] = []
    up = far_end_is_max(angle)
    for end, r, s in (("top", real.p95, syn.p95), ("bottom", real.p5, syn.p5)):
        if abs(s - r) > CLOSE_DEG:
            where = "far end" if (end == "top") == up else "rest"
            issues.append((abs(s - r), f"synthetic {end} ({where}) {s:.0f}° vs real {r:.0f}°"))
    if math.isfinite(real.period_s) and math.isfinite(syn.period_s):
        ratio = syn.period_s / real.period_s
        if not 1 / CLOSE_PERIOD_RATIO <= ratio <= CLOSE_PERIOD_RATIO:
            text = f"synthetic rep every {syn.period_s:.1f} s vs real {real.period_s:.1f} s"
            issues.append((15.0 * abs(math.log(ratio)) / math.log(CLOSE_PERIOD_RATIO), text))
    elif math.isfinite(real.period_s) != math.isfinite(syn.period_s):
        issues.append((CLOSE_DEG, f"only the {'real' if math.isfinite(real.period_s) else 'synthetic'} trace cycles"))
    ratio = syn.jitter_deg / max(real.jitter_deg, 1e-6)
    if not 1 / CLOSE_JITTER_RATIO <= ratio <= CLOSE_JITTER_RATIO:
        text = f"jitter {syn.jitter_deg:.1f}° vs real {real.jitter_deg:.1f}°"
        issues.append((8.0 * abs(math.log(ratio)) / math.log(CLOSE_JITTER_RATIO), text))
    if abs(syn.trusted - real.trusted) > 0.3:
        issues.append((CLOSE_DEG, f"trusted on {syn.trusted:.0%} of synthetic frames vs {real.trusted:.0%} real"))
    return "differs: " + "; ".join(t for _, t in sorted(issues, reverse=True)[:2]) if issues else "close"


def _cells(real: Stats | None, syn: Stats) -> str:
    """The table's numeric cells: real / synthetic for range, period, jitter and trusted share."""

    def pair(fmt: str, attr: str) -> str:
        values = [getattr(s, attr) if s is not None else math.nan for s in (real, syn)]
        return " / ".join("–" if math.isnan(v) else fmt.format(v) for v in values)

    rng = " / ".join("–" if s is None or math.isnan(s.p5) else f"{s.p5:.0f}–{s.p95:.0f}" for s in (real, syn))
    period = pair("{:.2f}", "period_s") + f" (n={real.bottoms if real else '–'}/{syn.bottoms})"
    return f"{rng} | {period} | {pair('{:.1f}', 'jitter_deg')} | {pair('{:.0%}', 'trusted')}"


def plot(exercise: str, pairs: list[tuple[Trace | None, Trace, str]], angles: tuple[str, ...], out: Path) -> None:
    """One column per (real, synthetic) pair, one row per angle."""
    fig, axes = plt.subplots(len(angles), len(pairs), figsize=(10, 7), dpi=100, sharex="col", squeeze=False)
    titles = []
    for col, (real, syn, view) in enumerate(pairs):
        span = max(len(t.angles[angles[0]]) / t.fps for t in (real, syn) if t is not None)
        for row, angle in enumerate(angles):
            ax = axes[row][col]
            for start, end, partial in syn.reps:
                ax.axvspan(start, end, color="tab:orange", alpha=0.05 if partial else 0.12, lw=0)
            if real is not None:
                t = np.arange(len(real.angles[angle])) / real.fps
                ax.plot(t, real.angles[angle], color="tab:blue", lw=1.3, label=f"real {real.label}")
            t = np.arange(len(syn.angles[angle])) / syn.fps
            ax.plot(t, syn.ungated[angle], color="tab:orange", lw=0.8, ls=":", label="synthetic, untrusted frames too")
            ax.plot(t, syn.angles[angle], color="tab:orange", lw=1.3, label=f"synthetic ({syn.label})")
            ax.set_xlim(0, span)
            ax.set_ylabel(f"{angle}\n(deg)", fontsize=8)
            ax.tick_params(labelsize=8)
            ax.grid(alpha=0.3)
            if row == 0:
                ax.legend(fontsize=7, loc="lower left", framealpha=0.8)
        axes[-1][col].set_xlabel("time (s); shaded: synthetic reps", fontsize=8)
        titles.append(f"{real.label if real else 'synthetic only (no real clip)'}, {view}")
    fig.suptitle(f"{exercise}: " + " | ".join(titles), fontsize=10)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)


def _yaw(view: str, real: Trace | None) -> float:
    """Camera yaw for a view; turned to the side the real camera sees best (+ shows the left side, - the right)."""
    yaw = YAW_BY_VIEW[view]
    if real is None or yaw == 0:
        return yaw
    seen = {s: sum(np.isfinite(v).sum() for k, v in real.angles.items() if k.startswith(s)) for s in ("left", "right")}
    return -yaw if seen["right"] > seen["left"] else yaw


def compare(exercise: str, files: tuple[str | None, ...], truth: dict[str, dict[str, Any]], args: argparse.Namespace
            ) -> tuple[list[str], str]:  # fmt: skip
    """Make one exercise's figure; return its Markdown table rows and the figure's file name."""
    ex = EXERCISES[exercise]
    angles = ex.key_angles or IDLE_ANGLES
    pairs: list[tuple[Trace | None, Trace, str]] = []
    rows: list[str] = []
    for file in files:
        entry = truth[file] if file else LUNGE_DEFAULTS
        real = load_real(args.clips_dir / file, args.cache) if file else None
        fps = real.fps if real else float(entry["fps"])
        seconds = {"plank": entry.get("hold_s"), "idle": entry.get("duration_s")}.get(exercise)
        count: dict[str, Any] = {"reps": None, "seconds": seconds} if seconds else {"reps": entry["reps"]}
        view = ViewRequest(yaw_deg=_yaw(str(entry["view"]), real), mirror=False, partly_out_of_frame=False)
        clip = generate_clip(exercise, seed=args.seed, fps=fps, view=view, **count)
        sides = sorted({r.side for r in clip.reps})
        label = f"seed {args.seed}, yaw {view.yaw_deg:.0f}°, pitch {clip.camera.pitch_deg:.0f}°"
        syn = synth_trace(clip, label + (f", {'/'.join(sides)}" if sides else ""))
        pairs.append((real, syn, str(entry["view"])))
        periodic = ex.kind != "hold"
        for angle in angles:
            s_syn = stats(syn.ungated[angle], syn.fps, angle, syn.angles[angle], periodic)
            s_real = stats(real.angles[angle], real.fps, angle, real.angles[angle], periodic) if real else None
            judged = verdict(s_real, s_syn, angle) if s_real else "no real clip"
            rows.append(f"| {exercise} | {real.label if real else 'none'} ({entry['view']}) | {angle} | "
                        f"{_cells(s_real, s_syn)} | {judged} |")  # fmt: skip
    name = f"{exercise}.png"
    plot(exercise, pairs, angles, OUT_DIR / name)
    return rows, name


HEADER = (
    "| exercise | real clip (view) | angle | p5–p95 ° real / synth | period s real / synth (n far ends) | "
    "jitter ° real / synth | trusted real / synth | verdict |\n|---|---|---|---|---|---|---|---|"
)


def main(argv: list[str] | None = None) -> int:
    """Make every figure, print the table and write the README."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips-dir", type=Path, default=DEFAULT_CLIPS_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--seed", type=int, default=0, help="synthetic clip seed (subject, pacing, camera, noise)")
    args = parser.parse_args(argv)
    truth_path = args.clips_dir / "truth.json"
    if not truth_path.exists():
        print(f"{truth_path}: not found (the real clips live in ../shared/data/clips)", file=sys.stderr)
        return 2
    truth = {e["file"]: e for e in json.loads(truth_path.read_text())}
    rows: list[str] = []
    figures: list[str] = []
    for exercise, files in CASES.items():
        ex_rows, name = compare(exercise, files, truth, args)
        rows += ex_rows
        figures.append(name)
    table = HEADER + "\n" + "\n".join(rows)
    print(table)
    readme = (
        "# Synthetic vs real joint angles\n\n"
        f"Made by `.venv/bin/python benchmarks/synth_vs_real.py` (synthetic seed {args.seed}). Each figure plots the "
        "key angles of a real clip (blue: MediaPipe + One-Euro, as `coach analyze` reports them, untrusted frames "
        "blank) and of a synthetic clip of the same exercise (orange) made with the real clip's view, frame rate and "
        "rep count and passed through the same One-Euro smoothing and visibility gate (solid: trusted frames; "
        "dotted: every frame). Shaded bands are the synthetic reps. Lunge has no real clip: synthetic only.\n\n"
        + "\n".join(f"- [{n}]({n})" for n in figures)
        + "\n\nStatistics use every synthetic frame (the dotted line) so the motion can be compared even where the "
        "synthetic visibility gate hides it. Range: 5th–95th percentile. Period: median seconds between the rep far "
        "ends (minima of joint angles, maxima of arm elevation; prominence ≥ max(10°, 40% of the range)). Jitter: RMS "
        "residual after a 0.3 s Savitzky-Golay smooth. Trusted: share of frames that pass the visibility gate. "
        f"'close' means both ends within {CLOSE_DEG:.0f}°, periods within {CLOSE_PERIOD_RATIO}x, jitter within "
        f"{CLOSE_JITTER_RATIO:.0f}x and trusted shares within 30 points. One seed is one random person, pace and "
        "camera; tempo alone varies about 3x between seeds.\n\n" + table + "\n"
    )
    (OUT_DIR / "README.md").write_text(readme, encoding="utf-8")
    print(f"\nwrote {len(figures)} figures and README.md to {OUT_DIR.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
