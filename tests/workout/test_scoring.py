"""XP as a person earns it: better reps pay more, steady good form builds a combo, finished sets and planks pay."""

from __future__ import annotations

import pytest

from coach.workout.scoring import ScoreKeeper, ScoringRules, combo_multiplier, rep_xp

RULES = ScoringRules()


def test_a_rep_earns_half_at_worst_and_full_at_best_quality():
    assert rep_xp(0.0, 1.0, RULES) == 5
    assert rep_xp(0.5, 1.0, RULES) == 8  # 7.5 rounds to even: 8
    assert rep_xp(1.0, 1.0, RULES) == 10
    assert rep_xp(1.7, 1.0, RULES) == 10 and rep_xp(-1.0, 1.0, RULES) == 5, "quality is clamped to 0..1"
    assert rep_xp(1.0, 2.0, RULES) == 20


@pytest.mark.parametrize(("combo", "multiplier"), [(0, 1.0), (1, 1.0), (4, 1.0), (5, 1.25), (9, 1.25), (10, 1.5),
                                                    (19, 1.75), (20, 2.0), (100, 2.0)])  # fmt: skip
def test_the_combo_multiplier_grows_every_five_good_reps_up_to_double(combo, multiplier):
    assert combo_multiplier(combo, RULES) == multiplier


def test_good_reps_build_the_combo_and_a_poor_rep_breaks_it():
    keeper = ScoreKeeper()
    scores = [keeper.rep(0.9) for _ in range(6)]
    assert [s.combo for s in scores] == [1, 2, 3, 4, 5, 6]
    assert [s.xp for s in scores] == [10, 10, 10, 10, 12, 12]  # 9.5 -> 10 (x1), 11.875 -> 12 (x1.25)
    assert keeper.multiplier == 1.25
    poor = keeper.rep(0.4)
    assert (poor.good, poor.combo, poor.multiplier, poor.xp) == (False, 0, 1.0, 7)
    assert keeper.xp == 64 + 7 and keeper.best_combo == 6
    keeper.rep(0.7)
    assert keeper.combo == 1, "the threshold itself counts as good"
    keeper.break_combo()
    assert keeper.combo == 0 and keeper.best_combo == 6


def test_a_finished_set_adds_the_bonus():
    keeper = ScoreKeeper()
    assert keeper.set_completed() == 50 and keeper.xp == 50


def test_holds_pay_per_full_second_and_carry_the_fraction():
    keeper = ScoreKeeper()
    paid = [keeper.hold(0.4) for _ in range(5)]  # 0.4, 0.8, 1.2, 1.6, 2.0 s
    assert paid == [0, 0, 4, 0, 4] and keeper.xp == 8
    assert keeper.hold(-3.0) == 0 and keeper.hold(28.0) == 112
    assert keeper.xp == 120, "a 30 s plank is worth twelve perfect reps"


def test_the_rules_are_configurable_in_one_place():
    keeper = ScoreKeeper(ScoringRules(rep_xp=20, good_quality=0.9, set_bonus_xp=10))
    assert keeper.rep(0.8).good is False and keeper.rep(1.0).xp == 20 and keeper.set_completed() == 10
