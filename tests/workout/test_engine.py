"""The workout engine driven as the app drives it: time, reps, holds and predictions from outside, a plan through."""

from __future__ import annotations

import pytest

from coach.counting.events import RepEvent, RepTempo
from coach.workout.catalog import bundled_plans_dir, plan_files
from coach.workout.engine import EngineConfig, WorkoutEngine, planned_sets
from coach.workout.plan import Plan, load_plan, parse_plan
from coach.workout.recorder import MemoryRecorder, SessionStatus, SetStatus
from coach.workout.view import EventKind, Phase

SMALL = """\
name: Small
description: Two blocks, three exercises.
difficulty: beginner
estimated_minutes: 3
blocks:
  - name: A
    items:
      - {exercise: squat, sets: 2, reps: 3, rest_seconds: 20, rest_after_seconds: 30}
      - {exercise: plank, sets: 1, hold_seconds: 10}
  - name: B
    items:
      - {exercise: pushup, sets: 1, reps: 2}
"""
E = EventKind


def small_plan(text: str = SMALL) -> Plan:
    return parse_plan(text, "small.yaml")


def rep(exercise: str, start_s: float, end_s: float, quality: float = 0.9, partial: bool = False,
        cues: tuple[str, ...] = ()) -> RepEvent:  # fmt: skip
    half = (end_s - start_s) / 2
    return RepEvent(exercise, "both", start_s, end_s, RepTempo(half, half), 90.0, quality, cues, partial)


def say(engine: WorkoutEngine, label: str, start_s: float, end_s: float, confidence: float = 0.9) -> None:
    """The recognizer's label at 15 Hz over [start_s, end_s)."""
    for k in range(round((end_s - start_s) * 15)):
        engine.on_prediction(label, confidence, start_s + k / 15)


def kinds(engine: WorkoutEngine) -> list[EventKind]:
    return [event.kind for event in engine.drain_events()]


def started(text: str = SMALL, **config) -> tuple[WorkoutEngine, MemoryRecorder]:
    recorder = MemoryRecorder()
    return WorkoutEngine(small_plan(text), recorder, 100.0, EngineConfig(**config)), recorder


def test_a_scripted_run_through_a_whole_plan():
    engine, recorder = started()
    view = engine.snapshot()
    assert (view.phase, view.countdown_s, view.exercise, view.exercise_name, view.target_reps) == (
        Phase.GET_READY, 5.0, "squat", "Squat", 3,
    )  # fmt: skip
    assert (view.block_count, view.total_sets, view.set_count, view.status) == (2, 4, 2, SessionStatus.IN_PROGRESS)
    engine.tick(103.0)
    assert engine.snapshot().countdown_s == pytest.approx(2.0) and engine.phase is Phase.GET_READY
    engine.tick(105.0)
    assert engine.phase is Phase.ACTIVE and kinds(engine) == [E.REST_OVER]

    # Set 1: three squats reach the target; the set ends and the 20 s rest starts.
    say(engine, "squat", 105.0, 112.0)
    for k in range(3):
        engine.on_rep(rep("squat", 106.0 + 2 * k, 108.0 + 2 * k, cues=("Go lower",) if k == 1 else ()))
    view = engine.snapshot()
    assert kinds(engine) == [E.REP_COUNTED, E.REP_COUNTED, E.REP_COUNTED, E.SET_DONE]
    assert (view.phase, view.set_index, view.reps, view.countdown_s) == (Phase.REST, 1, 0, pytest.approx(20.0))
    assert (view.cue, view.cue_s) == ("Go lower", 110.0)
    assert view.last_set.reps == 3 and view.last_set.status is SetStatus.COMPLETED and view.last_set.duration_s == 7.0
    assert view.score == 3 * 10 + 50 and view.combo == 3

    # Set 2: one rep, then the person skips; the squat's rest_after (30 s) leads to the plank.
    engine.tick(131.9)
    assert engine.phase is Phase.REST
    engine.tick(132.0)
    assert engine.phase is Phase.ACTIVE and kinds(engine) == [E.REST_OVER]
    engine.on_rep(rep("squat", 133.0, 135.0))
    engine.skip(137.0)
    view = engine.snapshot()
    assert kinds(engine) == [E.REP_COUNTED, E.SET_SKIPPED]
    assert (view.phase, view.exercise, view.is_hold, view.countdown_s) == (Phase.REST, "plank", True, 30.0)
    assert view.combo == 0, "skipping a set breaks the combo"

    # Plank: 10 s held (the counter's running total), credited per second, then the set is done.
    engine.tick(167.0)
    for k in range(0, 41):
        t = 167.0 + k * 0.25
        engine.on_prediction("plank", 0.9, t)
        engine.on_hold("plank", 3.0 + k * 0.25, t)  # the counter already had 3 s from before: only growth counts
        if engine.phase is not Phase.ACTIVE:
            break
    view = engine.snapshot()
    assert view.phase is Phase.GET_READY and view.exercise == "pushup" and view.block_index == 1
    assert view.last_set.hold_seconds == pytest.approx(10.0) and view.last_set.status is SetStatus.COMPLETED
    assert kinds(engine) == [E.REST_OVER, E.SET_DONE]

    # Push-ups: two reps end the workout.
    engine.tick(182.0)
    engine.on_rep(rep("pushup", 183.0, 185.0, quality=1.0))
    engine.on_rep(rep("pushup", 185.0, 187.0, quality=0.6))
    view = engine.snapshot()
    assert (view.phase, view.status) == (Phase.DONE, SessionStatus.COMPLETED)
    assert kinds(engine) == [E.REST_OVER, E.REP_COUNTED, E.REP_COUNTED, E.SET_DONE, E.WORKOUT_DONE]

    summary = engine.summary()
    assert summary.status is SessionStatus.COMPLETED and summary.total_s == 87.0 and summary.paused_s == 0
    assert [(s.exercise, s.reps, s.hold_seconds, s.status) for s in summary.sets] == [
        ("squat", 3, 0.0, SetStatus.COMPLETED), ("squat", 1, 0.0, SetStatus.SKIPPED),
        ("plank", 0, pytest.approx(10.0), SetStatus.COMPLETED), ("pushup", 2, 0.0, SetStatus.COMPLETED),
    ]  # fmt: skip
    assert [s.xp for s in summary.sets] == [80, 10, 40 + 50, 10 + 8 + 50]
    assert summary.xp_earned == sum(s.xp for s in summary.sets) == view.score
    assert summary.sets[3].avg_quality == pytest.approx(0.8) and summary.sets[3].best_quality == 1.0
    assert summary.best_rep.exercise == "pushup" and summary.best_rep.quality == 1.0 and summary.best_rep.position == 3
    assert summary.total_reps == 6 and summary.total_hold_seconds == pytest.approx(10.0)
    assert summary.best_combo == 4, "the combo carried over the rest into set 2"
    session = recorder.sessions[engine.session_id]
    assert (session.plan_name, session.status, session.score) == ("Small", "completed", summary.xp_earned)
    assert sum(amount for amount, _ in session.xp) == summary.xp_earned


