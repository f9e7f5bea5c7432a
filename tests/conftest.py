"""Shared fixtures: headless SDL, the real clips (skipped with a reason when ../shared/data is absent), small videos."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from tests.videos import write_test_video

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# Tests (and the `coach` processes they start) never read or write the person's own data, database or model choice.
os.environ["COACH_DATA_DIR"] = tempfile.mkdtemp(prefix="coach-test-data-")
os.environ.pop("COACH_DB_URL", None)
os.environ.pop("COACH_MODEL", None)

REPO_ROOT = Path(__file__).resolve().parent.parent
CLIPS_DIR = Path(os.environ.get("COACH_CLIPS_DIR", REPO_ROOT.parent / "shared" / "data" / "clips"))


@pytest.fixture(scope="session")
def clips_dir() -> Path:
    """The real clips folder; tests that need it are skipped (with the reason) when it is absent."""
    if not (CLIPS_DIR / "truth.json").is_file():
        pytest.skip(
            f"real clips not found at {CLIPS_DIR} (set COACH_CLIPS_DIR or place ../shared/data beside the repo)"
        )
    return CLIPS_DIR


@pytest.fixture(scope="session")
def clip_truth(clips_dir: Path) -> list[dict]:
    """truth.json of the real clips."""
    return json.loads((clips_dir / "truth.json").read_text())


@pytest.fixture
def tiny_video(tmp_path: Path) -> Path:
    """A 12-frame 160x120 video at 25 fps (nobody in it)."""
    return write_test_video(tmp_path / "tiny.mp4")
