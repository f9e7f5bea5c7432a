"""Storage tests run on SQLite and on PostgreSQL.

PostgreSQL comes from COACH_TEST_PG_URL (`.ci/run` starts a throw-away server and sets it). Without it the PostgreSQL
variants are skipped, saying why; with COACH_REQUIRE_PG=1 (set by `.ci/run`) a missing server fails them instead.
Each PostgreSQL test gets a schema of its own (via search_path), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

PG_URL = os.environ.get("COACH_TEST_PG_URL")
REQUIRE_PG = os.environ.get("COACH_REQUIRE_PG") == "1"


def _pg_unavailable(reason: str) -> None:
    if REQUIRE_PG:
        pytest.fail(f"PostgreSQL required (COACH_REQUIRE_PG=1) but {reason}")
    pytest.skip(f"PostgreSQL variant skipped: {reason} (.ci/run starts a server and sets COACH_TEST_PG_URL)")


@pytest.fixture(scope="session")
def pg_admin():
    """An engine on the test PostgreSQL server (session-wide), or a skip/fail saying why there is none."""
    if not PG_URL:
        _pg_unavailable("COACH_TEST_PG_URL is not set")
    from sqlalchemy import create_engine, text

    from coach.storage.database import parse_url

    engine = create_engine(parse_url(PG_URL), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach it: say which
        _pg_unavailable(f"{PG_URL} cannot be reached ({str(error).splitlines()[0]})")
    yield engine
    engine.dispose()


def pg_schema_url(admin) -> Iterator[str]:
    """A URL whose tables live in a fresh schema; the schema is dropped afterwards."""
    from sqlalchemy import text

    from coach.storage.database import parse_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = parse_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'coach.db'}"
    else:
        yield from pg_schema_url(request.getfixturevalue("pg_admin"))


class Clock:
    """A settable clock for the repository, so days and durations in tests are exact."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    # Mid-day local time, so local dates do not depend on the machine's time zone in a surprising way.
    return Clock(datetime(2026, 11, 16, 12, 0).astimezone().astimezone(UTC))
