"""Recognition figures for README: what MediaPipe reports from the side, and accuracy by camera yaw.

- trunk_width.png: shoulder width / torso length against the trunk's yaw, as MediaPipe reports real people and the
  avatar, and as the generator reported it before (all of world z compressed) and now (limb depth only).
- limb_depth.png: how much of a limb bone's true depth MediaPipe reports, per bone and view (the avatar, truth known).
- yaw_accuracy.png: accuracy on held-out people's steady windows against |camera yaw|, for two models.

Needs the real poses (benchmarks/real_poses.py), the avatar cache (benchmarks/avatar_mediapipe.py) and, for the last
figure, two model folders. Run from the repo root:
`.venv/bin/python docs/recognition/make_figures.py --old-model DIR [--new-model models/default]`
(the model shipped before this work: `git archive 0608ac4 models/default | tar -x -C /tmp/old`, then
`--old-model /tmp/old/models/default`).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import avatar_mediapipe  # noqa: E402
import recognition_views  # noqa: E402
from real_poses import CLIPS, clip_poses, truth  # noqa: E402

from coach.exercises.registry import class_ids  # noqa: E402
from coach.recognition.runtime import NumpyClassifier  # noqa: E402
from coach.recognition.views import bucket_yaw, steady_windows  # noqa: E402
from coach.synth.generator import ViewRequest, generate_clip  # noqa: E402
from coach.synth.noise import NoiseProfile  # noqa: E402
from coach.vision.landmarks import INDEX  # noqa: E402

OUT = Path(__file__).resolve().parent
ARMS = ("bicep_curl", "shoulder_press", "front_raise", "lateral_raise")


def _trunk(world: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(|yaw| of the trunk, shoulder width / torso length) per frame."""
    across = world[:, INDEX["right_hip"]] - world[:, INDEX["left_hip"]]
    across = across + world[:, INDEX["right_shoulder"]] - world[:, INDEX["left_shoulder"]]
    yaw = np.abs(np.degrees(np.arctan2(across[:, 2], -across[:, 0])))
    mid = lambda a, b: 0.5 * (world[:, INDEX[a]] + world[:, INDEX[b]])  # noqa: E731
    torso = np.linalg.norm(mid("left_shoulder", "right_shoulder") - mid("left_hip", "right_hip"), axis=-1)
    width = np.linalg.norm(world[:, INDEX["left_shoulder"]] - world[:, INDEX["right_shoulder"]], axis=-1)
    return np.minimum(yaw, 180 - yaw), width / torso


