"""The cue banner: what the coach says right now ("Go lower"), shown fully for a moment, then fading out."""

from __future__ import annotations

import pygame

from coach.app.text import draw_text, fit_text
from coach.app.theme import TEXT, Colour, Theme
from coach.app.widgets.shapes import panel

HOLD_S = 2.5
FADE_S = 1.0


def cue_alpha(age_s: float, hold_s: float = HOLD_S, fade_s: float = FADE_S) -> int:
    """Opacity 0..255 of a cue `age_s` seconds old: full while fresh, then a linear fade."""
    if age_s < 0 or age_s >= hold_s + fade_s:
        return 0
    if age_s <= hold_s:
        return 255
    return round(255 * (1.0 - (age_s - hold_s) / fade_s))


def draw_cue_banner(
    surface: pygame.Surface, rect: pygame.Rect, theme: Theme, text: str, age_s: float, colour: Colour, size: int = 30
) -> bool:
    """Draw the cue centred in `rect` (a pill sized to the text); returns False when it has faded out."""
    alpha = cue_alpha(age_s)
    if alpha == 0 or not text:
        return False
    font = theme.font(size, bold=True)
    line = fit_text(font, text, rect.width - 4 * theme.space)
    width, height = font.size(line)
    pill = pygame.Rect(0, 0, width + 4 * theme.space, height + 2 * theme.space)
    pill.center = rect.center
    layer = pygame.Surface(pill.size, pygame.SRCALPHA)
    panel(layer, layer.get_rect(), (16, 18, 24), radius=pill.height // 2, alpha=round(alpha * 0.85))
    pygame.draw.rect(
        layer, (*colour, alpha), layer.get_rect(), width=max(2, theme.px(3)), border_radius=pill.height // 2
    )
    draw_text(layer, line, font, TEXT, (pill.width // 2, pill.height // 2), "center", alpha=alpha)
    surface.blit(layer, pill)
    return True
