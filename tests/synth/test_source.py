"""The synthetic source: rendered frames with their true pose, and MediaPipe recognising the rendered avatar."""

from __future__ import annotations

import numpy as np
import pytest

from coach.pipeline import build_pipeline
from coach.session import open_named_source
from coach.synth.generator import Segment, ViewRequest
from coach.synth.source import SyntheticSource
from coach.vision.features import ANGLE_NAMES
from coach.vision.sources import VideoFileSource


def small_source(**kw) -> SyntheticSource:
    view = ViewRequest(width=160, height=120, yaw_deg=20.0, partly_out_of_frame=False)
    return SyntheticSource([Segment("squat", reps=2)], seed=1, width=160, height=120, cycles=1, view=view, **kw)


def test_frames_carry_their_true_pose_and_label():
    with small_source() as source:
        frames = list(source)
    assert len(frames) == source.frame_count
    assert frames[0].rgb.shape == (120, 160, 3)
    assert {f.truth.label for f in frames} == {"squat", "idle"}
    assert frames[10].timestamp_s == pytest.approx(10 / 30)


def test_the_pipeline_uses_the_true_pose_and_never_loads_mediapipe():
    pipeline = build_pipeline(lazy=True)
    with small_source() as source:
        knees = [pipeline.process(f) for f in source]
    assert pipeline._estimator is None
    knee = np.array([r.features.angles_deg[ANGLE_NAMES.index("left_knee")] for r in knees if r.features is not None])
    assert knee.min() < 120 and knee.max() > 165


def test_synthetic_is_a_source_a_person_can_type():
    opened = open_named_source("synthetic")
    assert isinstance(opened.source, SyntheticSource) and opened.live and opened.fallback_reason is None


@pytest.mark.slow
def test_mediapipe_sees_the_rendered_squats(tmp_path):
    """End to end: the avatar rendered to video, read back, and the real pose model finds the squats in it."""
    from coach.synth.export import write_video
    from coach.synth.generator import generate_clip

    clip = generate_clip("squat", reps=4, seed=3, view=ViewRequest(yaw_deg=30.0, partly_out_of_frame=False))
    write_video(clip, tmp_path / "squat.mp4")
    pipeline = build_pipeline()
    try:
        with VideoFileSource(tmp_path / "squat.mp4") as source:
            results = [pipeline.process(f) for f in source]
    finally:
        pipeline.close()
    assert sum(r.pose is not None for r in results) / len(results) > 0.95
    knee = np.array([r.features.angles_deg[ANGLE_NAMES.index("right_knee")] if r.features else np.nan for r in results])
    deep = knee < 120
    dips = int(np.sum(deep[1:] & ~deep[:-1]) + deep[0])
    assert dips == clip.count() == 4
