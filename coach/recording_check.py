"""Is a calibration recording fit to teach Coach? One person, in view for (nearly) all of it.

A recording of an empty room teaches the recognizer nothing; one where the person walks out half-way teaches it that
half an empty room is a squat; one with two people in view may follow the wrong one, since the pose model tracks one
person and not always the same. Each is refused before anything is stored, with one line saying what was seen and
what to do, because a bad sample silently stored would only show up later as a worse model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from coach.errors import CoachError
from coach.vision.pose import Pose

MAX_MISSING = 0.2  # share of a recording's frames that may lack a person (fast moves, a hand over the face)
SAMPLE_EVERY_S = 0.5  # frames looked at for a second person: this far apart, at first
SAMPLES_KEPT = 24  # at most this many (a longer recording keeps every other one and doubles the spacing)
SAMPLE_SIDE = 960  # kept frames are shrunk to this many pixels on their long side (the pose model sees 256)


class RecordingError(CoachError):
    """A recording that would teach Coach the wrong thing; nothing was stored."""


@dataclass
class FrameSampler:
    """Keeps a bounded, evenly spread set of (time s, RGB frame) from a recording, for the two-people check."""

    every_s: float = SAMPLE_EVERY_S
    keep: int = SAMPLES_KEPT
    frames: list[tuple[float, np.ndarray]] = field(default_factory=list)
    _next_s: float | None = None

    def offer(self, t: float, rgb: np.ndarray) -> None:
        """Consider the frame shown at `t` seconds into the recording."""
        if self._next_s is not None and t < self._next_s:
            return
        self.frames.append((t, _shrunk(rgb)))
        if len(self.frames) > self.keep:
            self.frames = self.frames[::2]
            self.every_s *= 2.0
        self._next_s = self.frames[-1][0] + self.every_s


def _shrunk(rgb: np.ndarray) -> np.ndarray:
    import cv2

    height, width = rgb.shape[:2]
    scale = SAMPLE_SIDE / max(height, width)
    if scale >= 1.0:
        return rgb.copy()
    return cv2.resize(rgb, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)


def presence_problem(detected: np.ndarray, fps: float) -> str | None:
    """What is wrong with where the person was, or None when they were in view for enough of the recording."""
    frames = len(detected)
    if frames == 0 or not detected.any():
        return "nobody was seen in the recording"
    gone = int(frames - detected.sum())
    if gone <= MAX_MISSING * frames:
        return None
    last_seen = int(np.flatnonzero(detected)[-1])
    at_end = frames - 1 - last_seen
    if at_end * 2 >= gone:  # most of the absence is at the end: they walked out
        return (
            f"you left the picture at {(last_seen + 1) / fps:.1f} s and were gone for the last {at_end / fps:.1f} s "
            f"({at_end / frames:.0%} of the recording)"
        )
    return f"nobody was in view for {gone / frames:.0%} of the recording"


def check_presence(name: str, detected: np.ndarray, fps: float) -> None:
    """Refuse, with one line naming the source, a recording of nobody or of someone who left the picture."""
    problem = presence_problem(detected, fps)
    if problem is not None:
        todo = "stay where the camera sees your whole body until the recording ends, then record again"
        raise RecordingError(f"{name}: {problem}; nothing stored: {todo}")


def check_one_person(
    name: str, sampled: list[tuple[float, np.ndarray]], estimate: Callable[[np.ndarray], Pose | None]
) -> None:
    """Refuse, with one line naming the source, a recording with two people in view.

    `estimate` must be a static-image pose estimator's (see coach.vision.people)."""
    from coach.vision.people import count_second_people

    seen = count_second_people(sampled, estimate)
    if seen.two_people:
        raise RecordingError(
            f"{name}: two people in view ({len(seen.two_people_at)} of {seen.frames} frames checked, the first at "
            f"{seen.two_people_at[0]:.1f} s) and Coach cannot tell which one is you; nothing stored: record with only "
            "you in the picture"
        )
