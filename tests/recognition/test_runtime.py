"""The numpy runtime must give what Keras gives, so a model trained in Keras behaves the same in the live app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coach.errors import CoachError, ModelFileError
from coach.recognition import WINDOW_STEPS
from coach.recognition.runtime import NumpyClassifier, export_weights

keras = pytest.importorskip("keras")
models = pytest.importorskip("coach.recognition.models")

INPUT_DIM, CLASSES = 62, 11
ARCHITECTURES = ("lstm", "attention")


def _build(architecture: str, **kwargs: object) -> keras.Model:
    """A seeded model whose weights are pushed well away from their initial values.

    Freshly initialised models answer close to 1/11 for every class, which would let a wrong runtime pass; larger
    weights give confident, varied answers and saturated gates.
    """
    keras.utils.set_random_seed(0)
    builder = models.build_lstm if architecture == "lstm" else models.build_attention
    model = builder(INPUT_DIM, CLASSES, **kwargs)
    rng = np.random.default_rng(1)
    model.set_weights([w * 2.0 + rng.normal(0.0, 0.3, w.shape).astype(np.float32) for w in model.get_weights()])
    return model


@pytest.fixture(scope="module", params=ARCHITECTURES)
def model(request: pytest.FixtureRequest) -> keras.Model:
    return _build(request.param)


@pytest.fixture(scope="module")
def runtime(model: keras.Model) -> NumpyClassifier:
    return NumpyClassifier.from_arrays(export_weights(model))


def _windows(length: int, count: int = 8, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, 1.5, (count, length, INPUT_DIM)).astype(np.float32)


def test_builders_make_small_models_with_predictable_layer_names() -> None:
    lstm, attention = models.build_lstm(INPUT_DIM, CLASSES), models.build_attention(INPUT_DIM, CLASSES)
    assert 30_000 < attention.count_params() < lstm.count_params() < 70_000
    assert [layer.name for layer in lstm.layers] == ["features", "lstm_0", "lstm_1", "dropout", "classes"]
    assert {"lstm_0", "att_proj", "att_score", "att_pool", "dropout", "classes"} <= {x.name for x in attention.layers}
    assert models.compile_model(lstm, learning_rate=1e-3) is lstm


@pytest.mark.parametrize("length", [WINDOW_STEPS, 20])
def test_predict_window_matches_keras(model: keras.Model, runtime: NumpyClassifier, length: int) -> None:
    x = _windows(length)
    expected = np.asarray(model(x, training=False))
    got = np.stack([runtime.predict_window(window) for window in x])
    assert expected.max(axis=1).mean() > 0.25, "weights too timid for this comparison to mean anything"
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-6)


@pytest.mark.parametrize("length", [WINDOW_STEPS, 20])
def test_predicting_many_windows_at_once_equals_one_by_one(runtime: NumpyClassifier, length: int) -> None:
    x = _windows(length, count=11, seed=5)
    one_by_one = np.stack([runtime.predict_window(window) for window in x])
    np.testing.assert_allclose(runtime.predict_windows(x, batch=4), one_by_one, atol=2e-6)
    assert runtime.predict_windows(x[:0]).shape == (0, CLASSES)


def test_stepping_frame_by_frame_equals_predict_window(runtime: NumpyClassifier) -> None:
    x = _windows(WINDOW_STEPS, count=1)[0]
    state = runtime.new_state()
    for t, row in enumerate(x):
        runtime.step(state, row.astype(np.float64))  # features arrive as float64; the runtime casts
        np.testing.assert_allclose(runtime.probabilities(state), runtime.predict_window(x[: t + 1]), atol=1e-7)
    assert state.steps == WINDOW_STEPS


def test_stepping_many_states_in_one_batch_equals_stepping_each(runtime: NumpyClassifier) -> None:
    """The live recognizer steps its staggered states (and a mirrored model's second readings) in one batch; each
    must end exactly where stepping it alone would, including states started at different times."""
    x = _windows(WINDOW_STEPS + 12, count=3, seed=9)
    alone = [runtime.new_state() for _ in range(3)]
    batched = [runtime.new_state() for _ in range(3)]
    for t in range(x.shape[1]):
        live = [k for k in range(3) if t >= 4 * k]  # state k starts at step 4k
        for k in live:
            runtime.step(alone[k], x[k, t])
        runtime.step_many([batched[k] for k in live], x[live, t])
    for one, many in zip(alone, batched, strict=True):
        assert one.steps == many.steps and one.filled == many.filled
        np.testing.assert_allclose(runtime.probabilities(many), runtime.probabilities(one), atol=1e-6)
    np.testing.assert_allclose(runtime.probabilities_many(batched[1:]),
                               np.stack([runtime.probabilities(s) for s in alone[1:]]), atol=1e-6)  # fmt: skip
    same = [runtime.new_state(), runtime.new_state()]
    runtime.step_all(same, x[0, 0])
    np.testing.assert_allclose(runtime.probabilities(same[1]), runtime.predict_window(x[0, :1]), atol=1e-6)


def test_attention_stream_pools_the_last_window_once_the_ring_buffer_wraps() -> None:
    model = _build("attention")
    runtime = NumpyClassifier.from_arrays(export_weights(model))
    x = _windows(WINDOW_STEPS + 9, count=1)
    hidden = keras.Model(model.input, model.get_layer("lstm_0").output)(x)[:, -WINDOW_STEPS:]
    h_in = keras.Input((None, hidden.shape[-1]))
    scores = model.get_layer("att_score")(model.get_layer("att_proj")(h_in))
    head = keras.Model(h_in, model.get_layer("classes")(model.get_layer("att_pool")([h_in, scores])))
    state = runtime.new_state()
    for row in x[0]:
        runtime.step(state, row)
    assert state.filled == WINDOW_STEPS
    np.testing.assert_allclose(runtime.probabilities(state), np.asarray(head(hidden))[0], atol=1e-5)


def test_probabilities_before_any_step_are_the_bias_softmax(runtime: NumpyClassifier) -> None:
    p = runtime.probabilities(runtime.new_state())
    assert p.shape == (CLASSES,) and abs(p.sum() - 1.0) < 1e-6


def test_npz_round_trip(model: keras.Model, runtime: NumpyClassifier, tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    np.savez(path, **export_weights(model))
    loaded = NumpyClassifier.load(path)
    assert (loaded.architecture, loaded.input_dim, loaded.classes, loaded.window) == (
        runtime.architecture, INPUT_DIM, CLASSES, WINDOW_STEPS)  # fmt: skip
    x = _windows(WINDOW_STEPS, count=1)[0]
    np.testing.assert_array_equal(loaded.predict_window(x), runtime.predict_window(x))


def test_attention_model_saves_and_loads_with_keras(tmp_path: Path) -> None:
    model = _build("attention", window=24)
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    x = _windows(20, count=2)
    np.testing.assert_allclose(np.asarray(loaded(x, training=False)), np.asarray(model(x, training=False)), atol=1e-7)
    assert NumpyClassifier.from_arrays(export_weights(loaded)).window == 24


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_input_standardisation_is_folded_into_the_runtime_exactly(architecture: str) -> None:
    rng = np.random.default_rng(3)
    scaling = rng.normal(0.0, 2.0, INPUT_DIM).astype(np.float32), rng.uniform(0.01, 3.0, INPUT_DIM).astype(np.float32)
    model = _build(architecture, scaling=scaling)
    runtime = NumpyClassifier.from_arrays(export_weights(model))
    x = _windows(WINDOW_STEPS, seed=4) * scaling[1] + scaling[0]  # raw features on their own scales
    expected = model.predict(x, verbose=0)
    got = np.stack([runtime.predict_window(w) for w in x])
    np.testing.assert_allclose(got, expected, atol=2e-5)
    assert np.ptp(expected, axis=0).max() > 0.1  # answers vary with the input: a wrong fold could not pass by chance


def test_predict_window_rejects_a_wrong_shape(runtime: NumpyClassifier) -> None:
    with pytest.raises(ValueError, match=r"\(T, 62\)"):
        runtime.predict_window(np.zeros((10, 61)))


def test_export_refuses_what_the_runtime_cannot_reproduce() -> None:
    inputs = keras.Input((None, INPUT_DIM))
    x = keras.layers.LSTM(8, activation="relu", name="lstm_0")(inputs)
    outputs = keras.layers.Dense(CLASSES, activation="softmax", name="classes")(x)
    with pytest.raises(ValueError, match="lstm_0 activations"):
        export_weights(keras.Model(inputs, outputs))


# --- damaged and wrong files: one line naming the file, as a CoachError -----------------------------------------


@pytest.fixture(scope="module")
def good_arrays() -> dict[str, np.ndarray]:
    return export_weights(_build("lstm", units=8, layers=2))


def _assert_one_line_error(path: Path, *fragments: str) -> None:
    with pytest.raises(ModelFileError) as info:
        NumpyClassifier.load(path)
    message = str(info.value)
    assert isinstance(info.value, CoachError)
    assert message.startswith(f"{path}: ") and "\n" not in message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message
    assert info.value.__cause__ is None


def test_random_bytes_are_not_a_model(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    path.write_bytes(np.random.default_rng(0).bytes(4096))
    _assert_one_line_error(path, "not a Coach model file")


@pytest.mark.parametrize("damage", ["truncate", "flip_middle", "flip_header"])
def test_a_damaged_npz_cannot_be_read(good_arrays: dict[str, np.ndarray], tmp_path: Path, damage: str) -> None:
    path = tmp_path / "model.npz"
    np.savez(path, **good_arrays)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:
        at = len(data) // 2 if damage == "flip_middle" else 60
        data[at : at + 64] = bytes(b ^ 0xFF for b in data[at : at + 64])
    path.write_bytes(bytes(data))
    _assert_one_line_error(path, "cannot be read (damaged?)")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda a: a.pop("architecture"), "not a Coach model file (missing 'architecture')"),
        (lambda a: a.update(architecture=np.array("gru")), "unknown architecture 'gru'"),
        (lambda a: a.update(format_version=np.array(99)), "made by a newer Coach"),
        (lambda a: a.pop("lstm1_bias"), "incomplete (missing 'lstm1_bias')"),
        (lambda a: a.update(dense_kernel=np.zeros((8, 5), np.float32)), "inconsistent weights ('dense_kernel'"),
        (lambda a: a["lstm0_kernel"].__setitem__((0, 0), np.nan), "'lstm0_kernel' holds NaN"),
        (lambda a: a.update(input_dim=np.array(61)), "inconsistent weights ('lstm0_kernel'"),
    ],
)
def test_a_wrong_npz_says_what_is_wrong(
    good_arrays: dict[str, np.ndarray], tmp_path: Path, change: object, fragment: str
) -> None:
    arrays = {key: value.copy() for key, value in good_arrays.items()}
    change(arrays)  # type: ignore[operator]
    path = tmp_path / "model.npz"
    np.savez(path, **arrays)
    _assert_one_line_error(path, fragment)


def test_other_wrong_files(tmp_path: Path) -> None:
    _assert_one_line_error(tmp_path / "missing.npz", "not found")
    np.save(tmp_path / "single.npy", np.zeros(3))
    _assert_one_line_error(tmp_path / "single.npy", "not an .npz archive")
    np.savez(tmp_path / "pickled.npz", thing=np.array([{"a": 1}], dtype=object))
    _assert_one_line_error(tmp_path / "pickled.npz", "not a Coach model file")
    _assert_one_line_error(tmp_path, "folder")


def test_runtime_does_not_import_tensorflow_or_keras() -> None:
    code = (
        "import sys, coach.recognition.runtime\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras'))\n"
        "print(heavy)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
