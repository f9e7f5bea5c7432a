"""Generator and avatar figures: landmark generation speed, render speed, and whether MediaPipe sees the avatar.

Run: `.venv/bin/python benchmarks/synth.py [--seeds N] [--json OUT]`. If MediaPipe finds the rendered person in most
frames, rendered clips are end-to-end tests of the real pose model; the per-exercise table says where that holds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np

from coach.exercises import ExerciseKind, class_ids, get_exercise
from coach.synth.generator import SynthClip, ViewRequest, generate_clip
from coach.synth.render import AvatarRenderer
from coach.vision.landmarks import INDEX
from coach.vision.pose import PoseEstimator

KEY_POINTS = [INDEX[n] for n in ("left_shoulder", "right_shoulder", "left_hip", "right_hip", "left_knee", "right_knee")]


def _clip(exercise: str, seed: int, yaw: float | None = None) -> SynthClip:
    view = ViewRequest(yaw_deg=yaw, partly_out_of_frame=False)
    if get_exercise(exercise).kind is ExerciseKind.REPS:
        return generate_clip(exercise, reps=4, seed=seed, view=view)
    return generate_clip(exercise, seconds=6.0, seed=seed, view=view)


def generation_speed() -> dict[str, float]:
    """Milliseconds to generate one minute of landmarks, per exercise (median of 5)."""
    result = {}
    for exercise in class_ids():
        times = []
        for seed in range(5):
            started = time.perf_counter()
            clip = generate_clip(exercise, seconds=60.0, seed=seed)
            elapsed = time.perf_counter() - started
            times.append(elapsed / (clip.frames / clip.fps) * 60 * 1000)
        result[exercise] = statistics.median(times)
    return result


def render_speed(frames: int = 300) -> float:
    """Rendered 640x480 frames per second (median over a squat clip)."""
    clip = generate_clip("squat", reps=10, seed=0)
    renderer = AvatarRenderer(clip.camera)
    buffer = np.empty((clip.camera.height, clip.camera.width, 3), np.uint8)
    durations = []
    for i in range(min(frames, clip.frames)):
        started = time.perf_counter()
        renderer.render(clip.scene[i], out=buffer)
        durations.append(time.perf_counter() - started)
    return 1.0 / statistics.median(durations)


def mediapipe_on_avatar(seeds: int) -> dict[str, dict[str, float]]:
    """Per exercise: fraction of rendered frames where MediaPipe finds a person, and its landmark error."""
    out = {}
    for exercise in class_ids():
        found, total, errors = 0, 0, []
        for seed in range(seeds):
            clip = _clip(exercise, seed=100 + seed)
            renderer = AvatarRenderer(clip.camera)
            with PoseEstimator(video=True) as estimator:
                for i in range(0, clip.frames, 2):
                    pose = estimator.estimate(renderer.render(clip.scene[i]))
                    total += 1
                    if pose is None:
                        continue
                    found += 1
                    true_xy, _ = clip.camera.project(clip.scene[i, KEY_POINTS])
                    truth = true_xy / [clip.camera.width, clip.camera.height]
                    seen = pose.image_xy[KEY_POINTS]
                    if clip.camera.mirror:  # MediaPipe labels a mirrored body's sides the other way round
                        seen = pose.image_xy[[KEY_POINTS[j ^ 1] for j in range(len(KEY_POINTS))]]
                    errors.append(
                        float(
                            np.median(np.linalg.norm(seen - truth, axis=-1) * clip.camera.height / clip.camera.height)
                        )
                    )
        out[exercise] = {
            "found": found / max(total, 1),
            "median_error": statistics.median(errors) if errors else float("nan"),
            "frames": total,
        }
    return out


def main() -> None:
    """Print the figures as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=3, help="rendered clips per exercise for the MediaPipe check")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    gen = generation_speed()
    fps = render_speed()
    seen = mediapipe_on_avatar(args.seeds)
    print("| exercise | ms per minute of landmarks | MediaPipe finds the avatar | key-point error (of picture) |")
    print("|---|---:|---:|---:|")
    for exercise in class_ids():
        s = seen[exercise]
        print(f"| {exercise} | {gen[exercise]:.1f} | {s['found']:.0%} of {s['frames']} | {s['median_error']:.3f} |")
    print(f"\nAvatar render speed, 640x480: {fps:.0f} frames/s (median)")
    if args.json:
        args.json.write_text(json.dumps({"generation_ms_per_min": gen, "render_fps": fps, "mediapipe": seen}, indent=1))


if __name__ == "__main__":
    main()
