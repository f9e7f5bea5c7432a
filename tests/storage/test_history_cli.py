"""`coach history` and `coach stats` on a database filled by a scripted workout (tests/storage/workouts.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from coach.cli import main
from coach.storage import open_repository
from tests.storage.workouts import fill_history


@pytest.fixture
def filled(db_url: str, clock) -> tuple[str, dict[str, int]]:
    with open_repository(db_url, clock=clock) as repo:
        ids = fill_history(repo, clock)
    return db_url, ids


def _run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_history_shows_each_session_with_its_sets_and_reps(filled, capsys):
    url, ids = filled
    lines = _run(capsys, "history", "--db", url).splitlines()
    assert lines[0].split() == ["id", "started", "plan", "status", "length", "sets", "reps", "hold", "s", "score"]
    expected = [
        (ids["monday"], "2026-11-16 12:00", "Full body", "completed", "1:28", 3, 16, "31.5", "85"),
        (ids["tuesday"], "2026-11-17 12:00", "Legs", "completed", "0:31", 1, 12, "0", "-"),
        (ids["wednesday"], "2026-11-18 12:00", "Legs", "aborted", "0:08", 1, 3, "0", "-"),
        (ids["next_tuesday"], "2026-11-24 12:00", "Legs", "completed", "0:14", 1, 5, "0", "-"),
    ]
    assert len(lines) == 1 + len(expected)
    for line, (sid, started, plan, status, length, sets, reps, hold, score) in zip(lines[1:], expected, strict=True):
        assert re.fullmatch(rf"\s*{sid}\s+{started}\s+{plan}\s+{status}\s+{length}\s+{sets}\s+{reps}\s+{hold}\s+"
                            rf"{score}", line), line  # fmt: skip


def test_history_of_one_session_lists_every_rep(filled, capsys):
    url, ids = filled
    out = _run(capsys, "history", str(ids["monday"]), "--db", url)
    assert out.splitlines()[0].startswith("Session 1: Full body (completed), 2026-11-16 12:00, 1:28, score 85, 120 XP")
    assert re.search(r"set 1\s+squat\s+10/10 reps", out)
    assert re.search(r"set 2\s+plank\s+31\.5/30 s", out)
    assert re.search(r"set 3\s+pushup\s+6/8 reps", out)
    assert len(re.findall(r"^\s+rep\s+\d+ ", out, re.MULTILINE)) == 16
    assert len(re.findall(r"^\s+partial ", out, re.MULTILINE)) == 1
    assert re.search(r"hold\s+0\.0-\s*32\.5 s\s+31\.5 s held\s+quality 0\.80\s+hips up", out)

    record = json.loads(_run(capsys, "history", str(ids["monday"]), "--json", "--db", url))
    assert [(s["exercise"], s["achieved_reps"], len(s["reps"])) for s in record["sets"]] == [
        ("squat", 10, 11), ("plank", 0, 0), ("pushup", 6, 6)
    ]  # fmt: skip
    assert record["sets"][0]["reps"][10]["partial"] is True
    assert record["sets"][1]["holds"][0]["seconds"] == 31.5

    rows = list(csv.DictReader(io.StringIO(_run(capsys, "history", str(ids["monday"]), "--csv", "--db", url))))
    assert [r["kind"] for r in rows].count("rep") == 16 and len(rows) == 18
    assert rows[0]["eccentric_s"] == "1.0" and rows[0]["exercise"] == "squat"


def test_history_json_csv_and_since(filled, capsys):
    url, ids = filled
    records = json.loads(_run(capsys, "history", "--json", "--db", url))
    assert [(r["plan"], r["sets"], r["reps"], r["status"]) for r in records] == [
        ("Full body", 3, 16, "completed"), ("Legs", 1, 12, "completed"), ("Legs", 1, 3, "aborted"),
        ("Legs", 1, 5, "completed"),
    ]  # fmt: skip
    assert records[0]["xp"] == 120 and records[0]["hold_seconds"] == 31.5
    rows = list(csv.DictReader(io.StringIO(_run(capsys, "history", "--csv", "--since", "2026-11-17", "--db", url))))
    assert [int(r["id"]) for r in rows] == [ids["tuesday"], ids["wednesday"], ids["next_tuesday"]]


def test_a_bad_date_is_a_usage_error(filled, capsys):
    url, _ = filled
    with pytest.raises(SystemExit) as raised:
        main(["history", "--since", "last tuesday", "--db", url])
    assert raised.value.code == 2
    assert "'last tuesday' is not a date; use YYYY-MM-DD" in capsys.readouterr().err


def test_stats_totals_per_week_and_personal_bests(filled, capsys):
    url, _ = filled
    out = _run(capsys, "stats", "--db", url)
    assert re.search(r"week of 2026-11-23\s+squat\s+1 set\s\s+5 reps", out)
    assert re.search(r"week of 2026-11-16\s+plank\s+1 set\s\s+31\.5 s", out)
    assert re.search(r"^\s+pushup\s+1 set\s\s+6 reps", out, re.MULTILINE)
    assert re.search(r"^\s+squat\s+3 sets\s+25 reps", out, re.MULTILINE)
    assert "Personal bests (each within one set)" in out
    assert "  squat           most reps in a set: 12 reps (2026-11-17)" in out
    assert "                  best average form in a set: 86% (2026-11-17)" in out  # 12 reps averaging 0.855
    assert "  plank           longest hold: 32 s (2026-11-16)" in out
    # Monday and Tuesday count as workouts; Wednesday (aborted after 3 reps) and the next Tuesday (5 of 12) do not.
    assert "Streak: 0 days (longest 2); 2 workouts; 120 XP" in out
    data = json.loads(_run(capsys, "stats", "--json", "--db", url))
    assert {(w["week_start"], w["exercise"]): w["reps"] for w in data["weeks"]} == {
        ("2026-11-16", "plank"): 0, ("2026-11-16", "pushup"): 6, ("2026-11-16", "squat"): 25,
        ("2026-11-23", "squat"): 5,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("today", "current"),
    [(date(2026, 11, 18), 2), (date(2026, 11, 19), 2), (date(2026, 11, 20), 0), (date(2026, 11, 24), 0)],
)
def test_the_streak_follows_the_apps_rules_up_to_today(filled, today, current):
    """Alive through today, and through one rest day (the 18th); the sessions too small to be workouts add nothing."""
    url, _ = filled
    with open_repository(url) as repo:
        stats = repo.stats(today=today)
    assert (stats.current_streak, stats.longest_streak, stats.workouts) == (current, 2, 2)


def test_an_empty_database_says_so(db_url, capsys):
    assert _run(capsys, "history", "--db", db_url).strip() == "No workouts recorded yet."
    assert _run(capsys, "stats", "--db", db_url).strip() == "No workouts recorded yet."
