"""A workout run by the engine lands in storage as it happens, and progression is rebuilt from what was stored."""

from __future__ import annotations

from pathlib import Path

from coach.counting.events import RepEvent, RepTempo
from coach.storage.repository import open_repository
from coach.storage.workout_bridge import RepositoryRecorder, session_records
from coach.workout.engine import WorkoutEngine
from coach.workout.plan import parse_plan
from coach.workout.progression import recompute

PLAN = """\
name: Tiny
description: Squats then a plank.
difficulty: beginner
estimated_minutes: 2
blocks:
  - name: A
    items:
      - {exercise: squat, sets: 1, reps: 3}
      - {exercise: plank, sets: 1, hold_seconds: 5}
"""


def _rep(start_s: float, quality: float = 0.9) -> RepEvent:
    return RepEvent("squat", "both", start_s, start_s + 2.0, RepTempo(1.0, 1.0), 90.0, quality, ("Go lower",), False)


def _run(engine: WorkoutEngine, start: float) -> float:
    t = start + 5.0  # the get-ready countdown
    engine.tick(t)
    for k in range(3):
        engine.on_prediction("squat", 0.9, t + 2 * k + 1)
        engine.on_rep(_rep(t + 2 * k))
    t += 6.0
    for k in range(200):  # rest, then the plank held until the target
        t += 0.25
        engine.tick(t)
        engine.on_prediction("plank", 0.9, t)
        engine.on_hold("plank", k * 0.25, t)
        if engine.snapshot().phase.value == "done":
            break
    return t


def test_an_engine_workout_is_stored_rep_by_rep_and_progression_rebuilds_from_it(tmp_path: Path):
    repo = open_repository(f"sqlite:///{tmp_path / 'coach.db'}")
    try:
        recorder = RepositoryRecorder(repo)
        engine = WorkoutEngine(parse_plan(PLAN, "tiny.yaml"), recorder, 0.0)
        engine.tick(0.0)
        _run(engine, 0.0)
        assert engine.snapshot().phase.value == "done"

        [summary] = repo.sessions()
        assert (summary.plan_name, summary.status, summary.reps) == ("Tiny", "completed", 3)
        assert summary.xp == engine.snapshot().score > 0
        detail = repo.session(summary.id)
        squats, plank = detail.sets
        assert (squats.exercise, squats.achieved_reps, len(squats.reps)) == ("squat", 3, 3)
        assert squats.reps[0].cues == ("Go lower",)
        assert plank.exercise == "plank" and plank.achieved_seconds >= 5.0

        [record] = session_records(repo)
        progression = recompute([record])
        assert progression.workouts == 1 and progression.reps["squat"] == 3 and progression.xp == summary.xp
        assert "first_workout" in progression.badges
    finally:
        repo.close()
