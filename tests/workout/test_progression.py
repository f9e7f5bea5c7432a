"""Progression as a person sees it: levels that come every few workouts, streaks that forgive a rest day a week,
personal bests, and a progression that is the same whether rebuilt from history or updated after each workout."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from coach.counting.events import RepEvent, RepTempo
from coach.workout.bests import BestMetric
from coach.workout.catalog import bundled_plans_dir
from coach.workout.engine import WorkoutEngine
from coach.workout.levels import LevelCurve, LevelProgress, level_for
from coach.workout.plan import load_plan
from coach.workout.progression import (
    Progression,
    ProgressionRules,
    UnlockKind,
    advance,
    recompute,
    unlocked_by,
)
from coach.workout.recorder import MemoryRecorder
from coach.workout.records import ABORTED, COMPLETED, INTERRUPTED, SessionRecord, SetRecord, record_from_memory
from coach.workout.streaks import StreakRules
from coach.workout.view import Phase
from tests.workout.progression_helpers import MONDAY, daily, hold, reps, session

# ---- levels -----------------------------------------------------------------------------------------------------


def test_level_2_takes_4000_xp_and_every_level_after_takes_15_percent_more():
    assert level_for(0) == LevelProgress(1, 0, 4000, 0.0)
    assert level_for(3999).level == 1
    assert level_for(4000) == LevelProgress(2, 0, 4600, 0.0)
    assert level_for(4000 + 2300) == LevelProgress(2, 2300, 4600, 0.5)
    assert level_for(4000 + 2300).xp_to_go == 2300
    assert [LevelCurve().xp_for_level(k) for k in range(1, 6)] == [4000, 4600, 5290, 6080, 7000]
    assert level_for(19970).level == 5 and level_for(19969).level == 4
    assert level_for(-50) == level_for(0), "a negative total (a corrected ledger) is level 1, not an error"


def test_levels_never_go_down_as_xp_grows_and_the_bar_stays_within_0_and_1():
    previous = level_for(0)
    for xp in range(0, 200_000, 997):
        now = level_for(xp)
        assert now.level >= previous.level and 0.0 <= now.fraction < 1.0
        assert LevelCurve().xp_to_reach(now.level) + now.xp_into_level == xp
        previous = now


def beginner_session(session_id: int, day: int, rng: np.random.Generator) -> SessionRecord:
    """The bundled beginner plan run through the real engine, every set done, reps of quality ~0.7."""
    recorder = MemoryRecorder()
    engine = WorkoutEngine(load_plan(bundled_plans_dir() / "beginner_full_body.yaml"), recorder, 0.0)
    t = 0.0
    while engine.phase is not Phase.DONE:
        t += 2.5
        view = engine.snapshot()
        if view.phase is Phase.ACTIVE and view.is_hold:
            engine.on_hold(view.exercise, t, t)
        elif view.phase is Phase.ACTIVE:
            quality = float(np.clip(rng.normal(0.7, 0.1), 0.0, 1.0))
            engine.on_rep(RepEvent(view.exercise, "both", t - 2.5, t, RepTempo(1.2, 1.3), 90.0, quality))
        else:
            engine.tick(t)
    start = MONDAY + timedelta(days=day, hours=18)
    record = record_from_memory(recorder, engine.session_id, start, start + timedelta(seconds=t))
    return SessionRecord(session_id, record.started_at, record.ended_at, record.status, record.plan_name,
                         record.xp, record.sets)  # fmt: skip


def test_a_beginner_levels_up_every_two_or_three_workouts_at_first_and_more_slowly_later():
    rng = np.random.default_rng(0)
    history = [beginner_session(k + 1, 2 * k, rng) for k in range(40)]
    assert history[0].reps == 108 and history[0].sets[-1].hold_seconds == 20.0
    levels = [recompute(history[: n + 1]).level.level for n in range(len(history))]
    reached = {level: levels.index(level) + 1 for level in set(levels)}  # sessions it took to reach each level
    gaps = [reached[level + 1] - reached[level] for level in range(1, max(levels))]
    assert 2 <= reached[2] <= 3 and 2 <= gaps[1] <= 3, f"sessions per level: {gaps}"
    assert gaps[-1] > gaps[1] + 1, f"later levels take longer: {gaps}"


# ---- streaks ----------------------------------------------------------------------------------------------------


def streak_of(days: list[int], rules: ProgressionRules | None = None) -> tuple[int, int]:
    progression = recompute(daily(days), rules)
    return progression.streak.current, progression.streak.longest


def test_a_workout_every_day_makes_a_streak_of_that_many_days():
    assert streak_of([0]) == (1, 1)
    assert streak_of(list(range(10))) == (10, 10)
    assert streak_of([0, 0, 1]) == (2, 2), "two workouts on one day count once"


def test_one_rest_day_a_week_keeps_the_streak_and_counts_in_its_length():
    assert streak_of([0, 1, 2, 4, 5]) == (6, 6)
    six_a_week = [d for d in range(28) if d % 7 != 3]  # rest every Thursday
    assert streak_of(six_a_week) == (28, 28)


def test_two_rest_days_in_a_row_or_within_a_week_break_the_streak():
    assert streak_of([0, 1, 2, 5, 6]) == (2, 3), "two days off in a row"
    assert streak_of([0, 2, 3, 5, 6]) == (2, 4), "rest on day 1, again on day 4: too soon"
    assert streak_of([0, 2, 3, 4, 5, 6, 8, 9]) == (2, 7), "rest days on days 1 and 7: 6 days apart, too soon"
    assert streak_of([0, 2, 3, 4, 5, 6, 7, 9]) == (10, 10), "the next rest day 7 days later is fine"


def test_without_a_rest_day_allowance_any_day_off_breaks_the_streak():
    strict = ProgressionRules(streaks=StreakRules(rest_day_every=0))
    assert streak_of([0, 1, 2, 4, 5], strict) == (2, 3)
    assert streak_of(list(range(8)), strict) == (8, 8)


def test_the_current_streak_survives_until_today_is_over_and_an_allowed_rest_day():
    progression = recompute(daily([0, 1, 2]))  # Monday to Wednesday
    wednesday = MONDAY.date() + timedelta(days=2)
    assert [progression.current_streak(wednesday + timedelta(days=k)) for k in range(5)] == [3, 3, 3, 0, 0]
    assert progression.current_streak(wednesday + timedelta(days=2), ProgressionRules(streaks=StreakRules(0))) == 0
    assert Progression().current_streak(wednesday) == 0


def test_days_are_the_persons_local_calendar_days_not_utc_days():
    berlin = ZoneInfo("Europe/Berlin")
    late = datetime(2025, 3, 3, 22, 30, tzinfo=UTC)  # 23:30 on Monday in Berlin
    after_midnight = datetime(2025, 3, 3, 23, 30, tzinfo=UTC)  # 00:30 on Tuesday in Berlin
    history = [SessionRecord(1, late, None, COMPLETED, "p", 10, (reps("squat", 5),)),
               SessionRecord(2, after_midnight, None, COMPLETED, "p", 10, (reps("squat", 5),))]  # fmt: skip
    assert recompute(history, ProgressionRules(tz=berlin)).streak.current == 2
    assert recompute(history, ProgressionRules(tz=UTC)).streak.current == 1
    tokyo = recompute(history, ProgressionRules(tz=ZoneInfo("Asia/Tokyo")))
    assert tokyo.streak.last_day == date(2025, 3, 4) and tokyo.streak.current == 1


def test_only_workouts_that_were_finished_or_real_work_count_for_the_streak():
    assert streak_of([0, 1, 2], ProgressionRules()) == (3, 3)
    quit_early = [session(1, 0, reps("squat", 20)), session(2, 1, reps("squat", 19), status=ABORTED),
                  session(3, 2, reps("squat", 5), status=ABORTED), session(4, 3, reps("squat", 20))]  # fmt: skip
    progression = recompute(quit_early)
    assert (progression.streak.current, progression.workouts, progression.sessions) == (1, 2, 4)
    assert progression.reps["squat"] == 64, "the reps of a session that does not count still count"
    skipped_through = [session(1, 0, reps("squat", 20)), session(2, 1, reps("squat", 3, target=10)),
                       session(3, 2), session(4, 3, reps("squat", 20))]  # fmt: skip
    assert recompute(skipped_through).streak.current == 1, "a plan skipped through is not a workout"
    small_plan = [session(1, 0, reps("squat", 20)), session(2, 1, reps("squat", 8)), session(3, 2, reps("squat", 20))]
    assert recompute(small_plan).streak.current == 3, "a finished small plan is"
    worked = [
        session(1, 0, reps("squat", 20)),
        session(2, 1, reps("pushup", 20), status=ABORTED),
        session(3, 2, hold(50.0, target=60.0), status=INTERRUPTED),
    ]  # 50 s of plank = 20 reps' worth
    assert recompute(worked).streak.current == 3


# ---- personal bests ---------------------------------------------------------------------------------------------


def test_personal_bests_are_per_exercise_and_per_set():
    history = [
        session(1, 0, reps("squat", 10, 0.7), reps("squat", 12, 0.6), hold(30.0), reps("pushup", 4, 1.0)),
        session(2, 1, reps("squat", 11, 0.9), hold(45.0, target=60.0), reps("pushup", 6, 0.8)),
    ]
    bests = recompute(history).bests
    assert bests[("squat", BestMetric.MOST_REPS)].value == 12 and bests[("squat", BestMetric.MOST_REPS)].session_id == 1
    assert bests[("squat", BestMetric.BEST_QUALITY)].value == pytest.approx(0.9)
    assert bests[("squat", BestMetric.BEST_QUALITY)].session_id == 2
    assert bests[("plank", BestMetric.LONGEST_HOLD)].value == 45.0
    assert bests[("pushup", BestMetric.BEST_QUALITY)].value == pytest.approx(0.8), "4 perfect reps are too few"
    assert ("plank", BestMetric.MOST_REPS) not in bests and ("squat", BestMetric.LONGEST_HOLD) not in bests
    assert {b.metric for b in recompute(history).bests_for("squat")} == {BestMetric.MOST_REPS, BestMetric.BEST_QUALITY}


def test_a_best_must_improve_by_a_whole_rep_a_whole_second_or_a_point_of_quality():
    first = session(1, 0, reps("squat", 10, 0.800), hold(30.0))
    nearly = session(2, 1, reps("squat", 10, 0.805), hold(30.6))
    better = session(3, 2, reps("squat", 11, 0.810), hold(31.0))
    assert unlocked_by([first], nearly) == []
    bests = recompute([first, nearly]).bests
    assert all(best.session_id == 1 for best in bests.values())
    unlocks = unlocked_by([first, nearly], better)
    assert [(u.kind, u.best.metric, u.previous) for u in unlocks] == [
        (UnlockKind.PERSONAL_BEST, BestMetric.MOST_REPS, 10.0),
        (UnlockKind.PERSONAL_BEST, BestMetric.BEST_QUALITY, pytest.approx(0.8)),
        (UnlockKind.PERSONAL_BEST, BestMetric.LONGEST_HOLD, 30.0),
    ]  # fmt: skip
    assert unlocks[0].title == "New best: Squat" and unlocks[0].detail == "most reps in a set: 11 reps (was 10 reps)"
    assert unlocks[2].detail == "longest hold: 31 s (was 30 s)" and unlocks[1].detail.endswith("(was 80%)")


def test_the_first_time_an_exercise_is_done_sets_a_baseline_without_announcing_bests():
    unlocks = unlocked_by([session(1, 0, reps("squat", 10))], session(2, 1, reps("pushup", 10), hold(20.0)))
    assert [u.kind for u in unlocks] == []


# ---- unlocks and recompute == incremental -----------------------------------------------------------------------


def test_a_session_unlocks_its_level_up_badges_and_bests_in_that_order():
    before = [session(1, 0, reps("squat", 10), hour=8, xp=3900)]
    after = session(2, 1, reps("squat", 12, 0.95), hour=6, xp=200)
    unlocks = unlocked_by(before, after)
    assert [u.kind for u in unlocks] == [UnlockKind.LEVEL_UP, UnlockKind.BADGE, UnlockKind.BADGE,
                                         UnlockKind.PERSONAL_BEST, UnlockKind.PERSONAL_BEST]  # fmt: skip
    assert (unlocks[0].title, unlocks[0].level, unlocks[0].detail) == ("Level 2", 2, "4500 XP to level 3")
    assert [u.badge.id for u in unlocks[1:3]] == ["perfect_set", "early_bird"]
    assert unlocks[1].title == "Perfect set" and unlocks[1].detail == unlocks[1].badge.description
    big_jump = unlocked_by([], session(1, 0, reps("squat", 5), xp=10_000))
    assert big_jump[0].title == "Level 3" and big_jump[0].detail.startswith("up 2 levels")


def scripted_history(seed: int, sessions: int = 60) -> list[SessionRecord]:
    """Seven weeks of a person's ups and downs: most days a workout, some quit early, a few crashed, odd hours."""
    rng = random.Random(seed)
    history, day = [], 0.0
    exercises = ["squat", "pushup", "lunge", "situp", "jumping_jack", "bicep_curl", "shoulder_press",
                 "lateral_raise", "front_raise"]  # fmt: skip
    for session_id in range(1, sessions + 1):
        day += rng.choice([0, 1, 1, 1, 1, 2, 2, 3])
        sets = [reps(rng.choice(exercises), rng.randint(4, 30), round(rng.uniform(0.6, 1.0), 3),
                     target=rng.choice([None, 12])) for _ in range(rng.randint(1, 6))]  # fmt: skip
        if rng.random() < 0.4:
            sets.append(hold(float(rng.randint(10, 130)), target=rng.choice([None, 60.0])))
        status = rng.choices([COMPLETED, ABORTED, INTERRUPTED], [0.75, 0.2, 0.05])[0]
        if status == ABORTED and rng.random() < 0.7:  # quit after a few reps: not a workout
            sets = [reps(rng.choice(exercises), rng.randint(1, 15), 0.7, target=15)]
        hour = rng.choice([6.5, 7.0, 12.0, 18.0, 21.5, 23.9])
        history.append(session(session_id, day, *sets, hour=hour, status=status, xp=rng.randint(300, 3000)))
    history.sort(key=lambda s: s.started_at)  # two on one day may come out of order; ids follow time
    return [replace(s, id=n) for n, s in enumerate(history, start=1)]


