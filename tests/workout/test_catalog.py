"""Finding plans: bundled ones from a checkout or an installed package, a person's own, and name conflicts."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coach.workout.catalog import BUNDLED, USER, PlanNotFoundError, bundled_plans_dir, load_catalog
from tests.workout.test_plan import VALID

REPO_ROOT = Path(__file__).resolve().parents[2]


def write_plan(folder: Path, filename: str, name: str, difficulty: str = "beginner") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(VALID.replace("Test plan", name).replace("difficulty: beginner", f"difficulty: {difficulty}"))
    return path


def test_the_bundled_plans_are_found_in_a_source_checkout():
    assert bundled_plans_dir() == REPO_ROOT / "workouts"
    names = load_catalog(user_dir=Path("/nonexistent")).names()
    assert {"Beginner full body", "Upper body", "Legs", "7-minute circuit"} <= set(names)


def test_an_installed_package_carries_the_bundled_plans(tmp_path: Path):
    """Build the package the way a wheel is built (setup.py's build_py) and load the plans from the build alone."""
    source, lib = tmp_path / "source", tmp_path / "lib"
    source.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        shutil.copy(REPO_ROOT / name, source / name)
    for folder in ("coach", "workouts"):
        shutil.copytree(REPO_ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__", "bundled"))
    build = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
        cwd=source, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    probe = (
        "import json, coach; from coach.workout.catalog import bundled_plans_dir, load_catalog;"
        "print(json.dumps([coach.__file__, str(bundled_plans_dir()), load_catalog().names()]))"
    )
    env = {"COACH_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", probe], cwd=lib, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    module, folder, names = json.loads(run.stdout)
    assert Path(module).is_relative_to(lib), "imported from the build, not the checkout"
    assert Path(folder) == lib / "coach" / "workout" / "bundled"
    assert sorted(names) == sorted(load_catalog(user_dir=tmp_path / "none").names())


def test_user_plans_join_the_list_and_one_with_a_bundled_name_replaces_it(tmp_path: Path):
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    write_plan(bundled, "legs.yaml", "Legs", "intermediate")
    write_plan(bundled, "arms.yaml", "Arms", "advanced")
    mine = write_plan(user, "my_legs.yaml", "LEGS", "beginner")
    write_plan(user, "morning.yaml", "Morning", "beginner")
    catalog = load_catalog(bundled, user)
    assert catalog.names() == ("LEGS", "Morning", "Arms"), "beginner first, then by name"
    legs = catalog.entries[0]
    assert (legs.origin, legs.path, legs.replaces) == (USER, mine, bundled / "legs.yaml")
    assert catalog.entries[2].origin == BUNDLED and catalog.problems == ()
    assert catalog.find("legs").source == mine and catalog.find("my_legs").name == "LEGS"


def test_broken_and_duplicate_user_plans_are_reported_without_hiding_the_others(tmp_path: Path):
    user = tmp_path / "user"
    write_plan(user, "a.yaml", "Morning")
    write_plan(user, "b.yaml", "morning")
    (user / "c.yml").write_text(VALID.replace("reps: 10", "reps: ten"))
    (user / "notes.txt").write_text("not a plan")
    catalog = load_catalog(tmp_path / "no-bundled", user)
    assert catalog.names() == ("Morning",)
    assert [str(p) for p in catalog.problems] == [
        f"{user / 'b.yaml'}:1: name: 'morning' is also the name of {user / 'a.yaml'}; rename one of them",
        f"{user / 'c.yml'}:10: blocks[1].items[1].reps: expected a whole number, got text 'ten'",
    ]


def test_user_plans_live_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    write_plan(tmp_path / "workouts", "mine.yaml", "Mine")
    assert "Mine" in load_catalog().names()


def test_asking_for_an_unknown_plan_lists_the_known_ones(tmp_path: Path):
    write_plan(tmp_path, "a.yaml", "Alpha")
    with pytest.raises(
        PlanNotFoundError, match=r"^plans: no plan called 'zeta'; known: 'Alpha' \(see `coach plans`\)$"
    ):
        load_catalog(tmp_path, tmp_path / "none").find("zeta")
