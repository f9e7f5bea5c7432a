"""Run a trained recogniser with numpy alone, one frame at a time.

Why not Keras at inference: importing TensorFlow costs 5-6 s and ~630 MB, and a Keras call on one tiny window costs
milliseconds of dispatch. An LSTM step is two small matrix products, so numpy does it in microseconds, and stepping
(rather than re-running a whole window each frame) keeps the per-frame cost constant.

The weights travel as a flat dict of arrays (`export_weights`, saved by the caller with `np.savez`); strings and
sizes are 0-d arrays so the file loads with `allow_pickle=False`.
"""

from __future__ import annotations

import itertools
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import ModelFileError
from coach.recognition import WINDOW_STEPS

FORMAT_VERSION = 1
ARCHITECTURES = ("lstm", "attention")

# Layer names the builders in `models` give, so export can find each part without importing Keras.
ATT_PROJ, ATT_SCORE, ATT_POOL, DROPOUT, CLASSES = "att_proj", "att_score", "att_pool", "dropout", "classes"
INPUT_NORM = "input_norm"
_KNOWN_LAYER_TYPES = {"InputLayer", "Normalization", "LSTM", "Dropout", "Dense", "AttentionPool"}


def lstm_name(index: int) -> str:
    """Name of the index-th (0 = bottom) LSTM layer."""
    return f"lstm_{index}"


def _check(ok: bool, what: str) -> None:
    """Export guards against a model the runtime would silently compute differently."""
    if not ok:
        raise ValueError(f"cannot export this model for the numpy runtime: {what}")


def export_weights(model: Any, window: int | None = None) -> dict[str, np.ndarray]:
    """The weights of a model made by `coach.recognition.models`, as a flat dict for `np.savez`.

    `window` (the buffer the attention pooling covers) defaults to the pooling layer's own setting, else the model's
    fixed input length, else WINDOW_STEPS. Raises ValueError for a model the runtime cannot reproduce exactly.
    """
    layers = {layer.name: layer for layer in model.layers}
    for layer in model.layers:
        _check(type(layer).__name__ in _KNOWN_LAYER_TYPES, f"unsupported layer {layer.name} ({type(layer).__name__})")
    arrays: dict[str, np.ndarray] = {}
    count = 0
    while lstm_name(count) in layers:
        layer = layers[lstm_name(count)]
        cfg = layer.get_config()
        _check(cfg["activation"] == "tanh" and cfg["recurrent_activation"] == "sigmoid", f"{layer.name} activations")
        _check(cfg["use_bias"] and not cfg["go_backwards"] and not cfg["return_state"], f"{layer.name} options")
        kernel, recurrent, bias = layer.get_weights()
        if count == 0 and INPUT_NORM in layers:
            kernel, bias = _fold_standardisation(layers[INPUT_NORM], kernel, bias)
        arrays |= {f"lstm{count}_kernel": kernel, f"lstm{count}_recurrent": recurrent, f"lstm{count}_bias": bias}
        count += 1
    _check(count > 0, f"no LSTM layer named {lstm_name(0)}")
    _check(layers[CLASSES].get_config()["activation"] == "softmax", f"{CLASSES} must end in softmax")
    arrays["dense_kernel"], arrays["dense_bias"] = layers[CLASSES].get_weights()
    architecture = "attention" if ATT_POOL in layers else "lstm"
    if architecture == "attention":
        _check(layers[ATT_PROJ].get_config()["activation"] == "tanh", f"{ATT_PROJ} must use tanh")
        _check(layers[ATT_SCORE].get_config()["activation"] == "linear", f"{ATT_SCORE} must be linear")
        arrays["att_kernel"], arrays["att_bias"] = layers[ATT_PROJ].get_weights()
        arrays["att_score_kernel"], arrays["att_score_bias"] = layers[ATT_SCORE].get_weights()
        window = window or layers[ATT_POOL].get_config().get("window")
    window = window or model.input_shape[1] or WINDOW_STEPS
    arrays = {key: np.ascontiguousarray(value, dtype=np.float32) for key, value in arrays.items()}
    return arrays | {
        "format_version": np.array(FORMAT_VERSION),
        "architecture": np.array(architecture),
        "layers": np.array(count),
        "input_dim": np.array(arrays["lstm0_kernel"].shape[0]),
        "classes": np.array(arrays["dense_bias"].shape[0]),
        "window": np.array(int(window)),
    }


