"""Form rules that read the 3D pose work in a workout, not only in `coach analyze`: a squat whose knees cave in gets
"Push your knees out" and a lower quality, a plank whose hips sag gets its cue and its clock stops. The workout runs
the app's own path: the worker's per-frame code (LiveEngine over the one FrameStep) and the Workout screen's driver."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from coach.app.rehearsal import run_workout
from coach.pipeline import pose_frames
from coach.synth.generator import IDLE, Segment, SynthClip, ViewRequest, generate_workout
from coach.vision.landmarks import INDEX
from coach.vision.pose import Pose
from coach.workout.engine import EngineConfig
from coach.workout.plan import parse_plan
from coach.workout.recorder import MemoryRecorder
from coach.workout.view import Phase
from tests.counting.helpers import OFF  # the generator conditions these seeds were written for

VIEW = ViewRequest(waist_up=False, partly_out_of_frame=False, pitch_range_deg=(-5.0, 15.0), forearm_depth_guess=False)
GET_READY_S = 2.0
KNEES_OUT = "Push your knees out over your toes"
LIFT_HIPS = "Lift your hips: keep a straight line"


def _plan(item: str):
    return parse_plan(
        f"name: One set\ndescription: x\ndifficulty: beginner\nestimated_minutes: 1\n"
        f"blocks:\n  - name: A\n    items:\n      - {item}\n"
    )


def _angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    u, v = a - b, c - b
    return float(np.degrees(np.arccos(np.clip(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)), -1.0, 1.0))))


def knees_caving_in(pose: Pose) -> Pose:
    """The knees drawn towards each other as the person goes down (valgus), up to 60% closer at a deep squat."""
    w = pose.world_xyz.copy()
    left, right = INDEX["left_knee"], INDEX["right_knee"]
    bend = _angle(w[INDEX["left_hip"]], w[left], w[INDEX["left_ankle"]])
    inward = 0.6 * float(np.clip((175.0 - bend) / 80.0, 0.0, 1.0))
    middle = 0.5 * (w[left] + w[right])
    for knee in (left, right):
        w[knee, [0, 2]] = middle[[0, 2]] + (w[knee, [0, 2]] - middle[[0, 2]]) * (1.0 - inward)
    return Pose(pose.image_xy, w, pose.visibility)


def hips_sagging(start_s: float, fps: float) -> Callable[[int, Pose], Pose]:
    """From `start_s`, the hips (and knees, half as much) sink towards the floor, 4 cm a second."""

    def sag(index: int, pose: Pose) -> Pose:
        drop = max(0.0, index / fps - start_s) * 0.04
        w = pose.world_xyz.copy()
        for name, share in (("hip", 1.0), ("knee", 0.5)):
            for side in ("left", "right"):
                w[INDEX[f"{side}_{name}"], 1] += share * drop  # world y points down
        return Pose(pose.image_xy, w, pose.visibility)

    return sag


def _poses(clip: SynthClip, change: Callable[[int, Pose], Pose] | None = None) -> list:
    out = []
    for i in range(clip.frames):
        pose = clip.pose(i)
        out.append((i / clip.fps, pose if pose is None or change is None else change(i, pose)))
    return out


def _workout(plan_item: str, clip: SynthClip, change: Callable[[int, Pose], Pose] | None, label: str):
    recorder = MemoryRecorder()
    driver, _, _ = run_workout(
        pose_frames(_poses(clip, change), label), _plan(plan_item), lambda d: False, recorder, (160, 120),
        EngineConfig(get_ready_s=GET_READY_S),
    )  # fmt: skip
    return driver, recorder


def test_a_squat_with_the_knees_caving_in_is_told_to_push_them_out_and_scores_lower():
    """Filmed from the front, where knees caving in can be seen (from the side the knees hide each other)."""
    front = replace(VIEW, yaw_deg=10.0)
    squats = [Segment(IDLE, seconds=GET_READY_S + 2), Segment("squat", reps=5), Segment(IDLE, seconds=3)]
    clip = generate_workout(squats, 3, view=front, off=OFF)
    _, clean = _workout("{exercise: squat, sets: 1, reps: 5}", clip, None, "squat")
    _, caving = _workout("{exercise: squat, sets: 1, reps: 5}", clip, lambda i, p: knees_caving_in(p), "squat")
    (clean_set,), (caving_set,) = clean.sets.values(), caving.sets.values()
    assert len(clean_set.reps) == len(caving_set.reps) == 5
    assert not any(KNEES_OUT in r.cues for r in clean_set.reps)
    assert all(KNEES_OUT in r.cues for r in caving_set.reps)
    clean_quality = np.mean([r.quality for r in clean_set.reps])
    caving_quality = np.mean([r.quality for r in caving_set.reps])
    assert caving_quality < clean_quality - 0.1, (clean_quality, caving_quality)


def test_a_plank_whose_hips_sag_is_told_to_lift_them_and_its_clock_stops():
    plank_s = 25.0
    clip = generate_workout([Segment(IDLE, seconds=GET_READY_S + 2), Segment("plank", seconds=plank_s),
                             Segment(IDLE, seconds=3)], 2, view=VIEW, off=OFF)  # fmt: skip
    starts = GET_READY_S + 2 + 1.5 + 6.0  # after the transition to the floor, six good seconds, then the hips sink
    item = "{exercise: plank, sets: 1, hold_seconds: 20}"
    clean, _ = _workout(item, clip, None, "plank")
    sagging, _ = _workout(item, clip, hips_sagging(starts, clip.fps), "plank")
    assert clean.engine is not None and clean.engine.phase is Phase.DONE  # 20 s held: the set is done
    engine = sagging.engine
    assert engine is not None and engine.phase is Phase.ACTIVE  # the clock stopped short of 20 s
    view = engine.snapshot()
    assert 4.0 <= view.hold_seconds < 15.0, view.hold_seconds
    assert view.cue == LIFT_HIPS
