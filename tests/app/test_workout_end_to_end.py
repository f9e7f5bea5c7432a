"""A bundled plan run end to end, headless: the synthetic avatar does the plan, every frame goes through the live
worker's per-frame code (pose from the avatar, features, recognizer, counting), the Workout screen's driver feeds
the engine, and storage ends up holding the completed session with its sets, reps and XP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from coach.app.context import AppContext
from coach.app.rehearsal import InProcessFeed, drive
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.app.workout_driver import EngineDriver
from coach.app.workouts import Workouts
from coach.live.engine import LiveEngine
from coach.storage.repository import open_repository
from coach.synth.plan_avatar import avatar_clip, plan_segments, unrendered_frames
from coach.workout.engine import planned_sets
from coach.workout.progression import recompute


@pytest.mark.slow
def test_the_seven_minute_circuit_runs_on_the_avatar_and_lands_in_storage(tmp_path: Path, window):
    repo = open_repository(f"sqlite:///{tmp_path / 'coach.db'}")
    workouts = Workouts(repo, "Test")
    plan = workouts.catalog().find("seven_minute_circuit")
    engine, note = LiveEngine.build(workouts.model(), display_size=(160, 120))
    assert note is None, note  # the shipped recognizer is used for verification
    feed = InProcessFeed(engine)
    context = AppContext(theme=Theme(window.get_size()), sounds=Sounds(muted=True), live=feed)  # type: ignore[arg-type]
    screen = workouts.start(context, plan)
    driver = screen.driver
    assert isinstance(driver, EngineDriver)
    started = time.perf_counter()
    frames = unrendered_frames(avatar_clip(plan_segments(plan, driver.config.get_ready_s), seed=3))
    last = drive(engine, driver, frames, lambda d: d.engine is not None and d.engine.phase.value == "done")
    assert last is not None
    print(f"{last[1].index + 1} frames ({last[1].timestamp_s:.0f} s of video) in {time.perf_counter() - started:.1f} s")
    summary = driver.summary()
    assert summary is not None and not summary.aborted, "the avatar finished every set"
    sets = planned_sets(plan)
    assert [s.exercise_id for s in summary.sets] == [s.item.exercise for s in sets]
    assert not any(s.skipped for s in summary.sets)

    stored = workouts.history()
    assert len(stored) == 1 and stored[0].status == "completed" and stored[0].plan_name == plan.name
    session = stored[0]
    assert [s.exercise for s in session.sets] == [s.item.exercise for s in sets]
    for record, planned in zip(session.sets, sets, strict=True):
        if planned.item.is_hold:
            assert record.hold_seconds is not None and record.hold_seconds >= planned.item.hold_seconds - 1e-3
        else:
            assert record.reps == planned.item.reps
    assert session.xp == summary.xp_earned > 0
    home = workouts.home_view()
    assert home.workouts_done == 1 and home.level == recompute(stored).level.level
    assert feed.sent[0].exercise_id == sets[0].item.exercise and feed.sent[-1].exercise_id is None
