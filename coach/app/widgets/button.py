"""Buttons and a keyboard-navigable menu of them (mouse: hover and click; keys: arrows/Tab, Enter, shortcuts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from coach.app.text import draw_text, fit_text
from coach.app.theme import ACCENT, BACKGROUND, OUTLINE, PANEL, PANEL_HIGH, SIZES, TEXT, TEXT_DIM, Theme
from coach.app.widgets.shapes import panel


@dataclass
class Button:
    """A labelled button. `key` is its shortcut (a pygame key constant), `note` a small second line."""

    id: str
    label: str
    key: int | None = None
    note: str = ""
    primary: bool = False
    switch: bool | None = None  # an on/off setting: drawn as a switch
    rect: pygame.Rect | None = None
    hovered: bool = False

    def hit(self, pos: tuple[int, int]) -> bool:
        """Whether a screen position is on the button."""
        return self.rect is not None and self.rect.collidepoint(pos)

    def draw(self, surface: pygame.Surface, theme: Theme, *, focused: bool = False, size: int = SIZES.large) -> None:
        """Draw at `rect` (set by the caller's layout): centred text, or for a switch text left and the switch right."""
        if self.rect is None:
            return
        fill = ACCENT if self.primary else (PANEL_HIGH if (self.hovered or focused) else PANEL)
        border = TEXT if focused else (ACCENT if self.hovered else OUTLINE)
        panel(surface, self.rect, fill, radius=theme.px(14), border=border)
        font, small = theme.font(size, bold=True), theme.font(SIZES.small)
        colour, note_colour = (BACKGROUND, BACKGROUND) if self.primary else (TEXT, TEXT_DIM)
        inner = self.rect.inflate(-4 * theme.space, 0)
        if self.switch is not None:
            knob = pygame.Rect(0, 0, theme.px(64), theme.px(34))
            knob.midright = inner.midright
            draw_switch(surface, knob, self.switch)
            inner.width = knob.left - inner.left - 2 * theme.space
        anchor, x = ("midtop", inner.centerx) if self.switch is None else ("topleft", inner.left)
        total = font.get_height() + (small.get_height() if self.note else 0)
        top = self.rect.centery - total // 2
        draw_text(surface, fit_text(font, self.label, inner.width), font, colour, (x, top), anchor)
        if self.note:
            note = fit_text(small, self.note, inner.width)
            draw_text(surface, note, small, note_colour, (x, top + font.get_height()), anchor)


def draw_switch(surface: pygame.Surface, rect: pygame.Rect, on: bool) -> None:
    """An on/off switch: a pill, the knob right and green when on, left and grey when off."""
    radius = rect.height // 2
    pygame.draw.rect(surface, ACCENT if on else OUTLINE, rect, border_radius=radius)
    centre = (rect.right - radius if on else rect.left + radius, rect.centery)
    pygame.draw.circle(surface, TEXT, centre, radius - max(2, radius // 6))


class Menu:
    """Buttons with one keyboard focus; `handle_event` returns the id of the button activated, if any."""

    def __init__(self, buttons: Sequence[Button]) -> None:
        self.buttons = list(buttons)
        self.focus = 0

    def handle_event(self, event: pygame.event.Event) -> str | None:
        """Mouse click, Enter/Space on the focused button, or a button's shortcut key."""
        if event.type == pygame.MOUSEMOTION:
            for button in self.buttons:
                button.hovered = button.hit(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for i, button in enumerate(self.buttons):
                if button.hit(event.pos):
                    self.focus = i
                    return button.id
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_RIGHT) or (event.key == pygame.K_TAB and not event.mod & 1):
                self.focus = (self.focus + 1) % len(self.buttons)
            elif event.key in (pygame.K_UP, pygame.K_LEFT, pygame.K_TAB):
                self.focus = (self.focus - 1) % len(self.buttons)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                return self.buttons[self.focus].id
            else:
                for button in self.buttons:
                    if button.key is not None and event.key == button.key:
                        return button.id
        return None

    def draw(self, surface: pygame.Surface, theme: Theme, size: int = SIZES.large) -> None:
        """Draw every button; the focused one outlined."""
        for i, button in enumerate(self.buttons):
            button.draw(surface, theme, focused=i == self.focus, size=size)
