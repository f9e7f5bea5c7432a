"""`coach screenshot` and `coach play` from the command line, as a person runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pygame


def run_coach(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, timeout=300)


def _png_size(path: Path) -> tuple[int, int]:
    return pygame.image.load(str(path)).get_size()


def test_screenshot_writes_a_png_of_the_asked_size(tmp_path: Path):
    out = tmp_path / "shots" / "home.png"
    result = run_coach("screenshot", "--scene", "home", "--out", str(out), "--size", "960x540")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000 and _png_size(out) == (960, 540)
    assert result.stderr == ""


def test_screenshot_of_the_workout_shows_a_real_frame_of_the_source(tmp_path: Path):
    out = tmp_path / "workout.png"
    result = run_coach("screenshot", "--scene", "workout", "--source", "synthetic", "--at", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert _png_size(out) == (1280, 720)


def test_screenshot_refuses_what_it_cannot_do_in_one_line(tmp_path: Path):
    missing = tmp_path / "nope.mp4"
    result = run_coach("screenshot", "--scene", "live", "--source", str(missing), "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2 and result.stderr == f"coach: error: {missing}: no such file\n"
    result = run_coach("screenshot", "--scene", "home", "--out", str(tmp_path / "x.jpg"))
    assert result.returncode == 2 and "name the file .png" in result.stderr and "Traceback" not in result.stderr


def test_play_with_a_missing_video_says_so_in_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    missing = tmp_path / "gone.mp4"
    result = run_coach("play", "--source", str(missing), "--seconds", "20")
    assert result.returncode == 2
    assert result.stderr == f"coach: error: {missing}: no such file\n"


def test_play_starts_into_a_plan_and_closing_it_saves_the_workout(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'coach.db'}"
    result = run_coach("play", "--source", "synthetic", "--seconds", "15", "--plan", "legs", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    from coach.storage.repository import open_repository

    repo = open_repository(db)
    (session,) = repo.sessions()
    assert session.plan_name == "Legs" and session.status == "aborted"  # the window closed mid-workout


def test_play_with_an_unknown_plan_says_so_in_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    result = run_coach("play", "--source", "synthetic", "--plan", "nope", "--db", f"sqlite:///{tmp_path / 'c.db'}")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "no plan called 'nope'" in result.stderr
