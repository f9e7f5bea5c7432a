"""The names of the screens `coach screenshot` can render (kept free of pygame so the CLI's parser stays fast)."""

from __future__ import annotations

SCREEN_NAMES = (
    "home", "live", "workout", "rest", "paused", "summary", "settings", "history", "calibration", "retrain",
)  # fmt: skip
NEEDS_FRAME = ("live", "workout", "rest", "paused")  # drawn over a real frame from the source
DEFAULT_AT_S = 6.0
