"""A "coming soon" screen for destinations that arrive in a later part (History, Calibration)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from coach.app.context import AppContext
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.text import draw_text, wrap_text
from coach.app.theme import ACCENT, SIZES, TEXT_DIM
from coach.app.widgets.button import Button, Menu


@dataclass(frozen=True)
class ComingSoon:
    """A scene factory for a placeholder: `ComingSoon("History", "...")(context)` builds the screen."""

    title: str
    text: str

    def __call__(self, context: AppContext) -> Scene:
        return PlaceholderScreen(context, self.title, self.text)


class PlaceholderScreen(Scene):
    """Says what will be here and offers the way back."""

    def __init__(self, context: AppContext, title: str, text: str) -> None:
        super().__init__(context)
        self.title = title
        self.text = text
        self.menu = Menu([Button("back", "Back", pygame.K_b, primary=True)])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event) or self.menu.handle_event(event) == "back":
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.context.theme
        begin(surface)
        top_bar(surface, theme, self.title)
        hints(surface, theme, "Esc back")
        area = content_rect(surface, theme)
        centre_x = area.centerx
        heading = draw_text(
            surface,
            "Coming soon",
            theme.font(SIZES.title, bold=True),
            ACCENT,
            (centre_x, area.top + area.height // 4),
            "midtop",
        )
        font = theme.font(SIZES.large)
        y = heading.bottom + 3 * theme.space
        for line in wrap_text(font, self.text, min(area.width, theme.px(760))):
            y = draw_text(surface, line, font, TEXT_DIM, (centre_x, y), "midtop").bottom
        button = self.menu.buttons[0]
        button.rect = pygame.Rect(0, 0, theme.px(220), theme.px(64))
        button.rect.midtop = (centre_x, y + 5 * theme.space)
        self.menu.draw(surface, theme)
