"""Scenes and the scene stack.

A scene is one screen: it reacts to input (`handle_event`), moves time on (`update`) and draws itself (`draw`).
`handle_event` and `update` return what should happen next: None (stay), another Scene (open it on top), `Pop()`
(go back), `Replace(scene)` or `Quit()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

import pygame

if TYPE_CHECKING:
    from coach.app.context import AppContext


@dataclass(frozen=True)
class Pop:
    """Close the current scene and go back to the one below (quits when it was the last)."""


@dataclass(frozen=True)
class Quit:
    """Close the app."""


@dataclass(frozen=True)
class Replace:
    """Swap the current scene for another (no way back to it)."""

    scene: Scene


Transition = Union["Scene", Pop, Quit, Replace]


class Scene:
    """Base class of every screen; subclasses override what they need."""

    title = ""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def enter(self) -> None:
        """Called whenever the scene comes (back) to the top of the stack."""

    def leave(self) -> None:
        """Called when the scene is closed (popped or replaced)."""

    def handle_event(self, event: pygame.event.Event) -> Transition | None:
        """React to one input event."""
        return None

    def update(self, dt: float) -> Transition | None:
        """Move time on by `dt` seconds."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the whole screen onto `surface` (its size may change between calls)."""


class SceneManager:
    """The stack of open scenes; the top one gets input, time and the screen."""

    def __init__(self, first: Scene) -> None:
        self.stack: list[Scene] = []
        self.done = False
        self.push(first)

    @property
    def top(self) -> Scene:
        """The scene on screen."""
        return self.stack[-1]

    def push(self, scene: Scene) -> None:
        self.stack.append(scene)
        scene.enter()

    def apply(self, transition: Transition | None) -> None:
        """Carry out what a scene asked for."""
        if transition is None:
            return
        if isinstance(transition, Scene):
            self.push(transition)
        elif isinstance(transition, Replace):
            self.stack.pop().leave()
            self.push(transition.scene)
        elif isinstance(transition, Pop):
            self.stack.pop().leave()
            if self.stack:
                self.top.enter()
            else:
                self.done = True
        elif isinstance(transition, Quit):
            while self.stack:
                self.stack.pop().leave()
            self.done = True

    def handle_event(self, event: pygame.event.Event) -> None:
        """Give an event to the top scene."""
        if not self.done:
            self.apply(self.top.handle_event(event))

    def update(self, dt: float) -> None:
        """Give time to the top scene."""
        if not self.done:
            self.apply(self.top.update(dt))

    def draw(self, surface: pygame.Surface) -> None:
        """Let the top scene draw."""
        if not self.done:
            self.top.draw(surface)
