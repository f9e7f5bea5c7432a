"""The names of the screens `coach screenshot` can render (kept free of pygame so the CLI's parser stays fast)."""

from __future__ import annotations

SCREEN_NAMES = (
    "home", "plans", "live", "workout", "rest", "paused", "summary", "settings", "history", "calibration", "retrain",
)  # fmt: skip
NEEDS_FRAME = ("live",)  # drawn over a real frame from the source
REHEARSED = ("workout", "rest", "paused", "summary")  # a real workout is run up to the moment shown
DEFAULT_AT_S = 6.0
