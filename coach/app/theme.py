"""The one place that decides how Coach looks: colours, fonts, sizes, spacing.

Dark background, big readable numbers, one accent colour, and every exercise in its registry colour. Sizes are given
for a 1280x720 window and scaled with the window (`Theme.resize`), so the layout holds from 960x540 to full HD.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from coach.app.assets import assets_dir
from coach.exercises.registry import EXERCISES

Colour = tuple[int, int, int]

BACKGROUND: Colour = (13, 16, 22)
PANEL: Colour = (24, 29, 38)
PANEL_HIGH: Colour = (36, 43, 56)
OUTLINE: Colour = (52, 61, 78)
TEXT: Colour = (238, 241, 246)
TEXT_DIM: Colour = (148, 158, 174)
TEXT_FAINT: Colour = (96, 106, 122)
ACCENT: Colour = (0, 214, 170)  # Coach's own colour: buttons, progress
GOLD: Colour = (255, 196, 46)  # XP, score, streak
GOOD: Colour = (102, 222, 122)
WARN: Colour = (255, 168, 64)
BAD: Colour = (255, 96, 88)
LEFT_SIDE: Colour = (255, 160, 40)  # the person's left limbs (as in coach analyze --annotate)
RIGHT_SIDE: Colour = (40, 200, 255)
CENTRE_LINE: Colour = (235, 235, 235)

BASE_SIZE = (1280, 720)


@dataclass(frozen=True)
class Sizes:
    """Font sizes in pixels at 1280x720."""

    huge: int = 120  # the rep count
    title: int = 44
    heading: int = 30
    large: int = 24
    body: int = 20
    small: int = 16
    tiny: int = 13


SIZES = Sizes()
SPACE = 8  # the spacing unit at 1280x720; layouts use multiples of it
RADIUS = 12


def exercise_colour(exercise_id: str | None) -> Colour:
    """The registry colour of an exercise; grey for unknown ids and `unknown`."""
    exercise = EXERCISES.get(exercise_id or "")
    return exercise.colour if exercise is not None else (120, 128, 140)


def exercise_name(exercise_id: str | None) -> str:
    """Display name of an exercise id ("Not sure yet" for `unknown`)."""
    exercise = EXERCISES.get(exercise_id or "")
    if exercise is not None:
        return exercise.display_name
    return "Not sure yet" if exercise_id == "unknown" else (exercise_id or "-")


def quality_colour(quality: float) -> Colour:
    """Red below 50%, through orange at 75%, to green at 100%: how good a rep or set was."""
    if quality <= 0.75:
        return blend(BAD, WARN, max(0.0, quality - 0.5) / 0.25)
    return blend(WARN, GOOD, min(1.0, (quality - 0.75) / 0.25))


def blend(a: Colour, b: Colour, t: float) -> Colour:
    """`a` moved a fraction `t` towards `b`."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def load_font(px: int, bold: bool) -> pygame.font.Font:
    """DejaVu Sans from assets/fonts, or pygame's built-in font when the file is missing."""
    path = assets_dir() / "fonts" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return pygame.font.Font(str(path), px)
    return pygame.font.Font(None, round(px * 1.3))  # pygame's default font runs small


class Theme:
    """Fonts and sizes for the current window size."""

    def __init__(self, size: tuple[int, int] = BASE_SIZE) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self.scale = 1.0
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}  # per theme: fonts die with pygame.quit()
        self.resize(size)

    def resize(self, size: tuple[int, int]) -> None:
        """Scale everything with the window (by its smaller relative side)."""
        self.scale = max(0.5, min(size[0] / BASE_SIZE[0], size[1] / BASE_SIZE[1]))

    def px(self, value: float) -> int:
        """A length at 1280x720 in pixels for the current window."""
        return max(1, round(value * self.scale))

    @property
    def space(self) -> int:
        """The spacing unit for the current window."""
        return self.px(SPACE)

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        """A font `size` px tall at 1280x720, scaled to the window."""
        key = (self.px(size), bold)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = load_font(*key)
        return font
