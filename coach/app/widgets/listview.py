"""A scrolling list of rows (title, subtitle, a value on the right, a colour chip); keyboard and mouse select."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from coach.app.text import draw_text, fit_text
from coach.app.theme import OUTLINE, PANEL, PANEL_HIGH, SIZES, TEXT, TEXT_DIM, Colour, Theme
from coach.app.widgets.shapes import panel


@dataclass(frozen=True)
class ListItem:
    """One row."""

    title: str
    subtitle: str = ""
    value: str = ""
    colour: Colour | None = None


class ListView:
    """Rows with a selection; `handle_event` returns the index chosen (Enter or a click on the selected row)."""

    def __init__(self, items: Sequence[ListItem], row_height: int = 64) -> None:
        self.items = list(items)
        self.row_height = row_height  # at 1280x720
        self.selected = 0
        self.scroll = 0
        self.rect: pygame.Rect | None = None
        self._row_px = row_height

    def _visible_rows(self) -> int:
        return max(1, (self.rect.height if self.rect else 0) // self._row_px)

    def _keep_selection_visible(self) -> None:
        rows = self._visible_rows()
        self.scroll = min(max(self.scroll, self.selected - rows + 1), self.selected)
        self.scroll = max(0, min(self.scroll, max(0, len(self.items) - rows)))

    def row_at(self, pos: tuple[int, int]) -> int | None:
        """The index of the row under a screen position."""
        if self.rect is None or not self.rect.collidepoint(pos):
            return None
        index = self.scroll + (pos[1] - self.rect.top) // self._row_px
        return index if 0 <= index < len(self.items) else None

    def handle_event(self, event: pygame.event.Event) -> int | None:
        """Up/Down/PageUp/PageDown/Home/End move, Enter chooses; the wheel scrolls; a click selects then chooses."""
        if not self.items:
            return None
        if event.type == pygame.KEYDOWN:
            step = {
                pygame.K_UP: -1,
                pygame.K_DOWN: 1,
                pygame.K_PAGEUP: -self._visible_rows(),
                pygame.K_PAGEDOWN: self._visible_rows(),
                pygame.K_HOME: -len(self.items),
                pygame.K_END: len(self.items),
            }.get(event.key)
            if step is not None:
                self.selected = max(0, min(len(self.items) - 1, self.selected + step))
                self._keep_selection_visible()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.selected
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(self.scroll - event.y, max(0, len(self.items) - self._visible_rows())))
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            index = self.row_at(event.pos)
            if index is not None:
                if index == self.selected:
                    return index
                self.selected = index
        return None

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, theme: Theme) -> None:
        """Draw the visible rows into `rect`."""
        self.rect = rect
        self._row_px = theme.px(self.row_height)
        self._keep_selection_visible()
        title_font, sub_font = theme.font(SIZES.large, bold=True), theme.font(SIZES.small)
        clip = surface.get_clip()
        surface.set_clip(rect)
        for row in range(self._visible_rows() + 1):
            index = self.scroll + row
            if index >= len(self.items):
                break
            item = self.items[index]
            box = pygame.Rect(rect.left, rect.top + row * self._row_px, rect.width, self._row_px - theme.px(6))
            selected = index == self.selected
            panel(
                surface,
                box,
                PANEL_HIGH if selected else PANEL,
                radius=theme.px(10),
                border=TEXT if selected else OUTLINE,
            )
            left = box.left + 2 * theme.space
            if item.colour is not None:
                chip = pygame.Rect(
                    box.left + theme.space, box.top + theme.space, theme.px(6), box.height - 2 * theme.space
                )
                pygame.draw.rect(surface, item.colour, chip, border_radius=chip.width // 2)
                left = chip.right + 2 * theme.space
            value_width = title_font.size(item.value)[0] if item.value else 0
            inner = box.right - left - value_width - 3 * theme.space
            if item.subtitle:
                draw_text(
                    surface,
                    fit_text(title_font, item.title, inner),
                    title_font,
                    TEXT,
                    (left, box.centery - theme.px(2)),
                    "bottomleft",
                )
                draw_text(
                    surface,
                    fit_text(sub_font, item.subtitle, inner),
                    sub_font,
                    TEXT_DIM,
                    (left, box.centery + theme.px(2)),
                    "topleft",
                )
            else:
                draw_text(
                    surface, fit_text(title_font, item.title, inner), title_font, TEXT, (left, box.centery), "midleft"
                )
            if item.value:
                draw_text(surface, item.value, title_font, TEXT, (box.right - 2 * theme.space, box.centery), "midright")
        surface.set_clip(clip)
