"""The repository as the workout engine and the UI use it: what goes in comes back out, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coach.counting.events import RepEvent, RepTempo
from coach.storage import SessionStatus, open_repository
from coach.storage.errors import NotFoundError, StateError
from tests.storage.workouts import do_set, hold, rep


@pytest.fixture
def repo(db_url: str, clock, tmp_path: Path):
    with open_repository(db_url, clock=clock, models_dir=tmp_path / "models") as repository:
        yield repository


def test_reps_come_back_exactly_as_the_counter_emitted_them(repo, clock):
    session_id = repo.start_session("default", "Morning")
    set_id = repo.start_set(session_id, "bicep_curl", target_reps=3)
    events = [
        RepEvent("bicep_curl", "left", 1.25, 3.5, RepTempo(1.125, 0.875), 121.75, 0.875, ("slower on the way down",)),
        RepEvent("bicep_curl", "right", 4.0, 6.0, RepTempo(1.0, 0.75), 64.5, 0.25, ("full range", "elbows in"), True),
        RepEvent("bicep_curl", "both", 6.5, 8.25, RepTempo(0.875, 0.625), 118.0, 1.0),
    ]
    for event in events:
        repo.record_rep(session_id, set_id, event)
    detail = repo.session(session_id)
    assert detail.sets[0].reps == tuple(events)
    assert detail.sets[0].achieved_reps == 2  # the partial rep is stored but not counted


def test_a_set_counts_reps_as_they_arrive_and_closes_with_its_quality(repo, clock):
    session_id = repo.start_session("default", "Legs")
    set_id = repo.start_set(session_id, "squat", target_reps=5)
    for i in range(4):
        repo.record_rep(session_id, set_id, rep(index=i, quality=0.5 + 0.1 * i))
        assert repo.session(session_id).sets[0].achieved_reps == i + 1  # visible mid-set, not only at the end
    clock.advance(12)
    finished = repo.finish_set(session_id, set_id)
    assert (finished.achieved_reps, finished.target_reps) == (4, 5)
    assert finished.quality == pytest.approx(0.65)
    assert finished.duration_s == pytest.approx(12)


def test_holds_add_their_seconds_and_the_engine_may_override(repo, clock):
    session_id = repo.start_session("default", "Core")
    first = repo.start_set(session_id, "plank", target_seconds=30)
    repo.record_hold(session_id, first, hold(12.0))
    repo.record_hold(session_id, first, hold(15.5, start=14.0))
    assert repo.finish_set(session_id, first).achieved_seconds == pytest.approx(27.5)
    second = repo.start_set(session_id, "plank", target_seconds=20)
    assert repo.finish_set(session_id, second, achieved_seconds=19.2).achieved_seconds == pytest.approx(19.2)
    detail = repo.session(session_id)
    assert [s.position for s in detail.sets] == [1, 2]
    assert detail.sets[0].holds[1] == hold(15.5, start=14.0)


def test_finishing_a_session_closes_open_sets_and_keeps_the_score(repo, clock):
    session_id = repo.start_session("ana", "Full body")
    do_set(repo, clock, session_id, "squat", 3, 5)
    open_set = repo.start_set(session_id, "pushup", target_reps=10)
    repo.record_rep(session_id, open_set, rep("pushup", 0))
    clock.advance(30)
    repo.finish_session(session_id, SessionStatus.COMPLETED, score=72.5)
    detail = repo.session(session_id)
    assert detail.summary.status == "completed" and detail.summary.score == 72.5
    assert detail.summary.profile == "ana"
    assert all(s.ended_at is not None for s in detail.sets)
    assert (detail.summary.sets, detail.summary.reps) == (2, 4)


def test_xp_ledger_and_badges_earned_once(repo):
    session_id = repo.start_session("default", "Legs")
    repo.add_xp(50, "set completed", session_id=session_id)
    repo.add_xp(25, "perfect form", session_id=session_id)
    repo.add_xp(10, "daily login", profile="default")
    assert repo.xp_total("default") == 85
    assert repo.sessions()[0].xp == 75  # the session's own XP
    assert repo.award_badge("first_workout", session_id=session_id) is True
    assert repo.award_badge("first_workout", session_id=session_id) is False
    assert [badge for badge, _ in repo.badges("default")] == ["first_workout"]


def test_misuse_is_refused_with_a_clear_error(repo):
    session_id = repo.start_session("default", "Legs")
    set_id = repo.start_set(session_id, "squat", target_reps=5)
    repo.finish_set(session_id, set_id)
    with pytest.raises(StateError, match=f"set {set_id} is already finished"):
        repo.record_rep(session_id, set_id, rep())
    with pytest.raises(NotFoundError, match="no set 999"):
        repo.record_rep(session_id, 999, rep())
    repo.finish_session(session_id, "aborted")
    with pytest.raises(StateError, match="is aborted, not running"):
        repo.start_set(session_id, "squat")
    with pytest.raises(NotFoundError, match="no workout session 4242"):
        repo.session(4242)
    with pytest.raises(Exception, match="unknown exercise 'burpee'"):
        repo.start_set(repo.start_session("default", "x"), "burpee")


def test_a_session_another_running_coach_owns_is_left_running(db_url, clock, tmp_path):
    """`coach history` opened while the game records must not mark the live workout interrupted."""
    with open_repository(db_url, clock=clock) as game:
        session_id = game.start_session("default", "Legs")
        with open_repository(db_url, clock=clock) as history_reader:
            assert history_reader.interrupted == ()
            assert history_reader.sessions()[0].status == "running"
        set_id = game.start_set(session_id, "squat")
        game.record_rep(session_id, set_id, rep())


def test_a_session_whose_process_died_becomes_interrupted_keeping_its_reps(db_url, tmp_path):
    child = (
        "import sys\n"
        "from coach.storage import open_repository\n"
        "from tests.storage.workouts import rep\n"
        "repo = open_repository(sys.argv[1])\n"
        "s = repo.start_session('default', 'Legs')\n"
        "t = repo.start_set(s, 'squat', target_reps=10)\n"
        "for i in range(3):\n"
        "    repo.record_rep(s, t, rep(index=i))\n"
        "print(s)\n"
    )  # exits without finishing the session, as a crash would
    done = subprocess.run([sys.executable, "-c", child, db_url], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    session_id = int(done.stdout)
    with open_repository(db_url) as repo:
        assert repo.interrupted == (session_id,)
        detail = repo.session(session_id)
        assert detail.summary.status == "interrupted"
        assert detail.summary.ended_at is not None
        assert detail.sets[0].achieved_reps == 3 and detail.sets[0].ended_at is not None
    with open_repository(db_url) as repo:
        assert repo.interrupted == ()  # recovered once
