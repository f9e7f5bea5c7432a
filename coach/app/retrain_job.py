"""Retraining from the app: `coach.retrain.retrain` in a child process, so the window keeps its 60 fps while Keras
trains, and Cancel can stop it at once (terminating a process is safe; a thread could not be stopped).

The child is not a daemon process, so it may fork workers as `coach train` does (people made on every core, the two
networks fitted side by side); a daemon trainer had to do all of it on one process and took longer. It leads its own
process group, so Cancel, leaving the screen or quitting the app stops it and every worker it forked at once.

The child reports progress on a queue: every evaluation person and synthetic person made, every epoch run, and the
comparison with the model in use. The parent turns that into a fraction and an ETA (time so far / fraction done); it
never blocks on the child.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from coach.errors import CoachError
from coach.recognition.train import TrainConfig
from coach.retrain import MIN_RECORDINGS
from coach.storage import Repository
from coach.storage.model_versions import ADVICE

State = Literal["running", "finished", "failed", "cancelled"]
# Of the bar, when synthetic people are made first: the default Retrain (300 people) made them in 70 of 437 s on a
# 2-core machine (benchmarks/app_retrain.py; README, Retrain); the rest is epochs
PEOPLE_SHARE = 0.15
EVALUATION_SHARE = 0.1  # of the bar, for the evaluation people made first and both models scored on them at the end


@dataclass(frozen=True)
class JobProgress:
    """Where a retrain run is: its state, the stage (people, epochs), the bar's fraction, an ETA, the outcome."""

    state: State
    stage: str
    fraction: float
    eta_s: float | None
    message: str = ""
    version_id: int | None = None


def retrain_blocker(repo: Repository, data: str) -> str | None:
    """Why retraining cannot start with the stored samples (too few), as a sentence for the screen; None if it can."""
    count = len(repo.samples.list())
    if data == "recorded" and count < MIN_RECORDINGS:
        return (
            f"Training on your recordings alone needs at least {MIN_RECORDINGS} (one is held out to validate, one to "
            f"test); you have {count}. Record more in Calibration, or train on synthetic + recorded."
        )
    if count == 0:
        return "No recordings yet: record a few reps of each exercise in Calibration first."
    return None


def run_retrain(
    db_url: str, models_dir: str | None, data: str, config: TrainConfig, report: Callable[[tuple], None]
) -> None:
    """The child's work: open the database, retrain, say what came out (or the one-line error)."""
    from coach.retrain import retrain
    from coach.storage import open_repository

    try:
        with open_repository(db_url, models_dir=Path(models_dir) if models_dir else None) as repo:
            result = retrain(repo, data, config, progress=False, on_progress=lambda *p: report(("progress", *p)))
            accuracy = result.version.accuracy
            note = result.incumbent.note
            report(("done", result.version.id, result.verdict.activate, result.verdict.reason, accuracy, note))
    except CoachError as exc:
        report(("error", str(exc)))
    except Exception as exc:  # the child must always say how it ended
        report(("error", f"training failed: {type(exc).__name__}: {exc}"))


def _child(runner: Callable[..., None], args: tuple[Any, ...], messages: Any) -> None:
    if hasattr(os, "setpgrp"):
        os.setpgrp()  # its own group: stopping the group stops the workers it forks too
    runner(*args, messages.put)


def _stop_group(process: multiprocessing.process.BaseProcess) -> None:
    """Stop the trainer and every worker it forked (its process group); SIGKILL if SIGTERM was not enough."""
    for sig in (signal.SIGTERM, getattr(signal, "SIGKILL", signal.SIGTERM)):
        if process.pid is None:
            return
        try:
            os.killpg(process.pid, sig)  # the group the child leads (its id is the child's pid)
        except (ProcessLookupError, PermissionError, AttributeError):
            process.terminate()  # it has not made its group yet (no workers either), or this is not POSIX
        process.join(timeout=5)
        if not process.is_alive():
            with contextlib.suppress(ProcessLookupError, PermissionError, AttributeError):
                os.killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))  # workers it left behind
            return


