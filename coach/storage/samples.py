"""Calibration samples in the database: stored compactly, listed without loading them, exported as coach-sample-1 files
for training (`coach.recognition.samples`)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from coach.exercises.registry import get_exercise
from coach.recording import LandmarkSequence
from coach.storage.database import Database
from coach.storage.errors import NotFoundError, StorageError
from coach.storage.tables import CalibrationSample, Profile


@dataclass(frozen=True)
class SampleInfo:
    """One stored recording, without its landmarks."""

    id: int
    profile: str
    exercise: str
    frames: int
    detected_frames: int
    fps: float
    reps: int | None
    source: str
    created_at: datetime
    rep_ranges: list[float] | None = None  # degrees of each counted rep; None: not measured yet

    @property
    def seconds(self) -> float:
        return self.frames / self.fps if self.fps > 0 else 0.0

    @property
    def subject(self) -> str:
        """The training split unit. Each recording is its own "person": a calibration model is for the person who
        recorded it, so held-out recordings (not held-out people) are what measures it."""
        return f"{self.profile}-{self.id}"


def pack(sequence: LandmarkSequence) -> bytes:
    """The landmark arrays as compressed .npz bytes."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        world=np.asarray(sequence.world, np.float32),
        visibility=np.asarray(sequence.visibility, np.float32),
        detected=np.asarray(sequence.detected, bool),
    )
    return buffer.getvalue()


def unpack(data: bytes, fps: float) -> LandmarkSequence:
    """The inverse of `pack`."""
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        return LandmarkSequence(arrays["world"], arrays["visibility"], arrays["detected"], fps)


def _info(row: CalibrationSample, profile: str) -> SampleInfo:
    ranges = list(row.rep_ranges) if row.rep_ranges is not None else None
    return SampleInfo(row.id, profile, row.exercise, row.frames, row.detected_frames, row.fps, row.reps, row.source,
                      row.created_at, ranges)  # fmt: skip


class SampleStore:
    """Add, list, load, delete and export calibration samples."""

    def __init__(self, db: Database, profile_id: Callable[[Session, str], int]) -> None:
        self._db = db
        self._profile_id = profile_id

    def add(
        self,
        exercise: str,
        sequence: LandmarkSequence,
        *,
        source: str,
        profile: str = "default",
        reps: int | None = None,
        rep_ranges: Sequence[float] | None = None,
    ) -> int:
        """Store a recording (with the range of each rep it counted, when measured); returns its id."""
        get_exercise(exercise)
        if sequence.frames == 0:
            raise StorageError(f"{self._db.where}: an empty recording is not stored")
        with self._db.write() as session:
            row = CalibrationSample(
                profile_id=self._profile_id(session, profile), exercise=exercise, frames=sequence.frames,
                detected_frames=sequence.detected_frames, fps=float(sequence.fps), reps=reps, source=source[:500],
                landmarks=pack(sequence), rep_ranges=None if rep_ranges is None else [float(r) for r in rep_ranges],
            )  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    def list(self, exercise: str | None = None, profile: str | None = None) -> list[SampleInfo]:
        """Every sample (oldest first), optionally of one exercise or one profile."""
        query = (
            select(CalibrationSample, Profile.name)
            .join(Profile)
            .options(defer(CalibrationSample.landmarks))
            .order_by(CalibrationSample.id)
        )
        if exercise is not None:
            query = query.where(CalibrationSample.exercise == exercise)
        if profile is not None:
            query = query.where(Profile.name == profile)
        with self._db.read() as session:
            return [_info(row, name) for row, name in session.execute(query)]

    def load(self, sample_id: int) -> tuple[SampleInfo, LandmarkSequence]:
        """One sample with its landmarks."""
        with self._db.read() as session:
            found = session.execute(
                select(CalibrationSample, Profile.name).join(Profile).where(CalibrationSample.id == sample_id)
            ).first()
            if found is None:
                raise NotFoundError(f"{self._db.where}: no calibration sample {sample_id} (see `coach samples`)")
            row, name = found
            return _info(row, name), unpack(row.landmarks, row.fps)

    def set_rep_ranges(self, sample_id: int, ranges: Sequence[float]) -> None:
        """Remember the ranges measured for a sample recorded before samples kept them."""
        with self._db.write() as session:
            row = session.get(CalibrationSample, sample_id)
            if row is None:
                raise NotFoundError(f"{self._db.where}: no calibration sample {sample_id} (see `coach samples`)")
            row.rep_ranges = [float(r) for r in ranges]

    def delete(self, sample_id: int) -> SampleInfo:
        """Delete one sample (the person asked to); returns what was deleted."""
        with self._db.write() as session:
            found = session.execute(
                select(CalibrationSample, Profile.name)
                .join(Profile)
                .options(defer(CalibrationSample.landmarks))
                .where(CalibrationSample.id == sample_id)
            ).first()
            if found is None:
                raise NotFoundError(f"{self._db.where}: no calibration sample {sample_id} (see `coach samples`)")
            session.delete(found[0])
            return _info(*found)

    def export(self, folder: Path, ids: Sequence[int] | None = None) -> list[Path]:
        """Write samples as coach-sample-1 files (`sample-ID-EXERCISE.npz`) into `folder`; an existing file is never
        overwritten."""
        from coach.recognition.samples import save_sample  # pulls in the training data code: only when exporting

        chosen = [info for info in self.list() if ids is None or info.id in ids]
        paths = []
        for info in chosen:
            path = Path(folder) / f"sample-{info.id:05d}-{info.exercise}.npz"
            if path.exists():
                raise StorageError(f"{path}: already exists; export into an empty folder")
            _, sequence = self.load(info.id)
            arrays = (sequence.world, sequence.visibility, sequence.detected, sequence.fps)
            paths.append(save_sample(path, *arrays, info.exercise, info.subject, info.source))
        return paths
