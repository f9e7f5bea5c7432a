"""Home: who you are (level, XP, streak) and where to go (Plans, History, Calibration, Settings)."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from coach.app.context import AppContext
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.screens.placeholder import ComingSoon
from coach.app.text import draw_text, fit_text
from coach.app.theme import ACCENT, BACKGROUND, GOLD, PANEL, SIZES, TEXT, TEXT_DIM
from coach.app.views import HomeView
from coach.app.widgets.button import Button, Menu
from coach.app.widgets.progress import draw_progress_bar
from coach.app.widgets.shapes import panel

SceneFactory = Callable[[AppContext], Scene]


class HomeScreen(Scene):
    """The first screen. `destinations` maps a button id (plans, history, calibration, settings) to the scene it
    opens; the caller decides (e.g. Plans opens the Live view until the Plans screen is wired)."""

    title = "Home"

    def __init__(
        self,
        context: AppContext,
        view: HomeView,
        destinations: dict[str, SceneFactory],
        refresh: Callable[[], HomeView] | None = None,
    ) -> None:
        super().__init__(context)
        self.view = view
        self.refresh = refresh  # re-reads the profile whenever Home comes back on screen (after a workout)
        self.destinations = destinations
        self.menu = Menu(
            [
                Button("plans", "Plans", pygame.K_p, note="pick a workout and start", primary=True),
                Button("history", "History", pygame.K_h, note=_note(destinations, "history", "your past workouts")),
                Button(
                    "calibration",
                    "Calibration",
                    pygame.K_c,
                    note=_note(destinations, "calibration", "teach Coach your moves"),
                ),
                Button(
                    "settings", "Settings", pygame.K_s, note=_note(destinations, "settings", "sound, source, profile")
                ),
            ]
        )

    def enter(self) -> None:
        if self.refresh is not None:
            self.view = self.refresh()

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event):
            return Pop()
        chosen = self.menu.handle_event(event)
        if chosen is not None and chosen in self.destinations:
            self.context.sounds.play("click")
            return self.destinations[chosen](self.context)
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.context.theme
        begin(surface)
        top_bar(surface, theme, "Coach", self._source_status())
        hints(surface, theme, "Enter open  ·  ↑↓ move  ·  P H C S shortcuts  ·  F11 full screen  ·  Esc quit")
        area = content_rect(surface, theme)
        gap = 3 * theme.space
        left = pygame.Rect(area.left, area.top + gap, round(area.width * 0.56), area.height - 2 * gap)
        right = pygame.Rect(left.right + gap, left.top, area.right - left.right - gap, left.height)
        self._profile(surface, left)
        count = len(self.menu.buttons)
        height = (right.height - (count - 1) * 2 * theme.space) // count
        for i, button in enumerate(self.menu.buttons):
            button.rect = pygame.Rect(right.left, right.top + i * (height + 2 * theme.space), right.width, height)
        self.menu.draw(surface, theme)

    def _source_status(self) -> str:
        """What the camera is doing, so a missing webcam is known before a workout starts."""
        live = self.context.live
        if live is None:
            return "offline fitness coach"
        if live.source is None:
            return "starting the camera…"
        if live.source.fallback_reason:
            return "no webcam found: the synthetic avatar stands in"
        return f"{live.source.name}: ready"

    def _profile(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, view = self.context.theme, self.view
        s = theme.space
        panel(surface, rect, PANEL, radius=theme.px(18))
        inner = rect.inflate(-6 * s, -6 * s)
        greeting = theme.font(SIZES.body)
        draw_text(surface, "Welcome back," if view.workouts_done else "Welcome,", greeting, TEXT_DIM, inner.topleft)
        name_font = theme.font(56, bold=True)
        name = draw_text(
            surface,
            fit_text(name_font, view.name, inner.width),
            name_font,
            TEXT,
            (inner.left, inner.top + greeting.get_height()),
        )
        # level badge and XP bar
        badge_r = theme.px(46)
        badge_centre = (inner.left + badge_r, name.bottom + 4 * s + badge_r)
        pygame.draw.circle(surface, ACCENT, badge_centre, badge_r)
        draw_text(
            surface,
            "LEVEL",
            theme.font(SIZES.tiny, bold=True),
            BACKGROUND,
            (badge_centre[0], badge_centre[1] - theme.px(18)),
            "center",
        )
        draw_text(
            surface,
            str(view.level),
            theme.font(40, bold=True),
            BACKGROUND,
            (badge_centre[0], badge_centre[1] + theme.px(8)),
            "center",
        )
        bar_left = badge_centre[0] + badge_r + 3 * s
        xp_label = (
            f"{view.xp_in_level:,} / {view.xp_for_level:,} XP" if view.xp_for_level else f"{view.xp_in_level:,} XP"
        )
        draw_text(
            surface,
            f"Level {view.level}",
            theme.font(SIZES.large, bold=True),
            TEXT,
            (bar_left, badge_centre[1] - theme.px(8)),
            "bottomleft",
        )
        draw_text(
            surface, xp_label, theme.font(SIZES.body), GOLD, (inner.right, badge_centre[1] - theme.px(8)), "bottomright"
        )
        bar = pygame.Rect(bar_left, badge_centre[1] + theme.px(2), inner.right - bar_left, theme.px(18))
        fraction = view.xp_in_level / view.xp_for_level if view.xp_for_level else 0.0
        draw_progress_bar(surface, bar, fraction, GOLD)
        if view.xp_for_level:
            to_go = max(0, view.xp_for_level - view.xp_in_level)
            draw_text(
                surface,
                f"{to_go:,} XP to level {view.level + 1}",
                theme.font(SIZES.small),
                TEXT_DIM,
                (bar.left, bar.bottom + s),
            )
        # stat cards
        top = badge_centre[1] + badge_r + 5 * s
        cards = [
            (str(view.streak_days), "day streak", GOLD),
            (str(view.workouts_done), "workout" if view.workouts_done == 1 else "workouts", ACCENT),
        ]
        card_w = (inner.width - 2 * s) // 2
        card_h = min(theme.px(170), inner.bottom - top - (theme.px(40) if view.last_workout else 0))
        for i, (number, label, colour) in enumerate(cards):
            card = pygame.Rect(inner.left + i * (card_w + 2 * s), top, card_w, card_h)
            panel(surface, card, BACKGROUND, radius=theme.px(14))
            value = draw_text(
                surface, number, theme.font(48, bold=True), colour, (card.centerx, card.centery - theme.px(6)), "center"
            )
            draw_text(surface, label, theme.font(SIZES.small), TEXT_DIM, (card.centerx, value.bottom), "midtop")
        if view.last_workout:
            draw_text(
                surface,
                fit_text(theme.font(SIZES.small), f"Last workout: {view.last_workout}", inner.width),
                theme.font(SIZES.small),
                TEXT_DIM,
                (inner.left, top + card_h + 2 * s),
            )


def _note(destinations: dict[str, SceneFactory], key: str, text: str) -> str:
    factory = destinations.get(key)
    return "coming soon" if factory is None or isinstance(factory, ComingSoon) else text
