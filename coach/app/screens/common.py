"""Pieces every screen shares: the background, the top bar, the key hints at the bottom, standard rects."""

from __future__ import annotations

import pygame

from coach.app.text import draw_text, fit_text
from coach.app.theme import ACCENT, BACKGROUND, SIZES, TEXT, TEXT_FAINT, Theme

TOP_BAR = 64  # px at 1280x720
HINT_BAR = 36


def begin(surface: pygame.Surface) -> None:
    """Clear the screen."""
    surface.fill(BACKGROUND)


def top_bar(surface: pygame.Surface, theme: Theme, title: str, right: str = "") -> pygame.Rect:
    """The title at the top left (with Coach's mark) and a status at the right; returns the bar's rect."""
    bar = pygame.Rect(0, 0, surface.get_width(), theme.px(TOP_BAR))
    left = 3 * theme.space
    mark = pygame.Rect(left, 0, theme.px(10), theme.px(28))
    mark.centery = bar.centery
    pygame.draw.rect(surface, ACCENT, mark, border_radius=mark.width // 2)
    font = theme.font(SIZES.heading, bold=True)
    title_rect = draw_text(surface, title, font, TEXT, (mark.right + 2 * theme.space, bar.centery), "midleft")
    if right:
        small = theme.font(SIZES.small)
        room = bar.right - title_rect.right - 6 * theme.space
        draw_text(
            surface,
            fit_text(small, right, room),
            small,
            TEXT_FAINT,
            (bar.right - 3 * theme.space, bar.centery),
            "midright",
        )
    return bar


def hints(surface: pygame.Surface, theme: Theme, text: str) -> pygame.Rect:
    """Key hints along the bottom edge; returns the strip's rect."""
    strip = pygame.Rect(0, surface.get_height() - theme.px(HINT_BAR), surface.get_width(), theme.px(HINT_BAR))
    small = theme.font(SIZES.small)
    draw_text(
        surface,
        fit_text(small, text, strip.width - 6 * theme.space),
        small,
        TEXT_FAINT,
        (3 * theme.space, strip.centery),
        "midleft",
    )
    return strip


def content_rect(surface: pygame.Surface, theme: Theme) -> pygame.Rect:
    """The area between the top bar and the hints, inside the margins."""
    margin = 3 * theme.space
    top = theme.px(TOP_BAR)
    bottom = surface.get_height() - theme.px(HINT_BAR)
    return pygame.Rect(margin, top, surface.get_width() - 2 * margin, bottom - top)


def is_back(event: pygame.event.Event) -> bool:
    """Esc or Backspace: go back."""
    return event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE)
