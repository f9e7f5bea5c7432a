"""Plans: every bundled and user plan with its difficulty, length and exercises; Enter (or a click) starts one."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from coach.app.context import AppContext
from coach.app.scene import Pop, Replace, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.text import draw_text, fit_text
from coach.app.theme import BAD, GOOD, SIZES, TEXT_DIM, WARN, exercise_name
from coach.app.widgets.listview import ListItem, ListView
from coach.workout.catalog import USER, PlanCatalog
from coach.workout.plan import Plan

Starter = Callable[[AppContext, Plan], Scene]
DIFFICULTY_COLOUR = {"beginner": GOOD, "intermediate": WARN, "advanced": BAD}


class PlansScreen(Scene):
    """Lists the catalog; `start` builds the Workout screen for the chosen plan (it replaces this screen, so the
    Summary's Done leads back Home)."""

    title = "Plans"

    def __init__(self, context: AppContext, catalog: PlanCatalog, start: Starter) -> None:
        super().__init__(context)
        self.catalog = catalog
        self.start = start
        self.list = ListView([_row(entry.plan, entry.origin == USER) for entry in catalog.entries], row_height=84)

    @property
    def plans(self) -> tuple[Plan, ...]:
        return tuple(entry.plan for entry in self.catalog.entries)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event):
            return Pop()
        chosen = self.list.handle_event(event)
        if chosen is None:
            return None
        self.context.sounds.play("click")
        return Replace(self.start(self.context, self.plans[chosen]))

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.context.theme
        s = theme.space
        begin(surface)
        top_bar(surface, theme, "Plans", f"{len(self.catalog.entries)} workouts")
        hints(surface, theme, "Enter start  ·  ↑↓ move  ·  click twice to start  ·  Esc back")
        area = content_rect(surface, theme)
        body = pygame.Rect(area.left, area.top + 2 * s, area.width, area.height - 4 * s)
        problems = self.catalog.problems
        if problems:
            font = theme.font(SIZES.small)
            line = f"{len(problems)} plan file(s) skipped: {problems[0]}"
            fitted = fit_text(font, line, body.width)
            text = draw_text(surface, fitted, font, WARN, (body.left, body.bottom), "bottomleft")
            body.height -= text.height + s
        if not self.catalog.entries:
            font = theme.font(SIZES.large)
            draw_text(surface, "No plans found (see `coach plans`)", font, TEXT_DIM, body.center, "center")
            return
        self.list.draw(surface, body, theme)


def _row(plan: Plan, user: bool) -> ListItem:
    names = ", ".join(dict.fromkeys(exercise_name(e) for e in plan.exercises()))
    origin = "  ·  your plan" if user else ""
    return ListItem(
        title=plan.name,
        subtitle=f"{plan.difficulty.value.capitalize()}  ·  {plan.set_count()} sets  ·  {names}{origin}",
        value=f"{plan.estimated_minutes} min",
        colour=DIFFICULTY_COLOUR.get(plan.difficulty.value),
    )