def _fold_standardisation(norm: Any, kernel: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first LSTM's kernel and bias with the input standardisation folded in: ((x - m) / s) @ K + b equals
    x @ (K / s) + (b - (m / s) @ K), so the runtime reads raw features at no extra cost."""
    _check(type(norm).__name__ == "Normalization" and not norm.invert, f"{INPUT_NORM} must be a plain Normalization")
    mean = np.asarray(norm.mean, dtype=np.float64).reshape(-1)
    std = np.maximum(np.sqrt(np.asarray(norm.variance, dtype=np.float64).reshape(-1)), 1e-7)  # Keras's own floor
    _check(mean.shape[0] == kernel.shape[0], f"{INPUT_NORM} covers {mean.shape[0]} features, not {kernel.shape[0]}")
    scaled = kernel.astype(np.float64) / std[:, None]
    return scaled, bias.astype(np.float64) - mean @ scaled


@dataclass(eq=False)
class _LayerState:
    """One LSTM layer's buffers, with the views the step writes through made once (slicing costs ~0.2 us each).

    `m` lays out [o, i, f, g, c] so that [i, f] * [g, c] is one multiply and the sigmoid gates [o, i, f] are one slice.
    """

    xh: np.ndarray  # [input, h, 1]: one matmul with the stacked [kernel; recurrent; bias] gives all four gates
    x: np.ndarray
    h: np.ndarray
    z: np.ndarray  # m[:4u], the gates
    sig: np.ndarray  # m[:3u], o, i, f
    o: np.ndarray
    i_f: np.ndarray
    g_c: np.ndarray
    c: np.ndarray
    products: np.ndarray  # [i * g, f * c]
    ig: np.ndarray
    fc: np.ndarray
    tmp: np.ndarray
    next_x: np.ndarray | None = None  # the layer above's input, where h is copied

    @classmethod
    def zeros(cls, input_dim: int, units: int) -> _LayerState:
        u = units
        xh, m = np.zeros(input_dim + u + 1, np.float32), np.zeros(5 * u, np.float32)
        products = np.zeros(2 * u, np.float32)
        xh[-1] = 1.0
        return cls(xh, xh[:input_dim], xh[input_dim:-1], m[: 4 * u], m[: 3 * u], m[:u], m[u : 3 * u], m[3 * u :],
                   m[4 * u :], products, products[:u], products[u:], np.zeros(u, np.float32))  # fmt: skip


@dataclass(eq=False)
class State:
    """A stream's memory: h and c of every LSTM layer and, for attention, a ring buffer of top-layer h."""

    layers: tuple[_LayerState, ...]
    history: np.ndarray  # (window, units) for attention, (0, units) for lstm
    steps: int = 0
    filled: int = 0  # rows of `history` that hold real hidden states
    _next: int = field(default=0, repr=False)  # ring position the next hidden state goes to

    @property
    def h(self) -> np.ndarray:
        """The top layer's current hidden state (a view: copy it to keep it)."""
        return self.layers[-1].h


def _softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max())
    return e / e.sum()


