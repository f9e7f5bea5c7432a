"""XP a whole workout earns, per bundled plan and form quality: the figures the level curve (coach/workout/levels.py)
is tuned against.

Run: `.venv/bin/python benchmarks/session_xp.py [--seeds N]`. Each run drives the real workout engine through a plan,
every set to its target, with rep qualities drawn around a mean (seeded, sd 0.1, clipped to 0..1), and reports the
session XP (median over seeds) and how many such sessions each of the first levels takes.
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np

from coach.counting.events import RepEvent, RepTempo
from coach.workout.catalog import bundled_plans_dir, plan_files
from coach.workout.engine import WorkoutEngine
from coach.workout.levels import LevelCurve
from coach.workout.plan import Plan, load_plan
from coach.workout.recorder import MemoryRecorder
from coach.workout.view import Phase

QUALITY_MEANS = (0.5, 0.7, 0.85)


def session_xp(plan: Plan, quality_mean: float, seed: int) -> int:
    """XP of one full run of `plan` with 2.5 s reps of quality ~ N(quality_mean, 0.1) and steady holds."""
    rng = np.random.default_rng(seed)
    engine = WorkoutEngine(plan, MemoryRecorder(), 0.0)
    t = 0.0
    while engine.phase is not Phase.DONE:
        t += 2.5
        view = engine.snapshot()
        if view.phase is Phase.ACTIVE and view.is_hold:
            engine.on_hold(view.exercise, t, t)
        elif view.phase is Phase.ACTIVE:
            quality = float(np.clip(rng.normal(quality_mean, 0.1), 0.0, 1.0))
            engine.on_rep(RepEvent(view.exercise, "both", t - 2.5, t, RepTempo(1.25, 1.25), 90.0, quality))
        else:
            engine.tick(t)
    return engine.summary().xp_earned


def sessions_per_level(xp_per_session: float, levels: int, curve: LevelCurve) -> list[float]:
    """How many sessions of this XP each level from 2 to `levels` takes."""
    return [curve.xp_to_reach(level + 1) / xp_per_session - curve.xp_to_reach(level) / xp_per_session
            for level in range(1, levels)]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    curve = LevelCurve()
    header = " | ".join(f"quality {q:.2f}" for q in QUALITY_MEANS)
    print(f"| plan | reps | {header} |")
    print("|---|---:|" + "---:|" * len(QUALITY_MEANS))
    medians: dict[str, list[float]] = {}
    for path in plan_files(bundled_plans_dir()):
        plan = load_plan(path)
        reps = sum(item.sets * (item.reps or 0) for block in plan.blocks for item in block.items)
        xps = [statistics.median(session_xp(plan, q, seed) for seed in range(args.seeds)) for q in QUALITY_MEANS]
        medians[plan.name] = xps
        print(f"| {plan.name} | {reps} | " + " | ".join(f"{xp:.0f}" for xp in xps) + " |")
    print()
    print(f"Levels: {curve.describe()}")
    beginner = medians["Beginner full body"]
    for quality, xp in zip(QUALITY_MEANS, beginner, strict=True):
        per_level = sessions_per_level(xp, 12, curve)
        cumulative = np.cumsum(per_level)
        steps = ", ".join(f"L{level + 2} {n:.1f}" for level, n in enumerate(per_level))
        print(f"beginner plan at quality {quality:.2f} ({xp:.0f} XP): sessions per level: {steps}")
        print(f"  level 5 after {cumulative[3]:.1f} sessions, level 10 after {cumulative[8]:.1f}")


if __name__ == "__main__":
    main()
