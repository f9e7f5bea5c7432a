"""The camera picture, fitted into a box without distortion, with the box's leftover area dark."""

from __future__ import annotations

import pygame

from coach.app.feed import FrameSurface
from coach.live.engine import fit_inside
from coach.live.frame import LiveFrame


def picture_rect(frame_size: tuple[int, int], box: pygame.Rect) -> pygame.Rect:
    """Where a picture of `frame_size` goes inside `box`: as large as fits (up- or downscaled), centred."""
    width, height = frame_size
    scale = min(box.width / width, box.height / height)
    rect = pygame.Rect(0, 0, max(1, round(width * scale)), max(1, round(height * scale)))
    rect.center = box.center
    return rect


def display_size_for(box: pygame.Rect, source_size: tuple[int, int]) -> tuple[int, int]:
    """The frame size to ask the worker for, so the picture can be blitted into `box` without scaling."""
    return fit_inside(source_size, (box.width, box.height)) if source_size[0] > 0 else box.size


def draw_picture(surface: pygame.Surface, box: pygame.Rect, frame: LiveFrame, cache: FrameSurface) -> pygame.Rect:
    """Draw the frame into `box`; returns the rect the picture covers (for overlays in image coordinates)."""
    rect = picture_rect(frame.source_size, box)
    surface.blit(cache.get(frame, rect.size), rect)
    return rect