def test_every_rep_and_set_reaches_the_recorder_the_moment_it_happens():
    engine, recorder = started()
    assert recorder.calls == ["start_session"]
    engine.tick(105.0)
    assert recorder.calls[-1] == "start_set"
    (set_id,) = recorder.sets
    assert (recorder.sets[set_id].exercise, recorder.sets[set_id].target_reps) == ("squat", 3)
    first = rep("squat", 105.5, 107.5, quality=0.8)
    engine.on_rep(first)
    assert recorder.sets[set_id].reps == [first] and recorder.calls[-2:] == ["record_rep", "add_xp"]
    assert recorder.sessions[1].xp == [(9, "rep")]
    engine.on_rep(rep("squat", 107.5, 109.0))
    engine.on_rep(rep("squat", 109.0, 111.0))
    assert recorder.calls[-3:] == ["add_xp", "add_xp", "finish_set"]
    assert recorder.sessions[1].xp[-1] == (50, "set_bonus")
    assert recorder.sets[set_id].result == {"reps": 3, "hold_seconds": 0.0, "duration_s": 6.0, "status": "completed"}


def test_a_rep_the_classifier_saw_as_another_exercise_is_not_credited_and_says_why():
    engine, recorder = started()
    engine.tick(105.0)
    engine.on_rep(rep("squat", 105.0, 107.0))
    say(engine, "pushup", 107.0, 109.0)
    engine.on_rep(rep("squat", 107.0, 109.0))
    view = engine.snapshot()
    assert view.reps == 1 and view.combo == 0
    assert (view.cue, view.cue_s) == ("That looks like Push-up — this set is Squat", 109.0)
    assert kinds(engine) == [E.REST_OVER, E.REP_COUNTED, E.REP_NOT_CREDITED]
    assert len(recorder.sets[1].reps) == 1
    # Doubt never blocks: idle, unknown, or the classifier agreeing.
    say(engine, "idle", 109.0, 111.0)
    engine.on_rep(rep("squat", 109.0, 111.0))
    say(engine, "unknown", 111.0, 113.0, confidence=0.35)
    engine.on_rep(rep("squat", 111.0, 113.0))
    assert engine.snapshot().phase is Phase.REST and engine.summary().sets[0].reps == 3


