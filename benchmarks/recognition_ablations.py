"""Why side and 45-degree views failed, measured: small models trained with one thing taken away, scored by view.

Each ablation trains a small model (60 synthetic people, at most 25 epochs, attention) with one change and scores it
three ways, per view bucket (front |yaw| < 22.5, 45, side >= 67.5):
- held-out synthetic people (HELD OUT: never trained on; same generator, so a generator family switched off in
  training is still present here, which is the point: it asks whether the model can do without it);
- the avatar rendered and read back by MediaPipe (benchmarks/avatar_mediapipe.py): MediaPipe's own habits per view;
- the 16 real clips (DEVELOPMENT: the generator was tuned on them): clips right.
The changes: the views trained on (front only, up to 67.5, up to 70 = before this work), feature groups removed
(FeatureSpec without angles, landmarks, visibility, legs, or without turning the body to face the camera), and each
generator family left out (coach/synth/families.py). Two all-on models with different seeds give the noise floor.

Models and generated people are cached under --cache by the generator's source code; results go to
docs/recognition/ablations.json and docs/recognition/ablations.png. ~3 minutes per model on 2 quiet cores.
Run from the repo root: `.venv/bin/python benchmarks/recognition_ablations.py [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import avatar_mediapipe
import recognition_views as views
from real_poses import CLIPS, clip_poses, truth

from coach.exercises.registry import class_ids
from coach.recognition.making import make_all
from coach.recognition.views import VIEW_BUCKETS, evaluate_views, heldout_people
from coach.synth.families import FAMILIES
from coach.vision.features import ANGLE_NAMES, NORMALISED_LANDMARKS, FeatureSpec

DOCS = Path(__file__).resolve().parents[1] / "docs" / "recognition"
DEFAULT_CACHE = Path("/tmp/coach_recognition_cache")
PEOPLE, EPOCHS, HELDOUT = views.FAMILY_PEOPLE, views.FAMILY_EPOCHS, 20
_LEG_WORDS = ("hip", "knee", "ankle", "body_line", "foot")
_NO_LEGS = {
    "angles": tuple(a for a in ANGLE_NAMES if not any(w in a for w in _LEG_WORDS)),
    "landmarks": tuple(n for n in NORMALISED_LANDMARKS if not any(w in n for w in _LEG_WORDS)),
}


@dataclass(frozen=True)
class Ablation:
    """One small model: what was taken away, as training options."""

    name: str
    group: str  # "baseline", "views", "features" or "families"
    off: tuple[str, ...] = ()
    yaw_range_deg: tuple[float, float] | None = None
    spec: dict[str, Any] = field(default_factory=dict)  # FeatureSpec fields replaced
    seed: int = 0

    def feature_spec(self) -> FeatureSpec:
        """The features this model reads: one network, everything hidden zeroed (the setup these were measured with;
        the shipped ensemble's second network is compared in README instead)."""
        return replace(FeatureSpec(), gated_parts="all", **self.spec)


ABLATIONS: tuple[Ablation, ...] = (
    Ablation("all on", "baseline"),
    Ablation("all on, seed 1", "baseline", seed=1),
    Ablation("trained front only (|yaw| <= 22.5)", "views", yaw_range_deg=(-22.5, 22.5)),
    Ablation("trained up to 67.5", "views", yaw_range_deg=(-67.5, 67.5)),
    Ablation("no joint angles", "features", spec={"angles": ()}),
    Ablation("no landmarks (angles + nothing)", "features", spec={"landmarks": ()}),
    Ablation("no visibility (nothing gated)", "features", spec={"visibility_gated": False}),
    Ablation("no legs", "features", spec=_NO_LEGS),
    Ablation("not turned to face the camera", "features", spec={"canonical_yaw": False}),
    *(Ablation(f"without {name}", "families", off=(name,)) for name in FAMILIES),
)


def _heldout_job(args: tuple[int, FeatureSpec]) -> list[Any]:
    from coach.recognition.views import heldout_person

    return heldout_person(*args)


def heldout_for(spec: FeatureSpec, cache: Path) -> list[Any]:
    """Held-out people with features for `spec`, cached per generator version and spec."""
    path = cache / f"heldout-{HELDOUT}-{views.source_key(HELDOUT, spec.to_dict())}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    jobs = [(s, spec) for s in heldout_people(HELDOUT)]
    out = make_all(_heldout_job, jobs, workers=2, chunksize=1)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def model_for(ablation: Ablation, cache: Path) -> Path:
    """The ablation's small model, trained once per generator version."""
    from coach.recognition.train import TrainConfig, train

    family = {"all on": "all families", "all on, seed 1": "all families, seed 1"}.get(ablation.name, ablation.name)
    if family in views.FAMILY_RUNS:  # the same training as recognition.py --families: one cached model for both
        return views.family_model(cache, "attention", PEOPLE, EPOCHS, family)
    spec = ablation.feature_spec()
    folder = cache / "ablations" / views.source_key(PEOPLE, EPOCHS, views.FAMILY_UNITS, asdict(ablation)) / "model"
    if not (folder / "model.npz").exists():
        config = TrainConfig(architecture="attention", synthetic_subjects=PEOPLE, epochs=EPOCHS, seed=ablation.seed,
                             generator_off=ablation.off, yaw_range_deg=ablation.yaw_range_deg,
                             units=views.FAMILY_UNITS, members=("all",))  # fmt: skip
        started = time.monotonic()
        train(config, folder, progress=False, spec=spec)
        print(f"  trained '{ablation.name}' in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return folder


def real_clips_right(folder: Path) -> tuple[int, list[str]]:
    """Real clips whose dominant label is right (and the wrong ones), streaming with the model's own features."""
    import recognition as bench

    from coach.recognition.bundle import load_model
    from coach.vision.features import FeatureExtractor

    model = load_model(folder)
    extractor, codes, wrong = FeatureExtractor(model.feature_spec), bench._codes(model.classes), []
    for entry in truth():
        poses = clip_poses(CLIPS / entry["file"])
        x = np.full((len(poses.timestamps), model.feature_spec.dim), np.nan, np.float32)
        for i, t in enumerate(poses.timestamps.tolist()):
            if poses.detected[i]:
                x[i] = extractor(poses.pose(i), t).vector
        row = bench.evaluate_clip(model, entry, poses.timestamps, x, poses.detected, codes)
        if not row["right"]:
            wrong.append(f"{row['clip']} ({row['dominant_exercise'] or row['most_frequent']})")
    return len(truth()) - len(wrong), wrong


def run(ablation: Ablation, cache: Path, avatar_seeds: int = 3) -> dict[str, Any]:
    """Train (or load) one ablation and score it three ways (the avatar only with `avatar_seeds` > 0)."""
    from coach.recognition.runtime import NumpyClassifier

    folder = model_for(ablation, cache)
    classifier = NumpyClassifier.load(folder / "model.npz")
    held = evaluate_views(classifier.predict_windows, heldout_for(ablation.feature_spec(), cache), class_ids())
    avatar = avatar_mediapipe.score(folder, seeds=avatar_seeds) if avatar_seeds else None
    right, wrong = real_clips_right(folder)
    metrics = json.loads((folder / "metrics.json").read_text())
    return {"name": ablation.name, "group": ablation.group, "ablation": asdict(ablation),
            "heldout_per_view": {v: held["per_view"][v]["accuracy"] for v, _, _ in VIEW_BUCKETS},
            "heldout": held["accuracy"], "heldout_per_class_per_view": held["per_class_per_view"],
            "avatar_per_view": {v: avatar["per_view"][v]["accuracy"] if avatar else None for v, _, _ in VIEW_BUCKETS},
            "real_right": right, "real_wrong": wrong, "epochs": metrics["epochs_run"]}  # fmt: skip


def plot(results: list[dict[str, Any]], path: Path) -> None:
    """Held-out and avatar accuracy per view for every ablation, as grouped bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [r["name"] for r in results]
    panels = [("heldout_per_view", "held-out synthetic people")]
    if any(v is not None for r in results for v in r["avatar_per_view"].values()):
        panels.append(("avatar_per_view", "avatar read by MediaPipe"))
    fig, axes = plt.subplots(1, len(panels), figsize=(5.5 * len(panels) + 2.5, 0.32 * len(names) + 2.2), dpi=80,
                             sharey=True, squeeze=False)  # fmt: skip
    axes = axes[0]
    colours = {"front": "#4c72b0", "45": "#dd8452", "side": "#c44e52"}
    y = np.arange(len(names))
    for ax, (key, title) in zip(axes, panels, strict=True):
        for k, (view, _, _) in enumerate(VIEW_BUCKETS):
            values = [r[key][view] or 0.0 for r in results]
            ax.barh(y + (k - 1) * 0.27, values, height=0.27, color=colours[view], label=view)
        ax.set_xlim(0.4, 1.0)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, [f"{n}  [{r['real_right']}/16 real]" for n, r in zip(names, results, strict=True)],
                       fontsize=8)  # fmt: skip
    axes[0].invert_yaxis()
    axes[-1].legend(title="view", fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.05))
    fig.suptitle(f"Small models ({PEOPLE} people): accuracy on steady windows by camera view", fontsize=11)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    """Run every ablation (or --only some), print a table, write docs/recognition/ablations.{json,png}."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names of ablations to run (default: all)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, default=DOCS)
    parser.add_argument("--avatar-seeds", type=int, default=3, help="avatar clips per exercise and view (0: skip)")
    args = parser.parse_args(argv)
    chosen = [a for a in ABLATIONS if not args.only or a.name in args.only]
    results = []
    for ablation in chosen:  # each result is kept as it comes (a run of all of them takes about an hour)
        results.append(run(ablation, args.cache, args.avatar_seeds))
        (args.cache / "ablations-partial.json").write_text(json.dumps(results, indent=1) + "\n")
        print(f"  done: {ablation.name}", file=sys.stderr)
    print("| model | held-out front / 45 / side | avatar front / 45 / side | real right | epochs |")
    print("|---|---|---|---:|---:|")
    for r in results:
        held = " / ".join(f"{r['heldout_per_view'][v]:.1%}" for v, _, _ in VIEW_BUCKETS)
        avatar = " / ".join("—" if (a := r["avatar_per_view"][v]) is None else f"{a:.1%}" for v, _, _ in VIEW_BUCKETS)
        print(f"| {r['name']} | {held} | {avatar} | {r['real_right']}/16 | {r['epochs']} |")
    if not args.only:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "ablations.json").write_text(json.dumps(results, indent=1) + "\n")
        plot(results, args.out / "ablations.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
