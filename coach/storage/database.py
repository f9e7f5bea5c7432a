"""Opening a database safely: the URL, SQLite's settings, checks before anything is written, and errors as one line.

SQLite settings, and why:
- WAL journal: a reader (`coach history`) never blocks the workout that is writing, and a commit appends to one file.
- synchronous=FULL: in WAL mode NORMAL survives a killed process but may lose the last commits on power loss or an OS
  crash; FULL fsyncs the log on every commit, so a rep on screen is a rep on disk even if the plug is pulled. Measured
  (benchmarks/storage.py, a whole `record_rep`, median of 300): 4.1-4.8 ms with FULL against 1.7-2.0 ms with NORMAL.
  That is paid once per rep, and a rep takes over a second, so the ~3 ms are not worth a lost rep.
- foreign_keys=ON (SQLite leaves them off), and a busy timeout: another writer holding the lock is waited for (a commit
  takes milliseconds) before the person is told the database is locked.
- Write transactions start with BEGIN IMMEDIATE: a deferred transaction that reads and then writes under WAL can fail
  at once with "locked" instead of waiting its turn.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from coach.storage.errors import (
    CHOOSE_ANOTHER,
    DatabaseLockedError,
    NotADatabaseError,
    ReadOnlyError,
    StorageError,
)

SQLITE_SYNCHRONOUS = "FULL"
BUSY_TIMEOUT_S = 5.0
SQLITE_MAGIC = b"SQLite format 3\x00"
_WRITE = "coach_write"


def parse_url(text: str) -> URL:
    """A database URL from what a person typed: an SQLAlchemy URL, `postgres://` / `postgresql://` (using psycopg 3),
    or a plain file path (an SQLite database)."""
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().absolute()))
    try:
        url = make_url(text)
    except (exc.ArgumentError, ValueError):
        raise StorageError(
            f"{text}: not a database URL (examples: sqlite:////home/me/coach.db, postgresql://user@host/coach)"
        ) from None
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise StorageError(f"{describe(url)}: Coach supports SQLite and PostgreSQL databases only")
    return url


def describe(url: URL) -> str:
    """How error messages name a database: the file for SQLite, the URL without its password otherwise."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of an SQLite URL (None for in-memory databases and other backends)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _can(path: Path, mode: int) -> bool:
    """os.access for the effective user (the one SQLite will act as), where the platform can tell."""
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def check_sqlite_file(path: Path) -> None:
    """Refuse, before SQLite touches anything, a path that is not a database or cannot be written (SQLite would
    otherwise report "file is not a database" late, or create the file somewhere it cannot keep its -wal/-shm files).
    Creates the folder when missing (the per-user data folder on first start)."""
    folder = path.parent
    if path.exists():
        if not path.is_file():
            raise NotADatabaseError(f"{path}: not a file; {CHOOSE_ANOTHER}")
        try:
            with path.open("rb") as handle:
                head = handle.read(len(SQLITE_MAGIC))
        except OSError as error:
            raise ReadOnlyError(f"{path}: cannot be read ({error.strerror}); check its permissions") from None
        if head and head != SQLITE_MAGIC:
            raise NotADatabaseError(
                f"{path}: not a database (not an SQLite file); left untouched: move it aside or {CHOOSE_ANOTHER}"
            )
        if not _can(path, os.R_OK | os.W_OK):
            raise ReadOnlyError(f"{path}: the database file is read-only; make it writable or {CHOOSE_ANOTHER}")
    else:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ReadOnlyError(
                f"{folder}: cannot create the folder for the database ({error.strerror}); {CHOOSE_ANOTHER}"
            ) from None
    if not _can(folder, os.W_OK | os.X_OK):
        raise ReadOnlyError(
            f"{folder}: the folder is read-only, and SQLite needs to write {path.name} and its -wal/-shm files there; "
            f"make it writable or {CHOOSE_ANOTHER}"
        )


def make_engine(url: URL, *, busy_timeout_s: float = BUSY_TIMEOUT_S, synchronous: str = SQLITE_SYNCHRONOUS) -> Engine:
    """An engine with Coach's settings (see the module docstring); the SQLite file is checked first."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_s})
    else:
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"synchronous must be OFF, NORMAL, FULL or EXTRA, not {synchronous!r}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, so DDL in migrations is transactional
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA synchronous={synchronous.upper()}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def translate(error: exc.DBAPIError, where: str, busy_timeout_s: float, sqlite: bool) -> StorageError | None:
    """The one-line error a person can act on for a database failure (None: a bug, let it surface)."""
    message = _first_line(error).lower()
    if "locked" in message or "busy" in message:
        return DatabaseLockedError(
            f"{where}: the database is locked by another program (another Coach?) for more than {busy_timeout_s:g} s; "
            "close it and try again"
        )
    if "not a database" in message or "encrypted" in message or "malformed" in message:
        return NotADatabaseError(f"{where}: not a usable SQLite database ({message}); left untouched; {CHOOSE_ANOTHER}")
    if "readonly" in message or "read-only" in message or "unable to open database file" in message:
        return ReadOnlyError(f"{where}: cannot write the database ({message}); make it writable or {CHOOSE_ANOTHER}")
    if "disk is full" in message or "disk i/o" in message:
        return StorageError(f"{where}: the disk failed or is full ({message}); free some space and try again")
    if not sqlite and isinstance(error, exc.OperationalError):  # a server that cannot be reached or refuses us
        detail = re.sub(r"\s+", " ", _first_line(error))
        return StorageError(f"{where}: cannot use the database ({detail}); is it reachable? {CHOOSE_ANOTHER}")
    return None


class Database:
    """An engine plus short transactions, with every driver failure turned into a StorageError naming the database."""

    def __init__(self, url: URL, *, busy_timeout_s: float = BUSY_TIMEOUT_S, synchronous: str = SQLITE_SYNCHRONOUS):
        self.url = url
        self.where = describe(url)
        self.busy_timeout_s = busy_timeout_s
        self.engine = make_engine(url, busy_timeout_s=busy_timeout_s, synchronous=synchronous)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def write_engine(self) -> Engine:
        """The engine whose transactions take the write lock up front (migrations use it)."""
        return self.engine.execution_options(**{_WRITE: True})

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn driver errors inside the block into StorageError."""
        try:
            yield
        except exc.DBAPIError as error:
            translated = translate(error, self.where, self.busy_timeout_s, self.is_sqlite)
            if translated is None:
                raise
            raise translated from None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work."""
        with self.errors(), self._reader() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work committed (durably) when the block ends, rolled back if it raises."""
        with self.errors(), self._writer() as session, session.begin():
            yield session

    def enable_wal(self) -> None:
        """Switch an SQLite file to WAL (it stays so). Done only once the file is known to be Coach's: the switch
        rewrites the file header, and a database of another program must be left exactly as it was."""
        if sqlite_path(self.url) is None:
            return
        with self.errors():
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA journal_mode=WAL")
            finally:
                raw.close()

    def close(self) -> None:
        """Close every pooled connection (SQLite then folds the WAL back into the database file)."""
        self.engine.dispose()
