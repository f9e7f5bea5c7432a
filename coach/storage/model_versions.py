"""Recognizers trained on this machine: registered with their metrics, one active at a time, rollback by activating an
older one. A new model never replaces the active one if it does worse on held-out data, unless the person insists."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from coach.storage.database import Database
from coach.storage.errors import NotFoundError, StorageError
from coach.storage.tables import ModelVersion


@dataclass(frozen=True)
class ModelInfo:
    """One registered model version."""

    id: int
    created_at: datetime
    architecture: str
    data: str
    accuracy: float | None
    incumbent_accuracy: float | None
    path: Path
    active: bool
    note: str
    metrics: dict[str, Any]


@dataclass(frozen=True)
class Verdict:
    """Whether a newly trained model becomes the active one, and why (shown to the person)."""

    activate: bool
    reason: str


ADVICE = " (activate it anyway with `coach models --activate ID`, or train with --force)"  # screens leave it out


def activation_verdict(
    candidate: float | None, incumbent: float | None, force: bool = False, not_compared: str | None = None
) -> Verdict:
    """The no-regress rule: activate when the new model scores at least what the model in use scores on the same
    windows. `not_compared` (why the two could not be scored on the same windows) keeps the new one inactive: no
    guess from another test set."""
    if force:
        return Verdict(True, "activated because --force was given")
    if not_compared is not None:
        return Verdict(False, f"not compared with the model in use: {not_compared}; not activated" + ADVICE)
    if candidate is None:
        return Verdict(False, "not activated: no data was held out to measure it (record more samples, or --force)")
    if incumbent is None:
        return Verdict(True, f"activated: {candidate:.1%} held-out accuracy, and no model to compare with")
    if candidate >= incumbent:
        return Verdict(True, f"activated: {candidate:.1%} on windows neither model learned from, the model in use "
                       f"{incumbent:.1%}")  # fmt: skip
    return Verdict(
        False, f"not activated: {candidate:.1%} is worse than the model in use's {incumbent:.1%} on the same windows"
        + ADVICE,
    )  # fmt: skip


def compared_summary(metrics: dict[str, Any]) -> str:
    """A version's comparison with the model in use when it was trained (metrics.json `comparison`, written by
    retraining): "new vs then in use" on the same windows, "not compared", or "-" (none was made)."""
    comparison = metrics.get("comparison")
    if not isinstance(comparison, dict):
        return "-"
    if comparison.get("not_compared"):
        return "not compared"
    new, old = comparison.get("new") or {}, comparison.get("incumbent") or {}
    if new.get("overall") is None or old.get("overall") is None:
        return "-"
    return f"{new['overall']:.1%} vs {old['overall']:.1%}"


def _info(row: ModelVersion) -> ModelInfo:
    return ModelInfo(row.id, row.created_at, row.architecture, row.data, row.accuracy, row.incumbent_accuracy,
                     Path(row.path), row.active, row.note, dict(row.metrics))  # fmt: skip


def _read_meta(folder: Path) -> dict[str, Any]:
    path = folder / "recognizer.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise StorageError(f"{path}: cannot be read ({error}); not a Coach model folder") from None


class ModelStore:
    """Register, list and activate model versions; their folders live under `models_dir/<id>`."""

    def __init__(self, db: Database, models_dir: Path) -> None:
        self._db = db
        self.models_dir = Path(models_dir)

    def _folder_for(self, version_id: int) -> Path:
        folder = self.models_dir / str(version_id)
        suffix = 1
        while folder.exists():  # left behind by another database: never written over
            suffix += 1
            folder = self.models_dir / f"{version_id}-{suffix}"
        return folder

    def register(
        self,
        folder: Path,
        metrics: dict[str, Any],
        *,
        data: str,
        incumbent_accuracy: float | None,
        force: bool = False,
        note: str = "",
        verdict: Verdict | None = None,
    ) -> tuple[ModelInfo, Verdict]:
        """Copy a trained model folder into the models folder, record it, and activate it if the rule allows (or as
        `verdict` says, when the caller compared the two models itself)."""
        meta = _read_meta(Path(folder))
        accuracy = metrics.get("accuracy")
        if verdict is None:
            verdict = activation_verdict(accuracy, incumbent_accuracy, force)
        target: Path | None = None
        try:
            with self._db.write() as session:
                row = ModelVersion(
                    architecture=str(meta.get("architecture", metrics.get("architecture", "?"))), data=data,
                    feature_spec=meta.get("feature_spec", {}), metrics=metrics, accuracy=accuracy,
                    incumbent_accuracy=incumbent_accuracy, path="", active=False, note=note or verdict.reason,
                )  # fmt: skip
                session.add(row)
                session.flush()
                target = self._folder_for(row.id)
                try:
                    shutil.copytree(folder, target)
                except OSError as error:
                    raise StorageError(f"{target}: cannot copy the model there ({error.strerror})") from None
                row.path = str(target)
                if verdict.activate:
                    session.execute(update(ModelVersion).where(ModelVersion.active).values(active=False))
                    row.active = True
                session.flush()
                info = _info(row)
        except BaseException:
            if target is not None and target.exists():
                shutil.rmtree(target)  # the copy made a moment ago for a version that was not recorded
            raise
        return info, verdict

    def list(self) -> list[ModelInfo]:
        """Every version, oldest first."""
        with self._db.read() as session:
            return [_info(row) for row in session.scalars(select(ModelVersion).order_by(ModelVersion.id))]

    def get(self, version_id: int) -> ModelInfo:
        """One version."""
        with self._db.read() as session:
            row = session.get(ModelVersion, version_id)
            if row is None:
                raise NotFoundError(f"{self._db.where}: no model version {version_id} (see `coach models`)")
            return _info(row)

    def active(self) -> ModelInfo | None:
        """The active version (None: the shipped model is in use)."""
        with self._db.read() as session:
            row = session.scalars(select(ModelVersion).where(ModelVersion.active)).first()
            return _info(row) if row is not None else None

    def activate(self, version_id: int) -> ModelInfo:
        """Make a version the active one (also how to roll back); its folder must still load."""
        from coach.recognition.bundle import load_model

        load_model(self.get(version_id).path)  # a missing or damaged folder fails here, naming it
        with self._db.write() as session:
            row = session.get(ModelVersion, version_id)
            if row is None:
                raise NotFoundError(f"{self._db.where}: no model version {version_id} (see `coach models`)")
            session.execute(update(ModelVersion).where(ModelVersion.active).values(active=False))
            row.active = True
            session.flush()
            return _info(row)

    def deactivate(self) -> None:
        """Go back to the shipped model."""
        with self._db.write() as session:
            session.execute(update(ModelVersion).where(ModelVersion.active).values(active=False))
