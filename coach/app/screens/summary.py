"""Summary: how the workout went: time, XP earned, the best rep, and every set's reps against target with quality."""

from __future__ import annotations

import pygame

from coach.app.context import AppContext
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.text import draw_text, fit_text
from coach.app.theme import (
    ACCENT,
    GOLD,
    GOOD,
    OUTLINE,
    PANEL,
    SIZES,
    TEXT,
    TEXT_DIM,
    TEXT_FAINT,
    WARN,
    exercise_colour,
    quality_colour,
)
from coach.app.views import SetSummary, SummaryView, format_duration
from coach.app.widgets.button import Button, Menu
from coach.app.widgets.progress import draw_progress_bar
from coach.app.widgets.shapes import panel


class SummaryScreen(Scene):
    """Shown when a workout ends (finished or quit)."""

    title = "Summary"

    def __init__(self, context: AppContext, view: SummaryView) -> None:
        super().__init__(context)
        self.view = view
        self.menu = Menu([Button("done", "Done", pygame.K_d, primary=True)])
        self.scroll = 0

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event) or self.menu.handle_event(event) == "done":
            return Pop()
        if event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, self.scroll - event.y)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
            self.scroll = max(0, self.scroll + (1 if event.key == pygame.K_DOWN else -1))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme, view = self.context.theme, self.view
        s = theme.space
        begin(surface)
        top_bar(surface, theme, "Workout stopped" if view.aborted else "Workout complete", view.plan_name)
        hints(surface, theme, "Enter done  ·  ↑↓ scroll sets  ·  Esc back")
        area = content_rect(surface, theme)
        cards = pygame.Rect(area.left, area.top + 2 * s, area.width, theme.px(120))
        self._cards(surface, cards)
        button = self.menu.buttons[0]
        button.rect = pygame.Rect(0, 0, theme.px(220), theme.px(60))
        button.rect.bottomright = (area.right, area.bottom - s)
        top = cards.bottom + 3 * s
        if view.unlocks:
            font = theme.font(SIZES.body, bold=True)
            text = "Unlocked  ·  " + "  ·  ".join(view.unlocks)
            top = draw_text(surface, fit_text(font, text, area.width), font, GOLD, (area.left, top)).bottom + 2 * s
        table = pygame.Rect(area.left, top, area.width, button.rect.top - top - 2 * s)
        self._sets(surface, table)
        if view.best_rep:
            best = theme.font(SIZES.body)
            draw_text(
                surface,
                fit_text(best, f"Best rep: {view.best_rep}", button.rect.left - area.left - 4 * s),
                best,
                TEXT_DIM,
                (area.left, button.rect.centery),
                "midleft",
            )
        self.menu.draw(surface, theme)

    def _cards(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, view = self.context.theme, self.view
        s = theme.space
        counted = [x for x in view.sets if not x.skipped]
        reps = sum(x.reps for x in counted)
        items = [
            ("TIME", format_duration(view.duration_s), TEXT),
            ("XP EARNED", f"+{view.xp_earned:,}", GOLD),
            ("REPS", f"{reps}", ACCENT),
            ("SETS DONE", f"{len(counted)}/{view.set_total or len(view.sets)}", TEXT),
        ]
        if view.level is not None:
            items.append(("LEVEL UP!" if view.level_up else "LEVEL", str(view.level), GOOD if view.level_up else TEXT))
        width = (rect.width - (len(items) - 1) * 2 * s) // len(items)
        for i, (caption, value, colour) in enumerate(items):
            card = pygame.Rect(rect.left + i * (width + 2 * s), rect.top, width, rect.height)
            panel(surface, card, PANEL, radius=theme.px(16))
            cap = draw_text(
                surface,
                caption,
                theme.font(SIZES.small, bold=True),
                TEXT_FAINT,
                (card.centerx, card.top + 2 * s),
                "midtop",
            )
            big = theme.font(48, bold=True)
            draw_text(
                surface,
                fit_text(big, value, card.width - 2 * s),
                big,
                colour,
                (card.centerx, (cap.bottom + card.bottom) // 2),
                "center",
            )

    def _sets(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, view = self.context.theme, self.view
        s = theme.space
        row = theme.px(52)
        header = theme.font(SIZES.small, bold=True)
        columns = _columns(rect)
        for key, title in (("name", "SET"), ("result", "DONE / TARGET"), ("quality", "QUALITY")):
            draw_text(surface, title, header, TEXT_FAINT, (columns[key], rect.top))
        top = rect.top + header.get_height() + s
        visible = max(1, (rect.bottom - top) // row)
        self.scroll = min(self.scroll, max(0, len(view.sets) - visible))
        for i, item in enumerate(view.sets[self.scroll : self.scroll + visible]):
            line = pygame.Rect(rect.left, top + i * row, rect.width, row - theme.px(6))
            self._set_row(surface, line, self.scroll + i + 1, item, columns)
        if len(view.sets) > visible:
            more = f"{self.scroll + 1}-{min(len(view.sets), self.scroll + visible)} of {len(view.sets)} sets"
            draw_text(surface, more, theme.font(SIZES.small), TEXT_FAINT, (rect.right, rect.top), "topright")

    def _set_row(
        self, surface: pygame.Surface, line: pygame.Rect, number: int, item: SetSummary, columns: dict[str, int]
    ) -> None:
        theme = self.context.theme
        s = theme.space
        panel(surface, line, PANEL, radius=theme.px(10))
        chip = pygame.Rect(line.left + s, line.top + s, theme.px(6), line.height - 2 * s)
        pygame.draw.rect(surface, exercise_colour(item.exercise_id), chip, border_radius=chip.width // 2)
        font, bold = theme.font(SIZES.body), theme.font(SIZES.body, bold=True)
        draw_text(surface, f"{number}. {item.exercise_name}", bold, TEXT, (columns["name"], line.centery), "midleft")
        if item.skipped:
            result, colour = "skipped", TEXT_FAINT
        elif item.target_hold_s is not None:
            result = f"{item.hold_s:.0f}s / {item.target_hold_s:.0f}s"
            colour = GOOD if item.hold_s >= item.target_hold_s else WARN
        else:
            result = f"{item.reps} / {item.target_reps}" if item.target_reps else f"{item.reps}"
            colour = GOOD if item.target_reps and item.reps >= item.target_reps else WARN
        draw_text(surface, result, bold, colour, (columns["result"], line.centery), "midleft")
        bar = pygame.Rect(columns["quality"], 0, line.right - columns["quality"] - theme.px(80), theme.px(12))
        bar.centery = line.centery
        if item.quality is not None:
            draw_progress_bar(surface, bar, item.quality, quality_colour(item.quality))
            draw_text(surface, f"{item.quality:.0%}", font, TEXT, (line.right - 2 * s, line.centery), "midright")
        else:
            pygame.draw.rect(surface, OUTLINE, bar, border_radius=bar.height // 2)
            draw_text(surface, "-", font, TEXT_DIM, (line.right - 2 * s, line.centery), "midright")


def _columns(rect: pygame.Rect) -> dict[str, int]:
    return {
        "name": rect.left + round(rect.width * 0.03),
        "result": rect.left + round(rect.width * 0.40),
        "quality": rect.left + round(rect.width * 0.62),
    }
