"""The recognizer the app runs, as Settings and Retrain show it: `choose_model` over the app's repository (and
`coach play --model`), in a few words, plus the one line when the preferred model was passed over or is broken."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.errors import CoachError
from coach.model_choice import ModelChoice, choose_model
from coach.storage import Repository


@dataclass(frozen=True)
class ModelInUse:
    """What runs (None: nothing can, `problem` says why) and the problem to show, if any."""

    choice: ModelChoice | None
    problem: str | None = None

    @property
    def short(self) -> str:
        """A few words: "version 3", "the shipped model", "my-model (COACH_MODEL)"."""
        choice = self.choice
        if choice is None:
            return "none (see below)"
        if choice.version is not None:
            return f"version {choice.version}"
        if choice.origin == "shipped":
            return "the shipped model"
        return f"{choice.path.name} ({choice.origin})"


def model_in_use(repo: Repository | None, explicit: Path | None = None) -> ModelInUse:
    """The model `choose_model` picks now; a folder named by --model or COACH_MODEL that does not load is reported,
    never raised (a screen must draw)."""
    try:
        choice = choose_model(explicit, repo=repo)
    except CoachError as exc:
        return ModelInUse(None, str(exc))
    return ModelInUse(choice, choice.note)
