"""An opt-in record of what the Workout screen showed, for the crash test (tests/app/test_play_sigkill.py).

`COACH_SHOWN_LOG=FILE coach play ...` appends one line to FILE each time the drawn phase, set or rep count changes:

    shown PHASE set=N reps=R unsaved=U

written and flushed before the frame is put on screen, so a process killed at any moment has shown at most what the
file says. `unsaved` is the number of reps the screen says are not stored yet (0 while saving works). Off unless the
variable is set; nothing else reads it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from coach.app.views import WorkoutHud

ENV_VAR = "COACH_SHOWN_LOG"


class ShownLog:
    """Appends a line per change of what the Workout screen shows."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = None
        self._last: tuple[str, int, int, int] | None = None

    @classmethod
    def from_env(cls) -> ShownLog | None:
        """The log named by COACH_SHOWN_LOG, or None when it is not set."""
        value = os.environ.get(ENV_VAR)
        return cls(Path(value)) if value else None

    def note(self, hud: WorkoutHud) -> None:
        """Record `hud` if what it shows differs from the last line."""
        key = (hud.phase, hud.set_number, hud.reps, hud.unsaved_reps)
        if key == self._last:
            return
        self._last = key
        if self._file is None:
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write(f"shown {hud.phase} set={hud.set_number} reps={hud.reps} unsaved={hud.unsaved_reps}\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
