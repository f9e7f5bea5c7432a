"""`coach stats` and the app agree: the same history gives the same streak, workouts and personal bests in
`coach stats --json` as on Home and History, because both read `coach.workout` (rest days, the 20-rep workout rule,
bests within one set)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import pytest

import coach.storage
from coach.app.history_view import load_history
from coach.app.workouts import Workouts
from coach.cli import main
from coach.counting.events import HoldEvent
from coach.storage import open_repository
from coach.workout.bests import METRICS, BestMetric
from coach.workout.records import local_day
from tests.storage.conftest import Clock
from tests.storage.workouts import rep


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0).astimezone().astimezone(UTC)


def _workout(repo, clock: Clock, day: date, sets: list[tuple[str, int, int, float]], status: str = "completed"):
    """One session on `day`: (exercise, reps done, target, quality of each rep) per set; a plank set holds `reps` s."""
    clock.now = _noon(day)
    session = repo.start_session("default", "Plan")
    for exercise, done, target, quality in sets:
        if exercise == "plank":
            set_id = repo.start_set(session, exercise, target_seconds=target)
            clock.advance(done + 1)
            repo.record_hold(session, set_id, HoldEvent(exercise, 0.0, done + 1.0, float(done), quality))
        else:
            set_id = repo.start_set(session, exercise, target_reps=target)
            for i in range(done):
                clock.advance(2.5)
                repo.record_rep(session, set_id, rep(exercise, i, quality=quality))
        repo.finish_set(session, set_id)
        repo.add_xp(3 * done, "reps", session_id=session)
    repo.finish_session(session, status)


def _stats_json(capsys, monkeypatch, url: str, today: date) -> dict:
    """`coach stats --json` run on `today` (the repository's clock, as the CLI opens it, is set to that noon)."""
    monkeypatch.setattr(coach.storage, "open_repository", partial(open_repository, clock=lambda: _noon(today)))
    assert main(["stats", "--json", "--db", url]) == 0
    return json.loads(capsys.readouterr().out)


def _home(url: str, today: date):
    with open_repository(url, clock=lambda: _noon(today)) as repo:
        return Workouts(repo, "Ana").home_view(), load_history(repo, today)


def test_the_issue_example_gives_a_five_day_streak_in_stats_and_on_home(tmp_path: Path, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    clock = Clock(_noon(date(2026, 11, 16)))
    with open_repository(url, clock=clock) as repo:
        for day in (16, 17, 18, 20):  # the 19th is a rest day
            _workout(repo, clock, date(2026, 11, day), [("squat", 20, 20, 0.8)])
    today = date(2026, 11, 21)
    stats = _stats_json(capsys, monkeypatch, url, today)
    home, _ = _home(url, today)
    assert (stats["current_streak_days"], stats["longest_streak_days"], stats["workouts"]) == (5, 5, 4)
    assert (home.streak_days, home.workouts_done) == (5, 4)


def test_the_same_history_gives_the_same_streak_workouts_and_bests_in_stats_and_in_the_app(
    tmp_path: Path, capsys, monkeypatch
):  # fmt: skip
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    clock = Clock(_noon(date(2026, 11, 2)))
    with open_repository(url, clock=clock) as repo:
        _workout(repo, clock, date(2026, 11, 2), [("squat", 10, 10, 0.70), ("plank", 31, 30, 0.8)])
        _workout(repo, clock, date(2026, 11, 3), [("squat", 12, 12, 0.90), ("pushup", 4, 8, 0.95)])
        # Quit at once: not a workout (no target met, under 20 reps' worth), so no streak day and no count.
        _workout(repo, clock, date(2026, 11, 4), [("squat", 3, 12, 0.99)], status="aborted")
        _workout(repo, clock, date(2026, 11, 6), [("squat", 8, 12, 0.6), ("squat", 14, 12, 0.75)])  # 22 reps: counts
        _workout(repo, clock, date(2026, 11, 8), [("plank", 45, 40, 0.85), ("pushup", 6, 6, 0.8)])  # a second rest
    for today in (date(2026, 11, 8), date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 11)):
        stats = _stats_json(capsys, monkeypatch, url, today)
        home, history = _home(url, today)
        assert stats["current_streak_days"] == home.streak_days == history.streak
        assert stats["longest_streak_days"] == history.progression.streak.longest
        assert stats["workouts"] == home.workouts_done == 4
        shown = {(b.exercise, b.metric.value): (round(b.value, 4), b.session_id, local_day(b.achieved_at).isoformat())
                 for b in history.progression.bests.values()}  # fmt: skip
        assert {(b["exercise"], b["metric"]): (b["value"], b["session"], b["day"]) for b in stats["personal_bests"]} \
            == shown  # fmt: skip
        assert all(b["unit"] == METRICS[BestMetric(b["metric"])].unit for b in stats["personal_bests"])
    # The rules themselves, as the app applies them: 2-3 Nov (two days off after it break the run), then 6-8 Nov
    # with the 7th as its rest day; on the 10th the 9th would be a second rest day within a week: broken.
    assert (stats["current_streak_days"], stats["longest_streak_days"]) == (0, 3)
    by_key = {(b["exercise"], b["metric"]): b for b in stats["personal_bests"]}
    assert by_key[("squat", "most_reps")]["value"] == 14  # within one set, not 22 in the session
    assert by_key[("plank", "longest_hold")]["value"] == 45
    assert by_key[("squat", "best_quality")]["value"] == pytest.approx(0.9)  # 12 reps at 0.9; 3 at 0.99 are too few
    assert ("pushup", "best_quality") in by_key and by_key[("pushup", "best_quality")]["value"] == pytest.approx(0.8)
