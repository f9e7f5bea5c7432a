"""What can go wrong with a person's database, each as one line naming the database and what to do.

Nothing here ever deletes, moves or rewrites the database to "fix" it: the person decides.
"""

from __future__ import annotations

from coach.errors import CoachError

CHOOSE_ANOTHER = "choose another database with --db or COACH_DB_URL"


class StorageError(CoachError):
    """A database that cannot be used as asked."""


class NotADatabaseError(StorageError):
    """The file is not an SQLite database, or an SQLite database that belongs to another program."""


class DatabaseLockedError(StorageError):
    """Another program held the database locked for longer than the busy timeout."""


class SchemaTooNewError(StorageError):
    """The database was written by a newer Coach; this one does not know its schema and will not touch it."""


class ReadOnlyError(StorageError):
    """The database file, or the folder it lives in, cannot be written."""


class NotFoundError(StorageError):
    """A session, set, sample or model version id that does not exist."""


class StateError(StorageError):
    """An operation that does not fit the record's state (a rep for a finished set, say)."""
