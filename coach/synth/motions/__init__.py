"""One motion per registry exercise. `motion_for(id)` is how the generator finds them."""

from __future__ import annotations

from coach.exercises.registry import EXERCISES, UnknownExerciseError
from coach.synth.motions import arms, floor, idle, legs
from coach.synth.motions.base import Motion

MOTIONS: dict[str, Motion] = {m.exercise_id: m for module in (arms, legs, floor, idle) for m in module.MOTIONS}


def motion_for(exercise_id: str) -> Motion:
    """The motion that performs `exercise_id`."""
    if exercise_id not in EXERCISES:
        raise UnknownExerciseError(f"unknown exercise '{exercise_id}'; known: {', '.join(EXERCISES)}")
    try:
        return MOTIONS[exercise_id]
    except KeyError:
        raise UnknownExerciseError(f"exercise '{exercise_id}' has no synthetic motion yet") from None
