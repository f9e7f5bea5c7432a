"""History: every past session (open one for its sets and reps), and what they add up to: level, XP, streak, reps
per day or week per exercise, average quality over time, badges and personal bests."""

from __future__ import annotations

import pygame

from coach.app.context import AppContext
from coach.app.history_view import HistoryView
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.text import draw_text, fit_text
from coach.app.theme import (
    ACCENT,
    GOLD,
    PANEL,
    SIZES,
    TEXT,
    TEXT_DIM,
    TEXT_FAINT,
    exercise_colour,
    exercise_name,
    quality_colour,
)
from coach.app.views import format_duration
from coach.app.widgets.badge import draw_badge
from coach.app.widgets.charts import draw_line, draw_stacked_bars
from coach.app.widgets.listview import ListItem, ListView
from coach.app.widgets.progress import draw_progress_bar
from coach.app.widgets.shapes import panel
from coach.storage.history import SessionDetail, SessionSummary
from coach.workout.badges import BADGES

PERIODS = {"day": 14, "week": 6}  # how many bars each chart period shows


def session_item(summary: SessionSummary) -> ListItem:
    """One row of the list: date and plan, status and duration, reps and XP."""
    parts = [summary.started_at.astimezone().strftime("%a %d %b %H:%M")]
    if summary.status != "completed":
        parts.append(summary.status)
    if summary.duration_s is not None:
        parts.append(format_duration(summary.duration_s))
    status = " · ".join(parts)
    colour = ACCENT if summary.status == "completed" else TEXT_FAINT
    return ListItem(summary.plan_name, f"{status} · {summary.xp} XP", f"{summary.reps} reps", colour)


