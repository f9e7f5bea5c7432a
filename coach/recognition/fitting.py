"""Fitting the recognizer's networks: one after another, or side by side in forked processes.

Why side by side: Keras keeps ~1.2 of a 2-core laptop's cores busy while it fits one small attention network, so the
shipped pair took twice as long as one network. Forked before TensorFlow is loaded (forking after it is unsafe, see
coach/recognition/making.py) and never from a daemon process (which may have no children), each process fits one
network on its share of the cores, and the parent gathers the results. Each network's recipe, seed and windows are
the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from coach.errors import CoachError
from coach.recognition import LR_SCHEDULES, WINDOW_STEPS
from coach.recognition.bundle import member_weights_file
from coach.recognition.making import can_fork_workers
from coach.vision.features import FeatureSpec

if TYPE_CHECKING:
    from coach.recognition.train import TrainConfig

Report = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Windows:
    """The windows every network of a model is fitted, stopped early and tested on (before any network's gate)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray


@dataclass
class Fit:
    """One fitted network, saved into the model folder: what the metrics need of it."""

    files: tuple[str, str]  # its .keras and .npz, in the model folder
    parameters: int
    epochs: int
    validation_accuracy: float
    predicted: np.ndarray | None  # its probabilities on the test windows


MIN_LEARNING_RATE = 1e-4


def learning_rate_schedule(kind: str, start: float, steps: int) -> Any:
    """The optimizer's learning rate: a number for "plateau" (ReduceLROnPlateau lowers it), a cosine decay to
    MIN_LEARNING_RATE over `steps` batches for "cosine"."""
    import keras

    if kind not in LR_SCHEDULES:
        raise CoachError(f"learning-rate schedule {kind!r}: use one of {', '.join(LR_SCHEDULES)}")
    if kind == "plateau":
        return start
    return keras.optimizers.schedules.CosineDecay(start, decay_steps=steps, alpha=MIN_LEARNING_RATE / start)


def fit_network(config: TrainConfig, dim: int, names: tuple[str, ...], x_train: np.ndarray, y_train: np.ndarray,
                x_val: np.ndarray, y_val: np.ndarray, report: Report, label: str,
                progress: bool) -> tuple[Any, dict[str, np.ndarray], int, float]:  # fmt: skip
    """Fit one network with the recipe in `config` (seeded, early stopping, learning rate halved on plateaus);
    returns (keras model, its weights for the numpy runtime, epochs run, best validation accuracy)."""
    import keras
    from tqdm import tqdm

    from coach.recognition.models import build_attention, build_lstm, compile_model
    from coach.recognition.runtime import export_weights

    keras.utils.set_random_seed(config.seed)
    layers = config.layers or (2 if config.architecture == "lstm" else 1)
    build = build_lstm if config.architecture == "lstm" else build_attention
    scaling = None
    if config.standardise and len(y_train):
        flat = x_train.reshape(-1, x_train.shape[-1])
        scaling = flat.mean(axis=0), np.maximum(flat.std(axis=0), 1e-2)  # floor: a near-constant input stays quiet
    model = build(dim, len(names), units=config.units, layers=layers, dropout=config.dropout, scaling=scaling)
    steps = config.epochs * max(1, -(-len(y_train) // config.batch_size))
    model = compile_model(model, learning_rate_schedule(config.lr_schedule, config.learning_rate, steps))
    counts = np.bincount(y_train, minlength=len(names))
    present = counts > 0
    # Full balancing (the default) weighs every class equally; square-root balancing discounts idle, the largest
    # class, less. It was tried to cut idle read as an exercise and was not better on held-out people (README).
    power = 0.5 if config.class_balance == "sqrt" else (1.0 if config.class_balance == "full" else 0.0)
    weights = {i: float((len(y_train) / (present.sum() * counts[i])) ** power) for i in range(len(names)) if counts[i]}

    epoch_bar = tqdm(total=config.epochs, desc=f"training {label}", unit="epoch", disable=not progress)

    class _Progress(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
            logs = logs or {}
            epoch_bar.set_postfix(acc=f"{logs.get('accuracy', 0):.3f}", val_acc=f"{logs.get('val_accuracy', 0):.3f}")
            epoch_bar.update(1)
            report("epochs", epoch + 1, config.epochs)

    history = model.fit(
        x_train, y_train,
        validation_data=(x_val, y_val) if len(y_val) else None,
        epochs=config.epochs, batch_size=config.batch_size, class_weight=weights, verbose=0, shuffle=True,
        callbacks=[
            keras.callbacks.EarlyStopping(monitor="val_loss", patience=config.patience, restore_best_weights=True),
            *([keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2, min_lr=MIN_LEARNING_RATE)]
              if config.lr_schedule == "plateau" else []),
            _Progress(),
        ],
    )  # fmt: skip
    epoch_bar.close()
    arrays = export_weights(model, window=WINDOW_STEPS)
    epochs = len(history.history.get("loss", []))
    return model, arrays, epochs, float(max(history.history.get("val_accuracy", [0])))


def _fit_member(config: TrainConfig, spec: FeatureSpec, names: tuple[str, ...], data: Windows, parts: str,
                first: bool, out: Path, report: Report, label: str, progress: bool) -> Fit:  # fmt: skip
    """Fit the network that reads the windows through the gate `parts`, save it into `out` and test it."""
    see = lambda x: spec.regated(x, parts)  # noqa: E731
    model, arrays, epochs, val_acc = fit_network(
        config, spec.dim, names, see(data.x_train), data.y_train, see(data.x_val), data.y_val, report, label, progress
    )
    stem = Path(member_weights_file(parts, first)).stem
    model.save(out / f"{stem}.keras")
    np.savez(out / f"{stem}.npz", **arrays)
    predicted = None
    if len(data.x_test):
        # What the recognizer will say: a mirrored model (bundle.py) also reads each window's mirror image.
        readings = [see(data.x_test)]
        readings += [spec.mirrored(readings[0])] if config.mirrored and spec.can_mirror else []
        predicted = np.mean([model.predict(x, batch_size=512, verbose=0) for x in readings], axis=0)
    return Fit((f"{stem}.keras", f"{stem}.npz"), int(model.count_params()), epochs, val_acc, predicted)


def fit_members(config: TrainConfig, spec: FeatureSpec, names: tuple[str, ...], data: Windows,
                gates: Sequence[str], labels: Sequence[str], out: Path, report: Report,
                progress: bool) -> list[Fit]:  # fmt: skip
    """Every member network (one per gate), side by side when more than one core and process-safe, else in turn.
    `report("epochs", done, total)` counts the epochs of all members together."""
    total = len(gates) * config.epochs
    if len(gates) > 1 and min(config.workers, os.cpu_count() or 1) > 1 and can_fork_workers():
        return _side_by_side(config, spec, names, data, gates, labels, out, report, progress)
    fits = []
    for i, parts in enumerate(gates):
        heard = lambda stage, done, _total, k=i * config.epochs: report(stage, k + done, total)  # noqa: E731
        fits.append(_fit_member(config, spec, names, data, parts, i == 0, out, heard, labels[i], progress))
    return fits


def _side_by_side(config: TrainConfig, spec: FeatureSpec, names: tuple[str, ...], data: Windows,
                  gates: Sequence[str], labels: Sequence[str], out: Path, report: Report,
                  progress: bool) -> list[Fit]:  # fmt: skip
    """One forked process per member; they send their epochs and results back through a queue."""
    from tqdm import tqdm

    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    threads = max(1, min(config.workers, os.cpu_count() or 1) // len(gates))

    def member(i: int, parts: str) -> None:
        try:
            import tensorflow as tf

            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
            heard = lambda stage, done, _total: messages.put(("epoch", i, done))  # noqa: E731
            fit = _fit_member(config, spec, names, data, parts, i == 0, out, heard, labels[i], False)
            messages.put(("done", i, fit))
        except BaseException as exc:  # the parent reports it as one line
            first_line = (str(exc).strip().splitlines() or [""])[0]
            messages.put(("failed", i, f"{type(exc).__name__}: {first_line}"))
        finally:
            messages.close()
            messages.join_thread()

    processes = [context.Process(target=member, args=(i, parts), daemon=False) for i, parts in enumerate(gates)]
    for process in processes:
        process.start()
    done_epochs, fits = [0] * len(gates), [None] * len(gates)
    total = len(gates) * config.epochs
    bar = tqdm(total=total, desc=f"training {len(gates)} {config.architecture} networks", unit="epoch",
               disable=not progress)  # fmt: skip
    try:
        while any(f is None for f in fits):
            try:
                kind, i, payload = messages.get(timeout=1.0)
            except queue.Empty:
                dead = [i for i, p in enumerate(processes) if fits[i] is None and not p.is_alive()]
                if dead and messages.empty():
                    code = processes[dead[0]].exitcode
                    message = f"training: the {gates[dead[0]]!r} network's process stopped (exit code {code})"
                    raise CoachError(message) from None
                continue
            if kind == "failed":
                raise CoachError(f"training the {gates[i]!r} network failed: {payload}")
            if kind == "epoch":
                bar.update(payload - done_epochs[i])
                done_epochs[i] = payload
                report("epochs", sum(done_epochs), total)
            else:
                fits[i] = payload
    finally:
        bar.close()
        for process in processes:
            if process.is_alive() and any(f is None for f in fits):
                process.terminate()
            process.join()
    return list(fits)
