"""The bad inputs of README's table, each made fresh in a folder and run through the real `coach` command.

Shared by tests/test_bad_inputs.py (every row: exit code 2, one line, no traceback, files untouched) and by
`python -m tests.bad_inputs`, which prints README's table from a real run. Every input is generated here (tiny files;
no video is ever committed). A case's `build` makes its files in the folder it is given and returns the command line,
with paths relative to that folder (the command runs there, so the messages read as a person would see them).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.videos import write_test_video

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO_ROOT / "models" / "default"
WORKOUTS_DIR = REPO_ROOT / "workouts"


@dataclass(frozen=True)
class Run:
    """What to run for one case; `during` is held while the command runs (another program's lock, say)."""

    argv: list[str]
    during: Callable[[], AbstractContextManager[object]] = nullcontext


@dataclass(frozen=True)
class Case:
    """One row of the table."""

    id: str
    kind: str  # video, people, plan, model, database, samples, settings
    what: str  # the bad input, as README names it
    build: Callable[[Path], Run]
    mediapipe: bool = False  # the command runs the pose model (the test marks these slow)


# ---- videos ---------------------------------------------------------------------------------------------------------


def mjpeg_avi_declaring(path: Path, width: int, height: int) -> Path:
    """A 3-frame Motion-JPEG .avi whose headers (AVI and every JPEG frame) declare `width` x `height`.

    How a camera or editor that wrote impossible sizes leaves a file, made without allocating such frames."""
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (32, 24))
    for i in range(3):
        writer.write(np.full((24, 32, 3), 60 * i, np.uint8))
    writer.release()
    data = bytearray(path.read_bytes())
    avih, strh, strf = data.find(b"avih"), data.find(b"strh"), data.find(b"strf")
    struct.pack_into("<II", data, avih + 8 + 32, width, height)  # MainAVIHeader dwWidth, dwHeight
    struct.pack_into("<hhhh", data, strh + 8 + 48, 0, 0, width, height)  # AVIStreamHeader rcFrame
    struct.pack_into("<ii", data, strf + 8 + 4, width, height)  # BITMAPINFOHEADER biWidth, biHeight
    start = 0
    while (start := data.find(b"\xff\xc0", start)) >= 0:  # each frame's JPEG start-of-frame: height, width
        struct.pack_into(">HH", data, start + 5, height, width)
        start += 2
    path.write_bytes(bytes(data))
    return path


def _analyze(video: str, *extra: str) -> list[str]:
    return ["analyze", video, "--json", "report.json", *extra]


def _video_missing(folder: Path) -> Run:
    return Run(_analyze("workout.mp4"))


def _video_empty(folder: Path) -> Run:
    (folder / "workout.mp4").write_bytes(b"")
    return Run(_analyze("workout.mp4"))


