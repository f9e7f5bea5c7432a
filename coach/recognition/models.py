"""Keras builders for the exercise recogniser; imported only for training (it pulls in TensorFlow).

Both models are kept to what `runtime.NumpyClassifier` reproduces exactly: default LSTM activations, no recurrent
dropout, Dense layers, and an attention pooling made of plain Dense layers plus a weightless softmax-sum. Layers are
named (`input_norm`, `lstm_0`, ..., `att_proj`, `att_score`, `att_pool`, `dropout`, `classes`) so export finds them
by name.
The input length is None by default, so the same model takes any window length (and a model trained on windows of
32 still answers after 20 frames).
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
from keras import ops

from coach.recognition import WINDOW_STEPS
from coach.recognition.runtime import (
    ATT_POOL,
    ATT_PROJ,
    ATT_SCORE,
    CLASSES,
    DROPOUT,
    INPUT_NORM,
    export_weights,
    lstm_name,
)

__all__ = ["AttentionPool", "build_attention", "build_lstm", "compile_model", "export_weights"]


@keras.saving.register_keras_serializable(package="coach")
class AttentionPool(keras.layers.Layer):
    """Softmax of per-step scores over time, then the score-weighted sum of the hidden states.

    `window` is not used here (Keras pools whatever length it is given); it records how many recent steps the numpy
    runtime should pool when streaming, and is saved with the model so export picks it up.
    """

    def __init__(self, window: int = WINDOW_STEPS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.window = int(window)

    def call(self, inputs: list[Any]) -> Any:
        hidden, scores = inputs  # (batch, time, units), (batch, time, 1)
        weights = ops.softmax(scores, axis=1)
        return ops.sum(weights * hidden, axis=1)

    def compute_output_shape(self, input_shape: list[tuple[int | None, ...]]) -> tuple[int | None, ...]:
        batch, _, units = input_shape[0]
        return (batch, units)

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "window": self.window}


def _input(input_dim: int, window: int, variable_length: bool) -> keras.KerasTensor:
    return keras.Input(shape=(None if variable_length else window, input_dim), name="features")


def _standardised(x: keras.KerasTensor, scaling: tuple[np.ndarray, np.ndarray] | None) -> keras.KerasTensor:
    """Features shifted and scaled to unit spread per dimension (from the training windows), when given.

    Why: angles / 180, torso-scaled coordinates and visibilities sit on different scales; a fixed standardisation
    lets every input pull equal weight from the first step of training. The numpy runtime never sees this layer:
    export folds it into the first LSTM's kernel and bias.
    """
    if scaling is None:
        return x
    mean, std = scaling
    return keras.layers.Normalization(mean=mean, variance=np.square(std), name=INPUT_NORM)(x)


def _lstm_stack(x: keras.KerasTensor, units: int, layers: int, last_returns_sequences: bool) -> keras.KerasTensor:
    """Stacked LSTMs with Keras defaults (tanh/sigmoid, no recurrent dropout: exact in numpy and fast on CPU)."""
    if layers < 1:
        raise ValueError(f"layers must be at least 1, got {layers}")
    for k in range(layers):
        sequences = k + 1 < layers or last_returns_sequences
        x = keras.layers.LSTM(units, return_sequences=sequences, unroll=False, name=lstm_name(k))(x)
    return x


def build_lstm(
    input_dim: int,
    classes: int,
    units: int = 64,
    layers: int = 2,
    dropout: float = 0.2,
    window: int = WINDOW_STEPS,
    variable_length: bool = True,
    scaling: tuple[np.ndarray, np.ndarray] | None = None,
) -> keras.Model:
    """Stacked LSTM whose last hidden state is classified: the cheapest to stream (no history kept)."""
    inputs = _input(input_dim, window, variable_length)
    x = _lstm_stack(_standardised(inputs, scaling), units, layers, last_returns_sequences=False)
    x = keras.layers.Dropout(dropout, name=DROPOUT)(x)
    outputs = keras.layers.Dense(classes, activation="softmax", name=CLASSES)(x)
    return keras.Model(inputs, outputs, name="coach_lstm")


def build_attention(
    input_dim: int,
    classes: int,
    units: int = 64,
    layers: int = 1,
    dropout: float = 0.2,
    window: int = WINDOW_STEPS,
    att_units: int = 32,
    variable_length: bool = True,
    scaling: tuple[np.ndarray, np.ndarray] | None = None,
) -> keras.Model:
    """LSTM(s) then additive attention over time: lets the decision lean on the telling part of a rep."""
    inputs = _input(input_dim, window, variable_length)
    hidden = _lstm_stack(_standardised(inputs, scaling), units, layers, last_returns_sequences=True)
    projected = keras.layers.Dense(att_units, activation="tanh", name=ATT_PROJ)(hidden)
    scores = keras.layers.Dense(1, name=ATT_SCORE)(projected)
    x = AttentionPool(window=window, name=ATT_POOL)([hidden, scores])
    x = keras.layers.Dropout(dropout, name=DROPOUT)(x)
    outputs = keras.layers.Dense(classes, activation="softmax", name=CLASSES)(x)
    return keras.Model(inputs, outputs, name="coach_attention")


def compile_model(
    model: keras.Model, learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 1e-3
) -> keras.Model:
    """Adam (a fixed rate or a schedule) + sparse categorical cross-entropy on integer labels; returns the model."""
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
