"""The app's own settings (sound, overlays, source, pose model, profile name), kept as a small JSON file in the
per-user data folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from coach.config import data_dir
from coach.errors import CoachError

MODEL_COMPLEXITIES = (0, 1, 2)
SOURCE_CHOICES = ("camera", "camera:1", "synthetic")  # what the Source button cycles through (a video file: --source)


class SettingsError(CoachError):
    """settings.json cannot be read."""


@dataclass(frozen=True)
class AppSettings:
    """What a person can switch in Settings (and `coach play --mute`)."""

    sound: bool = True
    show_skeleton: bool = True
    show_angles: bool = True
    source: str = "camera"  # camera, camera:N, synthetic, or a video file (as `coach play --source`)
    model_complexity: int = 1  # BlazePose 0 (fast), 1 (the default), 2 (accurate, slow)
    profile: str = ""  # the name Home greets; empty: the login name

    def toggled(self, name: str) -> AppSettings:
        """A copy with the boolean setting `name` flipped."""
        return replace(self, **{name: not getattr(self, name)})


def settings_path() -> Path:
    """Where the settings live."""
    return data_dir() / "settings.json"


def load_settings(path: Path | None = None) -> AppSettings:
    """Saved settings, or the defaults when there are none; unknown keys are ignored (a newer Coach wrote them)."""
    path = path or settings_path()
    if not path.is_file():
        return AppSettings()
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise SettingsError(f"{path}: cannot be read as settings ({exc}); fix or delete the file") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: expected a JSON object of settings; fix or delete the file")
    kinds = {f.name: type(getattr(AppSettings(), f.name)) for f in fields(AppSettings)}
    values = {}
    for key, value in data.items():
        if key in kinds:
            kind = kinds[key]
            if type(value) is not kind:
                what = {bool: "true or false", int: "a whole number", str: "a string"}[kind]
                raise SettingsError(f"{path}: '{key}' must be {what}, not {value!r}; fix or delete the file")
            if key == "model_complexity" and value not in MODEL_COMPLEXITIES:
                raise SettingsError(
                    f"{path}: 'model_complexity' must be 0, 1 or 2, not {value}; fix or delete the file"
                )
            values[key] = value
    return AppSettings(**values)


def save_settings(settings: AppSettings, path: Path | None = None) -> None:
    """Write the settings (creating the data folder)."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(settings), indent=1) + "\n")
    except OSError as exc:
        raise SettingsError(f"{path}: cannot save the settings ({exc.strerror or exc})") from None
