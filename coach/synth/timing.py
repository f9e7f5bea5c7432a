"""When each rep happens: a per-frame "blend" from the rest position (0) to the far end of the movement (1).

Real people are uneven: tempo varies rep to rep, they pause at the bottom and between reps, some reps are partial, and
they slow down and shorten the range as they tire. The schedule draws all of that from a seeded generator and keeps
the truth of every rep (start, bottom, end frame; partial or not; which side) alongside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Side = Literal["both", "left", "right"]


@dataclass(frozen=True)
class Tempo:
    """An exercise's typical rep, in seconds, at tempo factor 1."""

    down_s: float
    up_s: float
    pause_bottom_s: float = 0.15
    pause_top_s: float = 0.35


@dataclass(frozen=True)
class RepTruth:
    """One rep as it happened: frames where it starts, reaches its far end and ends. Partial reps do not count."""

    start: int
    bottom: int
    end: int
    side: Side
    range_of_motion: float  # 1.0 = the subject's full range
    partial: bool
    exercise: str = ""  # filled in by the generator


@dataclass
class RepSchedule:
    """Per-frame blend for each side (T,), and the reps' truth."""

    blend_left: np.ndarray
    blend_right: np.ndarray
    fps: float
    reps: list[RepTruth] = field(default_factory=list)

    @property
    def frames(self) -> int:
        """Number of frames."""
        return len(self.blend_left)

    @property
    def blend(self) -> np.ndarray:
        """The larger of the two sides' blends (for bilateral movements they are equal)."""
        return np.maximum(self.blend_left, self.blend_right)


@dataclass(frozen=True)
class Pacing:
    """How one subject performs a set. Drawn once per clip."""

    tempo_factor: float = 1.0  # > 1 is slower; ~0.5x-2x of the exercise's tempo
    unevenness: float = 0.12  # relative rep-to-rep variation of durations
    partial_rate: float = 0.0  # chance that a rep is a partial one (not counted)
    fatigue: float = 0.0  # by the last rep: durations +fatigue*40%, range -fatigue*12%
    range_scale: float = 1.0  # the subject's usual range

    @classmethod
    def random(cls, rng: np.random.Generator, partial_rate: float = 0.0) -> Pacing:
        """A plausible person's pacing."""
        return cls(
            tempo_factor=float(np.exp(rng.uniform(np.log(0.45), np.log(1.7)))),
            unevenness=float(rng.uniform(0.05, 0.2)),
            partial_rate=partial_rate,
            fatigue=float(rng.uniform(0.0, 1.0)),
            range_scale=float(rng.uniform(0.85, 1.0)),
        )


def _ease(x: np.ndarray) -> np.ndarray:
    """Smooth 0->1 (zero velocity at both ends), as muscles accelerate and brake."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0.0, 1.0))


def schedule_reps(
    count: int,
    fps: float,
    tempo: Tempo,
    pacing: Pacing,
    rng: np.random.Generator,
    sides: Literal["both", "alternating", "left", "right"] = "both",
    lead_in_s: float = 0.0,
    lead_out_s: float = 0.0,
) -> RepSchedule:
    """A set of `count` full reps (plus any partial ones the pacing adds), with rest before and after."""
    segments: list[tuple[float, float, float, float, float, Side, bool]] = []
    full = 0
    index = 0
    side_cycle: list[Side] = ["left", "right"] if rng.random() < 0.5 else ["right", "left"]
    while full < count:
        progress = full / max(count - 1, 1)
        slow = pacing.tempo_factor * (1.0 + 0.4 * pacing.fatigue * progress)
        jitter = lambda: float(np.clip(rng.normal(1.0, pacing.unevenness), 0.6, 1.5))  # noqa: E731
        partial = index > 0 and rng.random() < pacing.partial_rate
        rom = pacing.range_scale * (1.0 - 0.12 * pacing.fatigue * progress) * float(rng.uniform(0.93, 1.04))
        if partial:
            rom *= float(rng.uniform(0.25, 0.5))
        side: Side = side_cycle[index % 2] if sides == "alternating" else ("both" if sides == "both" else sides)
        pause_top = (
            tempo.pause_top_s
            * slow
            * jitter()
            * float(rng.uniform(0.3, 2.0) if rng.random() < 0.7 else rng.uniform(2.0, 5.0))
        )
        segments.append(
            (
                tempo.down_s * slow * jitter(),
                tempo.pause_bottom_s * slow * jitter() * float(rng.uniform(0.3, 2.0)),
                tempo.up_s * slow * jitter(),
                pause_top,
                min(rom, 1.05),
                side,
                partial,
            )
        )
        full += 0 if partial else 1
        index += 1

    total_s = lead_in_s + sum(d + pb + u + pt for d, pb, u, pt, *_ in segments) + lead_out_s
    frames = max(1, round(total_s * fps))
    left, right = np.zeros(frames), np.zeros(frames)
    t = np.arange(frames) / fps
    reps: list[RepTruth] = []
    cursor = lead_in_s
    for down, pause_bottom, up, pause_top, rom, side, partial in segments:
        start, bottom_s, up_start, end = (
            cursor,
            cursor + down,
            cursor + down + pause_bottom,
            cursor + down + pause_bottom + up,
        )
        shape = np.where(
            t < bottom_s, _ease((t - start) / down), np.where(t < up_start, 1.0, 1.0 - _ease((t - up_start) / up))
        )
        inside = (t >= start) & (t < end)
        value = np.where(inside, rom * shape, 0.0)
        if side in ("both", "left"):
            left = np.maximum(left, value)
        if side in ("both", "right"):
            right = np.maximum(right, value)
        to_frame = lambda s: min(frames - 1, round(s * fps))  # noqa: E731
        reps.append(RepTruth(to_frame(start), to_frame(0.5 * (bottom_s + up_start)), to_frame(end), side, rom, partial))
        cursor = end + pause_top
    return RepSchedule(left, right, fps, reps)


def schedule_hold(seconds: float, fps: float, lead_in_s: float = 0.0, lead_out_s: float = 0.0) -> RepSchedule:
    """A hold (plank): blend 1 for `seconds`, eased in and out over half a second, with rest around it."""
    total = lead_in_s + seconds + lead_out_s
    t = np.arange(max(1, round(total * fps))) / fps
    ramp_in = _ease((t - lead_in_s + 0.25) / 0.5)
    ramp_out = 1.0 - _ease((t - lead_in_s - seconds + 0.25) / 0.5)
    blend = np.minimum(ramp_in, ramp_out)
    return RepSchedule(blend, blend.copy(), fps, [])
