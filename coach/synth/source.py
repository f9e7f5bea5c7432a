"""The `synthetic` frame source: the avatar working through exercises, rendered live, with its true pose attached.

This is what Coach shows when there is no webcam, and what tests and benchmarks use for a camera that never lies.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence

import numpy as np

from coach.exercises.registry import class_ids
from coach.synth.generator import IDLE, Segment, SynthClip, ViewRequest, generate_workout
from coach.synth.render import AvatarRenderer
from coach.vision.sources import Frame, FrameTruth

DEMO_SEGMENTS: tuple[Segment, ...] = tuple(
    Segment(exercise, reps=None if exercise == "plank" else 6, seconds=15.0 if exercise == "plank" else None)
    for exercise in class_ids()
    if exercise != IDLE
)


class SyntheticSource:
    """Renders generated workouts frame by frame; endless unless `cycles` is set; `realtime` paces it like a camera."""

    def __init__(
        self,
        segments: Sequence[Segment] = DEMO_SEGMENTS,
        *,
        seed: int = 0,
        fps: float = 30.0,
        width: int = 640,
        height: int = 480,
        realtime: bool = False,
        cycles: int | None = None,
        view: ViewRequest | None = None,
    ) -> None:
        self.name = "synthetic"
        self.fps = fps
        self.width, self.height = width, height
        self.segments = list(segments)
        self.seed = seed
        self.realtime = realtime
        self.cycles = cycles
        self.view = view
        self.clip: SynthClip | None = None
        self._made: dict[int, SynthClip] = {}  # counting frames generates the clips; iterating reuses them
        self.frame_count = None if cycles is None else sum(self._clip(c).frames for c in range(cycles))

    def _clip(self, cycle: int) -> SynthClip:
        """Each cycle is the same workout by a different person, filmed from a different angle."""
        if cycle in self._made:
            return self._made.pop(cycle)
        interleaved: list[Segment] = []
        for segment in self.segments:
            interleaved += [segment, Segment(IDLE, seconds=3.0)]
        view = self.view or ViewRequest(width=self.width, height=self.height, partly_out_of_frame=False)
        clip = generate_workout(interleaved, seed=self.seed + cycle, fps=self.fps, view=view)
        if self.cycles is not None:
            self._made[cycle] = clip
        return clip

    def __iter__(self) -> Iterator[Frame]:
        index = 0
        started = time.monotonic()
        cycle = 0
        while self.cycles is None or cycle < self.cycles:
            clip = self.clip = self._clip(cycle)
            renderer = AvatarRenderer(clip.camera)
            buffer = np.empty((self.height, self.width, 3), np.uint8)
            for i in range(clip.frames):
                timestamp = index / self.fps
                if self.realtime:
                    delay = started + timestamp - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                rgb = renderer.render(clip.scene[i], out=buffer).copy()
                yield Frame(rgb=rgb, index=index, timestamp_s=timestamp, truth=FrameTruth(clip.pose(i), clip.labels[i]))
                index += 1
            cycle += 1

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SyntheticSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
