"""The avatar through MediaPipe: generated movement, rendered and read back by the real pose model, by camera view.

Why: the visible real clips have one arm exercise filmed from the side, and none at 45 degrees. Rendering generated
people with the avatar (coach/synth/render.py) from the front, at 45 degrees and from the side, and running MediaPipe on
the pictures, shows what MediaPipe itself reports for those views (its depth guesses, the hidden far arm), with the
truth known. It is a third yardstick between held-out synthetic people (the generator's own noise model) and real
people: the noise model is bypassed, but the motions are the generator's and the avatar is not a person (MediaPipe
reads its trunk as turned ~18 degrees when the camera is at 45; on real people its trunk yaw looks right).

Poses are cached per clip under --cache (render + MediaPipe: ~30 s a clip on 2 cores). Run from the repo root:
`.venv/bin/python benchmarks/avatar_mediapipe.py [--model DIR] [--seeds N]`.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from coach.exercises.registry import class_ids
from coach.recognition.dataset import LabelledSequence, windows
from coach.recognition.views import format_view_table, view_bucket, view_report
from coach.vision.features import FeatureSpec

DEFAULT_CACHE = Path("/tmp/coach_avatar_mediapipe_cache")
EXERCISES = ("bicep_curl", "shoulder_press", "front_raise", "lateral_raise", "squat", "idle")
YAWS = (5.0, 45.0, 85.0)  # one per view bucket
FIRST_SEED = 500_001  # far from the seeds training clips are generated with (subject * 1009 + k, subjects 1..N)


def avatar_poses(exercise: str, seed: int, yaw: float, cache: Path = DEFAULT_CACHE) -> dict[str, np.ndarray]:
    """One generated clip rendered with the avatar and read by MediaPipe (+ One-Euro, as live); cached by what is
    rendered (the scene and the camera), so a change to the noise model keeps the cache and a change to the motions
    renews it. Keys: world, visibility, image_xy, detected (MediaPipe's), labels, true_world, true_visibility (the
    generator's), yaw."""
    from coach.synth.generator import ViewRequest, generate_clip

    view = ViewRequest(yaw_deg=yaw, partly_out_of_frame=False, waist_up=False, legs_hidden=False)
    options: dict[str, Any] = {"seconds": 15.0} if exercise in ("idle", "plank") else {"reps": 4}
    if exercise != "idle":
        options |= {"lead_in_s": 2.0, "lead_out_s": 2.0}
    clip = generate_clip(exercise, seed=seed, view=view, **options)
    rendered = hashlib.sha1(clip.scene.astype(np.float32).tobytes() + repr(clip.camera).encode()).hexdigest()[:10]
    path = cache / f"{exercise}-{seed}-{yaw:g}-{rendered}.npz"
    if path.exists():
        with np.load(path) as data:
            return dict(data)
    from coach.pipeline import build_pipeline
    from coach.synth.render import AvatarRenderer
    from coach.vision.sources import Frame

    renderer, pipeline = AvatarRenderer(clip.camera), build_pipeline()
    xy, world, visibility, found = [], [], [], []
    try:
        for i in range(clip.frames):
            rgb = renderer.render(clip.scene[i]).copy()
            pose = pipeline.process(Frame(rgb=rgb, index=i, timestamp_s=i / clip.fps)).pose
            found.append(pose is not None)
            xy.append(np.full((33, 2), np.nan) if pose is None else pose.image_xy)
            world.append(np.full((33, 3), np.nan) if pose is None else pose.world_xyz)
            visibility.append(np.zeros(33) if pose is None else pose.visibility)
    finally:
        pipeline.close()
    out = {"image_xy": np.asarray(xy, np.float32), "world": np.asarray(world, np.float32),
           "visibility": np.asarray(visibility, np.float32), "detected": np.asarray(found),
           "labels": np.array(clip.labels), "true_world": clip.world.astype(np.float32),
           "true_visibility": clip.visibility.astype(np.float32), "yaw": np.float32(clip.camera.yaw_deg),
           "fps": np.float32(clip.fps)}  # fmt: skip
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, **out)
    return out


def clip_set(seeds: int) -> list[tuple[str, int, float]]:
    """(exercise, seed, yaw) of the standard set: every exercise from every view; odd seeds film the other side."""
    return [(exercise, FIRST_SEED + k, (-1.0 if k % 2 else 1.0) * yaw)
            for k in range(seeds) for yaw in YAWS for exercise in EXERCISES]  # fmt: skip


def sequence(data: dict[str, np.ndarray], spec: FeatureSpec) -> LabelledSequence:
    """MediaPipe's poses of a clip as a labelled sequence at the model's rate."""
    names = class_ids()
    chosen = np.flatnonzero(data["detected"])[::2]
    x = spec.vector(data["world"][chosen], data["visibility"][chosen])
    return LabelledSequence(x, np.array([names.index(str(label)) for label in data["labels"][chosen]]), "avatar")


def score(model_dir: Path, seeds: int, cache: Path = DEFAULT_CACHE) -> dict[str, Any]:
    """Per-view accuracy of a model on the avatar clips' steady windows, as MediaPipe read them."""
    from coach.recognition.bundle import load_model

    model = load_model(model_dir)
    truth, predicted, buckets = [], [], []
    for exercise, seed, yaw in clip_set(seeds):
        data = avatar_poses(exercise, seed, yaw, cache)
        x, y, steady = windows([sequence(data, model.feature_spec)], with_steady=True)
        if steady.any():
            truth.append(y[steady])
            predicted.append(model.classifier.predict_windows(x[steady]).argmax(axis=1))
            buckets += [view_bucket(float(data["yaw"]))] * int(steady.sum())
    return view_report(np.concatenate(truth), np.concatenate(predicted), np.array(buckets), model.classes)


def main(argv: Sequence[str] | None = None) -> int:
    """Fill the cache and print the per-view table for a model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path(__file__).resolve().parents[1] / "models" / "default")
    parser.add_argument("--seeds", type=int, default=3, help="people per exercise and view (default 3)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    started = time.monotonic()
    for exercise, seed, yaw in clip_set(args.seeds):
        avatar_poses(exercise, seed, yaw, args.cache)
    yaws = ", ".join(f"{y:g}" for y in YAWS)
    print(f"# The avatar through MediaPipe: {args.model}\n\n{args.seeds} people x {len(EXERCISES)} exercises x "
          f"{len(YAWS)} views (yaw {yaws}); steady windows, % right (windows)\n")  # fmt: skip
    print(format_view_table(score(args.model, args.seeds, args.cache)))
    print(f"\n{time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
