"""What a rep counter tells the rest of Coach: one `RepEvent` per finished rep, one `HoldEvent` per finished hold.

These are the contract between counting, the workout engine, storage and the UI; their JSON shape (`to_json`) is what
`coach analyze` writes under `"reps": {"events": [...]}`. Keep field names stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

RepSide = Literal["left", "right", "both"]


@dataclass(frozen=True)
class RepTempo:
    """Seconds spent lowering (eccentric) and lifting (concentric) in one rep; pauses are counted in neither."""

    eccentric_s: float
    concentric_s: float


@dataclass(frozen=True)
class RepEvent:
    """One rep, emitted the moment it ends. Partial reps are reported (the person hears "go lower"), not counted."""

    exercise: str
    side: RepSide
    start_s: float
    end_s: float
    tempo: RepTempo
    range_of_motion: float  # degrees travelled by the exercise's main signal (a fraction of height for jumping jacks)
    quality: float  # 0..1: 1 = full range, good form
    cues: tuple[str, ...] = field(default_factory=tuple)  # what a coach would say, most important first
    partial: bool = False
    # The exercises the body moved like during this rep: each one's own signal travelled that exercise's range, in
    # its posture (the knees bending a squat's range while standing, for a squat). What the workout's verification needs
    # before it refuses a rep the recognizer calls another exercise. None: not measured (a stored rep).
    body_matches: frozenset[str] | None = field(default=None, compare=False)

    @property
    def counted(self) -> bool:
        """Whether this rep adds to the count."""
        return not self.partial

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of one event in `coach analyze` output."""
        return {
            "exercise": self.exercise,
            "side": self.side,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "tempo": {
                "eccentric_s": round(self.tempo.eccentric_s, 3),
                "concentric_s": round(self.tempo.concentric_s, 3),
            },
            "range_of_motion": round(self.range_of_motion, 2),
            "quality": round(self.quality, 3),
            "cues": list(self.cues),
            "partial": self.partial,
        }


@dataclass(frozen=True)
class HoldEvent:
    """A stretch of holding a position (plank) that ended: `seconds` counts only time in good position."""

    exercise: str
    start_s: float
    end_s: float
    seconds: float
    quality: float
    cues: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of one hold in `coach analyze` output."""
        return {
            "exercise": self.exercise,
            "start_s": round(self.start_s, 3),
            "end_s": round(self.end_s, 3),
            "seconds": round(self.seconds, 2),
            "quality": round(self.quality, 3),
            "cues": list(self.cues),
        }
