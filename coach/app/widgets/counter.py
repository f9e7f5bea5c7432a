"""The rep counter: a ring that fills towards the target around one big number."""

from __future__ import annotations

import pygame

from coach.app.text import draw_text
from coach.app.theme import PANEL_HIGH, SIZES, TEXT, TEXT_DIM, Colour, Theme
from coach.app.widgets.shapes import ring


def draw_rep_counter(
    surface: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    value: str,
    target: str | None,
    fraction: float,
    colour: Colour,
    caption: str = "reps",
) -> None:
    """`value` big in the middle (e.g. "7" or "23s"), "of `target`" and `caption` below it, the ring at `fraction`."""
    radius = min(rect.width, rect.height) / 2 - theme.px(10)
    width = max(6, radius * 0.13)
    centre = rect.center
    ring(surface, centre, radius, width, PANEL_HIGH)
    ring(surface, centre, radius, width, colour, fraction=fraction)
    number_px = max(24, round(radius * 0.75 / theme.scale))
    big = theme.font(min(SIZES.huge, number_px), bold=True)
    number = draw_text(surface, value, big, TEXT, (centre[0], round(centre[1] - radius * 0.12)), "center")
    under = " ".join(part for part in (f"of {target}" if target else "", caption) if part)
    small = theme.font(max(12, min(SIZES.large, round(number_px * 0.28))))
    draw_text(surface, under, small, TEXT_DIM, (centre[0], number.bottom + theme.px(2)), "midtop")
