"""Every rep reported as counted survives a SIGKILL mid-set, and the session is then marked interrupted."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from coach.storage import open_repository
from coach.storage.database import parse_url

REPO_ROOT = Path(__file__).resolve().parents[2]
KILL_AFTER_SET2_REPS = 6


def test_a_workout_killed_mid_set_keeps_every_reported_rep(db_url: str):
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.storage.workout_child", db_url],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: list[str] = []
    deadline = time.monotonic() + 60
    try:
        while sum(line.startswith("rep 2 ") for line in lines) < KILL_AFTER_SET2_REPS:
            line = child.stdout.readline()
            assert line, f"the child stopped early: {child.stderr.read()}"
            lines.append(line.strip())
            assert time.monotonic() < deadline
        time.sleep(0.02)  # land somewhere inside the next rep's commit or the pause before it
        child.send_signal(signal.SIGKILL)
    finally:
        rest, _ = child.communicate(timeout=30)  # also reaps it: a zombie would still look alive
    lines += [line.strip() for line in rest.splitlines() if line.strip()]
    assert child.returncode == -signal.SIGKILL

    session_id = int(lines[0].split()[1])
    reported = [tuple(int(x) for x in line.split()[1:]) for line in lines if line.startswith("rep ")]
    reported_set2 = [r for r in reported if r[0] == 2]
    assert len(reported_set2) >= KILL_AFTER_SET2_REPS

    with open_repository(db_url) as repo:
        assert repo.interrupted == (session_id,)
        detail = repo.session(session_id)
    assert detail.summary.status == "interrupted"
    first, second = detail.sets
    assert (first.achieved_reps, first.ended_at is not None) == (5, True)
    # Every rep the child saw committed is there; at most one more (committed, killed before it could print).
    assert len(reported_set2) <= second.achieved_reps <= len(reported_set2) + 1
    assert len(second.reps) == second.achieved_reps
    assert second.ended_at is not None  # closed at its last rep by the recovery
    engine = create_engine(parse_url(db_url))
    with engine.connect() as connection:
        ids = {row[0] for row in connection.execute(text("SELECT id FROM rep_events"))}
        if db_url.startswith("sqlite"):
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    engine.dispose()
    assert {r[2] for r in reported} <= ids  # the very rows reported, not just as many
