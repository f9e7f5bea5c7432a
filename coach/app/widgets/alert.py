"""An alert strip: something the person must know while the workout goes on (saving fails, the camera is gone). Unlike
the cue banner it does not fade: it stays until the problem does."""

from __future__ import annotations

import pygame

from coach.app.text import draw_text, wrap_text
from coach.app.theme import SIZES, TEXT, Colour, Theme
from coach.app.widgets.shapes import panel

MAX_DETAIL_LINES = 2


def draw_alert(
    surface: pygame.Surface, rect: pygame.Rect, theme: Theme, title: str, detail: str | None, colour: Colour
) -> pygame.Rect:
    """A bordered strip at the bottom of `rect`: `title` in bold, `detail` below it (wrapped, at most two lines).
    Returns the strip's rect."""
    s = theme.space
    width = rect.width - 4 * s
    big, small = theme.font(SIZES.body, bold=True), theme.font(SIZES.small)
    lines = wrap_text(small, detail, width - 4 * s)[:MAX_DETAIL_LINES] if detail else []
    height = big.get_linesize() + len(lines) * small.get_linesize() + 2 * s
    strip = pygame.Rect(rect.left + 2 * s, rect.bottom - height - 2 * s, width, height)
    panel(surface, strip, (28, 18, 16), radius=theme.px(10), alpha=235, border=colour)
    y = strip.top + s
    draw_text(surface, title, big, colour, (strip.left + 2 * s, y))
    y += big.get_linesize()
    for line in lines:
        draw_text(surface, line, small, TEXT, (strip.left + 2 * s, y))
        y += small.get_linesize()
    return strip