class RetrainJob:
    """One background retrain run. `poll()` every UI frame; `cancel()` stops it."""

    def __init__(
        self,
        db_url: str,
        data: str,
        config: TrainConfig,
        *,
        models_dir: Path | None = None,
        runner: Callable[..., None] = run_retrain,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = config
        self.clock = clock
        ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no pygame or SDL state carried over
        self._messages = ctx.Queue()
        args = (db_url, str(models_dir) if models_dir else None, data, config)
        self._process = ctx.Process(target=_child, args=(runner, args, self._messages), daemon=False)
        self._people = config.synthetic_subjects if data == "both" else 0
        self.started = clock()
        self.progress = JobProgress("running", "starting", 0.0, None, "starting the trainer…")
        self._process.start()
        # Registered after the start, so it runs before multiprocessing's own exit handler, which would wait for a
        # non-daemon child to finish: quitting the app mid-run stops the trainer instead.
        atexit.register(self.cancel)

    def _fraction(self, stage: str, done: int, total: int) -> float:
        """Evaluation people, synthetic people, epochs, then comparing: each stage fills its span of the bar."""
        part = done / total if total else 1.0
        edge, people = EVALUATION_SHARE / 2, PEOPLE_SHARE if self._people else 0.0
        spans = {"evaluation people": (0.0, edge), "people": (edge, edge + people), "epochs": (edge + people, 1 - edge),
                 "comparing": (1 - edge, 1.0)}  # fmt: skip
        start, end = spans.get(stage, (0.0, 1.0))
        return start + (end - start) * part

    def poll(self) -> JobProgress:
        """Take every message the child sent since the last call (never waits)."""
        while self.progress.state == "running":
            try:
                message = self._messages.get_nowait()
            except queue.Empty:
                break
            kind = message[0]
            if kind == "progress":
                _, stage, done, total = message
                fraction = self._fraction(stage, done, total)
                elapsed = self.clock() - self.started
                eta = elapsed * (1 - fraction) / fraction if fraction > 0.02 else None
                text = {
                    "evaluation people": f"making the test people {done}/{total}",
                    "people": f"making synthetic people {done}/{total}",
                    "comparing": "scoring both models on the same windows",
                }.get(stage, f"epoch {done}/{total}")
                self.progress = JobProgress("running", stage, fraction, eta, text)
            elif kind == "done":
                _, version_id, activated, reason, _accuracy, *note = message
                reason = reason.replace(ADVICE, "")  # the CLI's advice; the screen has its own keys
                kept = f"Kept as version {version_id}, {reason}."
                text = f"Version {version_id} is the active model now." if activated else kept
                if note and note[0]:
                    text += f" Note: {note[0]}."
                self.progress = JobProgress("finished", "done", 1.0, 0.0, text, version_id)
            elif kind == "error":
                self.progress = JobProgress("failed", "failed", self.progress.fraction, None, message[1])
        if self.progress.state == "running" and not self._process.is_alive() and self._messages.empty():
            code = self._process.exitcode
            self.progress = JobProgress("failed", "failed", self.progress.fraction, None,
                                        f"the trainer stopped unexpectedly (exit code {code})")  # fmt: skip
        if self.progress.state != "running":
            if self._process.is_alive():
                self._process.join(timeout=5)
            if not self._process.is_alive():
                atexit.unregister(self.cancel)
        return self.progress

    def cancel(self) -> None:
        """Stop the run now; nothing is registered (the model folder was still a temporary one)."""
        if self._process.is_alive():
            _stop_group(self._process)
        atexit.unregister(self.cancel)
        if self.progress.state == "running":
            self.progress = JobProgress("cancelled", "cancelled", self.progress.fraction, None, "cancelled")

    @property
    def running(self) -> bool:
        return self.progress.state == "running"
