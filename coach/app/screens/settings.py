"""Settings: sound on/off, skeleton and joint angles on the picture. Changes apply at once and are saved."""

from __future__ import annotations

import pygame

from coach.app.context import AppContext
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.text import draw_text
from coach.app.theme import SIZES, TEXT_DIM
from coach.app.widgets.button import Button, Menu

_OPTIONS = (
    ("sound", "Sound", pygame.K_1, "rep, set and rest cues (Ctrl+M anywhere)"),
    ("show_skeleton", "Skeleton", pygame.K_2, "the skeleton over the camera picture"),
    ("show_angles", "Joint angles", pygame.K_3, "angles written at the joints"),
)


class SettingsScreen(Scene):
    """One toggle button per setting."""

    title = "Settings"

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.menu = Menu([Button(key, "", shortcut, note=note) for key, _, shortcut, note in _OPTIONS])

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if is_back(event):
            return Pop()
        chosen = self.menu.handle_event(event)
        if chosen is not None:
            self.context.change_settings(self.context.settings.toggled(chosen))
            self.context.sounds.play("click")
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme, settings = self.context.theme, self.context.settings
        begin(surface)
        top_bar(surface, theme, "Settings")
        hints(surface, theme, "Enter switch  ·  ↑↓ move  ·  1 2 3 shortcuts  ·  Esc back")
        area = content_rect(surface, theme)
        width = min(area.width, theme.px(640))
        top = area.top + 4 * theme.space
        height = theme.px(84)
        for i, (button, (key, label, _, _)) in enumerate(zip(self.menu.buttons, _OPTIONS, strict=True)):
            button.label, button.switch = label, bool(getattr(settings, key))
            button.rect = pygame.Rect(area.centerx - width // 2, top + i * (height + 2 * theme.space), width, height)
        self.menu.draw(surface, theme)
        if not self.context.sounds.available:
            draw_text(
                surface,
                "No audio device found: sound cues are silent on this machine.",
                theme.font(SIZES.small),
                TEXT_DIM,
                (area.centerx, self.menu.buttons[-1].rect.bottom + 3 * theme.space),
                "midtop",
            )
