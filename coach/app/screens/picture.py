"""The live picture as Live and Workout screens show it: camera frame, skeleton, joint angles and status notes.

It asks the worker for frames of exactly the size it draws them (no scaling on the UI thread) and tells the person
what is going on: camera starting or lost, pose model starting, nobody in view, video ended, avatar instead of a
webcam.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable

import pygame

from coach.app.context import AppContext
from coach.app.feed import FrameSurface
from coach.app.text import draw_text, fit_text, wrap_text
from coach.app.theme import PANEL, SIZES, TEXT, WARN
from coach.app.widgets.angles import DEFAULT_ANGLES, draw_angle_labels
from coach.app.widgets.shapes import panel
from coach.app.widgets.skeleton import draw_skeleton
from coach.app.widgets.video import display_size_for, draw_picture
from coach.live.frame import LiveFrame


class RateMeter:
    """Events per second over the last `window_s` seconds."""

    def __init__(self, window_s: float = 2.0) -> None:
        self.window_s = window_s
        self._times: deque[float] = deque()

    def add(self, count: int = 1, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._times.extend([now] * count)
        while self._times and now - self._times[0] > self.window_s:
            self._times.popleft()

    @property
    def rate(self) -> float:
        if len(self._times) < 2:
            return 0.0
        span = self._times[-1] - self._times[0]
        return (len(self._times) - 1) / span if span > 0 else 0.0


class LivePicture:
    """Draws the newest live frame with its overlays into a box."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.cache = FrameSurface()
        self.processing = RateMeter()
        self._asked: tuple[int, int] | None = None

    def update(self) -> None:
        """Count the frames that arrived this UI frame."""
        if self.context.update.frames:
            self.processing.add(self.context.update.frames)

    @property
    def frame(self) -> LiveFrame | None:
        live = self.context.live
        return live.latest if live is not None else None

    def draw(
        self,
        surface: pygame.Surface,
        box: pygame.Rect,
        *,
        angles: Iterable[str] = DEFAULT_ANGLES,
        highlight: Iterable[str] = (),
        skeleton: bool = True,
        notes: bool = True,
    ) -> pygame.Rect:
        """Draw into `box`; returns the rect of the picture itself (the box when there is no frame yet).

        `skeleton=False` leaves out skeleton and angles, `notes=False` the status messages (under an overlay)."""
        theme, settings = self.context.theme, self.context.settings
        pygame.draw.rect(surface, (6, 8, 11), box, border_radius=theme.px(10))
        frame = self.frame
        if frame is None:
            self._note(surface, box, self._waiting_text())
            return box
        self._ask_for_size(box, frame)
        image = draw_picture(surface, box, frame, self.cache)
        if frame.pose is not None and settings.show_skeleton and skeleton:
            draw_skeleton(surface, image, frame.pose, scale=theme.scale)
        if frame.pose is not None and settings.show_angles and skeleton:
            draw_angle_labels(
                surface,
                image,
                frame.pose,
                frame.angles,
                theme.font(SIZES.small, bold=True),
                angles,
                highlight=highlight,
            )
        live = self.context.live
        if live is not None and live.source is not None and live.source.fallback_reason:
            self._tag(surface, image, "No webcam found: this is Coach's synthetic avatar", WARN)
        if not notes:
            return image
        if live is not None and live.lost is not None:
            self._note(surface, image, f"{live.lost.message}; trying again…")
        elif not frame.analysed:
            self._note(surface, image, "Starting the pose model…")
        elif live is not None and live.ended is not None:
            self._note(surface, image, "End of the video")
        elif frame.pose is None:
            self._note(surface, image, "Nobody in view: step back until your whole body is in the picture")
        return image

    def _waiting_text(self) -> str:
        live = self.context.live
        if live is None:
            return "No camera feed"
        if live.source is None:
            return "Starting the camera…"
        return f"Waiting for {live.source.name}…"

    def _ask_for_size(self, box: pygame.Rect, frame: LiveFrame) -> None:
        live = self.context.live
        wanted = display_size_for(box, frame.source_size)
        if live is not None and wanted != self._asked:
            live.set_display_size(*wanted)
            self._asked = wanted

    def _note(self, surface: pygame.Surface, rect: pygame.Rect, text: str) -> None:
        """A message in the middle of the picture."""
        theme = self.context.theme
        font = theme.font(SIZES.large, bold=True)
        lines = wrap_text(font, text, min(rect.width - 8 * theme.space, theme.px(640)))
        line_height = font.get_linesize()
        width = max(font.size(line)[0] for line in lines)
        box = pygame.Rect(0, 0, width + 4 * theme.space, line_height * len(lines) + 2 * theme.space)
        box.center = rect.center
        panel(surface, box, PANEL, radius=min(box.height // 2, theme.px(24)), alpha=225)
        for i, line in enumerate(lines):
            draw_text(surface, line, font, TEXT, (box.centerx, box.top + theme.space + i * line_height), "midtop")

    def _tag(self, surface: pygame.Surface, image: pygame.Rect, text: str, colour: tuple[int, int, int]) -> None:
        """A small label in the picture's bottom-left corner."""
        theme = self.context.theme
        font = theme.font(SIZES.small, bold=True)
        line = fit_text(font, text, image.width - 4 * theme.space)
        width, height = font.size(line)
        tag = pygame.Rect(0, 0, width + 2 * theme.space, height + theme.space)
        tag.bottomleft = (image.left + theme.space, image.bottom - theme.space)
        panel(surface, tag, (20, 22, 28), radius=theme.px(8), alpha=210, border=colour)
        draw_text(surface, line, font, colour, tag.center, "center")


def status_line(context: AppContext, picture: LivePicture) -> str:
    """ "source · UI fps · processed fps" for the top bar."""
    live = context.live
    parts = [live.source.name if live is not None and live.source is not None else "no source"]
    if context.ui_fps > 0:
        parts.append(f"UI {context.ui_fps:.0f} fps")
    if picture.processing.rate > 0:
        parts.append(f"processing {picture.processing.rate:.0f} fps")
    return "  ·  ".join(parts)
