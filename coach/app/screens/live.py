"""Live: the camera (or video, or avatar) with skeleton and joint angles, and what the recognizer sees, with a
probability meter for every class. The Workout screen builds on the same picture."""

from __future__ import annotations

import pygame

from coach.app.context import AppContext
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.screens.picture import LivePicture, status_line
from coach.app.text import draw_text, fit_text
from coach.app.theme import PANEL, SIZES, TEXT_DIM, TEXT_FAINT, exercise_colour, exercise_name
from coach.app.widgets.angles import DEFAULT_ANGLES
from coach.app.widgets.meters import draw_probability_meters
from coach.app.widgets.shapes import panel
from coach.exercises.registry import EXERCISES, class_ids

SIDE_PANEL = 380  # px at 1280x720


def angles_for(label: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Which angles to write (and which to highlight) for what the person is doing: the exercise's key angles
    stand out; the standard set is always shown."""
    exercise = EXERCISES.get(label or "")
    key = exercise.key_angles if exercise is not None else ()
    return tuple(dict.fromkeys((*DEFAULT_ANGLES, *key))), key


class LiveScreen(Scene):
    """The live picture and the recognizer's view of it."""

    title = "Live"

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.picture = LivePicture(context)

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event):
            return Pop()
        if event.type == pygame.KEYDOWN and event.key == pygame.K_k:
            self.context.change_settings(self.context.settings.toggled("show_skeleton"))
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_a:
            self.context.change_settings(self.context.settings.toggled("show_angles"))
        return None

    def update(self, dt: float) -> Transition | None:
        self.picture.update()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.context.theme
        begin(surface)
        top_bar(surface, theme, "Live", status_line(self.context, self.picture))
        hints(surface, theme, "K skeleton  ·  A angles  ·  Ctrl+M sound  ·  F11 full screen  ·  Esc back")
        area = content_rect(surface, theme)
        side = pygame.Rect(area.right - theme.px(SIDE_PANEL), area.top, theme.px(SIDE_PANEL), area.height)
        box = pygame.Rect(area.left, area.top, side.left - area.left - 2 * theme.space, area.height)
        frame = self.picture.frame
        names, key = angles_for(frame.label if frame is not None else None)
        self.picture.draw(surface, box, angles=names, highlight=key)
        self._recognition(surface, side)

    def _recognition(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, frame = self.context.theme, self.picture.frame
        s = theme.space
        panel(surface, rect, PANEL, radius=theme.px(16))
        inner = rect.inflate(-4 * s, -4 * s)
        caption = draw_text(surface, "COACH SEES", theme.font(SIZES.small, bold=True), TEXT_FAINT, inner.topleft)
        label = frame.label if frame is not None else None
        if label is None:
            text, colour, detail = "—", TEXT_DIM, "recognition off" if frame is not None else "waiting for frames"
        else:
            text, colour = exercise_name(label), exercise_colour(label)
            if label != "unknown":
                detail = f"{frame.confidence:.0%} sure"
            else:
                detail = "nobody in view" if frame.pose is None else "watching a second of movement…"
        big = theme.font(36, bold=True)
        name = draw_text(surface, fit_text(big, text, inner.width), big, colour, (inner.left, caption.bottom + s))
        body = theme.font(SIZES.body)
        detail = fit_text(body, detail, inner.width)
        info = draw_text(surface, detail, body, TEXT_DIM, (inner.left, name.bottom + s // 2))
        if frame is not None and frame.truth_label is not None:
            info = draw_text(
                surface,
                f"avatar is doing: {exercise_name(frame.truth_label)}",
                theme.font(SIZES.small),
                TEXT_FAINT,
                (inner.left, info.bottom + s // 2),
            )
        meters = pygame.Rect(inner.left, info.bottom + 3 * s, inner.width, inner.bottom - info.bottom - 3 * s)
        classes = frame.classes if frame is not None else class_ids()
        probabilities = frame.probabilities if frame is not None else None
        draw_probability_meters(surface, meters, theme, classes, probabilities, label, size=SIZES.small)
