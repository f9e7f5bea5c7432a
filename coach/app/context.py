"""What every scene shares: theme, sounds, settings, the live feed and what it delivered this frame.

Passed to each scene's constructor (no module globals), so a test can build a scene with a frozen feed and no window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.app.feed import LiveFeed
from coach.app.settings import AppSettings, save_settings
from coach.app.sound import Sounds
from coach.app.theme import Theme
from coach.live.client import LiveUpdate


@dataclass
class AppContext:
    """Shared state of a running app. `update` is what the live feed delivered since the previous UI frame."""

    theme: Theme
    sounds: Sounds
    settings: AppSettings = field(default_factory=AppSettings)
    live: LiveFeed | None = None
    update: LiveUpdate = field(default_factory=lambda: LiveUpdate(None, (), 0))
    ui_fps: float = 0.0
    persist_settings: bool = False  # write settings.json when they change (off in tests and screenshots)

    def change_settings(self, settings: AppSettings) -> None:
        """Apply new settings (and save them when this app persists them)."""
        self.settings = settings
        self.sounds.muted = not settings.sound
        if self.persist_settings:
            save_settings(settings)