class HistoryScreen(Scene):
    """The list on the left, the progress on the right. Enter opens a session; D/W switch the chart period."""

    title = "History"

    def __init__(self, context: AppContext, view: HistoryView) -> None:
        super().__init__(context)
        self.view = view
        self.list = ListView([session_item(s) for s in view.sessions], row_height=62)
        self.period = "week"

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event):
            return Pop()
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_d, pygame.K_w):
            self.period = "day" if event.key == pygame.K_d else "week"
            return None
        chosen = self.list.handle_event(event)
        if chosen is not None:
            self.context.sounds.play("click")
            return SessionScreen(self.context, self.view.load_detail(self.view.sessions[chosen].id))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme, view = self.context.theme, self.view
        s = theme.space
        begin(surface)
        top_bar(surface, theme, "History", f"{len(view.sessions)} sessions")
        hints(surface, theme, "Enter open a session  ·  ↑↓ move  ·  D per day  ·  W per week  ·  Esc back")
        area = content_rect(surface, theme)
        area = area.inflate(0, -4 * s)
        left = pygame.Rect(area.left, area.top, round(area.width * 0.38), area.height)
        right = pygame.Rect(left.right + 3 * s, area.top, area.right - left.right - 3 * s, area.height)
        if view.sessions:
            self.list.draw(surface, left, theme)
        else:
            panel(surface, left, PANEL, radius=theme.px(14))
            draw_text(surface, "No workouts yet", theme.font(SIZES.large, bold=True), TEXT, left.center, "midbottom")
            draw_text(surface, "Finish one and it shows up here.", theme.font(SIZES.small), TEXT_DIM, left.center)
        self._progress(surface, right)

    def _progress(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, view = self.context.theme, self.view
        s = theme.space
        level = view.progression.level
        # level, XP and streak in one strip
        strip = pygame.Rect(rect.left, rect.top, rect.width, theme.px(64))
        panel(surface, strip, PANEL, radius=theme.px(12))
        inner = strip.inflate(-4 * s, -2 * s)
        text = draw_text(
            surface, f"Level {level.level}", theme.font(SIZES.heading, bold=True), TEXT, inner.midleft, "midleft"
        )
        streak = draw_text(
            surface,
            f"{view.streak} day streak  ·  {view.progression.workouts} workouts",
            theme.font(SIZES.body, bold=True),
            GOLD,
            inner.midright,
            "midright",
        )
        bar_area = pygame.Rect(text.right + 3 * s, inner.top, streak.left - text.right - 6 * s, inner.height)
        draw_text(
            surface,
            f"{view.progression.xp:,} XP  ·  {level.xp_to_go:,} to level {level.level + 1}",
            theme.font(SIZES.tiny),
            TEXT_DIM,
            (bar_area.left, bar_area.top),
        )
        draw_progress_bar(
            surface, pygame.Rect(bar_area.left, bar_area.centery + s // 2, bar_area.width, theme.px(12)),
            level.fraction, GOLD,
        )  # fmt: skip
        # charts
        charts_top = strip.bottom + 2 * s
        chart_h = round(rect.height * 0.36)
        reps_box = pygame.Rect(rect.left, charts_top, round(rect.width * 0.58), chart_h)
        quality_box = pygame.Rect(reps_box.right + 2 * s, charts_top, rect.right - reps_box.right - 2 * s, chart_h)
        self._reps_chart(surface, reps_box)
        self._quality_chart(surface, quality_box)
        # badges
        badges_box = pygame.Rect(rect.left, reps_box.bottom + 2 * s, rect.width, theme.px(96))
        self._badges(surface, badges_box)
        # personal bests
        top = badges_box.bottom + 2 * s
        bests_box = pygame.Rect(rect.left, top, rect.width, rect.bottom - top)
        self._bests(surface, bests_box)

    def _box(self, surface: pygame.Surface, rect: pygame.Rect, title: str) -> pygame.Rect:
        theme = self.context.theme
        panel(surface, rect, PANEL, radius=theme.px(12))
        inner = rect.inflate(-3 * theme.space, -2 * theme.space)
        heading = draw_text(surface, title, theme.font(SIZES.small, bold=True), TEXT_DIM, inner.topleft)
        top = heading.bottom + theme.space
        return pygame.Rect(inner.left, top, inner.width, inner.bottom - top)

    def _reps_chart(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme = self.context.theme
        period = self.period
        plot = self._box(surface, rect, f"Reps per {period} (D/W)")
        data = self.view.reps_by(period, PERIODS[period])
        columns = []
        for i, (start, totals) in enumerate(data):
            show = period == "week" or i % 2 == len(data) % 2 - 1 or i == len(data) - 1
            label = start.strftime("%d/%m") if show else ""
            columns.append((label, [(exercise_colour(ex), float(n)) for ex, n in sorted(totals.items())]))
        exercises = sorted({ex for _, totals in data for ex in totals})
        x = plot.left
        tiny = theme.font(SIZES.tiny)
        for ex in exercises:  # legend under the heading
            chip = pygame.Rect(x, plot.top + theme.px(3), theme.px(10), theme.px(10))
            pygame.draw.rect(surface, exercise_colour(ex), chip)
            label = draw_text(surface, exercise_name(ex), tiny, TEXT_DIM, (chip.right + theme.px(4), plot.top))
            x = label.right + 2 * theme.space
        legend = tiny.get_linesize() + theme.space
        plot.top += legend
        plot.height -= legend
        draw_stacked_bars(surface, plot, theme, columns)

    def _quality_chart(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        points = self.view.quality[-12:]
        plot = self._box(surface, rect, "Rep quality per session")
        plot = plot.inflate(-self.context.theme.space, -self.context.theme.space)
        labels = [p.day.strftime("%d/%m") if i in (0, len(points) - 1) else "" for i, p in enumerate(points)]
        draw_line(surface, plot, self.context.theme, [p.quality for p in points], labels)

    def _badges(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme = self.context.theme
        earned = self.view.progression.badges
        panel(surface, rect, PANEL, radius=theme.px(12))
        draw_text(
            surface, f"Badges  {len(earned)} / {len(BADGES)}", theme.font(SIZES.small, bold=True), TEXT_DIM,
            (rect.left + 3 * theme.space, rect.top + theme.space),
        )  # fmt: skip
        order = [b for b in BADGES if b.id in earned] + [b for b in BADGES if b.id not in earned]
        slot = (rect.width - 4 * theme.space) / len(order)
        radius = min(theme.px(24), round(slot * 0.42))
        for i, badge in enumerate(order):
            centre = (round(rect.left + 2 * theme.space + slot * (i + 0.5)), rect.bottom - radius - theme.px(10))
            draw_badge(surface, theme, centre, radius, badge.icon, badge.id in earned)

    def _bests(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme = self.context.theme
        plot = self._box(surface, rect, "Personal bests")
        font = theme.font(SIZES.small)
        bests = sorted(self.view.progression.bests.values(), key=lambda b: (b.exercise, b.metric))
        if not bests:
            draw_text(surface, "None yet: your first workout sets them.", font, TEXT_FAINT, plot.topleft)
            return
        columns = 2
        col_w = plot.width // columns
        rows = max(1, plot.height // font.get_linesize())
        for i, best in enumerate(bests[: rows * columns]):
            x, y = plot.left + (i // rows) * col_w, plot.top + (i % rows) * font.get_linesize()
            chip = pygame.Rect(x, y + theme.px(4), theme.px(8), font.get_height() - theme.px(8))
            pygame.draw.rect(surface, exercise_colour(best.exercise), chip)
            text = f"{exercise_name(best.exercise)}: {best.describe()}"
            draw_text(surface, fit_text(font, text, col_w - 3 * theme.space), font, TEXT, (chip.right + theme.space, y))


class SessionScreen(Scene):
    """One session: its sets (target, achieved, quality) and every rep as a dot coloured by its quality."""

    title = "Session"

    def __init__(self, context: AppContext, detail: SessionDetail) -> None:
        super().__init__(context)
        self.detail = detail
        self.scroll = 0

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event):
            return Pop()
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN):
            step = 1 if event.key == pygame.K_DOWN else -1
            self.scroll = max(0, min(len(self.detail.sets) - 1, self.scroll + step))
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(len(self.detail.sets) - 1, self.scroll - event.y))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme, summary = self.context.theme, self.detail.summary
        s = theme.space
        begin(surface)
        when = summary.started_at.astimezone().strftime("%A %d %B %Y, %H:%M")
        top_bar(surface, theme, summary.plan_name, when)
        hints(surface, theme, "↑↓ scroll  ·  Esc back")
        area = content_rect(surface, theme).inflate(0, -4 * s)
        duration = format_duration(summary.duration_s) if summary.duration_s is not None else "-"
        facts = f"{summary.status}  ·  {duration}  ·  {summary.reps} reps  ·  {summary.xp} XP"
        if summary.score is not None:
            facts += f"  ·  score {summary.score:.0f}"
        head = draw_text(surface, facts, theme.font(SIZES.large, bold=True), TEXT, area.topleft)
        y = head.bottom + 2 * s
        row_h = theme.px(88)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(area.left, y, area.width, area.bottom - y))
        for index, item in enumerate(self.detail.sets[self.scroll :], start=self.scroll):
            box = pygame.Rect(area.left, y, area.width, row_h - s)
            if box.top > area.bottom:
                break
            panel(surface, box, PANEL, radius=theme.px(12))
            chip = pygame.Rect(box.left + s, box.top + s, theme.px(6), box.height - 2 * s)
            pygame.draw.rect(surface, exercise_colour(item.exercise), chip, border_radius=chip.width // 2)
            left = chip.right + 2 * s
            title = f"Set {index + 1}: {exercise_name(item.exercise)}"
            draw_text(surface, title, theme.font(SIZES.large, bold=True), TEXT, (left, box.top + s))
            if item.target_seconds is not None:
                done = f"{item.achieved_seconds:.0f} / {item.target_seconds:.0f} s held"
            else:
                target = f" / {item.target_reps}" if item.target_reps else ""
                done = f"{item.achieved_reps}{target} reps"
            if item.quality is not None:
                done += f"  ·  quality {item.quality:.0%}"
            draw_text(surface, done, theme.font(SIZES.body), TEXT_DIM, (box.right - 2 * s, box.top + s), "topright")
            radius = theme.px(9)
            x = left + radius
            for rep in item.reps:
                centre = (x, box.bottom - 2 * s - radius)
                if rep.partial:
                    pygame.draw.circle(surface, quality_colour(rep.quality), centre, radius, max(1, theme.px(2)))
                else:
                    pygame.draw.circle(surface, quality_colour(rep.quality), centre, radius)
                x += 2 * radius + theme.px(6)
            if item.holds:
                hold = item.holds[-1]
                bar = pygame.Rect(left, box.bottom - 2 * s - 2 * radius, theme.px(300), 2 * radius)
                goal = item.target_seconds or hold.seconds
                draw_progress_bar(surface, bar, hold.seconds / goal if goal else 0.0, quality_colour(hold.quality))
            y += row_h
        surface.set_clip(clip)
        if not self.detail.sets:
            draw_text(surface, "No sets were started.", theme.font(SIZES.body), TEXT_FAINT, (area.left, y))
