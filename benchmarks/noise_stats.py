"""Noise statistics of MediaPipe pose on real clips, as targets for the synthetic motion generator.

Per clip and pooled: pose found and dropout runs; high-frequency (HF) jitter = residual after a Savitzky-Golay smooth
(0.3 s, polyorder 2) in world mm, image px and % image torso length, with lag-1 autocorrelation; on still stretches
also the wander (detrended std) and its 1/e correlation time; glitches; visibility by view, near/far side and in/out of
the image; bone-length stability (world); world z noise against x/y.

Torso length in the image is taken unforeshortened: the person's image scale (px per world metre: per frame the larger
image/world ratio of torso length and shoulder width, median over frames) times the world torso length; the raw
shoulder-to-hip image distance shrinks to a fraction when the torso points at the camera (front-view push-ups).

Poses come from `PoseEstimator(video=True)` as the product sees them (MediaPipe's smooth_landmarks on, no Coach
smoothing), cached per clip as .npz under `--cache` so reruns take seconds. Pooled figures are medians over clips.

Run from the repo root: `.venv/bin/python benchmarks/noise_stats.py [--clips-dir DIR] [--cache DIR] [--json OUT]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from scipy.ndimage import median_filter
from scipy.signal import savgol_filter

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLIPS_DIR = REPO_ROOT / ".." / "shared" / "data" / "clips"
DEFAULT_CACHE = Path("/tmp/coach_noise_cache")
CACHE_VERSION = 1
GROUPS: dict[str, tuple[int, ...]] = {"face": tuple(range(11)), "shoulders_hips": (11, 12, 23, 24)}
GROUPS |= {"elbows_knees": (13, 14, 25, 26), "wrists_ankles": (15, 16, 27, 28), "hands": tuple(range(17, 23))}
GROUPS |= {"feet": tuple(range(29, 33))}
LIMBS = tuple(GROUPS)[1:]  # body groups: odd landmark index = left, even = right
BODY = list(range(11, 33))
# Stretches where the person is (nearly) still, in seconds, from the notes in truth.json.
STILL = {"plank_side_01": (3.0, 30.0), "front_raise_side_02": (0.0, 3.8), "squat_front_02": (0.0, 2.5)}
STILL |= {"pushup_front_03": (0.0, 2.0)}
BONES: dict[str, tuple[tuple[int, int], ...]] = {"upper_arm": ((11, 13), (12, 14)), "forearm": ((13, 15), (14, 16))}
BONES |= {"thigh": ((23, 25), (24, 26)), "shin": ((25, 27), (26, 28))}
BONES |= {"shoulder_width": ((11, 12),), "hip_width": ((23, 24),)}
VIS_BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01))
SG_S, MEDIAN_S, JUMP_FACTOR, JUMP_ABS_M, SPIKE_TORSO = 0.3, 0.5, 5.0, 0.15, 0.1
KINDS = ("world", "px", "torso")


def torso_len(x: np.ndarray) -> np.ndarray:
    """Mid-shoulder to mid-hip distance per frame of (N, 33, axes) landmarks."""
    return np.linalg.norm((x[:, 11] + x[:, 12] - x[:, 23] - x[:, 24]) / 2, axis=-1)


@dataclass
class Clip:
    """Raw MediaPipe output for one clip; arrays are NaN on frames without a pose."""

    name: str
    view: str
    fps: float
    width: int
    height: int
    found: np.ndarray  # (N,) bool
    image: np.ndarray  # (N, 33, 2) normalised 0..1
    world: np.ndarray  # (N, 33, 3) metres
    vis: np.ndarray  # (N, 33)

    @property
    def px(self) -> np.ndarray:
        """Image landmarks in pixels."""
        return self.image * np.array([self.width, self.height])

    @cached_property
    def torso_px(self) -> float:
        """Unforeshortened image torso length, px (see the module docstring)."""
        px, w = self.px[self.found], self.world[self.found]
        torso = torso_len(px) / torso_len(w)
        shoulders = np.linalg.norm(px[:, 11] - px[:, 12], axis=-1) / np.linalg.norm(w[:, 11] - w[:, 12], axis=-1)
        return float(np.median(np.maximum(torso, shoulders)) * np.median(torso_len(w)))


def load_clip(path: Path, view: str, cache_dir: Path) -> Clip:
    """Run pose on every frame of `path`, or read the cached result if the file is unchanged."""
    stat = path.stat()
    key = f"{stat.st_size}-{int(stat.st_mtime)}-v{CACHE_VERSION}"
    cache, names = cache_dir / f"{path.stem}.npz", ("found", "image", "world", "vis")
    if cache.is_file():
        with np.load(cache) as z:
            if str(z["key"]) == key:
                return Clip(path.stem, view, float(z["fps"]), int(z["width"]), int(z["height"]), *(z[k] for k in names))
    from coach.vision.pose import PoseEstimator
    from coach.vision.sources import VideoFileSource

    rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    blank = (np.full((33, 2), np.nan), np.full((33, 3), np.nan), np.full(33, np.nan))
    height = width = 0
    with VideoFileSource(path) as source, PoseEstimator(video=True) as estimator:
        fps = source.fps
        for frame in source:
            height, width = frame.rgb.shape[:2]
            pose = estimator.estimate(frame.rgb)
            rows.append(blank if pose is None else (pose.image_xy, pose.world_xyz, pose.visibility))
    image, world, vis = (np.array([r[i] for r in rows], np.float64) for i in range(3))
    clip = Clip(path.stem, view, fps, width, height, ~np.isnan(vis[:, 0]), image, world, vis)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(cache, key=key, fps=fps, width=width, height=height, **{k: getattr(clip, k) for k in names})
    return clip


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Half-open (start, end) pairs of the runs of True in a 1-D boolean array."""
    d = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(d == 1).tolist(), np.flatnonzero(d == -1).tolist(), strict=True))


