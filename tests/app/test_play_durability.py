"""A rep on screen is a rep on disk, through the whole app: `coach play` runs a plan on a generated video (headless,
SDL dummy drivers), is killed with SIGKILL mid-set once its Workout screen has shown a few reps, and the database then
holds every rep the screen showed, the session is marked interrupted, and SQLite's integrity check passes. On SQLite
and PostgreSQL (tests/storage/conftest.py: COACH_TEST_PG_URL).

What the screen showed comes from the app itself: COACH_SHOWN_LOG (coach/app/shown_log.py) makes the Workout screen
append a line, flushed before the frame goes on screen, each time its phase, set or rep count changes.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from coach.storage.database import parse_url
from coach.storage.repository import open_repository
from coach.synth.export import write_video
from coach.synth.generator import IDLE, Segment, ViewRequest, generate_workout
from tests.storage.conftest import db_url, pg_admin  # noqa: F401  (the SQLite and PostgreSQL databases)

REPO_ROOT = Path(__file__).resolve().parents[2]
PLAN = """\
name: Crash test
description: One long set of squats, killed part way.
difficulty: beginner
estimated_minutes: 2
blocks:
  - name: Squats
    items:
      - {exercise: squat, sets: 1, reps: 30}
"""
KILL_AT_REPS = 2  # of the video's 8: on a 2-core machine busy with other work, a paced video may count only half
SHOWN = re.compile(r"shown (\w+) set=(\d+) reps=(\d+) unsaved=(\d+)")


@pytest.fixture(scope="module")
def squat_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """7 s standing (the get-ready countdown), then eight squats of about 2 s: 33 s at 15 fps, 480x360 (5-10 s to
    render)."""
    clip = generate_workout(
        [Segment(IDLE, seconds=7.0), Segment("squat", reps=8)],
        seed=9,
        fps=15.0,
        view=ViewRequest(width=480, height=360, partly_out_of_frame=False),
    )
    out = tmp_path_factory.mktemp("video") / "squats.mp4"
    write_video(clip, out)
    return out


def _shown(log: Path) -> list[tuple[str, int, int, int]]:
    if not log.exists():
        return []
    found = (SHOWN.fullmatch(line.strip()) for line in log.read_text().splitlines())
    return [(m[1], int(m[2]), int(m[3]), int(m[4])) for m in found if m]


def _play_until_reps_shown(db: str, video: Path, tmp_path: Path) -> tuple[list[tuple[str, int, int, int]], str]:
    """Start `coach play`, SIGKILL it once the screen has shown KILL_AT_REPS reps; what it showed, and its stderr."""
    data = tmp_path / "data"
    (data / "workouts").mkdir(parents=True)
    (data / "workouts" / "crash.yaml").write_text(PLAN)
    log, err = tmp_path / "shown.log", tmp_path / "stderr.txt"
    env = {**os.environ, "COACH_DATA_DIR": str(data), "COACH_SHOWN_LOG": str(log)}
    env |= {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env.pop("COACH_DB_URL", None)
    command = [sys.executable, "-m", "coach", "play", "--plan", "crash", "--source", str(video), "--db", db, "--mute"]
    with err.open("w") as stderr:
        app = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                               start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not any(phase in ("active", "paused") and reps >= KILL_AT_REPS for phase, _, reps, _ in _shown(log)):
            assert app.poll() is None, f"coach play ended early: {err.read_text()}"
            assert time.monotonic() < deadline, f"reps not shown in time: {_shown(log)}; {err.read_text()}"
            assert ("paused", 1) not in [line[:2] for line in _shown(log)], f"the video ended first: {_shown(log)}"
            time.sleep(0.02)
        os.kill(app.pid, signal.SIGKILL)
        app.wait(30)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the live worker it started is in its process group
            os.killpg(app.pid, signal.SIGKILL)
        app.wait(30)
    assert app.returncode == -signal.SIGKILL
    return _shown(log), err.read_text()


@pytest.mark.slow
def test_coach_play_killed_mid_set_has_stored_every_rep_its_screen_showed(db_url: str, squat_video: Path, tmp_path):  # noqa: F811
    shown, stderr = _play_until_reps_shown(db_url, squat_video, tmp_path)
    assert "Traceback" not in stderr, stderr
    assert all(unsaved == 0 for *_, unsaved in shown), shown  # saving worked throughout: no rep shown as unsaved
    during_set = [(number, reps) for phase, number, reps, _ in shown if phase in ("active", "paused")]
    assert max(reps for _, reps in during_set) >= KILL_AT_REPS

    with open_repository(db_url) as repo:
        (summary,) = repo.sessions()
        assert repo.interrupted == (summary.id,)
        detail = repo.session(summary.id)
    assert detail.summary.status == "interrupted"
    sets = {s.position: s for s in detail.sets}
    for number, reps in during_set:
        stored = sets[number]
        assert len(stored.reps) >= reps and stored.achieved_reps >= reps, (number, reps, stored)
    print(f"shown {max(reps for _, reps in during_set)} reps, stored {sets[1].achieved_reps}")
    if db_url.startswith("sqlite"):
        engine = create_engine(parse_url(db_url))
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()
