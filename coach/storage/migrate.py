"""Schema migrations (alembic, shipped inside the package) applied when a database is opened.

A database made by an older Coach is upgraded in place, in one transaction (SQLite and PostgreSQL both roll DDL back
if a step fails). One this version does not know (a newer Coach wrote it) or one that is not Coach's is refused
before anything is written. New revision, after changing tables.py:
`alembic -c coach/storage/alembic.ini revision --autogenerate -m "what changed"` (then read and test it).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect

from coach.storage.database import Database
from coach.storage.errors import CHOOSE_ANOTHER, NotADatabaseError, SchemaTooNewError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """The alembic configuration, without an ini file (the migrations live in the package)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def revisions() -> list[str]:
    """Every revision this version knows, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    """The newest schema revision this version knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revisions(db: Database) -> tuple[str, ...]:
    """The revision(s) the database says it is at (empty for a new database)."""
    with db.errors(), db.engine.connect() as connection:
        return tuple(MigrationContext.configure(connection).get_current_heads())


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(db: Database, target: str = "head") -> str:
    """Bring the database to `target` (normally the head) in place; returns the revision it is at afterwards."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    with db.errors(), db.engine.connect() as connection:
        current = tuple(MigrationContext.configure(connection).get_current_heads())
        tables = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
    unknown = [rev for rev in current if not _known(script, rev)]
    if unknown:
        raise SchemaTooNewError(
            f"{db.where}: written by a newer Coach (schema revision {', '.join(unknown)}; this version knows up to "
            f"{script.get_current_head()}); left untouched: update Coach, or {CHOOSE_ANOTHER}"
        )
    if not current and tables:
        raise NotADatabaseError(
            f"{db.where}: a database of another program (tables {', '.join(sorted(tables)[:3])}...), not Coach's; "
            f"left untouched; {CHOOSE_ANOTHER}"
        )
    db.enable_wal()
    wanted = script.get_current_head() if target == "head" else target
    if current == (wanted,):
        return wanted
    with db.errors(), db.write_engine().begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    return wanted
