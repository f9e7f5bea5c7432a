"""Making synthetic people for training and evaluation: in worker processes when that is safe, else one by one.

A fork of a process that has already run TensorFlow can deadlock (a second training in one process did), so once
TensorFlow is loaded the people are made in this process instead. A daemon process may not have children at all, so
it makes them itself too (the app's trainer is not one, so that Retrain uses every core: coach/app/retrain_job.py).
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

Job = TypeVar("Job")
Item = TypeVar("Item")


def can_fork_workers() -> bool:
    """Whether this process may fork worker processes: TensorFlow not loaded yet, and not a daemon process."""
    return "tensorflow" not in sys.modules and not multiprocessing.current_process().daemon


def make_all(
    make: Callable[[Job], list[Item]],
    jobs: Sequence[Job],
    workers: int,
    on_done: Callable[[], None] | None = None,
    chunksize: int = 2,
) -> list[Item]:
    """`make` over every job, in order, its lists joined; `on_done` after each job (progress bars). `make` must be a
    module-level function (workers get it by pickling)."""
    done = on_done or (lambda: None)
    out: list[Item] = []
    if workers > 1 and len(jobs) > 1 and can_fork_workers():
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for items in pool.imap(make, jobs, chunksize=chunksize):
                out += items
                done()
    else:
        for job in jobs:
            out += make(job)
            done()
    return out
