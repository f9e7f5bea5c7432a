"""Generator families: the parts of the generator that each model one habit of real footage or of MediaPipe.

Each has a name so it can be switched off (`generate_workout(..., off=...)`, `coach train --without NAME`) to measure
what it is worth: benchmarks/recognition.py trains small models without each family and lists the real clips that
then flip. A family switched off falls back to what the generator did before it existed.
"""

from __future__ import annotations

from collections.abc import Iterable

FAMILIES: dict[str, str] = {
    "profile_views": "cameras up to 90 degrees to the side (off: up to 70)",
    "wide_pitch": "cameras looking -10..25 degrees down (off: -5..15)",
    "forearm_depth_guess": "MediaPipe tilting a raised forearm towards the camera (off: never)",
    "legs_behind_furniture": "legs behind a rack or desk, invented by MediaPipe, in 8% of arm clips (off: never)",
    "waist_up": "a fifth of standing clips framed from the hips up (off: never)",
    "leg_exercises_in_view": "squats, lunges, jumping jacks never framed without their legs (off: like the others)",
    "limb_depth": "depth underestimated limb by limb, trunk rigid (off: all of world z scaled)",
    "far_side_visibility": "far-side limbs reported less visible (off: every limb visible)",
    "visibility_spread": "how visible a hidden far-side point is varies by clip and wanders (off: one level per limb)",
    "idle_coverage": "idle also runs with a real stride and bends down to pick things up (off: neither)",
    "squat_held_arms": "squats holding a goblet or a bar on the back (off: arms forward, clasped, behind head, down)",
}


def families_off(names: Iterable[str]) -> frozenset[str]:
    """The named families as a set; an unknown name raises ValueError listing the known ones."""
    chosen = frozenset(names)
    unknown = sorted(chosen - FAMILIES.keys())
    if unknown:
        raise ValueError(f"unknown generator family {', '.join(unknown)}; known: {', '.join(FAMILIES)}")
    return chosen
