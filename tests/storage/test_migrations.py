"""Schema migrations: an old database upgrades in place without losing data; a newer one is refused untouched; the
models and the migrations describe the same schema."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from coach.storage import open_repository
from coach.storage.database import Database, parse_url
from coach.storage.errors import SchemaTooNewError
from coach.storage.migrate import current_revisions, head_revision, revisions, upgrade
from coach.storage.tables import Base

# The tables as the FIRST revision (0001) made them: rows are written the way that version of Coach wrote them.
profiles = sa.table("profiles", sa.column("id"), sa.column("name"), sa.column("created_at", sa.DateTime),
                    sa.column("settings", sa.JSON))  # fmt: skip
sessions = sa.table(
    "workout_sessions", sa.column("id"), sa.column("profile_id"), sa.column("plan_name"), sa.column("status"),
    sa.column("started_at", sa.DateTime), sa.column("ended_at", sa.DateTime),
    sa.column("last_activity_at", sa.DateTime), sa.column("score"), sa.column("owner_host"), sa.column("owner_pid"),
    sa.column("owner_started"),
)  # fmt: skip
sets = sa.table(
    "set_results", sa.column("id"), sa.column("session_id"), sa.column("position"), sa.column("exercise"),
    sa.column("target_reps"), sa.column("target_seconds"), sa.column("achieved_reps"), sa.column("achieved_seconds"),
    sa.column("quality"), sa.column("started_at", sa.DateTime), sa.column("ended_at", sa.DateTime),
)  # fmt: skip
reps = sa.table(
    "rep_events", sa.column("id"), sa.column("session_id"), sa.column("set_id"), sa.column("exercise"),
    sa.column("side"), sa.column("start_s"), sa.column("end_s"), sa.column("eccentric_s"), sa.column("concentric_s"),
    sa.column("range_of_motion"), sa.column("quality"), sa.column("cues", sa.JSON), sa.column("partial"),
    sa.column("recorded_at", sa.DateTime),
)  # fmt: skip


def _fill_at_first_revision(db: Database) -> None:
    at = datetime(2026, 3, 2, 7, 30)  # naive UTC, as stored
    with db.engine.begin() as connection:
        connection.execute(sa.insert(profiles).values(id=1, name="ana", created_at=at, settings={"voice": "off"}))
        connection.execute(sa.insert(sessions).values(
            id=7, profile_id=1, plan_name="Old plan", status="completed", started_at=at, ended_at=at,
            last_activity_at=at, score=91.0, owner_host="old-laptop", owner_pid=1234, owner_started=0.0,
        ))  # fmt: skip
        connection.execute(sa.insert(sets).values(
            id=3, session_id=7, position=1, exercise="squat", target_reps=2, target_seconds=None, achieved_reps=2,
            achieved_seconds=0.0, quality=0.75, started_at=at, ended_at=at,
        ))  # fmt: skip
        for i in range(2):
            connection.execute(sa.insert(reps).values(
                session_id=7, set_id=3, exercise="squat", side="both", start_s=2.0 * i, end_s=2.0 * i + 1.5,
                eccentric_s=0.75, concentric_s=0.5, range_of_motion=90.0, quality=0.75, cues=["go lower"],
                partial=False, recorded_at=at,
            ))  # fmt: skip


def test_a_database_made_at_the_first_revision_upgrades_in_place_keeping_its_data(db_url: str):
    first = revisions()[0]
    db = Database(parse_url(db_url))
    assert upgrade(db, first) == first
    assert current_revisions(db) == (first,)
    _fill_at_first_revision(db)
    db.close()

    with open_repository(db_url) as repo:  # what Coach does on start: upgrade to head
        assert current_revisions(repo.db) == (head_revision(),)
        detail = repo.session(7)
    assert detail.summary.plan_name == "Old plan" and detail.summary.profile == "ana"
    assert detail.summary.status == "completed" and detail.summary.score == 91.0
    assert detail.summary.started_at.isoformat() == "2026-03-02T07:30:00+00:00"
    (only_set,) = detail.sets
    assert (only_set.exercise, only_set.achieved_reps, only_set.target_reps) == ("squat", 2, 2)
    assert [r.cues for r in only_set.reps] == [("go lower",), ("go lower",)]


def test_every_revision_is_reachable_from_the_first_in_order():
    chain = revisions()
    assert chain[-1] == head_revision()
    assert len(chain) == len(set(chain))


def test_the_models_and_the_migrations_describe_the_same_schema(db_url: str):
    with open_repository(db_url) as repo, repo.db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_database_from_a_newer_coach_is_refused_and_left_untouched(db_url: str):
    with open_repository(db_url) as repo, repo.db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    path = Path(parse_url(db_url).database) if db_url.startswith("sqlite") else None
    before = _digest(path) if path else None
    with pytest.raises(SchemaTooNewError) as raised:
        open_repository(db_url)
    message = str(raised.value)
    assert "written by a newer Coach (schema revision 9999_future" in message and "update Coach" in message
    assert "\n" not in message
    if path is not None:
        assert str(path) in message
        assert _digest(path) == before
    db = Database(parse_url(db_url))
    assert current_revisions(db) == ("9999_future",)
    db.close()
