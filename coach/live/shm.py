"""Pictures from the worker process to the UI through shared memory instead of the result queue.

Why: a 836x470 RGB frame is 1.2 MB; pickled through a pipe it cost the worker ~5-8 ms of CPU per frame (measured,
about a quarter of pose itself). Here the worker copies the picture into one of a few slots and sends only the slot
number; the UI copies the newest picture out (~0.2 ms).

Why it is safe: the worker writes a slot only when the result queue has room, so at most `QUEUE + 1` pictures are
in flight (queued, or being copied out by the UI); with `QUEUE + 2` slots none is overwritten before it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing import shared_memory

import numpy as np

from coach.live.frame import LiveFrame

NO_PICTURE = np.empty((0, 0, 3), np.uint8)  # stands in for LiveFrame.rgb while the picture travels in a slot


@dataclass(frozen=True)
class RingReady:
    """The worker created its shared picture slots; the UI attaches to them by name."""

    name: str
    slots: int
    slot_bytes: int


@dataclass(frozen=True, eq=False)
class SharedPicture:
    """A LiveFrame whose picture waits in slot `slot` (shape `shape`) instead of travelling with it."""

    frame: LiveFrame
    slot: int
    shape: tuple[int, int, int]


class PictureRing:
    """`slots` picture buffers of `slot_bytes` each in one shared memory block."""

    def __init__(self, memory: shared_memory.SharedMemory, slots: int, slot_bytes: int, owner: bool) -> None:
        self.memory = memory
        self.slots = slots
        self.slot_bytes = slot_bytes
        self.owner = owner
        self._next = 0

    @classmethod
    def create(cls, slots: int, slot_bytes: int) -> PictureRing:
        """The worker's side: a new block (unlinked again by `close`)."""
        return cls(shared_memory.SharedMemory(create=True, size=slots * slot_bytes), slots, slot_bytes, owner=True)

    @classmethod
    def attach(cls, ready: RingReady) -> PictureRing:
        """The UI's side: the worker's block. (Attaching registers it with the resource tracker again, bpo-39959;
        harmless here: a spawned worker shares its parent's tracker, so the worker's unlink clears it, and if the
        worker is killed the tracker deletes the block when the app exits.)"""
        return cls(shared_memory.SharedMemory(name=ready.name), ready.slots, ready.slot_bytes, owner=False)

    @property
    def ready(self) -> RingReady:
        """The message that lets the UI attach."""
        return RingReady(self.memory.name, self.slots, self.slot_bytes)

    def write(self, rgb: np.ndarray) -> int | None:
        """Copy a picture into the next slot; None when it does not fit (the caller sends it the ordinary way)."""
        if rgb.nbytes > self.slot_bytes or rgb.dtype != np.uint8:
            return None
        slot, self._next = self._next, (self._next + 1) % self.slots
        view = np.ndarray(rgb.shape, np.uint8, self.memory.buf, offset=slot * self.slot_bytes)
        view[...] = rgb
        return slot

    def read(self, slot: int, shape: tuple[int, int, int]) -> np.ndarray:
        """A copy of the picture in `slot` (the slot is reused a few frames later)."""
        view = np.ndarray(shape, np.uint8, self.memory.buf, offset=slot * self.slot_bytes)
        return view.copy()

    def close(self) -> None:
        """Unmap the block; the owner also deletes it."""
        self.memory.close()
        if self.owner:
            self.memory.unlink()