def _video_truncated(folder: Path) -> Run:
    whole = write_test_video(folder / "whole.mp4").read_bytes()
    (folder / "whole.mp4").unlink()
    (folder / "workout.mp4").write_bytes(whole[: len(whole) // 2])  # a copy cut short: the index at the end is gone
    return Run(_analyze("workout.mp4"))


def _video_not_a_video(folder: Path) -> Run:
    (folder / "workout.mp4").write_text("Monday: squats 3x10, push-ups 3x8\n" * 20)
    return Run(_analyze("workout.mp4"))


def _video_image(folder: Path) -> Run:
    import cv2

    cv2.imwrite(str(folder / "me.jpg"), np.full((120, 160, 3), 128, np.uint8))
    return Run(_analyze("me.jpg"))


def _video_no_frames(folder: Path) -> Run:
    import cv2

    cv2.VideoWriter(str(folder / "workout.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 25.0, (160, 120)).release()
    return Run(_analyze("workout.avi"))


def _video_zero_size(folder: Path) -> Run:
    mjpeg_avi_declaring(folder / "workout.avi", 0, 0)
    return Run(_analyze("workout.avi"))


def _video_huge(folder: Path) -> Run:
    mjpeg_avi_declaring(folder / "workout.avi", 12000, 9000)
    return Run(_analyze("workout.avi"))


def _video_folder(folder: Path) -> Run:
    (folder / "workout.mp4").mkdir()
    return Run(_analyze("workout.mp4"))


# ---- people in the picture (calibration recordings) ------------------------------------------------------------------

PEOPLE_FPS = 15.0


def _avatar_frames(exercise: str, seed: int, size: tuple[int, int], *, seconds: float | None = None,
                   reps: int | None = None) -> tuple[list[np.ndarray], np.ndarray, object]:  # fmt: skip
    """Rendered RGB frames of the avatar, its scene landmarks and the renderer (to draw it moved)."""
    from coach.synth.generator import ViewRequest, generate_clip
    from coach.synth.render import AvatarRenderer

    view = ViewRequest(yaw_deg=0.0, pitch_deg=5.0, width=size[0], height=size[1], partly_out_of_frame=False,
                       mirror=False)  # fmt: skip
    clip = generate_clip(exercise, seconds=seconds, reps=reps, seed=seed, fps=PEOPLE_FPS, view=view)
    renderer = AvatarRenderer(clip.camera)
    return [renderer.render(scene).copy() for scene in clip.scene], clip.scene, renderer


def write_rgb_video(path: Path, frames: list[np.ndarray], fps: float = PEOPLE_FPS) -> Path:
    """RGB frames as an .mp4."""
    import cv2

    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    for rgb in frames:
        writer.write(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    writer.release()
    return path


def two_avatars_video(path: Path, seconds: float = 2.0) -> Path:
    """Two avatars side by side (two renders, concatenated): one standing, one squatting."""
    left, _, _ = _avatar_frames("idle", 3, (320, 480), seconds=seconds + 1.0)
    right, _, _ = _avatar_frames("squat", 4, (320, 480), reps=2)
    frames = min(len(left), len(right), round(seconds * PEOPLE_FPS))
    return write_rgb_video(path, [np.hstack([left[i], right[i]]) for i in range(frames)])


def _new_database(folder: Path, name: str = "coach.db") -> str:
    from coach.storage import open_repository

    with open_repository(str(folder / name)):
        pass
    return name


def _record(source: str, seconds: float) -> list[str]:
    return ["record", "squat", "--source", source, "--seconds", f"{seconds:g}", "--db", "coach.db"]


def empty_room_video(path: Path, seconds: float = 2.0) -> Path:
    """The avatar's room with nobody in it."""
    frames, scene, renderer = _avatar_frames("idle", 5, (480, 360), seconds=seconds)
    away = scene[0] + np.array([200.0, 0.0, 0.0])  # the avatar (and its shadow) far outside the picture
    return write_rgb_video(path, [renderer.render(away).copy()] * len(frames))


def _people_nobody(folder: Path) -> Run:
    empty_room_video(folder / "room.mp4")
    _new_database(folder)
    return Run(_record("room.mp4", 2.0))


def _people_two(folder: Path) -> Run:
    two_avatars_video(folder / "two.mp4")
    _new_database(folder)
    return Run(_record("two.mp4", 2.0))


def _people_leaving(folder: Path) -> Run:
    _, scene, renderer = _avatar_frames("idle", 6, (480, 360), seconds=3.0)
    walked = []
    for i, points in enumerate(scene):
        t = i / PEOPLE_FPS
        sideways = max(0.0, t - 1.0) * 2.5  # from 1 s on, walking out to the right at 2.5 m/s
        walked.append(renderer.render(points + np.array([sideways, 0.0, 0.0])).copy())
    write_rgb_video(folder / "leaving.mp4", walked)
    _new_database(folder)
    return Run(_record("leaving.mp4", 3.0))


# ---- workout plans --------------------------------------------------------------------------------------------------

GOOD_PLAN = """\
name: Legs
description: Squats and lunges.
difficulty: beginner
estimated_minutes: 10
blocks:
  - name: Main
    items:
      - exercise: squat
        sets: 3
        reps: 10
        rest_seconds: 60
      - exercise: plank
        sets: 1
        hold_seconds: 30
"""


def _plan(text: str | bytes) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        path = folder / "legs.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return Run(["plans", "--check", "legs.yaml"])

    return build


def _plan_with(old: str, new: str) -> Callable[[Path], Run]:
    assert old in GOOD_PLAN
    return _plan(GOOD_PLAN.replace(old, new, 1))


# ---- recognition models ---------------------------------------------------------------------------------------------


def _model(change: Callable[[Path], None]) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        write_test_video(folder / "clip.mp4")
        model = folder / "model"
        model.mkdir()
        for name in (*(p.name for p in MODEL_DIR.glob("*.npz")), "recognizer.json"):
            shutil.copy(MODEL_DIR / name, model / name)
        change(model)
        return Run(_analyze("clip.mp4", "--model", "model"))

    return build


def _edit_meta(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def change(model: Path) -> None:
        meta = json.loads((model / "recognizer.json").read_text())
        edit(meta)
        (model / "recognizer.json").write_text(json.dumps(meta, indent=1) + "\n")

    return change


def _model_missing(folder: Path) -> Run:
    write_test_video(folder / "clip.mp4")
    return Run(_analyze("clip.mp4", "--model", "my-model"))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _drop_angle(meta: dict) -> None:
    meta["feature_spec"]["angles"].remove("trunk_lean")


def _unknown_class(meta: dict) -> None:
    meta["classes"][meta["classes"].index("lunge")] = "burpee"


def _missing_class(meta: dict) -> None:
    meta["classes"].remove("front_raise")


# ---- databases ------------------------------------------------------------------------------------------------------


def _db_not_a_database(folder: Path) -> Run:
    (folder / "coach.db").write_text("shopping: eggs, oats, milk\n" * 40)
    return Run(["history", "--db", "coach.db"])


def _db_another_program(folder: Path) -> Run:
    other = sqlite3.connect(folder / "photos.db")
    other.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, title TEXT)")
    other.execute("INSERT INTO albums (title) VALUES ('Holidays')")
    other.commit()
    other.close()
    return Run(["history", "--db", "photos.db"])


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Another program writing to the database (and not finishing) while the command runs."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def _db_locked(folder: Path) -> Run:
    from coach.recording import LandmarkSequence
    from coach.storage import open_repository

    frames = 30
    sequence = LandmarkSequence(np.zeros((frames, 33, 3), np.float32), np.ones((frames, 33), np.float32),
                                np.ones(frames, bool), 30.0)  # fmt: skip
    with open_repository(str(folder / "coach.db")) as repo:
        sample = repo.samples.add("squat", sequence, source="camera 0")
    # Deleting is what waits: reading a WAL database goes on while another program writes.
    return Run(["samples", "--db", "coach.db", "--delete", str(sample)], during=lambda: _locked(folder / "coach.db"))


def _db_newer_schema(folder: Path) -> Run:
    name = _new_database(folder)
    db = sqlite3.connect(folder / name)
    db.execute("UPDATE alembic_version SET version_num = 'f00dfeedbeef'")  # what a newer Coach's migration leaves
    db.commit()
    db.close()
    return Run(["history", "--db", name])


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only while the command runs. Root ignores permission bits, so as root the folder is made
    immutable instead (chattr +i), which binds root too; where that is not possible the case is skipped."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if made.returncode != 0:
        raise CannotMakeReadOnly(f"running as root, and chattr +i failed: {made.stderr.strip() or made.returncode}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


class CannotMakeReadOnly(RuntimeError):
    """This machine cannot make a folder read-only for the user running the tests."""


def _db_read_only_folder(folder: Path) -> Run:
    shared = folder / "shared"
    shared.mkdir()
    name = _new_database(shared)
    return Run(["history", "--db", f"shared/{name}"], during=lambda: read_only(shared))


def _db_server_down(folder: Path) -> Run:
    return Run(["history", "--db", "postgresql://coach@127.0.0.1:1/coach"])  # nothing listens on port 1


# ---- recorded samples for `coach train --data DIR` -------------------------------------------------------------------


def _sample_arrays(frames: int = 60, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "format": np.array("coach-sample-1"),
        "world": rng.normal(0.0, 0.3, (frames, 33, 3)).astype(np.float32),
        "visibility": np.ones((frames, 33), np.float32),
        "detected": np.ones(frames, bool),
        "fps": np.float32(30.0),
        "label": np.array("squat"),
        "subject": np.array("me"),
        "source": np.array("camera 0"),
    }


def _samples(change: Callable[[Path], None]) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        samples = folder / "samples"
        samples.mkdir()
        for i in (1, 2):
            np.savez_compressed(samples / f"squat-{i}.npz", **_sample_arrays(seed=i))
        change(samples)
        return Run(["train", "--data", "samples", "--out", "my-model", "--epochs", "1"])

    return build


def _corrupt_sample(samples: Path) -> None:
    _truncate(samples / "squat-2.npz")


def _wrong_shape_sample(samples: Path) -> None:
    arrays = _sample_arrays(seed=2)
    arrays["world"] = arrays["world"][:, :17]  # 17 keypoints (COCO), not MediaPipe's 33
    np.savez_compressed(samples / "squat-2.npz", **arrays)


def _unknown_label_sample(samples: Path) -> None:
    np.savez_compressed(samples / "squat-2.npz", **(_sample_arrays(seed=2) | {"label": np.array("burpee")}))


# ---- the app's settings ---------------------------------------------------------------------------------------------


def _settings(text: str) -> Callable[[Path], Run]:
    def build(folder: Path) -> Run:
        data = folder / "data"
        data.mkdir()
        (data / "settings.json").write_text(text)
        return Run(["play", "--source", "synthetic", "--seconds", "1"])

    return build


# ---- the table ------------------------------------------------------------------------------------------------------

CASES: tuple[Case, ...] = (
    Case("video-missing", "video", "missing", _video_missing),
    Case("video-empty", "video", "empty (0 bytes)", _video_empty),
    Case("video-truncated", "video", "truncated (a copy cut short)", _video_truncated),
    Case("video-not-a-video", "video", "not a video (text named .mp4)", _video_not_a_video),
    Case("video-image", "video", "an image file given as a video", _video_image),
    Case("video-no-frames", "video", "a video with no frames", _video_no_frames),
    Case("video-0x0", "video", "0x0 frames", _video_zero_size),
    Case("video-huge", "video", "huge resolution (12000x9000)", _video_huge),
    Case("video-folder", "video", "a folder given as a video", _video_folder),
    Case("people-nobody", "people", "nobody in view (an empty room)", _people_nobody, mediapipe=True),
    Case("people-two", "people", "two people in view", _people_two, mediapipe=True),
    Case("people-leaving", "people", "the person leaves the picture", _people_leaving, mediapipe=True),
    Case("plan-bad-yaml", "plan", "bad YAML", _plan_with("      - exercise: plank\n", "      - exercise: [plank\n")),
    Case("plan-unknown-exercise", "plan", "unknown exercise", _plan_with("exercise: squat", "exercise: burpee")),
    Case("plan-negative", "plan", "negative target", _plan_with("reps: 10", "reps: -10")),
    Case("plan-zero", "plan", "zero target", _plan_with("sets: 3", "sets: 0")),
    Case("plan-huge", "plan", "huge target", _plan_with("reps: 10", "reps: 1000000")),
    Case("plan-huge-hold", "plan", "huge hold", _plan_with("hold_seconds: 30", "hold_seconds: 86400")),
    Case(
        "plan-duplicate-key",
        "plan",
        "duplicate key",
        _plan_with("        reps: 10\n", "        reps: 10\n        reps: 12\n"),
    ),
    Case("plan-wrong-type", "plan", "wrong type", _plan_with("reps: 10", "reps: ten")),
    Case(
        "plan-not-utf8",
        "plan",
        "not UTF-8 (saved as Latin-1)",
        _plan(GOOD_PLAN.replace("Squats", "Sentadillas é").encode("latin-1")),
    ),
    Case("plan-not-a-plan", "plan", "a list, not a plan", _plan("- squat\n- lunge\n")),
    Case("model-missing", "model", "missing", _model_missing),
    Case(
        "model-corrupt", "model", "corrupt weights (model.npz cut short)", _model(lambda m: _truncate(m / "model.npz"))
    ),
    Case(
        "model-damaged-description",
        "model",
        "damaged recognizer.json",
        _model(lambda m: _truncate(m / "recognizer.json")),
    ),
    Case("model-wrong-spec", "model", "wrong feature spec", _model(_edit_meta(_drop_angle))),
    Case("model-unknown-class", "model", "unknown exercise id in its classes", _model(_edit_meta(_unknown_class))),
    Case("model-class-count", "model", "class count does not match the weights", _model(_edit_meta(_missing_class))),
    Case(
        "model-member-missing",
        "model",
        "one network of the ensemble missing (model_legs.npz)",
        _model(lambda m: (m / "model_legs.npz").unlink()),
    ),
    Case("db-not-a-database", "database", "not a database", _db_not_a_database),
    Case("db-another-program", "database", "another program's SQLite database", _db_another_program),
    Case("db-locked", "database", "locked by another program", _db_locked),
    Case("db-newer-schema", "database", "newer schema", _db_newer_schema),
    Case("db-read-only-folder", "database", "read-only folder", _db_read_only_folder),
    Case("db-server-down", "database", "server down (PostgreSQL, closed port)", _db_server_down),
    Case("samples-corrupt", "samples", "corrupt .npz", _samples(_corrupt_sample)),
    Case("samples-wrong-shape", "samples", "wrong shape (17 keypoints)", _samples(_wrong_shape_sample)),
    Case("samples-unknown-label", "samples", "unknown exercise label", _samples(_unknown_label_sample)),
    Case("settings-corrupt", "settings", "settings.json corrupt", _settings('{"sound": true, "show_skel')),
    Case("settings-wrong-type", "settings", "settings.json wrong type", _settings('{"sound": "yes"}\n')),
)


# ---- running a case -------------------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` and the SHA-256 of its bytes (what "untouched" is checked against)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def coach_env(folder: Path, home: Path) -> dict[str, str]:
    """The command's environment: its own data folder and home, no database or model from the caller's."""
    env = {k: v for k, v in os.environ.items() if k not in ("COACH_DB_URL", "COACH_MODEL", "COACH_DATA_DIR")}
    return env | {
        "COACH_DATA_DIR": str(folder / "data"),
        "HOME": str(home),
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def run_case(folder: Path, home: Path, run: Run) -> Outcome:
    """Run a case's command in `folder`."""
    started = time.monotonic()
    with run.during():
        result = subprocess.run(
            [sys.executable, "-m", "coach", *run.argv], cwd=folder, env=coach_env(folder, home), capture_output=True,
            text=True, timeout=300,
        )  # fmt: skip
    return Outcome(result.returncode, result.stdout, result.stderr, time.monotonic() - started)


def shown(stderr: str, folder: Path) -> str:
    """The message as README shows it: the case's folder left out of absolute paths."""
    return stderr.strip().replace(f"{folder.resolve()}/", "").replace(f"{folder}/", "")


def table_cell(text: str) -> str:
    """Markdown inline code that may itself hold backticks and pipes."""
    text = text.replace("|", "\\|")
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _table(rows: list[tuple[Case, Run, Outcome, str]]) -> str:
    lines = ["| input | bad how | command | what Coach says (exit code 2) |", "|---|---|---|---|"]
    for case, run, _, message in rows:
        command = " ".join(["coach", *run.argv])
        lines.append(f"| {case.kind} | {case.what} | {table_cell(command)} | {table_cell(message)} |")
    return "\n".join(lines)


def main() -> None:
    """Run every case (in fresh temporary folders) and print README's table, with each command's time on stderr."""
    import tempfile

    rows = []
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix=f"coach-{case.id}-") as tmp:
            root = Path(tmp)
            folder, home = root / "case", root / "home"
            folder.mkdir()
            home.mkdir()
            run = case.build(folder)
            outcome = run_case(folder, home, run)
            rows.append((case, run, outcome, shown(outcome.stderr, folder)))
            print(f"{case.id}: exit {outcome.returncode} in {outcome.seconds:.1f} s", file=sys.stderr)
    print(_table(rows))


if __name__ == "__main__":
    main()