class NumpyClassifier:
    """A trained recogniser, run with numpy: `step` once per frame, `probabilities` whenever a decision is needed."""

    def __init__(self, arrays: Mapping[str, np.ndarray], where: str = "model weights") -> None:
        self.where = where
        a = _validated(arrays, where)
        self.architecture: str = str(a["architecture"])
        self.input_dim: int = int(a["input_dim"])
        self.classes: int = int(a["classes"])
        self.window: int = int(a["window"])
        count = int(a["layers"])
        self.units: tuple[int, ...] = tuple(a[f"lstm{k}_recurrent"].shape[0] for k in range(count))
        # Stacked [kernel; recurrent; bias], gate columns reordered from Keras' i, f, g, o to o, i, f, g, and the
        # sigmoid gates halved: sigmoid(z) = 0.5 * tanh(z / 2) + 0.5, so one tanh serves all four (and never overflows).
        self._w: list[np.ndarray] = []
        for k, u in enumerate(self.units):
            w = np.vstack([a[f"lstm{k}_kernel"], a[f"lstm{k}_recurrent"], a[f"lstm{k}_bias"][None, :]])
            w = np.concatenate([w[:, 3 * u :], w[:, : 3 * u]], axis=1)
            w[:, : 3 * u] *= 0.5
            self._w.append(np.ascontiguousarray(w, np.float32))
        self._dense_w = np.ascontiguousarray(a["dense_kernel"], np.float32)
        self._dense_b = np.ascontiguousarray(a["dense_bias"], np.float32)
        if self.architecture == "attention":
            self._att_w = np.ascontiguousarray(a["att_kernel"], np.float32)
            self._att_b = np.ascontiguousarray(a["att_bias"], np.float32)
            self._att_v = np.ascontiguousarray(a["att_score_kernel"][:, 0], np.float32)
            self._att_c = float(a["att_score_bias"][0])

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], where: str = "model weights") -> NumpyClassifier:
        """Build from `export_weights` output (or a loaded .npz); `where` names the source in error messages."""
        return cls(arrays, where)

    @classmethod
    def load(cls, path: str | Path) -> NumpyClassifier:
        """Read an .npz written from `export_weights`; anything wrong raises ModelFileError naming the file."""
        return cls(_read_npz(Path(path)), str(path))

    def new_state(self) -> State:
        """Fresh memory for a new stream (all zeros, as Keras starts every sequence)."""
        sizes = (self.input_dim, *self.units[:-1])
        layers = tuple(_LayerState.zeros(n, u) for n, u in zip(sizes, self.units, strict=True))
        for below, above in itertools.pairwise(layers):
            below.next_x = above.x
        rows = self.window if self.architecture == "attention" else 0
        return State(layers=layers, history=np.zeros((rows, self.units[-1]), np.float32))

    def step(self, state: State, x: np.ndarray) -> None:
        """Advance `state` by one time step with the feature vector `x` (input_dim,)."""
        np.copyto(state.layers[0].x, x, casting="same_kind")
        for s, w in zip(state.layers, self._w, strict=True):
            np.dot(s.xh, w, out=s.z)
            np.tanh(s.z, out=s.z)
            s.sig *= 0.5
            s.sig += 0.5
            np.multiply(s.i_f, s.g_c, out=s.products)
            np.add(s.ig, s.fc, out=s.c)  # c = i * g + f * c
            np.tanh(s.c, out=s.tmp)
            np.multiply(s.o, s.tmp, out=s.h)  # h = o * tanh(c)
            if s.next_x is not None:
                np.copyto(s.next_x, s.h)
        if len(state.history):
            state.history[state._next] = state.layers[-1].h
            state._next = (state._next + 1) % len(state.history)
            state.filled = min(state.filled + 1, len(state.history))
        state.steps += 1

    def step_all(self, states: Sequence[State], x: np.ndarray) -> None:
        """Advance several states by the same time step (the live recognizer's staggered ones)."""
        if len(states) == 1:
            self.step(states[0], x)
        elif states:
            self.step_many(states, np.broadcast_to(np.asarray(x, np.float32), (len(states), self.input_dim)))

    def step_many(self, states: Sequence[State], xs: np.ndarray) -> None:
        """Advance each of several states by one time step, state k with the feature vector xs[k].

        Why: the live recognizer steps 4 staggered states per reading, and a mirrored model reads each frame twice;
        one matrix product per layer for all of them costs about what two `step` calls cost (same arithmetic)."""
        below = np.asarray(xs, np.float32)
        ones = np.ones((len(states), 1), np.float32)
        for k, (w, u) in enumerate(zip(self._w, self.units, strict=True)):
            layers = [state.layers[k] for state in states]
            h = np.stack([layer.h for layer in layers])
            c = np.stack([layer.c for layer in layers])
            z = np.tanh(np.concatenate([below, h, ones], axis=1) @ w)
            gates = 0.5 * z[:, : 3 * u] + 0.5  # o, i, f
            c = gates[:, u : 2 * u] * z[:, 3 * u :] + gates[:, 2 * u :] * c
            h = gates[:, :u] * np.tanh(c)
            for layer, h_row, c_row in zip(layers, h, c, strict=True):
                layer.h[...] = h_row
                layer.c[...] = c_row
            below = h
        for state, h_row in zip(states, below, strict=True):
            if len(state.history):
                state.history[state._next] = h_row
                state._next = (state._next + 1) % len(state.history)
                state.filled = min(state.filled + 1, len(state.history))
            state.steps += 1

    def probabilities(self, state: State) -> np.ndarray:
        """Class probabilities (classes,) given everything stepped so far; before any step, the softmax of the bias.

        Attention pools the last `window` hidden states. The pooling is a softmax-weighted sum, which does not depend on
        the order of its terms, so the ring buffer is used as it lies, without unrolling it into time order.
        """
        if self.architecture == "lstm":
            pooled = state.h
        elif state.filled == 0:
            pooled = np.zeros(self.units[-1], np.float32)
        else:
            hs = state.history[: state.filled]
            scores = np.tanh(hs @ self._att_w + self._att_b) @ self._att_v + self._att_c
            pooled = _softmax(scores) @ hs
        return _softmax(pooled @ self._dense_w + self._dense_b)

    def probabilities_many(self, states: Sequence[State]) -> np.ndarray:
        """`probabilities` of several states (n, classes); states that have stepped equally often (a mirrored
        model's two readings of one stream) are pooled in one batch."""
        if self.architecture != "attention" or len({s.filled for s in states}) != 1 or states[0].filled == 0:
            return np.stack([self.probabilities(s) for s in states])
        hs = np.stack([s.history[: s.filled] for s in states])  # (n, T, units)
        scores = np.tanh(hs @ self._att_w + self._att_b) @ self._att_v + self._att_c  # (n, T)
        weights = np.exp(scores - scores.max(axis=1, keepdims=True))
        pooled = np.einsum("nt,ntu->nu", weights / weights.sum(axis=1, keepdims=True), hs)
        logits = pooled @ self._dense_w + self._dense_b
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def predict_window(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities (classes,) for one window (T, input_dim), from a fresh state."""
        x = np.asarray(x, np.float32)
        if x.ndim != 2 or x.shape[1] != self.input_dim:
            raise ValueError(f"expected a window of shape (T, {self.input_dim}), got {x.shape}")
        state = self.new_state()
        for row in x:
            self.step(state, row)
        return self.probabilities(state)

    def predict_windows(self, x: np.ndarray, batch: int = 4096) -> np.ndarray:
        """Class probabilities (N, classes) for many windows (N, T, input_dim) at once, each from a fresh state.

        The same arithmetic as `step` and `probabilities`, batched over windows: evaluating thousands of held-out
        windows takes seconds without TensorFlow, where a Python loop over `predict_window` takes minutes.
        """
        x = np.asarray(x, np.float32)
        if x.ndim != 3 or x.shape[2] != self.input_dim:
            raise ValueError(f"expected windows of shape (N, T, {self.input_dim}), got {x.shape}")
        out = [self._predict_batch(x[i : i + batch]) for i in range(0, len(x), batch)]
        return np.concatenate(out) if out else np.zeros((0, self.classes), np.float32)

    def _predict_batch(self, x: np.ndarray) -> np.ndarray:
        n, steps = x.shape[:2]
        h = [np.zeros((n, u), np.float32) for u in self.units]
        c = [np.zeros((n, u), np.float32) for u in self.units]
        ones = np.ones((n, 1), np.float32)
        top: list[np.ndarray] = []
        for t in range(steps):
            below = x[:, t]
            for k, (w, u) in enumerate(zip(self._w, self.units, strict=True)):
                z = np.tanh(np.concatenate([below, h[k], ones], axis=1) @ w)
                o, i, f = (0.5 * z[:, j * u : (j + 1) * u] + 0.5 for j in range(3))
                c[k] = i * z[:, 3 * u :] + f * c[k]
                h[k] = o * np.tanh(c[k])
                below = h[k]
            top.append(below)
        if self.architecture == "lstm":
            pooled = h[-1]
        else:
            hs = np.stack(top[-self.window :], axis=1)  # (n, T, units)
            scores = np.tanh(hs @ self._att_w + self._att_b) @ self._att_v + self._att_c
            weights = np.exp(scores - scores.max(axis=1, keepdims=True))
            pooled = np.einsum("nt,ntu->nu", weights / weights.sum(axis=1, keepdims=True), hs)
        logits = pooled @ self._dense_w + self._dense_b
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    """Every array of the archive, read eagerly so a damaged member fails here rather than mid-stream."""
    if not path.exists():
        raise ModelFileError(f"{path}: not found")
    try:
        with path.open("rb") as f:
            magic = f.read(4)
        if magic != b"PK\x03\x04":
            raise ModelFileError(f"{path}: not a Coach model file (not an .npz archive)")
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except ModelFileError:
        raise
    except ValueError as e:
        if "pickle" in str(e):
            raise ModelFileError(f"{path}: not a Coach model file (holds pickled objects)") from None
        raise ModelFileError(f"{path}: cannot be read (damaged?)") from None
    except IsADirectoryError:
        raise ModelFileError(f"{path}: is a folder, not a model file") from None
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, KeyError):
        raise ModelFileError(f"{path}: cannot be read (damaged?)") from None


def _validated(arrays: Mapping[str, np.ndarray], where: str) -> Mapping[str, np.ndarray]:
    """`arrays` if they describe a model this runtime can run; otherwise ModelFileError saying what is wrong."""

    def fail(what: str) -> ModelFileError:
        return ModelFileError(f"{where}: {what}")

    if "architecture" not in arrays:
        raise fail("not a Coach model file (missing 'architecture')")
    version = arrays.get("format_version")
    if version is None or np.shape(version) != () or not np.issubdtype(np.asarray(version).dtype, np.integer):
        raise fail("not a Coach model file (missing 'format_version')")
    if int(version) > FORMAT_VERSION:
        raise fail(f"made by a newer Coach (format {int(version)}; this version reads up to {FORMAT_VERSION})")
    architecture = str(arrays["architecture"]) if np.asarray(arrays["architecture"]).dtype.kind == "U" else ""
    if architecture not in ARCHITECTURES:
        raise fail(f"unknown architecture {architecture!r} (known: {', '.join(ARCHITECTURES)})")
    sizes: dict[str, int] = {}
    for key in ("layers", "input_dim", "classes", "window"):
        value = np.asarray(arrays.get(key, -1))
        if value.shape != () or not np.issubdtype(value.dtype, np.integer) or int(value) < 1:
            raise fail(f"missing or invalid '{key}'")
        sizes[key] = int(value)
    expected: dict[str, tuple[int, ...]] = {}
    n_in = sizes["input_dim"]
    for k in range(sizes["layers"]):
        recurrent = arrays.get(f"lstm{k}_recurrent")
        if recurrent is None or recurrent.ndim != 2:
            raise fail(f"incomplete (missing or invalid 'lstm{k}_recurrent')")
        u = recurrent.shape[0]
        expected |= {f"lstm{k}_kernel": (n_in, 4 * u), f"lstm{k}_recurrent": (u, 4 * u), f"lstm{k}_bias": (4 * u,)}
        n_in = u
    if f"lstm{sizes['layers']}_kernel" in arrays:
        raise fail(f"more LSTM layers than 'layers' says ({sizes['layers']})")
    expected |= {"dense_kernel": (n_in, sizes["classes"]), "dense_bias": (sizes["classes"],)}
    if architecture == "attention":
        att = arrays.get("att_kernel")
        att_units = att.shape[1] if att is not None and att.ndim == 2 else 0
        expected |= {"att_kernel": (n_in, att_units), "att_bias": (att_units,)}
        expected |= {"att_score_kernel": (att_units, 1), "att_score_bias": (1,)}
    for key, shape in expected.items():
        if key not in arrays:
            raise fail(f"incomplete (missing '{key}')")
        array = arrays[key]
        if array.shape != shape or array.dtype.kind != "f":
            raise fail(f"inconsistent weights ('{key}' is {array.dtype} {array.shape}, expected float {shape})")
        if not np.all(np.isfinite(array)):
            raise fail(f"'{key}' holds NaN or infinity (did training diverge?)")
    return arrays
