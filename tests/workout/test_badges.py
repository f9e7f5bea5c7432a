"""Every badge: the session that earns it, a history that only just misses it, and an icon the UI can draw."""

from __future__ import annotations

import pytest

from coach.workout.badges import BADGES, BADGES_BY_ID
from coach.workout.plan import plannable_exercises
from coach.workout.progression import recompute
from coach.workout.records import ABORTED, SessionRecord
from tests.workout.progression_helpers import daily, hold, reps, session

OTHERS = [e for e in plannable_exercises() if e != "plank"]


def nine_exercises(n: int = 9) -> list:
    return [reps(exercise, 3) for exercise in OTHERS[:n]]


# badge id -> (a history that earns it, the id of the session that does, a history that just misses it)
SCENARIOS: dict[str, tuple[list[SessionRecord], int, list[SessionRecord]]] = {
    "first_workout": (
        [session(1, 0, reps("squat", 5), status=ABORTED), session(2, 1, reps("squat", 5))],
        2,
        [session(1, 0, reps("squat", 19), status=ABORTED)],
    ),
    "regular": (daily(list(range(12))), 10, [*daily(list(range(9))), session(10, 9, reps("squat", 2), status=ABORTED)]),
    "squats_100": (
        [session(k + 1, k, reps("squat", 30)) for k in range(4)],
        4,
        [session(k + 1, k, reps("squat", 33), reps("lunge", 40)) for k in range(3)],  # 99 squats
    ),
    "reps_1000": (
        [session(k + 1, k, reps("squat", 100), reps("pushup", 100)) for k in range(6)],
        5,
        [
            *(session(k + 1, k, reps("squat", 100), reps("pushup", 100)) for k in range(4)),
            session(5, 4, reps("squat", 199), hold(600.0)),
        ],
    ),
    "big_day": (
        [session(1, 0, reps("squat", 150)), session(2, 1, reps("squat", 100), reps("lunge", 100))],
        2,
        [session(1, 0, reps("squat", 100), reps("lunge", 99), hold(60.0))],
    ),
    "perfect_set": (
        [session(1, 0, reps("squat", 10, 0.89)), session(2, 1, reps("pushup", 1, 0.95), reps("squat", 10, 0.9))],
        2,
        [
            session(
                1, 0, reps("squat", 9, 1.0, target=10), reps("lunge", 10, 0.89), hold(60.0), reps("situp", 0, target=10)
            )
        ],
    ),
    "iron_plank": (
        [session(1, 0, hold(119.0)), session(2, 1, hold(120.0))],
        2,
        [session(1, 0, hold(119.5, target=120.0), hold(100.0)), session(2, 1, hold(150.0, exercise="squat"))],
    ),
    "streak_7": (daily([0, 1, 2, 4, 5, 6, 7]), 6, daily([0, 1, 2, 4, 5, 8, 9, 10, 11, 12])),
    "streak_30": (
        daily([d for d in range(32) if d % 7 != 3]),
        26,  # rests on days 3, 10, 17, 24; day 29 is the 30th
        daily([d for d in range(29)] + [31, 32]),
    ),
    "level_5": (
        [session(1, 0, xp=10_000), session(2, 1, xp=9_969), session(3, 2, xp=1)],
        3,
        [session(1, 0, xp=19_969)],
    ),
    "level_10": ([session(1, 0, xp=67_000), session(2, 1, xp=150)], 2, [session(1, 0, xp=67_149)]),
    "explorer": (
        [session(1, 0, *nine_exercises()), session(2, 1, hold(5.0))],
        2,
        [session(1, 0, *nine_exercises(8), hold(60.0)), session(2, 1, reps(OTHERS[8], 0, target=10))],
    ),
    "early_bird": (
        [session(1, 0, reps("squat", 5), hour=6.0, status=ABORTED), session(2, 1, reps("squat", 5), hour=6.99)],
        2,
        [session(1, 0, reps("squat", 50), hour=7.0), session(2, 1, reps("squat", 5), hour=5.0, status=ABORTED)],
    ),
    "night_owl": (
        [session(1, 0, reps("squat", 5), hour=20.99), session(2, 1, reps("squat", 20), hour=21.0, status=ABORTED)],
        2,
        [session(1, 0, reps("squat", 50), hour=20.99), session(2, 1, reps("squat", 5), hour=23, status=ABORTED)],
    ),
}


@pytest.mark.parametrize("badge_id", list(SCENARIOS))
def test_each_badge_is_earned_by_the_session_that_meets_its_rule_and_only_then(badge_id):
    earning, earned_by, missing = SCENARIOS[badge_id]
    earned = recompute(earning).badges.get(badge_id)
    assert earned is not None and earned.session_id == earned_by
    assert earned.earned_at == next(s.started_at for s in earning if s.id == earned_by)
    assert earned.badge is BADGES_BY_ID[badge_id]
    assert badge_id not in recompute(missing).badges


def test_every_badge_has_a_scenario_and_there_are_at_least_eight():
    assert len(BADGES) >= 8 and set(SCENARIOS) == {badge.id for badge in BADGES}


def test_badges_about_a_total_show_how_far_along_the_person_is():
    progression = recompute([session(1, 0, reps("squat", 40)), session(2, 1, reps("squat", 30))])
    squats = BADGES_BY_ID["squats_100"].progress(progression)
    assert (squats.have, squats.goal, squats.fraction) == (70, 100, 0.7)
    assert BADGES_BY_ID["streak_7"].progress(progression).have == 2
    assert BADGES_BY_ID["first_workout"].progress(progression).fraction == 1.0
    assert BADGES_BY_ID["perfect_set"].progress(progression) is None, "a one-session feat has no bar"


def test_every_badge_has_a_name_a_description_and_an_icon_the_ui_can_draw():
    assert len({badge.id for badge in BADGES}) == len({badge.name for badge in BADGES}) == len(BADGES)
    for badge in BADGES:
        assert badge.name and badge.description.endswith(".")
        icon = badge.icon
        assert 1 <= len(icon.glyph) <= 4 and icon.glyph.isascii(), badge.id
        assert all(0 <= c <= 255 for c in (*icon.fill, *icon.ring))
        points = icon.outline()
        assert len(points) >= 4 and all(-1.0 <= v <= 1.0 for point in points for v in point)
    assert len({(b.icon.shape, b.icon.fill, b.icon.glyph) for b in BADGES}) == len(BADGES), "no two look the same"
