"""Progress bars: a plain one (XP to the next level) and a segmented one (sets or blocks of a workout)."""

from __future__ import annotations

import pygame

from coach.app.theme import ACCENT, PANEL_HIGH, Colour


def draw_progress_bar(
    surface: pygame.Surface, rect: pygame.Rect, fraction: float, colour: Colour = ACCENT, track: Colour = PANEL_HIGH
) -> None:
    """A rounded bar filled to `fraction` (0..1)."""
    radius = rect.height // 2
    pygame.draw.rect(surface, track, rect, border_radius=radius)
    fraction = max(0.0, min(1.0, fraction))
    if fraction > 0:
        filled = rect.copy()
        filled.width = max(rect.height, round(rect.width * fraction))
        pygame.draw.rect(surface, colour, filled, border_radius=radius)


def draw_segments(
    surface: pygame.Surface,
    rect: pygame.Rect,
    done: int,
    total: int,
    current_fraction: float = 0.0,
    colour: Colour = ACCENT,
    track: Colour = PANEL_HIGH,
    gap: int = 4,
) -> None:
    """`total` segments: `done` full, the next filled to `current_fraction`, the rest empty."""
    if total <= 0:
        return
    width = (rect.width - gap * (total - 1)) / total
    for i in range(total):
        segment = pygame.Rect(round(rect.left + i * (width + gap)), rect.top, max(2, round(width)), rect.height)
        fraction = 1.0 if i < done else (current_fraction if i == done else 0.0)
        draw_progress_bar(surface, segment, fraction, colour, track)