def test_recompute_from_history_equals_updating_session_by_session():
    history = scripted_history(seed=7)
    rebuilt = recompute(history)

    # What storage would persist if it only ever saved unlocks as each workout ended.
    stored_badges: dict[str, int] = {}
    stored_bests: dict[tuple[str, BestMetric], float] = {}
    stored_level, stepwise = 1, Progression()
    for n, finished in enumerate(history):
        for unlock in unlocked_by(history[:n], finished):
            if unlock.kind is UnlockKind.BADGE:
                assert unlock.badge.id not in stored_badges, "a badge is earned once"
                stored_badges[unlock.badge.id] = finished.id
            elif unlock.kind is UnlockKind.LEVEL_UP:
                assert unlock.level > stored_level
                stored_level = unlock.level
            else:
                stored_bests[(unlock.best.exercise, unlock.best.metric)] = unlock.best.value
        stepwise = advance(stepwise, finished)
        for key, best in stepwise.bests.items():
            stored_bests.setdefault(key, best.value)  # first values are baselines, not announced

    assert stepwise == rebuilt
    assert stored_badges == {badge_id: earned.session_id for badge_id, earned in rebuilt.badges.items()}
    assert stored_level == rebuilt.level.level
    assert stored_bests == {key: best.value for key, best in rebuilt.bests.items()}
    assert len(rebuilt.badges) >= 10 and rebuilt.level.level >= 5, "the script exercises most of the rules"


