"""The exercise registry: one entry per exercise, as data.

Adding an exercise means adding one `Exercise` here plus its motion in `coach/synth/motions/`; nothing else in the code
branches on exercise ids. The ids are a contract: `coach analyze` JSON, workout plans and the real clips' truth.json use
them exactly. `idle` is a class of its own (standing, walking or jogging in place, stretching, getting into position),
so Coach can say "not exercising" instead of always claiming an exercise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coach.errors import CoachError
from coach.vision.features import ANGLE_NAMES


class ExerciseKind(StrEnum):
    """How progress in an exercise is measured."""

    REPS = "reps"
    HOLD = "hold"  # seconds in position (plank)
    NONE = "none"  # idle: nothing to count


class UnknownExerciseError(CoachError):
    """An exercise id that the registry does not know."""


@dataclass(frozen=True)
class Exercise:
    """One exercise. `key_angles` are the joint angles (coach.vision.features names) that carry its movement."""

    id: str
    display_name: str
    colour: tuple[int, int, int]
    kind: ExerciseKind
    key_angles: tuple[str, ...]
    position: str  # standing, floor or seated: where the body is, which helps recognition and the avatar's framing
    description: str

    def __post_init__(self) -> None:
        unknown = [a for a in self.key_angles if a not in ANGLE_NAMES]
        if unknown:
            raise ValueError(f"exercise {self.id}: unknown key angles {unknown}")


_ENTRIES = (
    Exercise(
        "squat", "Squat", (239, 83, 80), ExerciseKind.REPS, ("left_knee", "right_knee", "left_hip", "right_hip"),
        "standing", "Feet shoulder-width apart, sit the hips back and down until the thighs are level, stand up.",
    ),
    Exercise(
        "pushup", "Push-up", (66, 165, 245), ExerciseKind.REPS, ("left_elbow", "right_elbow", "left_body_line"),
        "floor", "Hands under the shoulders, body in one straight line, lower the chest to the floor, press back up.",
    ),
    Exercise(
        "bicep_curl", "Biceps curl", (171, 71, 188), ExerciseKind.REPS, ("left_elbow", "right_elbow"),
        "standing", "Elbows at your sides, curl the weights to the shoulders, lower them slowly; one arm or both.",
    ),
    Exercise(
        "shoulder_press", "Shoulder press", (255, 167, 38), ExerciseKind.REPS,
        ("left_elbow", "right_elbow", "left_shoulder_abduction", "right_shoulder_abduction"),
        "standing", "Weights at shoulder height, press them overhead until the arms are straight, lower with control.",
    ),
    Exercise(
        "lunge", "Lunge", (38, 166, 154), ExerciseKind.REPS, ("left_knee", "right_knee", "left_hip", "right_hip"),
        "standing", "Step forward, lower the back knee towards the floor, push back to standing; alternate legs.",
    ),
    Exercise(
        "jumping_jack", "Jumping jack", (255, 213, 79), ExerciseKind.REPS,
        ("left_shoulder_abduction", "right_shoulder_abduction", "left_hip", "right_hip"),
        "standing", "Jump the feet apart while raising the arms overhead, jump back together with arms at the sides.",
    ),
    Exercise(
        "situp", "Sit-up", (141, 110, 99), ExerciseKind.REPS, ("left_hip", "right_hip", "trunk_lean"),
        "floor", "Lying on your back, knees bent, curl the trunk up towards the knees and lower it back down.",
    ),
    Exercise(
        "lateral_raise", "Lateral raise", (92, 107, 192), ExerciseKind.REPS,
        ("left_shoulder_abduction", "right_shoulder_abduction"),
        "standing", "Arms at the sides, raise them out to shoulder height with a slight bend in the elbows, lower.",
    ),
    Exercise(
        "front_raise", "Front raise", (121, 134, 203), ExerciseKind.REPS,
        ("left_shoulder_flexion", "right_shoulder_flexion"),
        "standing", "Arms in front of the thighs, raise them forward to shoulder height, lower with control.",
    ),
    Exercise(
        "plank", "Plank", (102, 187, 106), ExerciseKind.HOLD, ("left_body_line", "right_body_line", "trunk_lean"),
        "floor", "On forearms and toes, body in one straight line from head to heels; hold.",
    ),
    Exercise(
        "idle", "Not exercising", (144, 164, 174), ExerciseKind.NONE, (),
        "standing", "Standing, walking or jogging in place, resting, stretching, getting into position.",
    ),
)  # fmt: skip

EXERCISES: dict[str, Exercise] = {e.id: e for e in _ENTRIES}


def class_ids() -> tuple[str, ...]:
    """Every exercise id in registry order: the classifier's classes."""
    return tuple(EXERCISES)


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; an unknown id raises UnknownExerciseError listing the known ones."""
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise UnknownExerciseError(f"unknown exercise '{exercise_id}'; known: {', '.join(EXERCISES)}") from None
