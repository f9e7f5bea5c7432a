"""Activating a model version changes what runs: `coach analyze` and the app's workout load the active version (the
JSON names it) and its probabilities differ from the shipped model's; `coach models --shipped` goes back; a broken
active version is passed over with one line and the shipped model runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coach.app.workouts import Workouts
from coach.live.engine import LiveEngine
from coach.model_choice import shipped_model_dir
from coach.storage.repository import open_repository
from coach.synth.export import write_video
from coach.synth.generator import ViewRequest, generate_clip
from tests.storage.fake_models import fake_model

pytestmark = pytest.mark.slow


def _coach(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, timeout=600)


def _analyze(video: Path, url: str, out: Path) -> tuple[dict, list[str]]:
    result = _coach("analyze", str(video), "--json", str(out), "--db", url)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("coach: ")]
    return json.loads(out.read_text()), notes


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clip = generate_clip("squat", reps=2, seed=1, view=ViewRequest(width=320, height=240))
    path = tmp_path_factory.mktemp("activation") / "squats.mp4"
    write_video(clip, path)
    return path


def test_the_active_version_is_what_analyze_and_a_workout_run(video: Path, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    folder, metrics = fake_model(tmp_path / "trained", accuracy=0.5, seed=7)
    with open_repository(url, models_dir=tmp_path / "models") as repo:
        version, verdict = repo.models.register(folder, metrics, data="recorded", incumbent_accuracy=0.9)
    assert not verdict.activate  # worse than the shipped model: kept, not active

    shipped_report, _ = _analyze(video, url, tmp_path / "shipped.json")
    assert shipped_report["model"] == {"path": str(shipped_model_dir()), "version": None}

    result = _coach("models", "--activate", str(version.id), "--db", url)
    assert result.returncode == 0, result.stderr
    active_report, notes = _analyze(video, url, tmp_path / "active.json")
    assert active_report["model"] == {"path": str(version.path), "version": version.id} and notes == []
    assert active_report["probabilities"] != shipped_report["probabilities"]

    with open_repository(url) as repo:  # the app's next workout runs it too
        choice = Workouts(repo, "Test").model()
    assert (choice.path, choice.version) == (version.path, version.id)
    engine, note = LiveEngine.build(choice)
    assert note is None and engine.model == choice and engine.step.recognizer is not None
    engine.close()

    result = _coach("models", "--shipped", "--db", url)
    assert result.returncode == 0, result.stderr
    back, _ = _analyze(video, url, tmp_path / "back.json")
    assert back["model"]["version"] is None and back["probabilities"] == shipped_report["probabilities"]


def test_a_broken_active_version_is_one_line_and_the_shipped_model_runs(video: Path, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'coach.db'}"
    folder, metrics = fake_model(tmp_path / "trained", accuracy=0.5, seed=7)
    with open_repository(url, models_dir=tmp_path / "models") as repo:
        version, _ = repo.models.register(folder, metrics, data="recorded", incumbent_accuracy=None, force=True)
    shutil.rmtree(version.path)  # the person cleaned up a folder they should not have
    report, notes = _analyze(video, url, tmp_path / "report.json")
    assert report["model"] == {"path": str(shipped_model_dir()), "version": None}
    assert len(notes) == 1 and f"the active model version {version.id} cannot be used" in notes[0], notes
    assert "shipped model" in notes[0]
