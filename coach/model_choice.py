"""Which recognizer runs, decided in one place so the app, `coach analyze`, `coach demo` and `coach record` agree.

The order: `--model DIR` > `COACH_MODEL` > the database's active version (what Retrain or `coach models --activate`
chose) > the shipped `models/default`. A folder the person named explicitly must work (a broken one is an error); an
active version that has gone missing or is damaged is passed over with one line saying so, and the shipped model runs,
because a workout should never fail over a model the person trained weeks ago.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError
from coach.recognition.bundle import load_model
from coach.vision.features import FeatureSpec

if TYPE_CHECKING:
    from coach.storage import Repository

ENV_VAR = "COACH_MODEL"


def shipped_model_dir() -> Path:
    """The model that ships with Coach (`models/default` in the repository)."""
    return Path(__file__).resolve().parents[1] / "models" / "default"


@dataclass(frozen=True)
class ModelChoice:
    """The recognizer to run: its folder, its database version (None: not a registered version), where the choice
    came from (`--model`, `COACH_MODEL`, `active version`, `shipped`) and, when a preferred model was passed over,
    one line saying why."""

    path: Path
    version: int | None
    origin: str
    note: str | None = None

    def describe(self) -> str:
        """One line for a screen or a terminal: which model runs."""
        if self.version is not None:
            return f"model version {self.version} ({self.path})"
        if self.origin == "shipped":
            return f"the shipped model ({self.path})"
        return f"{self.path} (from {self.origin})"

    def to_json(self) -> dict[str, Any]:
        """The `"model"` object of `coach analyze` JSON."""
        return {"path": str(self.path), "version": self.version}


def choose_model(
    explicit: Path | None = None,
    *,
    repo: Repository | None = None,
    env: Mapping[str, str] | None = None,
    spec: FeatureSpec | None = None,
) -> ModelChoice:
    """The model to run. `explicit` is `--model DIR`; `repo` (optional) supplies the active version; `env` defaults to
    the process environment. A folder named by `--model` or `COACH_MODEL` that does not load is a ModelFileError (the
    person asked for it); a broken active version falls back to the shipped model with a `note`."""
    env = os.environ if env is None else env
    expected = spec or FeatureSpec()
    if explicit is not None:
        load_model(Path(explicit), expected=expected)  # a damaged folder fails here, naming it
        return ModelChoice(Path(explicit), None, "--model")
    if env.get(ENV_VAR):
        folder = Path(env[ENV_VAR])
        try:
            load_model(folder, expected=expected)
        except CoachError as exc:
            raise type(exc)(f"{exc}; {ENV_VAR} names this folder (unset it to use the usual model)") from None
        return ModelChoice(folder, None, ENV_VAR)
    shipped = ModelChoice(shipped_model_dir(), None, "shipped")
    if repo is None:
        return shipped
    active = repo.models.active()
    if active is None:
        return shipped
    try:
        load_model(active.path, expected=expected)
    except CoachError as exc:
        note = (
            f"the active model version {active.id} cannot be used ({exc}); Coach uses the shipped model instead "
            "(choose another with `coach models`)"
        )
        return ModelChoice(shipped.path, None, "shipped", note)
    return ModelChoice(active.path, active.id, "active version")
