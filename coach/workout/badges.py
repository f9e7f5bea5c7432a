"""Badges as data: id, name, description, an icon the UI draws with primitives, and a rule over the history.

A rule is checked right after each session is folded into the progression (`BadgeCheck`: the progression including
that session, the session itself, its local start time, and whether it counts as a workout). The first session for
which it holds earns the badge, once. Totals (reps, workouts, streak, level) come from the progression; one-session
feats (a perfect set, an early start) from the session. Badges about a total also say how far along the person is
(`progress`), for a locked badge's bar.

Which sessions count: reps and holds from every finished session add to totals (they were done), while the badges
about workouts themselves (first workout, early bird, night owl) and streaks need a session that counts as a workout
(`ProgressionRules.counts`: completed, or enough work done before quitting).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from coach.exercises.registry import EXERCISES
from coach.workout.bests import BestMetric
from coach.workout.plan import plannable_exercises
from coach.workout.records import SessionRecord

if TYPE_CHECKING:
    from coach.workout.progression import Progression

RGB = tuple[int, int, int]

PERFECT_QUALITY = 0.9  # every rep of a perfect set at least this good
PLANK_GOAL_S = 120.0
EARLY_BEFORE_HOUR = 7  # early bird: a workout started before 7:00
LATE_FROM_HOUR = 21  # night owl: started at 21:00 or later
BIG_DAY_REPS = 200


class IconShape(StrEnum):
    """The outline a badge icon is drawn in."""

    CIRCLE = "circle"
    STAR = "star"
    SHIELD = "shield"
    HEXAGON = "hexagon"
    DIAMOND = "diamond"


@dataclass(frozen=True)
class BadgeIcon:
    """How the UI draws a badge: a filled shape with a ring and a short ASCII label in the middle."""

    shape: IconShape
    fill: RGB
    ring: RGB
    glyph: str  # at most 4 ASCII characters, drawn centred

    def outline(self) -> tuple[tuple[float, float], ...]:
        """The shape as polygon points in a unit box (x right, y down, within -1..1), for `pygame.draw.polygon`
        after scaling and moving to the icon's centre; a circle comes as a 48-gon so every shape is drawn alike."""
        return _OUTLINES[self.shape]


def _regular(corners: int, radius: float = 1.0, turn: float = -math.pi / 2) -> tuple[tuple[float, float], ...]:
    return tuple(
        (radius * math.cos(turn + 2 * math.pi * k / corners), radius * math.sin(turn + 2 * math.pi * k / corners))
        for k in range(corners)
    )


def _star(points: int = 5, inner: float = 0.45) -> tuple[tuple[float, float], ...]:
    outer, inside = _regular(points), _regular(points, inner, -math.pi / 2 + math.pi / points)
    return tuple(p for pair in zip(outer, inside, strict=True) for p in pair)


_OUTLINES: dict[IconShape, tuple[tuple[float, float], ...]] = {
    IconShape.CIRCLE: _regular(48),
    IconShape.STAR: _star(),
    IconShape.SHIELD: ((-0.8, -0.9), (0.8, -0.9), (0.8, 0.15), (0.0, 1.0), (-0.8, 0.15)),
    IconShape.HEXAGON: _regular(6),
    IconShape.DIAMOND: _regular(4),
}


@dataclass(frozen=True)
class BadgeCheck:
    """What a badge rule sees after one session has been folded in."""

    progression: Progression  # including this session
    session: SessionRecord
    local_start: datetime  # the session's start, naive local wall-clock time
    counts: bool  # whether the session counts as a workout (streaks, workout totals)


@dataclass(frozen=True)
class BadgeProgress:
    """How far along a badge about a total is."""

    have: float
    goal: float

    @property
    def fraction(self) -> float:
        """0..1."""
        return min(1.0, max(0.0, self.have / self.goal))


@dataclass(frozen=True)
class Badge:
    """One badge. `measure`/`goal` make it a badge about a total (earned when measure >= goal, with progress);
    otherwise `rule` decides from the session alone."""

    id: str
    name: str
    description: str
    icon: BadgeIcon
    rule: Callable[[BadgeCheck], bool] | None = None
    measure: Callable[[Progression], float] | None = None
    goal: float = 0.0

    def earned_by(self, check: BadgeCheck) -> bool:
        """Whether this session (with everything before it) earns the badge."""
        if self.measure is not None and self.measure(check.progression) >= self.goal:
            return True
        return self.rule is not None and self.rule(check)

    def progress(self, progression: Progression) -> BadgeProgress | None:
        """How far along a badge about a total is (None for a one-session feat)."""
        if self.measure is None:
            return None
        return BadgeProgress(min(self.measure(progression), self.goal), self.goal)


