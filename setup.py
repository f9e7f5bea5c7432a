"""Build hook, nothing else (the project is described in pyproject.toml).

The bundled workout plans live in `workouts/` at the repository root, where people look for them; a built wheel must
carry them too, so this copies them into the package as `coach/workout/bundled/` (found by
`coach.workout.catalog.bundled_plans_dir`). Source checkouts and editable installs read `workouts/` directly.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithPlans(build_py):
    """build_py that also ships workouts/*.yaml as package data."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "coach" / "workout" / "bundled"
        self.mkpath(str(target))
        for plan in sorted(Path(__file__).resolve().parent.joinpath("workouts").glob("*.yaml")):
            self.copy_file(str(plan), str(target / plan.name))


setup(cmdclass={"build_py": BuildWithPlans})
