"""Text drawing with a cache: rendering a string costs ~0.1-1 ms, and a 60 fps UI draws the same strings every frame."""

from __future__ import annotations

from functools import lru_cache

import pygame

from coach.app.theme import Colour

Anchor = str  # any pygame.Rect position attribute: topleft, center, midleft, midright, topright, bottomleft, ...


@lru_cache(maxsize=1024)
def render(font: pygame.font.Font, text: str, colour: Colour) -> pygame.Surface:
    """The rendered (antialiased) text; cached by font, text and colour."""
    return font.render(text, True, colour)


def draw_text(
    surface: pygame.Surface,
    text: str,
    font: pygame.font.Font,
    colour: Colour,
    pos: tuple[int, int],
    anchor: Anchor = "topleft",
    alpha: int = 255,
) -> pygame.Rect:
    """Draw `text` with its `anchor` point at `pos`; returns the rect it covers."""
    image = render(font, text, colour)
    rect = image.get_rect(**{anchor: pos})
    if alpha < 255:
        image = image.copy()
        image.set_alpha(alpha)
    surface.blit(image, rect)
    return rect


def fit_text(font: pygame.font.Font, text: str, max_width: int) -> str:
    """`text`, shortened with an ellipsis if it would be wider than `max_width`."""
    if font.size(text)[0] <= max_width:
        return text
    while text and font.size(text + "…")[0] > max_width:
        text = text[:-1]
    return text + "…" if text else ""


def wrap_text(font: pygame.font.Font, text: str, max_width: int) -> list[str]:
    """Split `text` into lines no wider than `max_width` (words longer than a line are shortened)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.size(candidate)[0] <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return [fit_text(font, line, max_width) for line in lines]