def test_a_rep_of_another_exercise_from_the_counter_is_not_credited():
    engine, _ = started()
    engine.tick(105.0)
    engine.on_rep(rep("lunge", 105.0, 107.0))
    view = engine.snapshot()
    assert view.reps == 0 and view.cue == "That looks like Lunge — this set is Squat"


def test_a_partial_rep_is_not_counted_breaks_the_combo_and_shows_its_cue():
    engine, recorder = started()
    engine.tick(105.0)
    engine.on_rep(rep("squat", 105.0, 107.0))
    engine.on_rep(rep("squat", 107.0, 108.0, quality=0.3, partial=True, cues=("Go lower", "Slow down")))
    view = engine.snapshot()
    assert (view.reps, view.combo, view.cue, view.last_quality) == (1, 0, "Go lower", 0.9)
    assert len(recorder.sets[1].reps) == 1


def test_pause_freezes_countdowns_and_the_set_clock_and_ignores_reps():
    engine, _ = started()
    engine.pause(102.0)
    assert engine.phase is Phase.PAUSED and engine.snapshot().paused_phase is Phase.GET_READY
    engine.tick(200.0)
    assert engine.phase is Phase.PAUSED and engine.snapshot().countdown_s == pytest.approx(3.0)
    engine.resume(200.0)
    assert engine.phase is Phase.GET_READY and engine.snapshot().countdown_s == pytest.approx(3.0)
    engine.tick(203.0)
    assert engine.phase is Phase.ACTIVE
    engine.on_rep(rep("squat", 203.0, 205.0))
    engine.pause(205.0)
    engine.on_rep(rep("squat", 205.0, 207.0))  # during the pause: not credited
    engine.resume(235.0)
    assert engine.snapshot().reps == 1 and engine.phase is Phase.ACTIVE
    engine.on_rep(rep("squat", 235.0, 237.0))
    engine.on_rep(rep("squat", 237.0, 239.0))
    summary = engine.summary()
    assert summary.sets[0].duration_s == pytest.approx(36.0 - 30.0), "pauses are not set time"
    assert summary.paused_s == pytest.approx(98.0 + 30.0)


def test_quit_saves_the_running_set_and_the_session_as_aborted():
    engine, recorder = started()
    engine.tick(105.0)
    engine.on_rep(rep("squat", 105.0, 107.0))
    engine.pause(108.0)
    engine.quit(120.0)
    assert engine.phase is Phase.DONE and engine.status is SessionStatus.ABORTED
    assert kinds(engine)[-1] is E.WORKOUT_ABORTED
    assert recorder.sets[1].result == {"reps": 1, "hold_seconds": 0.0, "duration_s": 3.0, "status": "aborted"}
    assert (recorder.sessions[1].status, recorder.sessions[1].score) == ("aborted", 10)
    summary = engine.summary()
    assert summary.status is SessionStatus.ABORTED and summary.sets[0].status is SetStatus.ABORTED
    assert summary.total_s == 20.0 and summary.paused_s == 12.0
    calls = len(recorder.calls)
    engine.quit(130.0)
    engine.tick(500.0)
    engine.on_rep(rep("squat", 130.0, 132.0))
    engine.skip(140.0)
    assert len(recorder.calls) == calls and engine.summary().total_s == 20.0, "nothing happens after the end"


def test_quitting_during_a_rest_saves_no_empty_set():
    engine, recorder = started()
    engine.quit(101.0)
    assert recorder.calls == ["start_session", "finish_session"] and engine.summary().sets == ()


def test_skip_ends_a_countdown_and_reps_outside_a_set_are_ignored():
    engine, _ = started()
    engine.on_rep(rep("squat", 100.5, 102.0))  # during get-ready
    engine.skip(102.0)
    assert engine.phase is Phase.ACTIVE and engine.snapshot().reps == 0
    assert engine.summary().sets == () and kinds(engine) == [E.REST_OVER]
    engine.on_rep(rep("squat", 101.0, 102.5))  # mostly before the set began
    engine.on_rep(rep("squat", 101.5, 103.5))  # mostly after: counts
    assert engine.snapshot().reps == 1


def test_no_rest_between_sets_starts_the_next_set_at_once():
    engine, recorder = started(SMALL.replace("rest_seconds: 20", "rest_seconds: 0"))
    engine.tick(105.0)
    for k in range(3):
        engine.on_rep(rep("squat", 105.0 + k, 106.0 + k))
    view = engine.snapshot()
    assert (view.phase, view.set_index, view.reps) == (Phase.ACTIVE, 1, 0)
    assert recorder.calls.count("start_set") == 2


