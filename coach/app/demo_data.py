"""A scripted first fortnight with Coach, written through the repository (as a workout would write it), so
`coach screenshot --scene history|calibration|retrain` and the screen tests show real stored data, not drawings.

Seeded: the same database every time. Days, plans and rep qualities are invented but plausible: a person who trains
most days, gets better form over two weeks, and skips one Sunday.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from coach.counting.events import HoldEvent, RepEvent, RepTempo
from coach.recording import LandmarkSequence
from coach.storage import Repository

PLANS = {
    "Full body": (("squat", 12), ("pushup", 8), ("plank", 30.0)),
    "Legs": (("squat", 15), ("lunge", 10), ("squat", 15)),
    "Upper body": (("pushup", 10), ("lateral_raise", 12), ("plank", 45.0)),
}
SCHEDULE = ("Full body", "Legs", "Upper body", "Full body", "Legs", "Upper body", None) * 2  # None: a rest day


class SettableClock:
    """The repository's clock, moved by hand so the sessions land on the scripted days."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def demo_start(today: date) -> datetime:
    """6:30 pm local time, 13 days before `today` (the scripted fortnight ends on `today`)."""
    first = today - timedelta(days=len(SCHEDULE) - 1)
    return datetime(first.year, first.month, first.day, 18, 30).astimezone()


def fill_demo_history(repo: Repository, clock: SettableClock, today: date, seed: int = 0) -> int:
    """Two weeks of sessions up to `today` (a rest day; the last session stopped early); returns how many."""
    rng = np.random.default_rng(seed)
    start = demo_start(today)
    stored = 0
    for day, plan in enumerate(SCHEDULE):
        if plan is None:
            continue
        clock.now = start + timedelta(days=day, minutes=float(rng.integers(-40, 40)))
        session_id = repo.start_session("default", plan)
        skill = 0.68 + 0.02 * day  # form improves over the fortnight
        quit_early = day == len(SCHEDULE) - 2
        xp = 0
        for position, (exercise, target) in enumerate(PLANS[plan]):
            if quit_early and position == 2:
                break
            if isinstance(target, float):
                set_id = repo.start_set(session_id, exercise, target_seconds=target)
                held = target + float(rng.uniform(-6, 8)) + day
                clock.advance(held + 2)
                quality = float(np.clip(skill + rng.normal(0, 0.05), 0, 1))
                repo.record_hold(session_id, set_id, HoldEvent(exercise, 1.0, held + 1.5, held, quality))
                repo.finish_set(session_id, set_id)
                xp += round(held)
            else:
                set_id = repo.start_set(session_id, exercise, target_reps=target)
                reps = target if rng.random() > 0.25 else target - int(rng.integers(1, 4))
                for i in range(reps):
                    clock.advance(2.6)
                    quality = float(np.clip(skill + rng.normal(0, 0.07), 0.3, 1.0))
                    event = RepEvent(exercise, "both", 2.6 * i, 2.6 * i + 2.2, RepTempo(1.1, 0.8), 85.0, quality)
                    repo.record_rep(session_id, set_id, event)
                repo.finish_set(session_id, set_id)
                xp += 3 * reps
            clock.advance(60)
        repo.add_xp(xp, "reps and holds", session_id=session_id)
        if not quit_early:
            repo.add_xp(50, "workout completed", session_id=session_id)
        repo.finish_session(session_id, "aborted" if quit_early else "completed", score=float(xp))
        stored += 1
    return stored


def fill_demo_samples(repo: Repository, seed: int = 0) -> int:
    """A few calibration samples (random landmark wobble, not a real person: enough to show counts per exercise)."""
    rng = np.random.default_rng(seed)
    plan = {"squat": 3, "pushup": 2, "lunge": 1, "idle": 1}
    for exercise, count in plan.items():
        for i in range(count):
            frames = 90
            world = rng.normal(0, 0.3, (frames, 33, 3)).astype(np.float32)
            sequence = LandmarkSequence(world, np.ones((frames, 33), np.float32), np.ones(frames, bool), 30.0)
            repo.samples.add(exercise, sequence, source=f"demo-{exercise}-{i}")
    return sum(plan.values())
