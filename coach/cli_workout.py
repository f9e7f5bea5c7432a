"""`coach plans`: list the workout plans (bundled and your own), or check one plan file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def _shown(path: Path) -> str:
    """A path relative to the working folder when it is inside it, else as is."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _cmd_plans(args: argparse.Namespace) -> int:
    from coach.config import user_plans_dir
    from coach.workout.catalog import USER, load_catalog
    from coach.workout.plan import load_plan

    if args.check is not None:
        load_plan(args.check)  # a problem leaves as PlanError: one line, exit code 2
        print("ok")
        return 0
    catalog = load_catalog()
    rows = [("name", "difficulty", "min", "sets", "exercises", "file")]
    for entry in catalog.entries:
        plan = entry.plan
        where = _shown(entry.path) + (f" (replaces bundled {entry.replaces.name})" if entry.replaces else "")
        where += " [yours]" if entry.origin == USER and not entry.replaces else ""
        rows.append((plan.name, plan.difficulty.value, str(plan.estimated_minutes), str(plan.set_count()),
                     ", ".join(plan.exercises()), where))  # fmt: skip
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [
            cell.rjust(w) if k in (2, 3) else cell.ljust(w)
            for k, (cell, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        print("  ".join([*cells, row[-1]]))
    for problem in catalog.problems:
        print(f"coach: warning: skipped {problem}", file=sys.stderr)
    print(f"\nyour own plans go in {user_plans_dir()} (check one with `coach plans --check FILE`)")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `coach plans` to the command line."""
    plans = commands.add_parser("plans", help="list the workout plans, or check a plan file")
    plans.add_argument("--check", type=Path, metavar="FILE", help="validate one plan file: prints ok or the problem")
    plans.set_defaults(func=_cmd_plans)