def odd_window(fps: float, seconds: float) -> int:
    """An odd number of frames (>= 5) spanning about `seconds`."""
    return 2 * max(2, round(seconds * fps / 2)) + 1


def sg_residual(x: np.ndarray, mask: np.ndarray, window: int) -> np.ndarray:
    """x minus its Savitzky-Golay smooth (polyorder 2), per run of `mask`; NaN elsewhere and on runs < window."""
    out = np.full(x.shape, np.nan)
    for a, b in true_runs(mask):
        if b - a >= window:
            out[a:b] = x[a:b] - savgol_filter(x[a:b], window, 2, axis=0)
    return out


def detrend(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """x minus a straight-line fit over time, per run of `mask` (>= 10 frames); NaN elsewhere."""
    out = np.full(x.shape, np.nan)
    for a, b in true_runs(mask):
        if b - a >= 10:
            t = (np.arange(b - a) - (b - a - 1) / 2).reshape(-1, *[1] * (x.ndim - 1))
            seg = x[a:b] - x[a:b].mean(axis=0)
            out[a:b] = seg - t * (t * seg).sum(axis=0) / (t**2).sum()
    return out


def residuals(clip: Clip, mask: np.ndarray, sg: bool = True) -> dict[str, np.ndarray]:
    """SG residual (or, with sg=False, the detrended signal) as (N, 33, axes): world mm, image px, image % torso."""

    def f(x: np.ndarray) -> np.ndarray:
        return sg_residual(x, mask, odd_window(clip.fps, SG_S)) if sg else detrend(x, mask)

    px = f(clip.px)
    return {"world": f(clip.world) * 1000.0, "px": px, "torso": 100 * px / clip.torso_px}


def lag_corr(r: np.ndarray, k: int) -> tuple[float, int]:
    """Autocorrelation at lag k (along axis 0, about zero) of a NaN-padded array, and the number of pairs."""
    a, b = r[k:], r[:-k]
    ok = np.isfinite(a) & np.isfinite(b)
    return float(np.sum(a[ok] * b[ok]) / np.sqrt(np.sum(a[ok] ** 2) * np.sum(b[ok] ** 2))), int(ok.sum())


def summarise(r: np.ndarray) -> dict[str, float]:
    """RMS, robust sigma (1.4826 MAD about 0) and lag-1 autocorrelation of a NaN-padded residual."""
    v = r[np.isfinite(r)]
    if v.size < 20:
        return dict.fromkeys(("std", "robust", "lag1"), float("nan"))
    std, robust = float(np.sqrt(np.mean(v**2))), float(1.4826 * np.median(np.abs(v)))
    return {"std": std, "robust": robust, "lag1": lag_corr(r, 1)[0]}


def corr_time(r: np.ndarray, fps: float) -> float:
    """Seconds until the autocorrelation of a detrended NaN-padded signal falls below 1/e (NaN if not within 3 s)."""
    for k in range(1, int(3 * fps)):
        c, n = lag_corr(r, k)
        if n < 20:
            break
        if c < 1 / np.e:
            return k / fps
    return float("nan")


def pool(parts: list[np.ndarray]) -> np.ndarray:
    """Concatenate along time with a NaN frame after each part, so lagged pairs never span two clips."""
    return np.concatenate([x for p in parts for x in (p, np.full((1, *p.shape[1:]), np.nan))])


def group_summary(res: dict[str, np.ndarray]) -> dict[str, dict[str, Any]]:
    """Per group: summaries of world, px and torso residuals, and world std per axis."""
    out: dict[str, dict[str, Any]] = {}
    for g, idx in GROUPS.items():
        out[g] = {k: summarise(res[k][:, idx]) for k in KINDS}
        ax = [summarise(res["world"][:, idx, i])["std"] for i in range(3)]
        out[g] |= {"world_axis": ax, "zxy": 2 * ax[2] / (ax[0] + ax[1])}
    return out


def glitches(clip: Clip) -> dict[str, dict[str, Any]]:
    """Per group: jumps > 5x typical (image), world jumps > 15 cm, spikes > max(10% torso, 5x typical) off a median."""
    u = clip.px / clip.torso_px
    jump, wjump = (np.linalg.norm(np.diff(x, axis=0), axis=-1) for x in (u, clip.world))
    med = np.full(u.shape, np.nan)
    for a, b in true_runs(clip.found):
        med[a:b] = median_filter(u[a:b], size=(odd_window(clip.fps, MEDIAN_S), 1, 1), mode="nearest")
    dev = np.linalg.norm(u - med, axis=-1)
    out: dict[str, dict[str, Any]] = {}
    for g, idx in GROUPS.items():
        j, ok = jump[:, idx], np.isfinite(jump[:, idx])
        typical = float(np.median(j[ok]))
        flags = dev[:, idx] > max(SPIKE_TORSO, JUMP_FACTOR * typical)
        out[g] = {"typical_jump_pct": 100 * typical, "jump5_pct": 100 * np.mean(j[ok] > JUMP_FACTOR * typical)}
        out[g]["jump15cm_pct"] = 100 * np.mean(wjump[:, idx][ok] > JUMP_ABS_M)
        out[g]["spike_pct"] = 100 * flags[clip.found].mean()
        out[g]["episodes"] = [b - a for col in flags.T for a, b in true_runs(col)]
    return out


def vis_stats(v: np.ndarray) -> dict[str, float]:
    """Median, p10, p90 and fraction below 0.5 of visibility values."""
    v = v[np.isfinite(v)]
    p10, med, p90 = np.percentile(v, [10, 50, 90]) if v.size else (np.nan,) * 3
    out = {"n": v.size, "median": med, "p10": p10, "p90": p90, "lt05": np.mean(v < 0.5) if v.size else np.nan}
    return out | {"cell": "{median:.2f} / {p10:.2f} / {p90:.2f} / {lt05:.2f}".format(**out) if v.size else "-"}


def near_far(clip: Clip) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per body group, visibility of near-side and far-side landmarks (near = shoulder with smaller world z)."""
    left_near = (clip.world[clip.found, 11, 2] < clip.world[clip.found, 12, 2])[:, None]
    vis, out = clip.vis[clip.found], {}
    for g in LIMBS:
        vl, vr = vis[:, [i for i in GROUPS[g] if i % 2]], vis[:, [i for i in GROUPS[g] if not i % 2]]
        out[g] = (np.where(left_near, vl, vr).ravel(), np.where(left_near, vr, vl).ravel())
    return out


def bones(clip: Clip) -> dict[str, dict[str, float]]:
    """Mean length (m) and within-clip coefficient of variation of each bone (left and right averaged)."""
    w = clip.world[clip.found]
    segs = {k: [np.linalg.norm(w[:, a] - w[:, b], axis=-1) for a, b in pairs] for k, pairs in BONES.items()}
    segs["torso"] = [torso_len(w)]
    cv = {k: 100 * np.mean([s.std() / s.mean() for s in v]) for k, v in segs.items()}
    return {k: {"mean_m": np.mean([s.mean() for s in v]), "cv_pct": cv[k]} for k, v in segs.items()}


def nested_median(items: list[Any]) -> Any:
    """Element-wise median (NaN-aware) over a list of equally shaped nested dicts of numbers or lists."""
    if isinstance(items[0], dict):
        return {k: nested_median([i[k] for i in items]) for k in items[0] if k != "episodes"}
    return np.nanmedian(np.array(items, float), axis=0).tolist()


def analyse(clips: list[Clip]) -> dict[str, Any]:
    """Every statistic: {"pooled": ..., "clips": {name: ...}}."""
    per: dict[str, dict[str, Any]] = {}
    parts: dict[str, list[Any]] = {k: [] for k in ("whole", "wander", "vis", "wrist")}
    vis_view: dict[str, dict[str, list[np.ndarray]]] = {v: {g: [] for g in GROUPS} for v in ("front", "side/45")}
    nf: dict[str, tuple[list[np.ndarray], list[np.ndarray]]] = {g: ([], []) for g in LIMBS}
    inout: dict[str, tuple[list[np.ndarray], list[np.ndarray]]] = {g: ([], []) for g in GROUPS}
    for c in clips:
        runs, n, side = true_runs(~c.found), len(c.found), c.view != "front"
        p: dict[str, Any] = {"view": c.view, "fps": c.fps, "size": f"{c.width}x{c.height}", "torso_px": c.torso_px}
        p |= {"found_pct": 100 * c.found.mean(), "torso_px_raw": float(np.nanmedian(torso_len(c.px)))}
        p["dropout_runs"] = [b - a for a, b in runs if a > 0 and b < n]
        p["lead_trail"] = [sum(b - a for a, b in runs if a == 0), sum(b - a for a, b in runs if b == n)]
        parts["whole"].append(residuals(c, c.found))
        parts["vis"].append(c.vis)
        p["whole"] = group_summary(parts["whole"][-1])
        if c.name in STILL:
            t = np.arange(n) / c.fps
            mask = c.found & (t >= STILL[c.name][0]) & (t <= STILL[c.name][1])
            parts["wander"].append(residuals(c, mask, sg=False))
            p |= {"still_s": STILL[c.name], "still": group_summary(residuals(c, mask))}
            p |= {"wander": group_summary(parts["wander"][-1])}
            p["tau_s"] = {g: corr_time(parts["wander"][-1]["torso"][:, idx], c.fps) for g, idx in GROUPS.items()}
        p["glitches"], p["bones"] = glitches(c), bones(c)
        inside = np.all((c.image >= 0) & (c.image <= 1), axis=-1)
        for g, idx in GROUPS.items():
            vis_view["side/45" if side else "front"][g].append(c.vis[c.found][:, idx].ravel())
            inout[g][0].append(c.vis[:, idx][inside[:, idx]])
            inout[g][1].append(c.vis[:, idx][~inside[:, idx] & c.found[:, None]])
        if side:
            for g, (near, far) in near_far(c).items():
                nf[g][0].append(near)
                nf[g][1].append(far)
            p["left_near_pct"] = 100 * float(np.mean(c.world[c.found, 11, 2] < c.world[c.found, 12, 2]))
        else:
            rel = c.world[:, [15, 16]] - c.world[:, [11, 12]]  # wrists relative to their shoulders
            parts["wrist"].append(sg_residual(rel, c.found, odd_window(c.fps, SG_S)) * 1000)
            p["wrist_xyz_mm"] = [summarise(parts["wrist"][-1][..., i])["std"] for i in range(3)]
        per[c.name] = p

    ps, still = list(per.values()), [p for p in per.values() if "still" in p]
    white = np.random.default_rng(0).standard_normal((20000, 1))
    P: dict[str, Any] = {"white_ref": summarise(sg_residual(white, np.ones(len(white), bool), 9))}
    P |= {k: nested_median([p[k] for p in (still if k != "whole" else ps)]) for k in ("whole", "still", "wander")}
    P["tau_s"] = nested_median([p["tau_s"] for p in still])
    P["glitches"] = nested_median([p["glitches"] for p in ps])
    for g in GROUPS:
        eps = [e / p["fps"] for p in ps for e in p["glitches"][g]["episodes"]]
        p50, p90 = np.percentile(eps, [50, 90]) if eps else (np.nan, np.nan)
        P["glitches"][g] |= {"episode_median_s": p50, "episode_p90_s": p90}
    P["by_vis"] = {}
    for lo, hi in VIS_BINS:  # body landmarks: HF noise against visibility, samples pooled over clips
        sel = [((v >= lo) & (v < hi))[:, BODY, None] for v in parts["vis"]]
        row = {
            k: summarise(pool([np.where(m, x[k][:, BODY], np.nan) for m, x in zip(sel, parts["whole"], strict=True)]))
            for k in ("world", "torso")
        }
        P["by_vis"][f"{lo:.2f}-{min(hi, 1):.2f}"] = row | {"n": int(sum(m.sum() for m in sel))}
    P["front_wrist_xyz_mm"] = [summarise(pool(parts["wrist"])[..., i])["std"] for i in range(3)]
    P["visibility"] = {v: {g: vis_stats(np.concatenate(x)) for g, x in d.items()} for v, d in vis_view.items()}
    P["near_far"] = {g: [vis_stats(np.concatenate(x)) for x in nf[g]] for g in LIMBS}
    P["in_out"] = {g: [vis_stats(np.concatenate(x)) for x in inout[g]] for g in GROUPS}
    runs = [r for p in ps for r in p["dropout_runs"]]
    minutes = sum(len(c.found) / c.fps for c in clips) / 60
    P["dropouts"] = {"found_pct": np.mean([p["found_pct"] for p in ps]), "runs": runs, "per_min": len(runs) / minutes}
    P["bones"] = {}
    for b in [*BONES, "torso"]:
        means, cvs = [p["bones"][b]["mean_m"] for p in ps], [p["bones"][b]["cv_pct"] for p in ps]
        P["bones"][b] = {"mean_m": np.mean(means), "between_clip_std_m": np.std(means), "cv_pct": np.median(cvs)}
    return {"pooled": P, "clips": per}


SUMMARY = """
still HF jitter, world mm per axis :: {still[$g][world][std]:.1f}
still HF jitter, image % torso per axis :: {still[$g][torso][std]:.2f}
still wander (detrended std), world mm per axis :: {wander[$g][world][std]:.1f}
still wander, image % torso per axis :: {wander[$g][torso][std]:.2f}
wander correlation time (1/e), s :: {tau_s[$g]:.2f}
whole-clip HF residual, world mm per axis :: {whole[$g][world][std]:.1f}
whole-clip HF residual, image % torso per axis :: {whole[$g][torso][std]:.2f}
whole-clip HF lag-1 autocorrelation (world) :: {whole[$g][world][lag1]:.2f}
spikes, % of landmark-frames :: {glitches[$g][spike_pct]:.2f}
spike duration median / p90, s :: {glitches[$g][episode_median_s]:.2f}/{glitches[$g][episode_p90_s]:.2f}
visibility median front / side near / side far :: {visibility[front][$g][median]:.2f}/{near_far[$g][0][median]:.2f}/\
{near_far[$g][1][median]:.2f}
"""
JITTER = """
still HF mm (robust) :: {still[$r][world][std]:.2g} ({still[$r][world][robust]:.2g})
%torso / px :: {still[$r][torso][std]:.2g} / {still[$r][px][std]:.2g}
lag1 :: {still[$r][world][lag1]:.2f}
wander mm / %torso :: {wander[$r][world][std]:.3g} / {wander[$r][torso][std]:.2g}
wander z/xy :: {wander[$r][zxy]:.2f}
tau s :: {tau_s[$r]:.2f}
whole HF mm (robust) :: {whole[$r][world][std]:.2g} ({whole[$r][world][robust]:.2g})
%torso / px :: {whole[$r][torso][std]:.2g} / {whole[$r][px][std]:.2g}
lag1 :: {whole[$r][world][lag1]:.2f}
HF z/xy :: {whole[$r][zxy]:.2f}
"""
BY_VIS = """
whole HF mm (robust) :: {world[std]:.3g} ({world[robust]:.2g})
%torso (robust) :: {torso[std]:.3g} ({torso[robust]:.2g})
landmark-frames :: {n}
"""
GLITCH = """
typical jump %torso :: {glitches[$r][typical_jump_pct]:.3g}
jump > 5x typical % :: {glitches[$r][jump5_pct]:.3g}
world jump > 15 cm % :: {glitches[$r][jump15cm_pct]:.3g}
spike % :: {glitches[$r][spike_pct]:.3g}
spike median s :: {glitches[$r][episode_median_s]:.3g}
spike p90 s :: {glitches[$r][episode_p90_s]:.3g}
"""
VISIBILITY = """
front :: {visibility[front][$r][cell]}
side/45 :: {visibility[side/45][$r][cell]}
side/45 near :: {near_far[$r][0][cell]}
side/45 far :: {near_far[$r][1][cell]}
in image :: {in_out[$r][0][cell]}
out of image :: {in_out[$r][1][cell]}
n out :: {in_out[$r][1][n]}
"""
BONE_TABLE = """
mean m :: {bones[$r][mean_m]:.3f}
between-clip std m :: {bones[$r][between_clip_std_m]:.3f}
within-clip CV % :: {bones[$r][cv_pct]:.2g}
"""
CLIP_JITTER = """
view :: {view}
fps :: {fps:.0f}
size :: {size}
torso px (raw) :: {torso_px:.0f} ({torso_px_raw:.0f})
found % :: {found_pct:.1f}
lead/trail :: {lead_trail[0]}/{lead_trail[1]}
dropouts :: {dropout_runs}
$g :: {whole[$g][world][std]:.1f} / {whole[$g][torso][std]:.2f} / {whole[$g][px][std]:.1f}
"""
CLIP_STILL = """
window s :: {still_s[0]}-{still_s[1]}
$g :: {still[$g][world][std]:.1f} / {still[$g][torso][std]:.2f}; {wander[$g][world][std]:.1f} / \
{wander[$g][torso][std]:.2f}; {tau_s[$g]:.2f}
"""
CLIP_OTHER = """
$g spike % :: {glitches[$g][spike_pct]:.2f}
CV upper arm, forearm, thigh, shin, torso % :: {bones[upper_arm][cv_pct]:.1f}, {bones[forearm][cv_pct]:.1f}, \
{bones[thigh][cv_pct]:.1f}, {bones[shin][cv_pct]:.1f}, {bones[torso][cv_pct]:.1f}
wrist HF x/y/z mm :: {wrist_xyz_mm[0]:.1f}/{wrist_xyz_mm[1]:.1f}/{wrist_xyz_mm[2]:.1f}
left side near % :: {left_near_pct:.0f}
"""


def fill(template: str, ctx: Any, **subs: str) -> str:
    """A `str.format` template over nested dicts, after replacing $name placeholders; "-" where a key is missing."""
    for k, v in subs.items():
        template = template.replace(f"${k}", v)
    try:
        return template.format_map(ctx)
    except (KeyError, IndexError, TypeError, ValueError):
        return "-"


def table(spec: str, rows: dict[str, Any], first: str = "") -> str:
    """A Markdown table; spec has one `header :: template` per line (a header with $g repeats over groups); each
    template is filled from the row's context with $r = the row label."""
    cols = []
    for line in spec.strip().splitlines():
        head, tmpl = line.split(" :: ")
        cols += [(head.replace("$g", g), tmpl.replace("$g", g)) for g in GROUPS] if "$g" in head else [(head, tmpl)]
    lines = [[first, *(h for h, _ in cols)], ["---"] * (len(cols) + 1)]
    lines += [[r, *(fill(t, ctx, r=r) for _, t in cols)] for r, ctx in rows.items()]
    return "\n".join("| " + " | ".join(x) + " |" for x in lines)


def report(numbers: dict[str, Any]) -> str:
    """The Markdown report: figures for the generator, pooled tables, then per-clip rows."""
    P, per = numbers["pooled"], numbers["clips"]
    wx, wr, d = P["front_wrist_xyz_mm"], P["white_ref"], P["dropouts"]
    out = [f"# MediaPipe noise statistics ({len(per)} clips; 0.10.21 complexity 1, smooth_landmarks on)", ""]
    out += ["## Figures for the generator (medians over clips)", ""]
    for line in SUMMARY.strip().splitlines():
        label, tmpl = line.split(" :: ")
        out.append(f"- {label}: " + ", ".join(f"{g} {fill(tmpl, P, g=g)}" for g in GROUPS))
    out += [f"- (white noise gives HF lag-1 {wr['lag1']:.2f} and HF std {wr['std']:.2f} x its sigma)"]
    out += [f"- pose found {d['found_pct']:.1f}% of frames; mid-clip dropout runs of {d['runs']} frames, "]
    out[-1] += f"{d['per_min']:.2f} per minute"
    out += ["- bone within-clip CV %: " + ", ".join(f"{b} {v['cv_pct']:.1f}" for b, v in P["bones"].items())]
    out += [f"- front-view wrist-rel-shoulder HF std x/y/z {wx[0]:.1f}/{wx[1]:.1f}/{wx[2]:.1f} mm (z/xy "]
    out[-1] += f"{2 * wx[2] / (wx[0] + wx[1]):.2f})"
    groups, bone_rows = dict.fromkeys(GROUPS, P), dict.fromkeys(P["bones"], P)
    out += ["", "## Jitter (HF = SG 0.3 s residual, RMS per axis; robust = 1.4826 MAD; wander = detrended std)", ""]
    out += [table(JITTER, groups, "group"), "", "## Noise against visibility (body landmarks, samples pooled)", ""]
    out += [table(BY_VIS, P["by_vis"], "visibility"), ""]
    out += ["## Glitches (median over clips; spike durations pooled)", "", table(GLITCH, groups, "group"), ""]
    out += ["## Visibility (median / p10 / p90 / fraction < 0.5)", "", table(VISIBILITY, groups, "group"), ""]
    out += ["## Bone lengths (world)", "", table(BONE_TABLE, bone_rows, "bone"), ""]
    out += ["## Per clip: whole-clip HF jitter (world mm / %torso / px)", "", table(CLIP_JITTER, per, "clip"), ""]
    still = {n: p for n, p in per.items() if "still" in p}
    out += ["## Per clip, still stretches (HF mm / %torso; wander mm / %torso; tau s)", ""]
    out += [table(CLIP_STILL, still, "clip"), "", "## Per clip: spikes, bone CV, wrist depth noise, near side", ""]
    return "\n".join([*out, table(CLIP_OTHER, per, "clip")])


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run (or load cached) pose for every clip, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips-dir", type=Path, default=DEFAULT_CLIPS_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where raw pose outputs are cached (.npz)")
    parser.add_argument("--json", type=Path, help="also save the numbers here")
    args = parser.parse_args(argv)
    paths = sorted(args.clips_dir.glob("*.mp4")) if args.clips_dir.is_dir() else []
    if not paths:
        print(f"no clips at {args.clips_dir}: nothing to measure")
        return 0
    truth_path = args.clips_dir / "truth.json"
    truth = {Path(e["file"]).stem: e for e in json.loads(truth_path.read_text())} if truth_path.is_file() else {}
    clips = []
    for path in paths:
        print(f"pose: {path.name}", file=sys.stderr, flush=True)
        clips.append(load_clip(path, truth.get(path.stem, {}).get("view", "front"), args.cache))
    numbers = analyse(clips)
    print(report(numbers))
    if args.json:
        for p in numbers["clips"].values():
            for g in p["glitches"].values():
                g["episodes"] = np.bincount(g["episodes"]).tolist() if g["episodes"] else []  # count by length
        args.json.write_text(json.dumps(numbers, indent=1, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
