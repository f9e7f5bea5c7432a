"""Every plan a person can pick: the bundled ones plus their own, with same-name conflicts settled in one place.

Rule: a user plan whose name matches a bundled plan's (case-insensitively) replaces it, and the listing says so; that
is how a person adapts a bundled plan: copy the file into their plans folder and edit it. Two user plans with the same
name are a mistake: the first file in name order is kept and the second is reported. A broken user plan is reported
and skipped, so one typo never hides the other plans.

Where the bundled plans are: `workouts/` at the repository root in a source checkout (and editable installs); an
installed wheel carries them as `coach/workout/bundled/` (copied there by setup.py at build time).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from coach.config import user_plans_dir
from coach.workout.plan import Plan, PlanError, load_plan

BUNDLED = "bundled"
USER = "user"


class PlanNotFoundError(PlanError):
    """A plan asked for by name that no folder holds."""

    def __init__(self, wanted: str, known: tuple[str, ...]) -> None:
        listed = ", ".join(f"'{name}'" for name in known) or "none"
        super().__init__("plans", None, "", f"no plan called '{wanted}'; known: {listed} (see `coach plans`)")


@dataclass(frozen=True)
class PlanEntry:
    """A plan and where it came from."""

    plan: Plan
    path: Path
    origin: str  # BUNDLED or USER
    replaces: Path | None = None  # the bundled file this user plan stands in for


@dataclass(frozen=True)
class PlanCatalog:
    """The usable plans (sorted by difficulty, then name) and the files that could not be used."""

    entries: tuple[PlanEntry, ...]
    problems: tuple[PlanError, ...]

    def names(self) -> tuple[str, ...]:
        """The plans' names, in listing order."""
        return tuple(entry.plan.name for entry in self.entries)

    def find(self, wanted: str) -> Plan:
        """The plan named `wanted` (any case) or stored in a file of that stem (`legs` for legs.yaml)."""
        key = wanted.casefold()
        for entry in self.entries:
            if entry.plan.key == key or entry.path.stem.casefold() == key:
                return entry.plan
        raise PlanNotFoundError(wanted, self.names())


def bundled_plans_dir() -> Path:
    """The folder of plans shipped with Coach, from an installed package or a source checkout."""
    packaged = Path(str(files("coach.workout") / "bundled"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "workouts"


def plan_files(folder: Path) -> list[Path]:
    """The *.yaml / *.yml files directly in a folder, in name order (none when the folder does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())


def load_catalog(bundled_dir: Path | None = None, user_dir: Path | None = None) -> PlanCatalog:
    """Load every bundled and user plan; conflicts and broken files end up in `problems`, never as an exception."""
    problems: list[PlanError] = []
    bundled = _load_folder(bundled_dir or bundled_plans_dir(), BUNDLED, problems)
    user = _load_folder(user_dir or user_plans_dir(), USER, problems)
    by_key = {entry.plan.key: entry for entry in bundled}
    for entry in user:
        previous = by_key.get(entry.plan.key)
        by_key[entry.plan.key] = PlanEntry(entry.plan, entry.path, USER, replaces=previous.path if previous else None)
    order = {difficulty: rank for rank, difficulty in enumerate(("beginner", "intermediate", "advanced"))}
    entries = sorted(by_key.values(), key=lambda e: (order[e.plan.difficulty.value], e.plan.name.casefold()))
    return PlanCatalog(tuple(entries), tuple(problems))


def _load_folder(folder: Path, origin: str, problems: list[PlanError]) -> list[PlanEntry]:
    """Load one folder's plans; a name used twice within the folder keeps the first file and reports the second."""
    entries: dict[str, PlanEntry] = {}
    for path in plan_files(folder):
        try:
            plan = load_plan(path)
        except PlanError as exc:
            problems.append(exc)
            continue
        first = entries.get(plan.key)
        if first is not None:
            problems.append(
                PlanError(
                    path, plan.name_line, "name", f"'{plan.name}' is also the name of {first.path}; rename one of them"
                )
            )
            continue
        entries[plan.key] = PlanEntry(plan, path, origin)
    return list(entries.values())