def _perfect_set(check: BadgeCheck) -> bool:
    return any(
        s.target_reps is not None and s.reps > 0 and s.target_met and min(s.qualities) >= PERFECT_QUALITY
        for s in check.session.sets
    )


def _plank_best(progression: Progression) -> float:
    best = progression.bests.get(("plank", BestMetric.LONGEST_HOLD))
    return best.value if best else 0.0


def _exercises_tried(progression: Progression) -> float:
    return len(progression.exercises_done & set(plannable_exercises()))


GOLD, SILVER, BRONZE = (255, 193, 7), (189, 195, 199), (205, 127, 50)
RING = (55, 71, 79)

BADGES: tuple[Badge, ...] = (
    Badge("first_workout", "First workout", "Finish your first workout.",
          BadgeIcon(IconShape.STAR, GOLD, RING, "1"), measure=lambda p: p.workouts, goal=1),
    Badge("regular", "Regular", "Finish 10 workouts.",
          BadgeIcon(IconShape.CIRCLE, SILVER, RING, "10"), measure=lambda p: p.workouts, goal=10),
    Badge("squats_100", "Hundred squats", "Do 100 squats in total.",
          BadgeIcon(IconShape.CIRCLE, EXERCISES["squat"].colour, RING, "100"),
          measure=lambda p: p.reps.get("squat", 0), goal=100),
    Badge("reps_1000", "Thousand reps", "Do 1000 reps in total, any exercise.",
          BadgeIcon(IconShape.HEXAGON, (126, 87, 194), RING, "1K"), measure=lambda p: p.total_reps, goal=1000),
    Badge("big_day", "Big day", f"Do {BIG_DAY_REPS} reps in one workout.",
          BadgeIcon(IconShape.DIAMOND, BRONZE, RING, str(BIG_DAY_REPS)),
          rule=lambda c: c.session.reps >= BIG_DAY_REPS),
    Badge("perfect_set", "Perfect set", f"Reach a set's target with every rep at {PERFECT_QUALITY:.0%} form or better.",
          BadgeIcon(IconShape.DIAMOND, (0, 188, 212), RING, "A+"), rule=_perfect_set),
    Badge("iron_plank", "Iron plank", f"Hold a plank for {PLANK_GOAL_S / 60:.0f} minutes in one set.",
          BadgeIcon(IconShape.SHIELD, EXERCISES["plank"].colour, RING, "2:00"), measure=_plank_best,
          goal=PLANK_GOAL_S),
    Badge("streak_7", "Week streak", "Keep a 7-day streak (one rest day a week allowed).",
          BadgeIcon(IconShape.HEXAGON, (255, 112, 67), RING, "7d"), measure=lambda p: p.streak.longest, goal=7),
    Badge("streak_30", "Month streak", "Keep a 30-day streak (one rest day a week allowed).",
          BadgeIcon(IconShape.HEXAGON, (229, 57, 53), GOLD, "30d"), measure=lambda p: p.streak.longest, goal=30),
    Badge("level_5", "Level 5", "Reach level 5.",
          BadgeIcon(IconShape.SHIELD, (66, 165, 245), RING, "L5"), measure=lambda p: p.level.level, goal=5),
    Badge("level_10", "Level 10", "Reach level 10.",
          BadgeIcon(IconShape.SHIELD, (21, 101, 192), GOLD, "L10"), measure=lambda p: p.level.level, goal=10),
    Badge("explorer", "Explorer", f"Do every one of the {len(plannable_exercises())} exercises at least once.",
          BadgeIcon(IconShape.STAR, (38, 166, 154), RING, "ALL"), measure=_exercises_tried,
          goal=len(plannable_exercises())),
    Badge("early_bird", "Early bird", f"Start a workout before {EARLY_BEFORE_HOUR}:00.",
          BadgeIcon(IconShape.CIRCLE, (255, 213, 79), RING, "AM"),
          rule=lambda c: c.counts and c.local_start.hour < EARLY_BEFORE_HOUR),
    Badge("night_owl", "Night owl", f"Start a workout at {LATE_FROM_HOUR}:00 or later.",
          BadgeIcon(IconShape.CIRCLE, (57, 73, 171), SILVER, "PM"),
          rule=lambda c: c.counts and c.local_start.hour >= LATE_FROM_HOUR),
)  # fmt: skip

BADGES_BY_ID: dict[str, Badge] = {badge.id: badge for badge in BADGES}
