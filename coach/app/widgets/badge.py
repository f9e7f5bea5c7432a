"""A badge icon from its description (`coach.workout.badges.BadgeIcon`): the shape filled, a ring, the glyph."""

from __future__ import annotations

import pygame

from coach.app.text import draw_text
from coach.app.theme import PANEL_HIGH, TEXT_FAINT, Theme, blend
from coach.workout.badges import BadgeIcon


def draw_badge(
    surface: pygame.Surface, theme: Theme, centre: tuple[int, int], radius: int, icon: BadgeIcon, earned: bool = True
) -> pygame.Rect:
    """Draw the icon in colour when earned, greyed out when still locked; returns its bounding rect."""
    fill = icon.fill if earned else blend(icon.fill, PANEL_HIGH, 0.8)
    ring = icon.ring if earned else TEXT_FAINT
    points = [(centre[0] + x * radius, centre[1] + y * radius) for x, y in icon.outline()]
    rect = pygame.draw.polygon(surface, fill, points)
    pygame.draw.polygon(surface, ring, points, max(1, radius // 8))
    glyph_colour = (20, 20, 24) if earned and sum(fill) > 360 else (245, 245, 245) if earned else TEXT_FAINT
    size = max(8, round(radius * (0.8 if len(icon.glyph) <= 2 else 0.6) / theme.scale))
    draw_text(surface, icon.glyph, theme.font(size, bold=True), glyph_colour, centre, "center")
    return rect
