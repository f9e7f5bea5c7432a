"""A countdown: big seconds inside a ring that empties (get ready, rest)."""

from __future__ import annotations

import math

import pygame

from coach.app.text import draw_text
from coach.app.theme import PANEL_HIGH, TEXT, TEXT_DIM, Colour, Theme
from coach.app.widgets.shapes import ring


def draw_countdown(
    surface: pygame.Surface,
    centre: tuple[int, int],
    radius: float,
    theme: Theme,
    seconds_left: float,
    total_s: float,
    colour: Colour,
    caption: str = "",
) -> None:
    """Whole seconds left (rounded up, as people count) in the middle; the ring shows the time left."""
    width = max(6, radius * 0.12)
    ring(surface, centre, radius, width, PANEL_HIGH)
    left = max(0.0, seconds_left)
    ring(surface, centre, radius, width, colour, fraction=left / total_s if total_s > 0 else 0.0)
    big = theme.font(max(20, round(radius * 0.8 / theme.scale)), bold=True)
    number = draw_text(
        surface, str(math.ceil(left)), big, TEXT, (centre[0], round(centre[1] - radius * 0.08)), "center"
    )
    if caption:
        small = theme.font(max(12, round(radius * 0.18 / theme.scale)))
        draw_text(surface, caption, small, TEXT_DIM, (centre[0], number.bottom), "midtop")
