"""Shapes pygame does not draw nicely on its own: translucent rounded panels and thick antialiased rings."""

from __future__ import annotations

import math

import pygame

from coach.app.theme import PANEL, RADIUS, Colour


def panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    colour: Colour = PANEL,
    *,
    radius: int = RADIUS,
    alpha: int = 255,
    border: Colour | None = None,
) -> None:
    """A rounded rectangle; with `alpha` < 255 it lets the picture behind show through."""
    if alpha >= 255:
        pygame.draw.rect(surface, colour, rect, border_radius=radius)
    else:
        layer = pygame.Surface(rect.size, pygame.SRCALPHA)
        pygame.draw.rect(layer, (*colour, alpha), layer.get_rect(), border_radius=radius)
        surface.blit(layer, rect.topleft)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=max(1, radius // 6), border_radius=radius)


def ring(
    surface: pygame.Surface,
    centre: tuple[float, float],
    radius: float,
    width: float,
    colour: Colour,
    start_fraction: float = 0.0,
    fraction: float = 1.0,
) -> None:
    """A thick ring (or part of one, clockwise from 12 o'clock) with smooth edges and round ends."""
    fraction = max(0.0, min(1.0, fraction))
    if fraction <= 0.0:
        return
    cx, cy = centre
    inner, outer = radius - width / 2, radius + width / 2
    steps = max(8, int(120 * fraction))
    angles = [2 * math.pi * (start_fraction + fraction * i / steps) - math.pi / 2 for i in range(steps + 1)]
    outer_pts = [(cx + outer * math.cos(a), cy + outer * math.sin(a)) for a in angles]
    inner_pts = [(cx + inner * math.cos(a), cy + inner * math.sin(a)) for a in reversed(angles)]
    if fraction >= 1.0:
        pygame.draw.aacircle(surface, colour, (round(cx), round(cy)), round(outer), width=max(1, round(width)))
        return
    pygame.draw.polygon(surface, colour, outer_pts + inner_pts)
    pygame.draw.aalines(surface, colour, False, outer_pts)
    pygame.draw.aalines(surface, colour, False, inner_pts)
    for a in (angles[0], angles[-1]):  # round caps
        end = (cx + radius * math.cos(a), cy + radius * math.sin(a))
        pygame.draw.aacircle(surface, colour, (round(end[0]), round(end[1])), max(1, round(width / 2)))
        pygame.draw.circle(surface, colour, (round(end[0]), round(end[1])), max(1, round(width / 2)))
