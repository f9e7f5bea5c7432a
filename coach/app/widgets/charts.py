"""Charts drawn with pygame primitives: stacked bars (reps per day or week, one colour per exercise) and a line of
values 0..1 (average quality over time)."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from coach.app.text import draw_text
from coach.app.theme import OUTLINE, SIZES, TEXT_DIM, TEXT_FAINT, Colour, Theme, quality_colour


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at or above `value` (an axis maximum people can read)."""
    if value <= 0:
        return 1.0
    scale = 1.0
    while scale * 10 < value:
        scale *= 10
    for step in (1, 2, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale


def draw_stacked_bars(
    surface: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    columns: Sequence[tuple[str, Sequence[tuple[Colour, float]]]],
) -> float:
    """One bar per column, its parts stacked bottom up; the label under it. Returns the axis maximum."""
    small = theme.font(SIZES.tiny)
    plot = pygame.Rect(rect.left + theme.px(34), rect.top, rect.width - theme.px(34), rect.height - small.get_height())
    top = nice_ceiling(max((sum(v for _, v in parts) for _, parts in columns), default=0))
    for fraction in (0.0, 0.5, 1.0):
        y = plot.bottom - round(fraction * plot.height)
        pygame.draw.line(surface, OUTLINE, (plot.left, y), (plot.right, y), 1)
        draw_text(surface, f"{top * fraction:g}", small, TEXT_FAINT, (plot.left - theme.px(4), y), "midright")
    if not columns:
        return top
    slot = plot.width / len(columns)
    width = max(2, round(slot * 0.62))
    for i, (label, parts) in enumerate(columns):
        x = round(plot.left + i * slot + (slot - width) / 2)
        y = plot.bottom
        for colour, value in parts:
            height = round(value / top * plot.height)
            if height > 0:
                pygame.draw.rect(surface, colour, pygame.Rect(x, y - height, width, height))
                y -= height
        if label:
            draw_text(surface, label, small, TEXT_DIM, (x + width // 2, plot.bottom + 1), "midtop")
    return top


def draw_line(
    surface: pygame.Surface, rect: pygame.Rect, theme: Theme, values: Sequence[float], labels: Sequence[str] = ()
) -> None:
    """Values 0..1 left to right, each point coloured by its quality; gridlines at 50% and 100%."""
    small = theme.font(SIZES.tiny)
    plot = pygame.Rect(rect.left + theme.px(34), rect.top, rect.width - theme.px(34), rect.height - small.get_height())
    for fraction in (0.0, 0.5, 1.0):
        y = plot.bottom - round(fraction * plot.height)
        pygame.draw.line(surface, OUTLINE, (plot.left, y), (plot.right, y), 1)
        draw_text(surface, f"{fraction:.0%}", small, TEXT_FAINT, (plot.left - theme.px(4), y), "midright")
    if not values:
        return
    step = plot.width / max(1, len(values) - 1) if len(values) > 1 else 0
    points = [
        (round(plot.left + (i * step if len(values) > 1 else plot.width / 2)), plot.bottom - round(v * plot.height))
        for i, v in enumerate(values)
    ]
    if len(points) > 1:
        pygame.draw.lines(surface, TEXT_DIM, False, points, max(1, theme.px(2)))
    for point, value in zip(points, values, strict=True):
        pygame.draw.circle(surface, quality_colour(value), point, theme.px(5))
    for i, label in enumerate(labels):
        if label and i < len(points):
            anchor = "topright" if i == len(points) - 1 and len(points) > 1 else "midtop"
            draw_text(surface, label, small, TEXT_DIM, (points[i][0], plot.bottom + 1), anchor)
