"""Scripted LiveFrames for Workout screen tests: what the worker would send (the recognizer's label, the counter's
rep events and state)."""

from __future__ import annotations

from typing import Any

import numpy as np

from coach.counting.events import RepEvent, RepTempo
from coach.exercises.registry import class_ids
from coach.live.frame import LiveFrame


def scripted_frame(t: float, label: str = "squat", events: tuple = (), state: Any = None) -> LiveFrame:
    """A frame at `t` s whose recognizer is sure of `label`, carrying `events` and the counter's `state`."""
    classes = class_ids()
    probabilities = np.full(len(classes), 0.02)
    probabilities[classes.index(label)] = 0.9
    return LiveFrame(
        index=round(t * 30), timestamp_s=t, rgb=np.zeros((90, 160, 3), np.uint8), source_size=(160, 90), pose=None,
        angles={}, classes=classes, probabilities=probabilities, label=label, confidence=0.9, captured_at=t,
        processed_at=t, events=events, counting=state,
    )  # fmt: skip


def squat_rep(start: float, quality: float = 0.9) -> RepEvent:
    """A good squat rep from `start`, 1.5 s long."""
    return RepEvent("squat", "both", start, start + 1.5, RepTempo(0.8, 0.7), 95.0, quality, (), False)
