"""Recognition by camera view, and which parts of the generator each real clip depends on (benchmarks/recognition.py).

Three yardsticks, kept apart because they mean different things:
- Held-out synthetic people (coach/recognition/views.py): people no training run draws, each filmed from the front,
  at 45 degrees and from the side. HELD OUT: the model never saw these people, but they come from the same generator.
- The real clips in ../shared/data: a DEVELOPMENT figure. They were used to tune the generator (camera pitch, the
  forearm depth guess, legs behind furniture, the trunk kept rigid under depth compression...), so being right on
  them is what the tuning aimed at, not evidence about people nobody looked at.
- Family dependence: small models trained with one generator family (coach/synth/families.py) left out, scored on
  the real clips. A clip that is right with every family but wrong without family F depends on F. Two all-family
  models with different seeds show how much a small model flips by chance; flips no bigger than that say nothing.

Generated people and trained models are cached under --cache, keyed by the generator's and features' source code, so
reruns take seconds and any change to the generator recomputes.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coach.recognition.stream import StreamingRecognizer
from coach.recognition.views import (
    VIEW_BUCKETS,
    evaluate_views,
    evaluate_views_live,
    format_view_table,
    heldout_people,
    view_bucket,
)
from coach.synth.families import FAMILIES
from coach.vision.features import FeatureSpec
from coach.vision.landmarks import INDEX

REPO_ROOT = Path(__file__).resolve().parent.parent
# What decides generated data: the generator, the features and the dataset code. A change to any recomputes.
_SOURCES = ("coach/synth", "coach/vision/features.py", "coach/recognition/dataset.py", "coach/recognition/views.py")
FAMILY_PEOPLE = 60  # small models: ~3 minutes each on 2 quiet cores
FAMILY_EPOCHS = 25
FAMILY_UNITS = 64
REAL_VIEWS = {"front": "front", "front-45": "45", "side-45": "45", "side": "side"}  # truth.json's words


def source_key(*extra: object) -> str:
    """A short hash of the generator's source code (and `extra`), naming cached data and models."""
    digest = hashlib.sha1(repr(extra).encode())
    for name in _SOURCES:
        path = REPO_ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def _heldout_job(subject: int) -> list[Any]:
    from coach.recognition.views import heldout_person

    return heldout_person(subject, FeatureSpec())