def test_the_order_sessions_are_given_in_does_not_matter():
    history = scripted_history(seed=3, sessions=30)
    shuffled = history[:]
    random.Random(1).shuffle(shuffled)
    assert recompute(shuffled) == recompute(history)
    late_arrival = replace(history[10], status=INTERRUPTED)  # a crashed session storage only found later
    others = history[:10] + history[11:]
    direct = recompute([*others, late_arrival])
    assert unlocked_by(others, late_arrival) == _diff_by_recompute(others, late_arrival)
    assert recompute([late_arrival, *others]) == direct and direct != recompute(others)


def _diff_by_recompute(before: list[SessionRecord], finished: SessionRecord):
    from coach.workout.progression import unlocks_between

    return unlocks_between(recompute(before), recompute([*before, finished]), finished.id)


def test_a_memory_recorder_session_becomes_a_record_with_its_reps_holds_and_xp():
    record = beginner_session(1, 0, np.random.default_rng(1))
    assert record.status == COMPLETED and len(record.sets) == 13 and record.xp > 1000
    assert [s.exercise for s in record.sets[:2]] == ["jumping_jack", "squat"]
    assert all(s.target_met for s in record.sets)
    assert record.sets[1].reps == 10 and 0.0 <= record.sets[1].avg_quality <= 1.0


def test_mistakes_in_the_input_are_refused():
    one = session(1, 0, reps("squat", 5))
    with pytest.raises(ValueError, match=r"more than once.*\[1\]"):
        recompute([one, one])
    with pytest.raises(ValueError, match="already part"):
        advance(recompute([one]), one)
    with pytest.raises(ValueError, match="starts before"):
        advance(recompute([session(2, 3)]), one)
    with pytest.raises(ValueError, match="'running' is not one of"):
        SessionRecord(3, MONDAY, None, "running", "p", 0)
    assert SetRecord("squat", None, None, (0.9,)).target_met is False, "a set without a target is never met"