def test_rest_after_an_item_leads_to_the_next_item_and_without_it_a_get_ready_countdown():
    engine, _ = started(get_ready_s=8.0)
    assert engine.snapshot().countdown_s == 8.0
    for t in (100.0, 101.0, 102.0, 103.0):  # get-ready, squat set 1, its rest, squat set 2: all skipped
        engine.skip(t)
    view = engine.snapshot()
    assert (view.phase, view.exercise, view.countdown_s) == (Phase.REST, "plank", 30.0), "the squat's rest_after"
    engine.skip(104.0)
    assert engine.phase is Phase.ACTIVE
    engine.skip(105.0)  # the plank has no rest_after: a get-ready countdown before the push-ups
    view = engine.snapshot()
    assert (view.phase, view.exercise, view.countdown_s) == (Phase.GET_READY, "pushup", 8.0)
    assert [s.status for s in engine.summary().sets] == [SetStatus.SKIPPED] * 3


def test_hold_sets_count_growth_only_while_active_and_verified():
    plan = "name: Plank\ndescription: d\ndifficulty: beginner\nestimated_minutes: 1\nblocks:\n  - items:\n" \
           "      - {exercise: plank, sets: 1, hold_seconds: 20}\n"  # fmt: skip
    engine, recorder = started(plan)
    engine.on_hold("plank", 0.0, 102.0)  # get-ready: nothing to credit
    engine.tick(105.0)
    engine.on_hold("plank", 4.0, 105.0)  # baseline
    engine.on_hold("plank", 6.0, 107.0)
    engine.on_hold("squat", 9.0, 107.5)  # another counter: ignored
    assert engine.snapshot().hold_seconds == pytest.approx(2.0) and recorder.sessions[1].xp == [(8, "hold")]
    engine.pause(107.0)
    engine.on_hold("plank", 10.0, 111.0)  # held during the pause: not credited
    engine.resume(111.0)
    engine.on_hold("plank", 1.0, 112.0)  # the counter restarted: its new total is new time
    assert engine.snapshot().hold_seconds == pytest.approx(3.0)
    say(engine, "pushup", 112.0, 116.0)
    engine.on_hold("plank", 3.0, 114.0)
    engine.on_hold("plank", 5.0, 116.0)
    view = engine.snapshot()
    assert view.hold_seconds == pytest.approx(3.0) and view.cue == "That looks like Push-up — this set is Plank"
    assert kinds(engine).count(E.REP_NOT_CREDITED) == 1, "one sound per stretch, not per frame"
    say(engine, "plank", 116.0, 140.0)
    engine.on_hold("plank", 30.0, 140.0)
    summary = engine.summary()
    assert summary.status is SessionStatus.COMPLETED and summary.sets[0].hold_seconds == pytest.approx(20.0)
    assert summary.xp_earned == 20 * 4 + 50 and summary.sets[0].avg_quality is None


def test_the_view_counts_positions_and_adds_the_xp_from_before():
    recorder = MemoryRecorder()
    engine = WorkoutEngine(small_plan(), recorder, 0.0, xp_before=1000)
    assert [(p.block_index, p.item_index, p.set_index) for p in planned_sets(engine.plan)] == [
        (0, 0, 0), (0, 0, 1), (0, 1, 0), (1, 0, 0),
    ]  # fmt: skip
    engine.tick(5.0)
    engine.on_rep(rep("squat", 5.0, 7.0, quality=1.0))
    view = engine.snapshot()
    assert (view.score, view.total_xp, view.last_quality, view.multiplier) == (10, 1010, 1.0, 1.0)


def test_every_bundled_plan_runs_to_the_end_with_perfect_reps_and_holds():
    for path in plan_files(bundled_plans_dir()):
        plan = load_plan(path)
        recorder = MemoryRecorder()
        engine = WorkoutEngine(plan, recorder, 0.0)
        t = 0.0
        while engine.phase is not Phase.DONE:
            t += 1.0
            view = engine.snapshot()
            if view.phase is Phase.ACTIVE and view.is_hold:
                engine.on_hold(view.exercise, t, t)
            elif view.phase is Phase.ACTIVE:
                engine.on_rep(rep(view.exercise, t - 1.0, t, quality=1.0))
            else:
                engine.tick(t)
        summary = engine.summary()
        assert summary.status is SessionStatus.COMPLETED and len(summary.sets) == plan.set_count()
        assert all(s.status is SetStatus.COMPLETED for s in summary.sets)
        assert sum(s.reps for s in summary.sets) == sum(i.sets * (i.reps or 0) for b in plan.blocks for i in b.items)
        assert recorder.calls.count("record_rep") == summary.total_reps
        assert recorder.sessions[1].score == summary.xp_earned > 0
