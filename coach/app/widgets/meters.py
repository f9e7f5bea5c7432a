"""A probability meter for every class the recognizer knows, each bar in its exercise's colour."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pygame

from coach.app.text import draw_text, fit_text
from coach.app.theme import PANEL_HIGH, TEXT, TEXT_DIM, Theme, blend, exercise_colour, exercise_name


def draw_probability_meters(
    surface: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    classes: Sequence[str],
    probabilities: np.ndarray | None,
    label: str | None = None,
    *,
    size: int = 16,
) -> None:
    """One row per class: name, a bar filled to its probability, the percentage. The current label is bold."""
    if not classes:
        return
    row = rect.height / len(classes)
    font, bold = theme.font(size), theme.font(size, bold=True)
    name_width = min(rect.width * 0.45, max(font.size(exercise_name(c))[0] for c in classes) + theme.space)
    pct_width = font.size("100%")[0] + theme.space
    bar_height = max(4, round(min(row * 0.42, theme.px(12))))
    for i, cls in enumerate(classes):
        p = float(probabilities[i]) if probabilities is not None else 0.0
        top = rect.top + i * row
        middle = round(top + row / 2)
        current = cls == label
        colour = exercise_colour(cls)
        text_colour = TEXT if current else TEXT_DIM
        name = fit_text(bold if current else font, exercise_name(cls), round(name_width) - theme.space)
        draw_text(surface, name, bold if current else font, text_colour, (rect.left, middle), "midleft")
        bar = pygame.Rect(
            round(rect.left + name_width),
            middle - bar_height // 2,
            round(rect.width - name_width - pct_width),
            bar_height,
        )
        pygame.draw.rect(surface, PANEL_HIGH, bar, border_radius=bar_height // 2)
        if p > 0.005:
            filled = bar.copy()
            filled.width = max(bar_height, round(bar.width * min(p, 1.0)))
            fill = colour if current or probabilities is None else blend(colour, PANEL_HIGH, 0.25)
            pygame.draw.rect(surface, fill, filled, border_radius=bar_height // 2)
        draw_text(
            surface,
            f"{p:.0%}" if probabilities is not None else "-",
            bold if current else font,
            text_colour,
            (rect.right, middle),
            "midright",
        )
