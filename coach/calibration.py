"""What a calibration recording teaches the rep counter: the person's own range of motion in each exercise.

A recording is replayed through the same per-frame step a workout runs (smoothing, features, the exercise's counter
with the pose), and the degrees each rep travelled are kept with the sample. A person's range in an exercise is
the median over every rep of every sample they kept: robust to one odd rep or one odd recording. The workout's counter
then judges "full" against that range from the first rep on, instead of against a textbook range the person may
never reach (a short-legged squat, a stiff shoulder).
"""

from __future__ import annotations

from collections.abc import Iterator
from statistics import median
from typing import TYPE_CHECKING

import numpy as np

from coach.counting.events import RepEvent
from coach.exercises.specs import COUNTING
from coach.pipeline import count_recorded
from coach.vision.pose import Pose

if TYPE_CHECKING:
    from coach.recording import LandmarkSequence
    from coach.storage import Repository

MIN_REPS = 2  # fewer counted reps than this say nothing about a range


def recorded_poses(sequence: LandmarkSequence) -> Iterator[tuple[float, Pose | None]]:
    """A recording's frames as (timestamp, raw pose or None). Counting reads the world landmarks only; the image
    coordinates (not stored with a sample) are stood in for by the world ones."""
    for i in range(sequence.frames):
        t = i / sequence.fps
        if not sequence.detected[i]:
            yield t, None
            continue
        world = sequence.world[i].astype(np.float32)
        yield t, Pose(image_xy=world[:, :2] + 0.5, world_xyz=world, visibility=sequence.visibility[i])


def rep_ranges(exercise: str, sequence: LandmarkSequence) -> list[float]:
    """Degrees each rep of `exercise` travelled in the recording (empty for exercises without reps). Reps the counter
    calls partial are included: judged against a textbook range, a person with a short range does only partial
    reps, and their recording is exactly what teaches Coach otherwise."""
    if exercise not in COUNTING:
        return []
    counter = count_recorded(exercise, recorded_poses(sequence))
    return [round(e.range_of_motion, 2) for e in counter.events if isinstance(e, RepEvent)]


def keep_sample(
    repo: Repository,
    exercise: str,
    sequence: LandmarkSequence,
    *,
    source: str,
    profile: str = "default",
    reps: int | None = None,
) -> int:
    """Store a calibration recording with the range of every rep it counted (what the next workout's counter uses);
    returns its id."""
    ranges = rep_ranges(exercise, sequence)
    return repo.samples.add(exercise, sequence, source=source, profile=profile, reps=reps, rep_ranges=ranges)


def person_range(ranges: list[float]) -> float | None:
    """The person's range from every counted rep of their recordings: the median, once there are enough reps."""
    return float(median(ranges)) if len(ranges) >= MIN_REPS else None


def profile_ranges(repo: Repository, profile: str = "default") -> dict[str, float]:
    """The calibrated range per exercise of `profile`, measuring any sample recorded
    before samples kept their ranges (once: the result is stored with it)."""
    per_exercise: dict[str, list[float]] = {}
    for info in repo.samples.list(profile=profile):
        if info.exercise not in COUNTING:
            continue
        ranges = info.rep_ranges
        if ranges is None:
            _, sequence = repo.samples.load(info.id)
            ranges = rep_ranges(info.exercise, sequence)
            repo.samples.set_rep_ranges(info.id, ranges)
        per_exercise.setdefault(info.exercise, []).extend(ranges)
    return {e: r for e, ranges in per_exercise.items() if (r := person_range(ranges)) is not None}
