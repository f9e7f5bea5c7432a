"""Settings: sound, skeleton and joint angles (switches), the source and pose model (cycled), the profile name
(typed), and the way to Retrain, which names the recognizer in use. Changes apply at once and are saved; the source
and pose model take effect the next time Coach starts (the live worker has already opened them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pygame

from coach.app.context import AppContext
from coach.app.model_in_use import ModelInUse, model_in_use
from coach.app.scene import Pop, Scene, Transition
from coach.app.screens.common import begin, content_rect, hints, is_back, top_bar
from coach.app.settings import MODEL_COMPLEXITIES, SOURCE_CHOICES, AppSettings
from coach.app.text import draw_text, wrap_text
from coach.app.theme import GOLD, SIZES, TEXT_DIM
from coach.app.widgets.button import Button, Menu
from coach.storage import Repository

_SWITCHES = (
    ("sound", "Sound", pygame.K_1, "rep, set and rest cues (Ctrl+M anywhere)"),
    ("show_skeleton", "Skeleton", pygame.K_2, "the skeleton over the camera picture"),
    ("show_angles", "Joint angles", pygame.K_3, "angles written at the joints"),
)
PROFILE_MAX = 24
COMPLEXITY_NAMES = {0: "0 · fast", 1: "1 · balanced", 2: "2 · accurate"}


def next_source(current: str) -> str:
    """The source after `current` in the cycle (a video file set with --source goes back to the camera)."""
    if current not in SOURCE_CHOICES:
        return SOURCE_CHOICES[0]
    return SOURCE_CHOICES[(SOURCE_CHOICES.index(current) + 1) % len(SOURCE_CHOICES)]


def retrain_note(model: ModelInUse) -> str:
    """The Retrain button's second line: which recognizer runs now."""
    flag = " (see the note)" if model.problem else ""
    return f"in use: {model.short}{flag} · retrain on your recordings"


class SettingsScreen(Scene):
    """Switches on the left; source, pose model, profile name and Retrain on the right. `retrain` opens the Retrain
    screen (None: not offered, e.g. without a database); its note names the recognizer in use, as `choose_model`
    picks it from `repo` and `model_option` (`coach play --model`)."""

    title = "Settings"

    def __init__(
        self,
        context: AppContext,
        retrain: Callable[[AppContext], Scene] | None = None,
        *,
        repo: Repository | None = None,
        model_option: Path | None = None,
    ) -> None:
        super().__init__(context)
        self.retrain = retrain
        self.repo, self.model_option = repo, model_option
        self.model = model_in_use(repo, model_option)
        buttons = [Button(key, label, shortcut, note=note) for key, label, shortcut, note in _SWITCHES]
        buttons += [
            Button("source", "Source", pygame.K_4, note=""),
            Button("model_complexity", "Pose model", pygame.K_5, note=""),
            Button("profile", "Profile name", pygame.K_6, note=""),
        ]
        if retrain is not None:
            buttons.append(
                Button("retrain", "Retrain the recognizer", pygame.K_r, note="on your calibration recordings")
            )
        self.menu = Menu(buttons)
        self.editing: str | None = None  # the profile name being typed

    def enter(self) -> None:
        """Back from Retrain: a version may have been activated."""
        self.model = model_in_use(self.repo, self.model_option)

    def _apply(self, settings: AppSettings) -> None:
        self.context.change_settings(settings)
        self.context.sounds.play("click")

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        if self.editing is not None:
            return self._edit(event)
        if is_back(event):
            return Pop()
        chosen = self.menu.handle_event(event)
        settings = self.context.settings
        if chosen in {key for key, *_ in _SWITCHES}:
            self._apply(settings.toggled(chosen))
        elif chosen == "source":
            self._apply(replace(settings, source=next_source(settings.source)))
        elif chosen == "model_complexity":
            index = MODEL_COMPLEXITIES.index(settings.model_complexity)
            self._apply(replace(settings, model_complexity=MODEL_COMPLEXITIES[(index + 1) % len(MODEL_COMPLEXITIES)]))
        elif chosen == "profile":
            self.editing = settings.profile
            pygame.key.start_text_input()
        elif chosen == "retrain" and self.retrain is not None:
            self.context.sounds.play("click")
            return self.retrain(self.context)
        return None

    def _edit(self, event: pygame.event.Event) -> Transition | None:
        """Typing the profile name: Enter keeps it, Esc leaves it as it was."""
        assert self.editing is not None
        if event.type == pygame.TEXTINPUT:
            self.editing = (self.editing + event.text)[:PROFILE_MAX]
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self._apply(replace(self.context.settings, profile=self.editing.strip()))
                self.editing = None
            elif event.key == pygame.K_ESCAPE:
                self.editing = None
            elif event.key == pygame.K_BACKSPACE:
                self.editing = self.editing[:-1]
            if self.editing is None:
                pygame.key.stop_text_input()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        theme, settings = self.context.theme, self.context.settings
        s = theme.space
        begin(surface)
        top_bar(surface, theme, "Settings")
        hints(
            surface,
            theme,
            "Typing: Enter keep · Esc cancel"
            if self.editing is not None
            else "Enter change  ·  ↑↓ move  ·  1-6 shortcuts"
            + ("  ·  R retrain" if self.retrain else "")
            + "  ·  Esc back",
        )
        area = content_rect(surface, theme)
        column_w = (area.width - 3 * s) // 2
        height = theme.px(80)
        top = area.top + 3 * s
        for i, button in enumerate(self.menu.buttons):
            column, row = (0, i) if i < len(_SWITCHES) else (1, i - len(_SWITCHES))
            button.rect = pygame.Rect(area.left + column * (column_w + 3 * s), top + row * (height + 2 * s), column_w,
                                      height)  # fmt: skip
            if button.id in settings.__dataclass_fields__ and isinstance(getattr(settings, button.id), bool):
                button.switch = bool(getattr(settings, button.id))
        self._notes(settings)
        self.menu.draw(surface, theme)
        small = theme.font(SIZES.small)
        left, y = self.menu.buttons[0].rect.left, self.menu.buttons[len(_SWITCHES) - 1].rect.bottom + 3 * s
        if not self.context.sounds.available:
            y = draw_text(surface, "No audio device found: sound cues are silent on this machine.", small, TEXT_DIM,
                          (left, y)).bottom + 2 * s  # fmt: skip
        if self.retrain is not None and self.model.problem:
            for line in wrap_text(small, f"Recognizer: {self.model.problem}", column_w):
                y = draw_text(surface, line, small, GOLD, (left, y)).bottom

    def _notes(self, settings: AppSettings) -> None:
        by_id = {b.id: b for b in self.menu.buttons}
        by_id["source"].note = f"{settings.source}  (next start; a video file: coach play --source FILE)"
        by_id["model_complexity"].note = f"BlazePose {COMPLEXITY_NAMES[settings.model_complexity]}  (next start)"
        if "retrain" in by_id:
            by_id["retrain"].note = retrain_note(self.model)
        if self.editing is not None:
            by_id["profile"].note = f"{self.editing}_"
        else:
            by_id["profile"].note = settings.profile or "not set: your login name is used"
