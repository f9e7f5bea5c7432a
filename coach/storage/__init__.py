"""Storage: every rep, set, session, calibration recording and model version, on disk the moment it happens.

`open_repository()` is the entry point; the UI, the workout engine and the CLI use the returned `Repository` and never
SQL. SQLite in the per-user data folder by default (`coach.config.default_db_url`), PostgreSQL when asked.
"""

from __future__ import annotations

from coach.storage.errors import StorageError
from coach.storage.repository import Repository, open_repository
from coach.storage.tables import SessionStatus

__all__ = ["Repository", "SessionStatus", "StorageError", "open_repository"]
