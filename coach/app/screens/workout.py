"""Workout: the live picture with the workout's HUD: set/block progress, the exercise, the rep counter (or hold
timer) with its target, the form cue, score and combo, countdowns for get-ready and rest, pause.

The screen draws a `WorkoutHud` and passes keys on; the workout engine (behind `WorkoutDriver`) decides everything.
Sounds follow the HUD: a rep counted, a set done, rest over, the last seconds of a countdown. When saving fails, an
alert at the bottom of the picture says so and how many reps are not stored yet; the workout goes on. When the
pictures stop (camera lost, video ended) the workout is paused with the reason; it resumes by itself when they come
back, and C picks another source (`switch_source`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal, Protocol

import pygame

from coach.app.context import AppContext
from coach.app.feed import LiveFeed
from coach.app.scene import Pop, Replace, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, top_bar
from coach.app.screens.live import angles_for
from coach.app.screens.picture import LivePicture, status_line
from coach.app.screens.summary import SummaryScreen
from coach.app.shown_log import ShownLog
from coach.app.text import draw_text, fit_text, wrap_text
from coach.app.theme import (
    ACCENT,
    BAD,
    GOLD,
    GOOD,
    PANEL,
    SIZES,
    TEXT,
    TEXT_DIM,
    TEXT_FAINT,
    WARN,
    exercise_colour,
    exercise_name,
    quality_colour,
)
from coach.app.views import SummaryView, WorkoutHud
from coach.app.widgets.alert import draw_alert
from coach.app.widgets.banner import draw_cue_banner
from coach.app.widgets.countdown import draw_countdown
from coach.app.widgets.counter import draw_rep_counter
from coach.app.widgets.meters import draw_probability_meters
from coach.app.widgets.progress import draw_progress_bar, draw_segments
from coach.app.widgets.shapes import panel
from coach.exercises.registry import class_ids
from coach.live.client import LiveUpdate
from coach.live.frame import LiveFrame

WorkoutAction = Literal["pause", "resume", "skip", "quit"]
SourceSwitch = Callable[[AppContext, float, int], LiveFeed]  # (context, start at this time, plan position) -> feed
SIDE_PANEL = 400  # px at 1280x720
PROGRESS_STRIP = 44


class WorkoutDriver(Protocol):
    """The workout engine as the screen sees it."""

    def update(self, dt: float, update: LiveUpdate, frame: LiveFrame | None) -> WorkoutHud:
        """Advance by `dt` seconds with what the live feed delivered; return what to show."""
        ...

    def command(self, action: WorkoutAction) -> None:
        """The person paused, resumed, skipped the set or quit (a quit workout is saved as aborted)."""
        ...

    # optional: `drain_sounds() -> list[str]`, the cues for what happened since the last call (else read off the HUD)
    # optional: `use_feed(feed)`, read another source from now on; `now_s`, the workout's clock

    def summary(self) -> SummaryView | None:
        """The summary once the workout is done or quit (None: nothing to summarise)."""
        ...


class WorkoutScreen(Scene):
    """Runs one workout through its driver."""

    title = "Workout"

    def __init__(
        self,
        context: AppContext,
        driver: WorkoutDriver,
        shown_log: ShownLog | None = None,
        switch_source: SourceSwitch | None = None,
    ) -> None:
        super().__init__(context)
        self.driver = driver
        self.shown_log = shown_log
        self.switch_source = switch_source
        self.picture = LivePicture(context)
        self.hud = driver.update(0.0, LiveUpdate(None, (), 0), None)
        self._last_tick: int | None = None

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if event.type != pygame.KEYDOWN:
            return None
        phase = self.hud.phase
        if event.key in (pygame.K_SPACE, pygame.K_p):
            self.driver.command("resume" if phase == "paused" else "pause")
        elif event.key in (pygame.K_s, pygame.K_n, pygame.K_RIGHT) and phase != "paused":
            self.driver.command("skip")
        elif event.key in (pygame.K_ESCAPE, pygame.K_q):
            self.driver.command("quit")
        elif event.key == pygame.K_c and self.hud.source_problem is not None:
            self._another_source()
        return None

    def _another_source(self) -> None:
        """Switch to the next source; the workout carries on its clock, and resumes at the new source's first frame."""
        use_feed = getattr(self.driver, "use_feed", None)
        if self.switch_source is None or use_feed is None:
            return
        now = float(getattr(self.driver, "now_s", 0.0))
        use_feed(self.switch_source(self.context, now + 1.0, max(0, self.hud.set_number - 1)))

    def leave(self) -> None:
        """Closing the app mid-workout ends it as a quit: saved as aborted, with every rep done so far."""
        if self.hud.phase != "done":
            self.driver.command("quit")
            self.driver.summary()

    def update(self, dt: float) -> Transition | None:
        self.picture.update()
        previous, self.hud = self.hud, self.driver.update(dt, self.context.update, self.picture.frame)
        self._sounds(previous, self.hud)
        if self.hud.phase == "done":
            summary = self.driver.summary()
            return Replace(SummaryScreen(self.context, summary)) if summary is not None else Pop()
        return None

    def _sounds(self, before: WorkoutHud, now: WorkoutHud) -> None:
        """The driver's own cues when it reports them (the engine's events), else cues read off the HUD."""
        sounds = self.context.sounds
        drain = getattr(self.driver, "drain_sounds", None)
        if drain is not None:
            for name in drain():
                sounds.play(name)
        else:
            if now.reps > before.reps and now.phase == "active":
                sounds.play("rep")
            if before.phase == "active" and now.phase in ("rest", "done"):
                sounds.play("set_done")
            elif before.phase in ("rest", "get_ready") and now.phase == "active":
                sounds.play("rest_over")
        if now.phase in ("rest", "get_ready") and now.seconds_left is not None:
            second = math.ceil(now.seconds_left)
            if second != self._last_tick and 1 <= second <= 3:
                sounds.play("tick")
            self._last_tick = second

    def draw(self, surface: pygame.Surface) -> None:
        theme, hud = self.context.theme, self.hud
        s = theme.space
        begin(surface)
        top_bar(surface, theme, hud.plan_name, status_line(self.context, self.picture))
        if hud.source_problem is not None:
            keys = ("C another source  ·  " if self.switch_source else "") + "Esc end (saved)"
        elif hud.phase == "paused":
            keys = "Space resume  ·  Esc end (saved)"
        else:
            keys = "Space pause  ·  S/→ skip  ·  Esc end (saved)"
        hints(surface, theme, f"{keys}  ·  Ctrl+M sound  ·  F11 full screen")
        area = content_rect(surface, theme)
        side = pygame.Rect(area.right - theme.px(SIDE_PANEL), area.top, theme.px(SIDE_PANEL), area.height)
        column = pygame.Rect(area.left, area.top, side.left - area.left - 2 * s, area.height)
        strip = pygame.Rect(column.left, column.top, column.width, theme.px(PROGRESS_STRIP))
        box = pygame.Rect(column.left, strip.bottom + s, column.width, column.bottom - strip.bottom - s)
        self._progress(surface, strip)
        names, key = angles_for(hud.exercise_id)
        active = hud.phase == "active"
        image = self.picture.draw(surface, box, angles=names, highlight=key, skeleton=active, notes=active)
        self._overlay(surface, image)
        self._alerts(surface, image)
        self._side(surface, side)
        if self.shown_log is not None:
            self.shown_log.note(hud)

    def _alerts(self, surface: pygame.Surface, image: pygame.Rect) -> None:
        """What keeps the workout from being saved, at the bottom of the picture."""
        hud = self.hud
        if hud.save_problem is None:
            return
        if hud.unsaved_reps:
            reps = f"{hud.unsaved_reps} rep{'s' if hud.unsaved_reps != 1 else ''}"
            title = f"Not saved yet: {reps}. Keep going, Coach keeps trying"
        else:
            title = "Saving is not working. Keep going, Coach keeps trying"
        draw_alert(surface, image, self.context.theme, title, hud.save_problem, BAD)

    def _progress(self, surface: pygame.Surface, strip: pygame.Rect) -> None:
        theme, hud = self.context.theme, self.hud
        font = theme.font(SIZES.body, bold=True)
        text = f"Block {hud.block_number}/{hud.block_count}  ·  Set {hud.set_number}/{hud.set_count}"
        label = draw_text(surface, text, font, TEXT, (strip.left, strip.centery), "midleft")
        bar = pygame.Rect(label.right + 3 * theme.space, 0, strip.right - label.right - 3 * theme.space, theme.px(14))
        bar.centery = strip.centery
        finished = hud.phase in ("rest", "done")  # while resting, set_number is the set just finished
        fraction = _set_fraction(hud) if hud.phase in ("active", "paused") else 0.0
        done = hud.set_number if finished else hud.set_number - 1
        draw_segments(surface, bar, done, hud.set_count, fraction, exercise_colour(hud.exercise_id))

    def _overlay(self, surface: pygame.Surface, image: pygame.Rect) -> None:
        theme, hud = self.context.theme, self.hud
        colour = exercise_colour(hud.exercise_id)
        if hud.cue and hud.phase == "active":
            banner = pygame.Rect(image.left, image.top + theme.px(12), image.width, theme.px(72))
            draw_cue_banner(surface, banner, theme, hud.cue, hud.cue_age_s, colour)
        if hud.source_problem is not None:
            self._no_picture(surface, image, hud.source_problem)
            return
        if hud.phase == "active":
            return
        shade = pygame.Surface(image.size, pygame.SRCALPHA)
        shade.fill((8, 10, 14, 140 if hud.phase == "get_ready" else 200))
        surface.blit(shade, image)
        radius = min(image.width, image.height) * 0.22
        centre = (image.centerx, round(image.centery + radius * 0.25))
        big, body = theme.font(SIZES.title, bold=True), theme.font(SIZES.large)
        if hud.phase in ("get_ready", "rest"):
            heading = f"Get ready: {hud.exercise_name}" if hud.phase == "get_ready" else "Rest"
            ring_colour = colour if hud.phase == "get_ready" else ACCENT
            draw_text(surface, heading, big, TEXT, (image.centerx, centre[1] - radius - theme.px(24)), "midbottom")
            if hud.seconds_left is not None:
                draw_countdown(
                    surface, centre, radius, theme, hud.seconds_left, hud.seconds_total or 0.0, ring_colour, "seconds"
                )
            if hud.phase == "rest" and hud.next_exercise_name:
                draw_text(
                    surface,
                    f"Next: {hud.next_exercise_name}",
                    body,
                    TEXT_DIM,
                    (image.centerx, centre[1] + radius + theme.px(20)),
                    "midtop",
                )
        elif hud.phase == "paused":
            draw_text(surface, "Paused", theme.font(64, bold=True), TEXT, image.center, "midbottom")
            draw_text(
                surface,
                "Space to resume  ·  Esc to end the workout (it is saved)",
                body,
                TEXT_DIM,
                (image.centerx, image.centery + theme.px(12)),
                "midtop",
            )
        elif hud.phase == "done":
            draw_text(surface, "Workout complete!", theme.font(56, bold=True), GOOD, image.center, "center")

    def _no_picture(self, surface: pygame.Surface, image: pygame.Rect, problem: str) -> None:
        """The workout is paused because the pictures stopped: why, and what happens next."""
        theme = self.context.theme
        shade = pygame.Surface(image.size, pygame.SRCALPHA)
        shade.fill((8, 10, 14, 215))
        surface.blit(shade, image)
        width = image.width - 8 * theme.space
        body, small = theme.font(SIZES.large), theme.font(SIZES.body)
        lines = [(line, body, TEXT) for line in wrap_text(body, problem, width)]
        lines += [("", small, TEXT_DIM)]
        what_next = "The workout is paused. It goes on by itself when the picture is back"
        if self.switch_source is not None:
            what_next += "; press C to use another source"
        lines += [(line, small, TEXT_DIM) for line in wrap_text(small, f"{what_next}. Esc ends it (saved).", width)]
        big = theme.font(SIZES.title, bold=True)
        height = big.get_linesize() + theme.space + sum(font.get_linesize() for _, font, _ in lines)
        y = image.centery - height // 2
        draw_text(surface, "No picture", big, WARN, (image.centerx, y), "midtop")
        y += big.get_linesize() + theme.space
        for line, font, colour in lines:
            draw_text(surface, line, font, colour, (image.centerx, y), "midtop")
            y += font.get_linesize()

    def _side(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        theme, hud = self.context.theme, self.hud
        s = theme.space
        colour = exercise_colour(hud.exercise_id)
        panel(surface, rect, PANEL, radius=theme.px(16))
        inner = rect.inflate(-4 * s, -4 * s)
        big = theme.font(SIZES.heading, bold=True)
        name = draw_text(surface, fit_text(big, hud.exercise_name, inner.width), big, colour, inner.topleft)
        frame = self.picture.frame
        sees = _agreement(hud, frame)
        info = draw_text(surface, sees[0], theme.font(SIZES.small, bold=True), sees[1], (inner.left, name.bottom + 2))
        ring_box = pygame.Rect(inner.left, info.bottom + s, inner.width, round(inner.height * 0.42))
        if hud.is_hold:
            value, target = f"{hud.hold_s:.0f}s", f"{hud.target_hold_s:.0f}s"
            caption = "held"
        else:
            value, target = str(hud.reps), (str(hud.target_reps) if hud.target_reps else None)
            caption = "reps"
        draw_rep_counter(surface, ring_box, theme, value, target, _set_fraction(hud), colour, caption)
        y = self._score_row(surface, inner, ring_box.bottom + s)
        meters = pygame.Rect(inner.left, y + 2 * s, inner.width, inner.bottom - y - 2 * s)
        classes = frame.classes if frame is not None else class_ids()
        draw_probability_meters(
            surface,
            meters,
            theme,
            classes,
            frame.probabilities if frame else None,
            frame.label if frame else None,
            size=SIZES.tiny,
        )

    def _score_row(self, surface: pygame.Surface, inner: pygame.Rect, top: int) -> int:
        """Score and combo side by side, then the last rep's quality; returns the bottom."""
        theme, hud = self.context.theme, self.hud
        s = theme.space
        half = inner.width // 2
        caption, number = theme.font(SIZES.tiny, bold=True), theme.font(SIZES.heading, bold=True)
        for i, (title, value, colour) in enumerate(
            (("SCORE", f"{hud.score:,}", GOLD), ("COMBO", f"×{hud.combo}" if hud.combo else "-", WARN))
        ):
            left = inner.left + i * half
            cap = draw_text(surface, title, caption, TEXT_FAINT, (left, top))
            draw_text(surface, value, number, colour, (left, cap.bottom))
        y = top + caption.get_height() + number.get_height() + s
        quality = hud.last_quality
        cap = draw_text(surface, "LAST REP", caption, TEXT_FAINT, (inner.left, y))
        text = f"{quality:.0%}" if quality is not None else "-"
        value = draw_text(
            surface, text, theme.font(SIZES.body, bold=True), TEXT, (inner.right, cap.centery), "midright"
        )
        bar = pygame.Rect(cap.right + 2 * s, 0, value.left - cap.right - 4 * s, theme.px(10))
        bar.centery = cap.centery
        q = quality or 0.0
        draw_progress_bar(surface, bar, q, quality_colour(q))
        return max(cap.bottom, value.bottom)


def _set_fraction(hud: WorkoutHud) -> float:
    if hud.is_hold:
        return hud.hold_s / hud.target_hold_s if hud.target_hold_s else 0.0
    return hud.reps / hud.target_reps if hud.target_reps else 0.0


def _agreement(hud: WorkoutHud, frame: LiveFrame | None) -> tuple[str, tuple[int, int, int]]:
    """A short line on whether the recognizer sees the set's exercise (reps only count when it does)."""
    set_text = f"Set {hud.set_number} of {hud.set_count}"
    if frame is None or frame.label is None or hud.phase != "active":
        return set_text, TEXT_DIM
    if frame.label == hud.exercise_id:
        return f"{set_text}  ·  Coach sees it ✓", GOOD
    if frame.label in ("unknown", "idle"):
        return f"{set_text}  ·  waiting for your first rep", TEXT_DIM
    return f"{set_text}  ·  that looks like {exercise_name(frame.label)}", WARN