def trunk_width(path: Path) -> None:
    """MediaPipe keeps the trunk's shape from any side; scaling all of world z did not."""
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=90)
    for k, entry in enumerate(truth()):
        poses = clip_poses(CLIPS / entry["file"])
        yaw, width = _trunk(poses.world[poses.detected])
        ax.scatter(np.median(yaw), np.median(width), color="black", s=28, zorder=3,
                   label="real clips (MediaPipe, measured yaw)" if k == 0 else None)  # fmt: skip
    first = True
    for exercise, seed, yaw_deg in avatar_mediapipe.clip_set(3):
        data = avatar_mediapipe.avatar_poses(exercise, seed, yaw_deg)
        yaw, width = _trunk(data["world"][data["detected"]])
        ax.scatter(abs(yaw_deg), np.median(width), color="tab:green", s=14, alpha=0.6,
                   label="avatar read by MediaPipe (true yaw)" if first else None)  # fmt: skip
        first = False
    for model, colour, label in (("global", "tab:red", "generator before: all of world z scaled"),
                                 ("limbs", "tab:blue", "generator now: limb depth only")):  # fmt: skip
        noise = replace(NoiseProfile(), depth_model=model)
        xs, ys = [], []
        for seed in range(24):
            yaw_deg = 90.0 * seed / 23
            clip = generate_clip("front_raise", reps=2, seed=seed, noise=noise, view=ViewRequest(yaw_deg=yaw_deg))
            xs.append(yaw_deg)
            ys.append(np.median(_trunk(clip.world)[1]))
        ax.plot(xs, ys, "o-", color=colour, ms=3, lw=1, label=label)
    ax.set_xlabel("|yaw| of the trunk, degrees (0: facing the camera, 90: profile)")
    ax.set_ylabel("shoulder width / torso length")
    ax.set_ylim(0.2, 0.9)
    ax.set_title("Shoulder width as reported, by view", fontsize=10)
    ax.legend(fontsize=7, loc="lower left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def limb_depth(path: Path) -> None:
    """The share of a bone's true depth (along the camera axis) that MediaPipe reports, on the avatar."""
    bones = {"upper arm": ("shoulder", "elbow"), "forearm": ("elbow", "wrist"), "thigh": ("hip", "knee"),
             "shin": ("knee", "ankle")}  # fmt: skip
    slopes: dict[str, dict[str, float]] = {}
    for bucket, yaws in (("front", 5.0), ("45", 45.0), ("side", 85.0)):
        pairs: dict[str, list[np.ndarray]] = {b: [] for b in bones}
        for exercise, seed, yaw_deg in avatar_mediapipe.clip_set(3):
            if abs(yaw_deg) != yaws:
                continue
            data = avatar_mediapipe.avatar_poses(exercise, seed, yaw_deg)
            seen = data["detected"]
            clip = generate_clip(exercise, seed=seed, noise=None, **_avatar_options(exercise, yaw_deg))
            for name, (a, b) in bones.items():
                for side in ("left", "right"):
                    i, j = INDEX[f"{side}_{a}"], INDEX[f"{side}_{b}"]
                    visible = seen & (data["visibility"][:, j] > 0.5)
                    true_z = clip.world[visible, j, 2] - clip.world[visible, i, 2]
                    seen_z = data["world"][visible, j, 2] - data["world"][visible, i, 2]
                    pairs[name].append(np.stack([true_z, seen_z], 1))
        slopes[bucket] = {}
        for name, chunks in pairs.items():
            z = np.concatenate(chunks)
            deep = np.abs(z[:, 0]) > 0.05  # bones with real depth to lose
            slopes[bucket][name] = float(z[deep, 0] @ z[deep, 1] / (z[deep, 0] @ z[deep, 0]))
    fig, ax = plt.subplots(figsize=(6.4, 3.6), dpi=90)
    width = 0.25
    for k, bucket in enumerate(slopes):
        ax.bar(np.arange(len(bones)) + (k - 1) * width, [slopes[bucket][b] for b in bones], width, label=bucket)
    ax.axhline(1.0, color="black", lw=0.8)
    ax.set_xticks(range(len(bones)), list(bones))
    ax.set_ylabel("reported depth / true depth (slope)")
    ax.set_title("MediaPipe reports a fraction of each limb bone's depth (avatar, 3 people x 6 exercises)", fontsize=9)
    ax.legend(title="view", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _avatar_options(exercise: str, yaw: float) -> dict[str, object]:
    view = ViewRequest(yaw_deg=yaw, partly_out_of_frame=False, waist_up=False, legs_hidden=False)
    options: dict[str, object] = {"view": view}
    options |= {"seconds": 15.0} if exercise in ("idle", "plank") else {"reps": 4}
    if exercise != "idle":
        options |= {"lead_in_s": 2.0, "lead_out_s": 2.0}
    return options


def yaw_accuracy(models: dict[str, Path], path: Path, people: int, cache: Path) -> None:
    """Accuracy against |camera yaw| (10-degree bins) on held-out people, arm exercises, idle and all."""
    data = steady_windows(recognition_views.heldout(people, cache))
    yaw = np.array([abs(bucket_yaw(s, b)) for s, b in zip(data.subject, data.bucket, strict=True)])
    names = class_ids()
    groups = {"arm exercises": np.isin(data.y, [names.index(a) for a in ARMS]), "idle": data.y == names.index("idle"),
              "all classes": np.ones(len(data.y), bool)}  # fmt: skip
    edges = np.arange(0, 91, 10)
    centres = 0.5 * (edges[:-1] + edges[1:])
    fig, axes = plt.subplots(1, len(groups), figsize=(11, 3.4), dpi=90, sharey=True)
    for (label, folder), style in zip(models.items(), ("--", "-"), strict=False):
        right = NumpyClassifier.load(folder / "model.npz").predict_windows(data.x).argmax(1) == data.y
        for ax, (group, mask) in zip(axes, groups.items(), strict=True):
            acc = [right[mask & (yaw >= a) & (yaw < b + (b == 90))].mean() for a, b in itertools.pairwise(edges)]
            ax.plot(centres, acc, style, marker="o", ms=3, label=label)
            ax.set_title(group, fontsize=10)
    for ax in axes:
        ax.axvspan(70, 90, color="grey", alpha=0.12)
        ax.axhline(0.98, color="black", lw=0.6, ls=":")
        ax.set_xlabel("|camera yaw|, degrees")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("steady windows right")
    axes[0].legend(fontsize=8, loc="lower left")
    fig.suptitle(
        f"Held-out people ({people}, never trained on); shaded: beyond the old training range (70)", fontsize=10
    )
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main() -> int:
    """Write the three figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-model", type=Path, help="the model shipped before (for yaw_accuracy.png)")
    parser.add_argument("--new-model", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/coach_recognition_cache"))
    parser.add_argument("--no-avatar", action="store_true", help="skip the two avatar figures (MediaPipe on ~50 clips)")
    args = parser.parse_args()
    if not args.no_avatar:
        trunk_width(OUT / "trunk_width.png")
        limb_depth(OUT / "limb_depth.png")
    if args.old_model:
        models = {"before (trained to 70, z scaled)": args.old_model, "now (models/default)": args.new_model}
        yaw_accuracy(models, OUT / "yaw_accuracy.png", args.people, args.cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
