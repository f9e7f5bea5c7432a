"""The synthetic avatar doing a plan: what `coach play --plan X --source synthetic` shows, and what the end-to-end test
runs. Every set gets a few reps (or seconds) more than its target and the rests run a little long, so the avatar is
never ahead of the workout engine: a rep done before its set starts would not count and the set would never end.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

import numpy as np

from coach.synth.generator import IDLE, Segment, SynthClip, ViewRequest, generate_workout
from coach.vision.sources import Frame, FrameTruth
from coach.workout.engine import planned_sets
from coach.workout.plan import Plan

EXTRA_REPS = 3
EXTRA_HOLD_S = 6.0
SOURCE_IDLE_S = 3.0  # SyntheticSource adds this much idle after every segment
MARGIN_S = 2.0


def plan_segments(plan: Plan, get_ready_s: float, from_position: int = 0) -> tuple[Segment, ...]:
    """The avatar's script for `plan`, with the engine's countdowns (`get_ready_s` between items without a rest);
    `from_position`: from that set on (the avatar picked as the source mid-workout)."""
    sets = planned_sets(plan)[from_position:]
    out: list[Segment] = [Segment(IDLE, seconds=get_ready_s + MARGIN_S)]
    for k, planned in enumerate(sets):
        item = planned.item
        if item.is_hold:
            out.append(Segment(item.exercise, seconds=(item.hold_seconds or 0.0) + EXTRA_HOLD_S))
        else:
            out.append(Segment(item.exercise, reps=(item.reps or 0) + EXTRA_REPS))
        if k + 1 == len(sets):
            break
        following = sets[k + 1]
        if following.item_index == planned.item_index and following.block_index == planned.block_index:
            pause = item.rest_seconds
        else:
            pause = item.rest_after_seconds if item.rest_after_seconds > 0 else get_ready_s
        extra = pause + MARGIN_S - 2 * SOURCE_IDLE_S  # this idle segment brings its own trailing idle too
        if extra > 0:
            out.append(Segment(IDLE, seconds=extra))
    return tuple(out)


def avatar_clip(segments: Sequence[Segment], seed: int, fps: float = 30.0, size: tuple[int, int] = (640, 480)):
    """The synthetic source's clip for `segments` (with the idle it adds after each one)."""
    interleaved: list[Segment] = []
    for segment in segments:
        interleaved += [segment, Segment(IDLE, seconds=SOURCE_IDLE_S)]
    view = ViewRequest(width=size[0], height=size[1], partly_out_of_frame=False)
    return generate_workout(interleaved, seed=seed, fps=fps, view=view)


def unrendered_frames(clip: SynthClip, fps: float = 30.0) -> Iterator[Frame]:
    """The synthetic source's frames with their true pose and a blank picture: rendering the avatar is most of its cost,
    and the pipeline takes the pose from `truth` on this source anyway (scripted runs, tests, screenshots)."""
    blank = np.zeros((2, 2, 3), np.uint8)
    for i in range(clip.frames):
        yield Frame(rgb=blank, index=i, timestamp_s=i / fps, truth=FrameTruth(clip.pose(i), clip.labels[i]))


def set_chunks(segments: Sequence[Segment]) -> list[list[Segment]]:
    """The script cut after each set's idle, so a long plan is generated one set at a time (the whole 7-minute circuit
    up front delays the first frame by seconds; a 40-minute plan would by a minute)."""
    chunks: list[list[Segment]] = [[]]
    for segment in segments:
        chunks[-1].append(segment)
        if segment.exercise == IDLE and len(chunks[-1]) > 1:
            chunks.append([])
    return [chunk for chunk in chunks if chunk]


class PlanAvatarSource:
    """The synthetic source doing a plan, generated set by set (the same person and camera: one seed); frame indices
    and timestamps run on across sets, and `realtime` paces it like a camera."""

    def __init__(
        self, segments: Sequence[Segment], *, seed: int = 0, fps: float = 30.0, realtime: bool = False
    ) -> None:
        self.name = "synthetic"
        self.fps = fps
        self.realtime = realtime
        self.seed = seed
        self.chunks = set_chunks(segments)
        self.frame_count = None

    def __iter__(self) -> Iterator[Frame]:
        from coach.synth.source import SyntheticSource

        index = 0
        started = time.monotonic()
        for chunk in self.chunks:
            for frame in SyntheticSource(chunk, seed=self.seed, fps=self.fps, cycles=1):
                timestamp = index / self.fps
                if self.realtime:
                    delay = started + timestamp - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                yield replace(frame, index=index, timestamp_s=timestamp)
                index += 1

    def close(self) -> None:
        """Nothing to release."""
