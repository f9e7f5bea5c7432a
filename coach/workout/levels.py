"""Levels from total XP: level 2 takes `first_level_xp`, and every level after that takes `growth` times as much as
the one before (rounded to tens, so the numbers on screen stay readable).

Level 2 at 4000 XP, then +15% per level: 4000, 4600, 5290, 6080 ... (level 5 begins at 19,970 XP, level 10 at
67,150). Tuned against `benchmarks/session_xp.py`, which runs the real engine and scoring through the bundled plans
with every set done: one Beginner full body session earns 1620-2230 XP (rep quality around 0.5 to 0.85; the combo
makes most of the spread), so a beginner levels up every 1.8-2.5 sessions at first, every 2.7-3.8 by level 5 and
every 5.5-7.6 by level 10; level 5 comes after 9-12 sessions (three or four weeks at three a week). Longer plans earn
more (Full body strength 5420-8070 XP), so moving up a plan speeds levelling up again, which is the point.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LevelProgress:
    """Where a total XP stands: the level, XP earned inside it, XP the level takes in all, and the share done."""

    level: int
    xp_into_level: int
    xp_for_next: int  # the XP this level takes from its start to the next level
    fraction: float  # xp_into_level / xp_for_next, 0..1 (what the XP bar fills)

    @property
    def xp_to_go(self) -> int:
        """XP still needed for the next level."""
        return self.xp_for_next - self.xp_into_level


@dataclass(frozen=True)
class LevelCurve:
    """The level curve's two numbers (the reasoning is in the module docstring)."""

    first_level_xp: int = 4000  # XP from level 1 to level 2
    growth: float = 1.15  # each level takes this much more than the one before

    def __post_init__(self) -> None:
        if self.first_level_xp < 10 or self.growth < 1.0:
            raise ValueError(f"level curve needs first_level_xp >= 10 and growth >= 1, got {self}")

    def xp_for_level(self, level: int) -> int:
        """XP it takes to go from `level` to `level` + 1."""
        if level < 1:
            raise ValueError(f"levels start at 1, got {level}")
        return int(round(self.first_level_xp * self.growth ** (level - 1), -1))

    def xp_to_reach(self, level: int) -> int:
        """Total XP at which `level` begins (0 for level 1)."""
        return sum(self.xp_for_level(k) for k in range(1, level))

    def describe(self) -> str:
        """The curve in one sentence, for the README and the benchmark."""
        return (
            f"level 2 at {self.first_level_xp} XP, each level after that takes {self.growth - 1:.0%} more XP than the "
            f"one before"
        )


def level_for(xp: int, curve: LevelCurve | None = None) -> LevelProgress:
    """The level a total of `xp` reaches (negative totals count as 0)."""
    curve = curve or LevelCurve()
    remaining = max(0, int(xp))
    level = 1
    while remaining >= (need := curve.xp_for_level(level)):
        remaining -= need
        level += 1
    return LevelProgress(level, remaining, need, remaining / need)