def heldout(people: int, cache: Path, workers: int = 2) -> list[Any]:
    """The held-out people of every view bucket, generated once per generator version."""
    path = cache / f"heldout-{people}-{source_key(people, FeatureSpec().to_dict())}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from coach.recognition.making import make_all

    started = time.monotonic()
    viewed = make_all(_heldout_job, heldout_people(people), workers, chunksize=1)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(viewed))
    print(
        f"  held-out people: {people} x {len(VIEW_BUCKETS)} views in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )
    return viewed


def heldout_report(predict: Callable[[np.ndarray], np.ndarray], classes: Sequence[str], people: int,
                   cache: Path) -> dict[str, Any]:  # fmt: skip
    """Per-view accuracy of `predict` on the held-out people's steady windows."""
    return evaluate_views(predict, heldout(people, cache), classes)


def heldout_live_report(stream: StreamingRecognizer, people: int, cache: Path) -> dict[str, Any]:
    """Per-view share of steady stretches where the live recognizer shows the right label (what a person sees)."""
    return evaluate_views_live(stream, heldout(people, cache))


def body_yaw_deg(world: np.ndarray, detected: np.ndarray) -> float:
    """The median yaw MediaPipe reports for the trunk (0 facing the camera, +-90 in profile), from shoulders, hips."""
    w = world[detected]
    across = (
        w[:, INDEX["right_hip"]]
        - w[:, INDEX["left_hip"]]
        + w[:, INDEX["right_shoulder"]]
        - w[:, INDEX["left_shoulder"]]
    )
    return float(np.median(np.degrees(np.arctan2(across[:, 2], -across[:, 0]))))


def real_view_rows(
    rows: list[dict[str, Any]], truth: list[dict[str, Any]], yaws: dict[str, float]
) -> list[dict[str, Any]]:
    """Each clip's view: truth.json's label, MediaPipe's measured trunk yaw, and the bucket of that yaw."""
    labels = {Path(e["file"]).stem: e.get("view", "?") for e in truth}
    return [{"clip": r["clip"], "truth": r["truth"], "view_label": labels[r["clip"]],
             "label_bucket": REAL_VIEWS.get(labels[r["clip"]], "?"), "body_yaw_deg": round(yaws[r["clip"]], 1),
             "yaw_bucket": view_bucket(yaws[r["clip"]]), "right": r["right"], "share_true": r["share_true"]}
            for r in rows]  # fmt: skip


def real_view_summary(view_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Clips right per view bucket (by MediaPipe's measured yaw) and per exercise and bucket."""
    out: dict[str, Any] = {"per_view": {}, "per_class_per_view": {}}
    for name, _, _ in VIEW_BUCKETS:
        sel = [r for r in view_rows if r["yaw_bucket"] == name]
        mean_share = round(float(np.mean([r["share_true"] for r in sel])), 3) if sel else None
        out["per_view"][name] = {
            "clips": len(sel),
            "right": sum(r["right"] for r in sel),
            "mean_share_true": mean_share,
        }
        for r in sel:
            cell = out["per_class_per_view"].setdefault(r["truth"], {}).setdefault(name, {"clips": 0, "right": 0})
            cell["clips"] += 1
            cell["right"] += int(r["right"])
    return out


def add_to_metrics(path: Path, real_views: dict[str, Any]) -> None:
    """Write the real clips by view into a model's metrics.json (other keys kept), marked as development figures."""
    metrics = json.loads(path.read_text())
    metrics["real_clips_by_view"] = {
        "kind": "development: these clips were used to tune the generator; not held out",
        "bucket_from": "the trunk yaw MediaPipe reports (median over the clip)",
        **real_views,
    }
    path.write_text(json.dumps(metrics, indent=1) + "\n")


def print_real_views(view_rows: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    """Markdown: each real clip's view, then clips right per bucket."""
    print("\n## Real clips by view (DEVELOPMENT figures: these clips were used to tune the generator)\n")
    print("View bucket from the trunk yaw MediaPipe reports (median over the clip; |yaw| < 22.5 front, < 67.5 45, "
          "else side); truth.json's own label beside it.\n")  # fmt: skip
    print("| clip | truth | truth.json view | MediaPipe trunk yaw | bucket | right | frames labelled true |")
    print("|---|---|---|---:|---|---|---:|")
    for r in view_rows:
        print(f"| {r['clip']} | {r['truth']} | {r['view_label']} | {r['body_yaw_deg']:+.0f} | {r['yaw_bucket']} | "
              f"{'yes' if r['right'] else '**NO**'} | {r['share_true']:.0%} |")  # fmt: skip
    cells = " | ".join(f"{name}: {c['right']}/{c['clips']}" for name, c in summary["per_view"].items())
    print(f"\nRight per bucket: {cells}")


def print_heldout(report: dict[str, Any]) -> None:
    """Markdown: the held-out per-view table."""
    people = report["people"]
    print(f"\n## Held-out synthetic people by view (HELD OUT: {people['count']} people from subject "
          f"{people['first_subject']}, never trained on; steady windows, % right (windows))\n")  # fmt: skip
    print(format_view_table(report))
    worst = report.get("worst_class_view")
    if worst:
        print(f"\nWorst exercise and view: {worst['class']} from {worst['view']}: {worst['accuracy']:.1%}")


def print_heldout_live(report: dict[str, Any]) -> None:
    """Markdown: the held-out per-view table as the app shows it (live recognizer, every step of a steady stretch)."""
    count = report["people"]["count"]
    print(f"\n## The same {count} people as the app shows them (HELD OUT; the live recognizer with its smoothing, "
          "hysteresis and 'unknown'; every step that ends a steady window; % right (steps))\n")  # fmt: skip
    print(format_view_table(report))
    unknown = ", ".join(f"{v} {share:.1%}" for v, share in report["unknown_share"].items() if share is not None)
    print(f"\n'unknown' shown (counted wrong above): {unknown}")


# --- which generator families each real clip depends on ---


FAMILY_RUNS: dict[str, tuple[tuple[str, ...], int]] = {
    "all families": ((), 0),
    "all families, seed 1": ((), 1),
    **{f"without {name}": ((name,), 0) for name in FAMILIES},
}  # model name -> (families left out, seed)


def family_model(cache: Path, architecture: str, people: int, epochs: int, name: str) -> Path:
    """One small family model (a FAMILY_RUNS name), trained once per generator version and cached. Each is trained by
    `coach train` in a fresh process, so every model starts from the same state (and makes its people in workers)."""
    import subprocess

    off, seed = FAMILY_RUNS[name]
    key = source_key(architecture, people, epochs, FAMILY_UNITS)  # a change of any of them trains afresh
    folder = cache / "families" / key / name.replace(" ", "_").replace(",", "")
    if not (folder / "model.npz").exists():
        command = [sys.executable, "-m", "coach", "train", "--arch", architecture, "--subjects", str(people),
                   "--epochs", str(epochs), "--seed", str(seed), "--units", str(FAMILY_UNITS), "--heldout-people", "0",
                   "--members", "all",  # one network, fully gated: the setup these small models were measured with
                   "--out", str(folder), *(arg for family in off for arg in ("--without", family))]  # fmt: skip
        started = time.monotonic()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        print(f"  family model '{name}': {time.monotonic() - started:.0f} s", file=sys.stderr)
    return folder


def family_models(cache: Path, architecture: str, people: int, epochs: int) -> dict[str, Path]:
    """Small models, one per generator family left out, plus two with every family (seeds 0 and 1). Returns name ->
    model folder."""
    return {name: family_model(cache, architecture, people, epochs, name) for name in FAMILY_RUNS}


def family_dependence(folders: dict[str, Path], score: Callable[[Path], list[dict[str, Any]]]) -> dict[str, Any]:
    """Real-clip results of every family model, and per clip the families whose removal flips it."""
    results = {name: {r["clip"]: r for r in score(folder)} for name, folder in folders.items()}
    base, other = results["all families"], results["all families, seed 1"]
    clips = list(base)
    unstable = [c for c in clips if base[c]["right"] != other[c]["right"]]
    per_clip = {}
    for clip in clips:
        lost = [n for n in results if n.startswith("without") and base[clip]["right"] and not results[n][clip]["right"]]
        gained = [
            n for n in results if n.startswith("without") and not base[clip]["right"] and results[n][clip]["right"]
        ]
        per_clip[clip] = {"right_with_all": base[clip]["right"], "unstable_between_seeds": clip in unstable,
                          "wrong_without": [n.removeprefix("without ") for n in lost],
                          "right_only_without": [n.removeprefix("without ") for n in gained],
                          "share_true": {n: round(results[n][clip]["share_true"], 3) for n in results}}  # fmt: skip
    right = {n: sum(r["right"] for r in res.values()) for n, res in results.items()}
    return {"models": {n: str(f) for n, f in folders.items()}, "right": right, "unstable": unstable,
            "per_clip": per_clip, "families": FAMILIES}  # fmt: skip


def print_family_dependence(report: dict[str, Any], people: int, epochs: int) -> None:
    """Markdown: clips right per family model, then what each clip depends on."""
    print(f"\n## Which generator families each real clip depends on ({people} people, <= {epochs} epochs per model)\n")
    print("Each model leaves one family out (coach/synth/families.py). DEVELOPMENT figures: the families were built "
          "while looking at these clips.\n")  # fmt: skip
    print("| model | clips right |\n|---|---:|")
    for name, right in report["right"].items():
        print(f"| {name} | {right} |")
    unstable = ", ".join(report["unstable"]) or "none"
    print(f"\nClips whose answer changes between the two all-family seeds (chance, not a family): {unstable}\n")
    print("| clip | right with all | wrong without | right only without | share of frames labelled true, "
          "all / seed 1 / lowest without |\n|---|---|---|---|---|")  # fmt: skip
    for clip, c in report["per_clip"].items():
        shares = c["share_true"]
        without = {n: v for n, v in shares.items() if n.startswith("without")}
        low = min(without, key=without.__getitem__)
        flag = " (unstable)" if c["unstable_between_seeds"] else ""
        lost, gained = ", ".join(c["wrong_without"]) or "—", ", ".join(c["right_only_without"]) or "—"
        share = f"{shares['all families']:.0%} / {shares['all families, seed 1']:.0%} / {without[low]:.0%}"
        print(
            f"| {clip}{flag} | {'yes' if c['right_with_all'] else 'no'} | {lost} | {gained} | {share} "
            f"({low.removeprefix('without ')}) |"
        )
