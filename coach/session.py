"""What a run of Coach needs before its first frame, decided once: the source, opened from what a person typed (with
the fallback to the avatar when there is no webcam), and the recognition model (`coach.model_choice`), wired into a
`FrameStep` (`coach.pipeline`). `coach analyze`, `coach demo`, `coach record`, the live worker, `coach screenshot` and
the benchmarks all start here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError, SourceError
from coach.model_choice import ModelChoice
from coach.pipeline import FrameStep, build_pipeline
from coach.vision.sources import FrameSource, open_source

if TYPE_CHECKING:
    from coach.recognition.stream import StreamingRecognizer
    from coach.storage import Repository
    from coach.synth.generator import Segment
    from coach.vision.features import FeatureSpec

SYNTHETIC = "synthetic"


def is_camera_spec(spec: str) -> bool:
    """Whether `spec` names a webcam (`camera`, `camera:N`, or a bare index that is not a file)."""
    text = spec.strip()
    return text == "camera" or text.startswith("camera:") or (text.isdigit() and not Path(text).exists())


def is_synthetic_spec(spec: str) -> bool:
    """Whether `spec` asks for the built-in avatar."""
    return spec.strip() == SYNTHETIC


def has_display() -> bool:
    """Whether there is a screen to put a window on: an X11/Wayland session on Linux; always on macOS and Windows."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def can_open_app_window() -> bool:
    """Whether the app's (pygame) window can open: on a screen, or wherever SDL was told to draw (`SDL_VIDEODRIVER`,
    e.g. the `dummy` driver of tests and CI). OpenCV's windows (`coach demo`) need a real screen: `has_display`."""
    return bool(os.environ.get("SDL_VIDEODRIVER")) or has_display()


@dataclass(frozen=True)
class OpenedSource:
    """A source ready to read: `live` for cameras and the avatar (frames come at their own pace), and, when a camera
    could not be opened and the avatar stands in, `camera_problem` (why, one line)."""

    source: FrameSource
    live: bool
    camera_problem: str | None = None

    @property
    def fallback_reason(self) -> str | None:
        """One line for the screen when the avatar stands in for a camera."""
        return f"{self.camera_problem}; showing the synthetic avatar instead" if self.camera_problem else None


def open_named_source(
    spec: str,
    *,
    fallback_to_synthetic: bool = False,
    realtime: bool = False,
    seed: int = 0,
    script: Sequence[Segment] | None = None,
) -> OpenedSource:
    """Open `camera`, `camera:N`, `N`, `synthetic`, a video file or an image folder.

    The avatar does `script` when given (a workout plan's sets, generated set by set, or one exercise for a
    calibration recording), else every exercise in turn; `realtime` paces it like a camera. A camera that cannot be
    opened becomes the avatar when `fallback_to_synthetic` (the app and `coach demo`: nobody should face an error
    screen for lack of a webcam)."""
    if is_synthetic_spec(spec):
        return OpenedSource(_avatar(realtime, seed, script), live=True)
    try:
        source = open_source(spec)
    except SourceError as exc:
        if not (fallback_to_synthetic and is_camera_spec(spec)):
            raise
        return OpenedSource(_avatar(realtime, seed, script), live=True, camera_problem=str(exc))
    return OpenedSource(source, live=is_camera_spec(spec))


def _avatar(realtime: bool, seed: int, script: Sequence[Segment] | None) -> FrameSource:
    if script:
        from coach.synth.plan_avatar import PlanAvatarSource  # the generator (scipy) loads only for the avatar

        return PlanAvatarSource(script, realtime=realtime, seed=seed)
    from coach.synth.source import SyntheticSource

    return SyntheticSource(realtime=realtime, seed=seed)


def exercise_script(exercise: str, *, reps: int | None, seconds: float | None) -> tuple[Segment, ...]:
    """The avatar doing just `exercise` (a calibration recording without a camera): two reps or a second spare,
    because a rep is credited a moment after it ends."""
    from coach.synth.generator import Segment

    if reps is not None:
        return (Segment(exercise, reps=reps + 2),)
    return (Segment(exercise, seconds=(seconds or 10.0) + 1.0),)


def load_recognizer(choice: ModelChoice | None, spec: FeatureSpec) -> tuple[StreamingRecognizer | None, str | None]:
    """The chosen model's live recognizer, or None and one line saying why recognition is off. A model named
    explicitly (`--model`, COACH_MODEL) that cannot be loaded is an error, not a note."""
    if choice is None:
        return None, "exercise recognition off"
    from coach.recognition.bundle import load_model

    try:
        return load_model(choice.path, expected=spec).stream(), None
    except CoachError as exc:
        if choice.origin in ("--model", "COACH_MODEL"):
            raise
        return None, f"exercise recognition off: {exc}"


def build_step(
    choice: ModelChoice | None,
    *,
    model_complexity: int = 1,
    lazy: bool = True,
    known_ranges: Mapping[str, float] | None = None,
) -> tuple[FrameStep, str | None]:
    """The standard chain (BlazePose complexity 1, One-Euro, the default features) with the chosen model (None:
    recognition off); also returns why recognition is off, if it is. `lazy` loads MediaPipe on the first frame that
    needs it (the avatar never does)."""
    pipeline = build_pipeline(model_complexity, lazy=True)
    recognizer, note = load_recognizer(choice, pipeline.spec)  # first: a bad model is named before MediaPipe loads
    if not lazy:
        _ = pipeline.estimator  # MediaPipe now, so a pose model that cannot load fails here, up front
    return FrameStep(pipeline, recognizer, known_ranges=dict(known_ranges or {})), note


def model_for(explicit: Path | None, db_url: str | None) -> tuple[ModelChoice, str | None]:
    """The model to run for a command that may have a database: with `db_url` (given explicitly) its active version
    counts and a broken database is an error; without it, the person's default database is looked at only if it
    exists, and a problem there is a note, never a failure (analysing a video must not depend on workout history)."""
    from coach.model_choice import choose_model

    if explicit is not None or os.environ.get("COACH_MODEL"):
        return choose_model(explicit), None
    if db_url is not None:
        with _open_repository(db_url) as repo:
            choice = choose_model(repo=repo)
        return choice, choice.note
    repo, note = open_default_repository_if_any()
    if repo is None:
        return choose_model(), note
    with repo:
        choice = choose_model(repo=repo)
    return choice, choice.note


def open_default_repository_if_any() -> tuple[Repository | None, str | None]:
    """The person's database (COACH_DB_URL, else the file in the data folder) if there is one, without creating it;
    a database that cannot be opened gives a one-line note instead."""
    from coach.config import data_dir

    url = os.environ.get("COACH_DB_URL")
    if not url:
        path = data_dir() / "coach.db"
        if not path.is_file():
            return None, None
        url = f"sqlite:///{path}"
    try:
        return _open_repository(url), None
    except CoachError as exc:
        return None, f"{exc}; using the shipped model"


def _open_repository(url: str) -> Repository:
    from coach.storage import open_repository

    return open_repository(url)
