"""The One-Euro filter: steady when still, little lag when moving, restarts after a dropout."""

from __future__ import annotations

import numpy as np

from coach.vision.pose import Pose
from coach.vision.smoothing import OneEuroFilter, PoseSmoother, SmoothingConfig

FPS = 30.0


def make_filter() -> OneEuroFilter:
    cfg = SmoothingConfig()
    return OneEuroFilter(cfg.min_cutoff_hz, cfg.beta, cfg.derivative_cutoff_hz, cfg.reset_after_s)


def test_jitter_of_a_held_position_is_at_least_halved():
    rng = np.random.default_rng(0)
    noisy = 0.5 + rng.normal(0.0, 0.01, size=(300, 3))  # 1 cm jitter on a still person
    f = make_filter()
    smoothed = np.array([f(x, i / FPS) for i, x in enumerate(noisy)])
    assert smoothed[30:].std(axis=0).max() < noisy[30:].std(axis=0).min() / 2


def test_a_fast_movement_keeps_its_range_and_lags_under_100_ms():
    t = np.arange(0, 4, 1 / FPS)
    truth = 0.3 * np.sin(2 * np.pi * 1.0 * t)  # 1 Hz, 30 cm: a brisk jumping jack
    f = make_filter()
    out = np.array([f(np.array([x]), ts)[0] for x, ts in zip(truth, t, strict=True)])
    lags = range(0, 10)
    errors = [np.abs(out[30 + lag :] - truth[30 : len(truth) - lag]).mean() for lag in lags]
    best_lag_s = lags[int(np.argmin(errors))] / FPS
    assert best_lag_s < 0.1
    assert out[30:].max() > 0.9 * 0.3 and out[30:].min() < -0.9 * 0.3  # range of motion is not shrunk


def test_a_gap_longer_than_the_reset_time_starts_afresh():
    f = OneEuroFilter(reset_after_s=0.5)
    f(np.array([0.0]), 0.0)
    f(np.array([0.0]), 1 / FPS)
    assert f(np.array([1.0]), 2.0)[0] == 1.0  # after a 2 s dropout the new position is taken as is


def test_shapes_are_preserved_and_input_is_not_modified():
    f = OneEuroFilter()
    x = np.ones((33, 3))
    assert f(x, 0.0).shape == (33, 3)
    y = f(x * 2, 1 / FPS)
    assert y.shape == (33, 3) and np.all(x == 1.0)


def test_pose_smoother_passes_missing_poses_through():
    smoother = PoseSmoother()
    pose = Pose(np.zeros((33, 2), np.float32), np.zeros((33, 3), np.float32), np.ones(33, np.float32))
    assert smoother(None, 0.0) is None
    out = smoother(pose, 0.03)
    assert out is not None and out.world_xyz.dtype == np.float32
