"""`coach plans` as a person uses it: the list, and checking a plan file before using it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from tests.workout.test_plan import VALID


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_plans_lists_bundled_and_own_plans_with_difficulty_minutes_and_exercises(data_dir, capsys):
    (data_dir / "workouts").mkdir(parents=True)
    (data_dir / "workouts" / "legs.yaml").write_text(VALID.replace("Test plan", "Legs"))
    (data_dir / "workouts" / "broken.yaml").write_text(VALID.replace("sets: 2", "sets: two"))
    assert main(["plans"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["name", "difficulty", "min", "sets", "exercises", "file"]
    beginner = next(line for line in lines if line.startswith("Beginner full body"))
    assert beginner.split()[3:6] == ["beginner", "16", "13"] and "jumping_jack, squat, pushup" in beginner
    assert "workouts/beginner_full_body.yaml" in beginner
    legs = next(line for line in lines if line.startswith("Legs "))
    assert "(replaces bundled legs.yaml)" in legs and "squat, plank" in legs
    assert f"your own plans go in {data_dir / 'workouts'}" in out
    assert err == f"coach: warning: skipped {data_dir / 'workouts' / 'broken.yaml'}:9: blocks[1].items[1].sets: " \
                  "expected a whole number, got text 'two'\n"  # fmt: skip


def test_check_prints_ok_for_a_good_plan(tmp_path: Path, capsys):
    plan = tmp_path / "mine.yaml"
    plan.write_text(VALID)
    assert main(["plans", "--check", str(plan)]) == 0
    assert capsys.readouterr().out == "ok\n"


def test_check_prints_the_one_line_problem_and_exits_2(tmp_path: Path):
    plan = tmp_path / "mine.yaml"
    plan.write_text(VALID.replace("exercise: squat", "exercise: burpee"))
    result = subprocess.run(
        [sys.executable, "-m", "coach", "plans", "--check", str(plan)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"coach: error: {plan}:8: blocks[1].items[1].exercise: unknown exercise 'burpee'")
    assert len(result.stderr.splitlines()) == 1
