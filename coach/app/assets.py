"""Where the app's files live: `assets/` at the repository root (fonts, sounds), like `models/default`."""

from __future__ import annotations

import os
from pathlib import Path


def assets_dir() -> Path:
    """COACH_ASSETS if set, else the repository's `assets/` folder."""
    env = os.environ.get("COACH_ASSETS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "assets"
