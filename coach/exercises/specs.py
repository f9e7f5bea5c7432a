"""How each exercise is counted and judged, as data: the signal to watch, its rest and far ends, and form rules.

One `CountingSpec` per countable exercise. The counter (`coach.counting`) reads nothing else, so tuning an exercise or
adding one is an edit here. Angles are the 3D joint angles of `coach.vision.features` (degrees, 180 = straight).

Why these numbers are priors, not thresholds: a rep is an excursion of the signal away from wherever the person
rests and back, measured against the person's own range (the median of their recent reps), so a front-view curl whose
elbow only reads 85 degrees at the top, or a crunch whose hip moves 25 degrees, still counts. The priors (`rest_deg`,
`far_deg`) only say which way is "into the rep" and how far a first rep must go before the person's range is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Stat = Literal["min", "max", "range"]


@dataclass(frozen=True)
class FormRule:
    """One thing a coach watches in every rep: a statistic of a signal over the rep, and the limit it should respect.

    `signal` is an angle name, `{side}_...` for the rep's side (both sides' mean for bilateral reps), or a derived
    measure from `coach.counting.form.DERIVED`. The rule is met when `stat` is on the good side of `limit`; quality
    falls linearly to zero over `tolerance` beyond it.
    """

    id: str
    signal: str
    stat: Stat
    good: Literal["below", "above"]
    limit: float
    tolerance: float
    cue: str
    weight: float = 0.35


@dataclass(frozen=True)
class Posture:
    """Where the trunk must be for reps to count (lean from vertical, degrees): no squats counted while on the floor."""

    min_trunk_lean: float = 0.0
    max_trunk_lean: float = 180.0
    max_knee_deg: float = 180.0  # knees bent (sit-ups): straight legs mean standing or walking, not a sit-up


STANDING = Posture(max_trunk_lean=65.0)
ON_THE_FLOOR = Posture(min_trunk_lean=40.0)
KNEES_BENT = Posture(max_knee_deg=145.0)  # sit-ups go from lying to sitting upright; standing has straight knees
ANY_POSTURE = Posture()


@dataclass(frozen=True)
class CountingSpec:
    """How to count one exercise's reps.

    - `signal`: the angle whose excursion is the rep, without side prefix when `per_side` (e.g. "elbow" watches
      left_elbow and right_elbow separately, so alternating curls count each arm; both arms moving together merge
      into one rep).
    - `rest_deg` / `far_deg`: typical values at rest and at the far end of the movement (which way the rep goes).
    - `min_rom_deg`: the smallest excursion that is movement at all (smaller ones are noise, never even partial).
    - `full_rom_deg`: the excursion a first rep needs to count fully, before the person's own range is known.
    - `partial_below`: once the range is known, a rep smaller than this fraction of it is partial (not counted).
    - `return_fraction`: how much of the way back to rest ends the rep (the count happens there).
    - `min_rep_s` / `max_rep_s`: faster ones are jitter; slower ones are not one rep (someone sat down).
    - `both_sides`: both sides move in every rep (squats, push-ups): when both are in view, one side moving alone is
      something else (a step, a shift of weight) and is not a rep. Alternating curls and raises leave it False.
    - `rest_zone_deg` / `far_zone_deg`: loose sanity bounds. A rep must start from a rest on the rest side of
      `rest_zone_deg` (a press starts with the weights at the shoulders, not hanging; otherwise it is something else,
      such as touching the face) and must pass `far_zone_deg` to be a full rep. Going beyond `beyond_deg` makes it
      another movement (arms straight overhead is a stretch, not a front raise).
    - `companion`: a second signal that must agree at the far end of the rep, (angle template, "above"|"below",
      limit): a press ends with the arm overhead, while lowering the weights to the sides also straightens the elbow.
    - `lowering_first`: the way into the rep is the eccentric (lowering) half, as in squats; for curls and presses
      the way in is the lift (concentric).
    """

    signal: str
    per_side: bool
    rest_deg: float
    far_deg: float
    min_rom_deg: float
    full_rom_deg: float
    posture: Posture = ANY_POSTURE
    partial_below: float = 0.75
    return_fraction: float = 0.6
    min_rep_s: float = 0.35
    max_rep_s: float = 12.0
    rest_zone_deg: float | None = None
    far_zone_deg: float | None = None
    beyond_deg: float | None = None
    companion: tuple[str, Literal["above", "below"], float] | None = None
    lowering_first: bool = False
    both_sides: bool = False
    form: tuple[FormRule, ...] = ()

    @property
    def direction(self) -> float:
        """+1 when the rep increases the signal (raises), -1 when it decreases it (bends)."""
        return 1.0 if self.far_deg > self.rest_deg else -1.0


@dataclass(frozen=True)
class HoldSpec:
    """How to time a hold (plank): seconds count only while the posture and the body line hold."""

    posture: Posture
    line_signal: str  # per-side angle base name: 180 = straight body
    min_line_deg: float  # below this the hold is broken (hips sagging or piked)
    good_line_deg: float  # at or above this the hold is perfect
    grace_s: float = 1.0  # a break shorter than this (a wobble, a dropout) does not end the hold
    cue_low: str = "Straighten your body: hips in line with shoulders and heels"


COUNTING: dict[str, CountingSpec] = {
    "squat": CountingSpec(
        "knee", True, rest_deg=170, far_deg=85, min_rom_deg=25, full_rom_deg=60, posture=STANDING, min_rep_s=0.7,
        lowering_first=True,
        both_sides=True,
        rest_zone_deg=140, far_zone_deg=130,
        form=(
            FormRule("depth", "{side}_knee", "min", "below", 105, 30, "Go lower: aim for thighs parallel"),
            FormRule("chest", "trunk_lean", "max", "below", 50, 20, "Keep your chest up"),
            FormRule("knees_in", "knee_width_ratio", "min", "above", 0.75, 0.25, "Push your knees out over your toes"),
        ),
    ),
    "pushup": CountingSpec(
        "elbow", True, rest_deg=165, far_deg=85, min_rom_deg=20, full_rom_deg=40, posture=ON_THE_FLOOR,
        lowering_first=True,
        both_sides=True,
        rest_zone_deg=130, far_zone_deg=135,
        form=(
            FormRule("depth", "{side}_elbow", "min", "below", 100, 30, "Go lower: chest towards the floor"),
            FormRule("body_line", "{side}_body_line", "min", "above", 155, 25, "Keep your body straight: no sagging"),
        ),
    ),
    "bicep_curl": CountingSpec(
        "elbow", True, rest_deg=160, far_deg=50, min_rom_deg=25, full_rom_deg=45, posture=STANDING,
        min_rep_s=0.6,
        rest_zone_deg=120, far_zone_deg=125,
        form=(
            FormRule("extension", "{side}_elbow", "max", "above", 145, 30, "Straighten your arm at the bottom"),
            FormRule("drift", "{side}_shoulder_flexion", "max", "below", 40, 30, "Keep your elbows by your sides"),
            FormRule("swing", "trunk_lean", "range", "below", 12, 15, "Don't swing your body"),
        ),
    ),
    "shoulder_press": CountingSpec(
        "elbow", True, rest_deg=80, far_deg=165, min_rom_deg=25, full_rom_deg=55, posture=STANDING,
        min_rep_s=0.6,
        rest_zone_deg=120, far_zone_deg=130,
        companion=("{side}_shoulder", "above", 110),
        form=(
            FormRule("lockout", "{side}_elbow", "max", "above", 155, 25, "Press all the way up to straight arms"),
            FormRule("arch", "trunk_lean", "max", "below", 20, 15, "Keep your back straight: don't lean back"),
        ),
    ),
    "lunge": CountingSpec(
        "knee", True, rest_deg=170, far_deg=95, min_rom_deg=25, full_rom_deg=40, posture=STANDING, min_rep_s=0.7,
        lowering_first=True,
        both_sides=True,
        rest_zone_deg=140, far_zone_deg=145,
        form=(
            FormRule("depth", "{side}_knee", "min", "below", 110, 30, "Go lower: back knee towards the floor"),
            FormRule("upright", "trunk_lean", "max", "below", 30, 20, "Keep your torso upright"),
        ),
    ),
    "jumping_jack": CountingSpec(
        "shoulder_abduction", True, rest_deg=20, far_deg=160, min_rom_deg=40, full_rom_deg=70, posture=STANDING,
        min_rep_s=0.3,
        both_sides=True,
        rest_zone_deg=80, far_zone_deg=110,
        form=(
            FormRule("arms_up", "{side}_shoulder_abduction", "max", "above", 140, 40, "Bring your arms all the way up"),
            FormRule("arms_down", "{side}_shoulder_abduction", "min", "below", 40, 30, "Bring your arms right down"),
        ),
    ),
    # The trunk's lean is the sit-up's signal: the hip angle also depends on how the knees are bent and, with the body
    # lying along the camera's line of sight, on MediaPipe's weak depth; the trunk's tilt reads the same from any side.
    "situp": CountingSpec(
        "trunk_lean", False, rest_deg=70, far_deg=20, min_rom_deg=10, full_rom_deg=12, posture=KNEES_BENT,
        rest_zone_deg=40, far_zone_deg=60,
        form=(
            FormRule("height", "trunk_lean", "min", "below", 45, 25, "Come up higher"),
            FormRule("lower", "trunk_lean", "max", "above", 60, 25, "Lower your back to the floor"),
        ),
    ),
    "lateral_raise": CountingSpec(
        "shoulder_abduction", True, rest_deg=15, far_deg=90, min_rom_deg=25, full_rom_deg=45, posture=STANDING,
        min_rep_s=0.45, beyond_deg=145,
        rest_zone_deg=50, far_zone_deg=45,
        form=(
            FormRule("height", "{side}_shoulder_abduction", "max", "above", 75, 25, "Lift to shoulder height"),
            FormRule("too_high", "{side}_shoulder_abduction", "max", "below", 115, 25, "Stop at shoulder height"),
            FormRule("swing", "trunk_lean", "range", "below", 12, 15, "Don't swing your body"),
        ),
    ),
    "front_raise": CountingSpec(
        "shoulder_flexion", True, rest_deg=15, far_deg=90, min_rom_deg=30, full_rom_deg=45, posture=STANDING,
        min_rep_s=0.45, beyond_deg=145,
        rest_zone_deg=50, far_zone_deg=45,
        form=(
            FormRule("height", "{side}_shoulder_flexion", "max", "above", 75, 25, "Raise your arms to shoulder height"),
            FormRule("swing", "trunk_lean", "range", "below", 12, 15, "Don't swing your body"),
        ),
    ),
}  # fmt: skip

HOLDS: dict[str, HoldSpec] = {
    "plank": HoldSpec(posture=ON_THE_FLOOR, line_signal="body_line", min_line_deg=145, good_line_deg=165),
}


def counting_spec(exercise_id: str) -> CountingSpec | None:
    """How `exercise_id` is counted in reps, or None when it is not a rep exercise (plank, idle)."""
    return COUNTING.get(exercise_id)


def hold_spec(exercise_id: str) -> HoldSpec | None:
    """How `exercise_id` is timed as a hold, or None."""
    return HOLDS.get(exercise_id)
