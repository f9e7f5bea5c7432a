"""A database that cannot be used is reported in one line naming it and what to do, and is never changed."""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from coach.cli import main
from coach.storage import StorageError, open_repository
from coach.storage.errors import DatabaseLockedError, NotADatabaseError, ReadOnlyError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_error(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coach: error: ") and "\n" not in err and "Traceback" not in err
    return err


def test_a_file_that_is_not_a_database_is_named_and_left_alone(tmp_path: Path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping: eggs, oats\n" * 50)
    before = _digest(notes)
    with pytest.raises(NotADatabaseError, match=rf"{notes}: not a database \(not an SQLite file\); left untouched"):
        open_repository(str(notes))
    err = _one_line_error(capsys, ["history", "--db", f"sqlite:///{notes}"])
    assert str(notes) in err and "--db" in err
    assert _digest(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no -wal/-shm/journal made beside it


def test_another_programs_sqlite_database_is_refused_unchanged(tmp_path: Path):
    path = tmp_path / "photos.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT)")
    other.execute("INSERT INTO albums (title) VALUES ('Holidays')")
    other.commit()
    other.close()
    before = _digest(path)
    with pytest.raises(NotADatabaseError, match=rf"{path}: a database of another program \(tables albums"):
        open_repository(str(path))
    assert _digest(path) == before  # not even switched to WAL


def test_a_locked_database_waits_then_says_so_and_loses_nothing(tmp_path: Path):
    path = tmp_path / "coach.db"
    with open_repository(str(path)) as repo:
        session_id = repo.start_session("default", "Legs")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program writing (and never finishing)
    try:
        with open_repository(str(path), busy_timeout_s=0.3) as repo:
            assert [s.id for s in repo.sessions()] == [session_id]  # reading still works under WAL
            started = time.monotonic()
            with pytest.raises(DatabaseLockedError) as raised:
                repo.start_set(session_id, "squat")
            waited = time.monotonic() - started
    finally:
        other.rollback()
        other.close()
    assert 0.25 <= waited < 5
    assert str(raised.value) == (
        f"{path}: the database is locked by another program (another Coach?) for more than 0.3 s; "
        "close it and try again"
    )
    with open_repository(str(path)) as repo:  # once the lock is gone, everything is there and writable
        set_id = repo.start_set(session_id, "squat")
        assert repo.session(session_id).sets[0].id == set_id


@pytest.fixture
def shared_tmp():
    """A temporary folder other users can reach (pytest's own tmp_path is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="coach-ro-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


@contextmanager
def permissions_apply():
    """Root ignores a read-only folder; act as `nobody` meanwhile so the test means what it says for everyone."""
    if os.geteuid() != 0:
        yield
        return
    nobody = pwd.getpwnam("nobody")
    os.setegid(nobody.pw_gid)
    os.seteuid(nobody.pw_uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_read_only_folder_is_named_with_what_to_do(shared_tmp: Path, capsys):
    folder = shared_tmp / "data"
    folder.mkdir()
    path = folder / "coach.db"
    with open_repository(str(path)) as repo:
        repo.start_session("default", "Legs")
    if os.geteuid() == 0:
        for item in (folder, *folder.iterdir()):
            os.chown(item, pwd.getpwnam("nobody").pw_uid, -1)
    before = _digest(path)
    folder.chmod(0o555)
    with permissions_apply():
        with pytest.raises(ReadOnlyError) as existing:
            open_repository(str(path))
        err = _one_line_error(capsys, ["stats", "--db", str(folder / "new.db")])
    assert str(existing.value) == (
        f"{folder}: the folder is read-only, and SQLite needs to write coach.db and its -wal/-shm files there; "
        "make it writable or choose another database with --db or COACH_DB_URL"
    )
    assert f"{folder}: the folder is read-only" in err
    assert not (folder / "new.db").exists()
    assert _digest(path) == before


def test_an_unreachable_server_is_named_without_its_password(capsys):
    err = _one_line_error(capsys, ["history", "--db", "postgresql://coach:s3cret@127.0.0.1:1/coach"])
    assert "postgresql+psycopg://coach:***@127.0.0.1:1/coach: cannot use the database" in err
    assert "s3cret" not in err


def test_unsupported_and_malformed_urls(capsys):
    with pytest.raises(StorageError, match="Coach supports SQLite and PostgreSQL databases only"):
        open_repository("mysql://me@localhost/coach")
    with pytest.raises(StorageError, match="not a database URL"):
        open_repository("sqlite://:bad:port")
