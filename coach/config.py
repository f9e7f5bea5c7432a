"""Where Coach keeps a person's data, decided in one place.

Everything lives under one per-user folder (platformdirs: `~/.local/share/coach` on Linux, `~/Library/Application
Support/coach` on macOS, `%LOCALAPPDATA%\\coach` on Windows) so backing up Coach means copying one folder.
`COACH_DATA_DIR` moves it (tests and portable installs); `COACH_DB_URL` points storage at another database.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "coach"


def data_dir() -> Path:
    """The per-user data folder (not created here: callers that write create it)."""
    override = os.environ.get("COACH_DATA_DIR")
    return Path(override).expanduser() if override else Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    """`COACH_DB_URL` if set, else the SQLite file in the data folder."""
    return os.environ.get("COACH_DB_URL") or f"sqlite:///{data_dir() / 'coach.db'}"


def user_plans_dir() -> Path:
    """Where a person's own workout plans (*.yaml) live, beside the bundled ones."""
    return data_dir() / "workouts"


def user_models_dir() -> Path:
    """Where models trained on this machine are kept, one folder per model version."""
    return data_dir() / "models"


def user_samples_dir() -> Path:
    """Where calibration recordings are exported as coach-sample-1 files for training."""
    return data_dir() / "samples"
