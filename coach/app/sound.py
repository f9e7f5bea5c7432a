"""Sound cues (rep, set done, rest over, countdown tick, click) from `assets/sounds/`, mutable.

Sound is a nicety: with no audio device, no mixer or a missing file, every call silently does nothing.
"""

from __future__ import annotations

import contextlib

import pygame

from coach._quiet import native_output_silenced
from coach.app.assets import assets_dir

CUES = ("rep", "set_done", "rest_over", "tick", "click")


class Sounds:
    """Plays the named cues unless muted; `available` is False when there is no way to play sound."""

    def __init__(self, *, muted: bool = False) -> None:
        self.muted = muted
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            if not pygame.mixer.get_init():
                with native_output_silenced():  # ALSA prints its own complaints when there is no sound card
                    pygame.mixer.init(frequency=44_100, size=-16, channels=2, buffer=512)
        except pygame.error:
            return
        for name in CUES:
            path = assets_dir() / "sounds" / f"{name}.wav"
            with contextlib.suppress(pygame.error, FileNotFoundError):
                self._sounds[name] = pygame.mixer.Sound(str(path))

    @property
    def available(self) -> bool:
        """Whether any cue can be played on this machine."""
        return bool(self._sounds)

    def play(self, name: str) -> bool:
        """Play a cue; returns whether it was started (False when muted, missing or no audio device)."""
        sound = self._sounds.get(name)
        if self.muted or sound is None:
            return False
        with contextlib.suppress(pygame.error):
            sound.play()
            return True
        return False

    def toggle_mute(self) -> bool:
        """Mute or unmute; returns the new `muted`."""
        self.muted = not self.muted
        return self.muted
