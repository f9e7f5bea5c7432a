"""What an exercise *is*, as data shared by the classifier, the counters, the plans and the UI."""

from coach.exercises.registry import EXERCISES, Exercise, ExerciseKind, class_ids, get_exercise

__all__ = ["EXERCISES", "Exercise", "ExerciseKind", "class_ids", "get_exercise"]
