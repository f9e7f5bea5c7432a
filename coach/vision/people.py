"""How many people are in a picture, with the one-person pose model that ships in the mediapipe wheel.

BlazePose (legacy `solutions.pose`) reports the most prominent person only, and Coach downloads no other model. So a
frame is asked twice: find a person, blank out their box, and look again. A second skeleton alone is not enough: in
a cluttered gym the detector also "sees" a person in the machines (a real clip, curl_front_01, gave one in a third
of its frames), and on a push-up it can find the same person's limbs again beside the blanked box. A second person
therefore has to (1) lie mostly outside the first person's box and (2) be found again, in the same place, in the
mirrored picture: real people survive the flip, the gym's phantoms did not in any frame we measured.

A recording is judged on a few frames spread over it, and only a second person seen in at least two of them counts,
so one unlucky frame does not refuse a good recording.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from coach.vision.pose import Pose

BODY = slice(11, None)  # shoulders down: the face landmarks are guessed even where no face is
BOX_PAD = 0.15  # the first person's box is widened by this share of its size before it is blanked out
MAX_OVERLAP = 0.25  # a second skeleton lying more than this share inside the first box is the same person again
MIN_FLIP_IOU = 0.5  # the mirrored picture must show the second person in the same box (intersection over union)
MIN_FRAMES = 2  # frames with a second person before a recording is said to show two people


@dataclass(frozen=True)
class PeopleSeen:
    """What the check found: frames looked at, and the times (s) of those showing a second person."""

    frames: int
    two_people_at: tuple[float, ...]

    @property
    def two_people(self) -> bool:
        return len(self.two_people_at) >= MIN_FRAMES


def _box(xy: np.ndarray) -> np.ndarray:
    """x0, y0, x1, y1 of normalised points."""
    return np.concatenate([xy.min(axis=0), xy.max(axis=0)])


def _area(box: np.ndarray) -> float:
    return float(max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1]))


def _intersection(a: np.ndarray, b: np.ndarray) -> float:
    return _area(np.concatenate([np.maximum(a[:2], b[:2]), np.minimum(a[2:], b[2:])]))


def _blank(rgb: np.ndarray, box: np.ndarray) -> np.ndarray:
    """A copy of the picture with `box` (normalised, widened by BOX_PAD) painted black."""
    height, width = rgb.shape[:2]
    pad = (box[2:] - box[:2]) * BOX_PAD
    x0, y0 = np.floor((box[:2] - pad).clip(0.0, 1.0) * (width, height)).astype(int)
    x1, y1 = np.ceil((box[2:] + pad).clip(0.0, 1.0) * (width, height)).astype(int)
    blanked = rgb.copy()
    blanked[y0:y1, x0:x1] = 0
    return blanked


def second_person(rgb: np.ndarray, estimate: Callable[[np.ndarray], Pose | None]) -> bool:
    """Whether a picture shows a second person beside the one the pose model finds first.

    `estimate` must treat every picture on its own (a static-image PoseEstimator), or tracking would carry the first
    person into the blanked picture."""
    first = estimate(rgb)
    if first is None:
        return False
    first_box = _box(first.image_xy)
    pad = (first_box[2:] - first_box[:2]) * BOX_PAD
    blanked_box = np.concatenate([first_box[:2] - pad, first_box[2:] + pad])
    blanked = _blank(rgb, first_box)
    other = estimate(blanked)
    if other is None:
        return False
    other_box = _box(other.image_xy[BODY])
    if _area(other_box) <= 0.0 or _intersection(other_box, blanked_box) / _area(other_box) > MAX_OVERLAP:
        return False
    mirrored = estimate(np.ascontiguousarray(blanked[:, ::-1]))
    if mirrored is None:
        return False
    xy = mirrored.image_xy[BODY].copy()
    xy[:, 0] = 1.0 - xy[:, 0]
    again = _box(xy)
    overlap = _intersection(other_box, again)
    union = _area(other_box) + _area(again) - overlap
    return union > 0.0 and overlap / union >= MIN_FLIP_IOU


def count_second_people(
    frames: list[tuple[float, np.ndarray]], estimate: Callable[[np.ndarray], Pose | None]
) -> PeopleSeen:
    """Look for a second person in each (time s, RGB picture)."""
    seen = tuple(t for t, rgb in frames if second_person(rgb, estimate))
    return PeopleSeen(frames=len(frames), two_people_at=seen)
