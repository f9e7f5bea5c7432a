"""Generate Coach's sound cues as short WAV files (44.1 kHz, 16-bit mono), procedurally, with numpy only.

Run from the repository root: `python assets/sounds/make_sounds.py`. The output is deterministic, so the committed
WAVs can be regenerated and compared byte for byte.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 44_100
HERE = Path(__file__).resolve().parent


def _note(freq_hz: float, seconds: float, *, attack_s: float = 0.005, decay: float = 6.0) -> np.ndarray:
    """A soft bell-like tone: the fundamental plus two quiet harmonics, fast attack, exponential decay."""
    t = np.arange(int(RATE * seconds)) / RATE
    phase = 2 * np.pi * freq_hz * t
    tone = np.sin(phase) + 0.3 * np.sin(2 * phase) + 0.1 * np.sin(3 * phase)
    envelope = np.minimum(t / attack_s, 1.0) * np.exp(-decay * t)
    fade_out = np.minimum((seconds - t) / 0.01, 1.0)  # no click at the end
    return tone * envelope * fade_out


def _sequence(notes: list[tuple[float, float]], gap_s: float = 0.0, **kwargs: float) -> np.ndarray:
    parts = []
    for freq, seconds in notes:
        parts.append(_note(freq, seconds, **kwargs))
        parts.append(np.zeros(int(RATE * gap_s)))
    return np.concatenate(parts)


def _rep() -> np.ndarray:
    """Two quick notes overlapping by design: A5, then E6 20 ms later."""
    low, high = _note(880.0, 0.09, decay=30.0), _note(1318.5, 0.07, decay=35.0)
    out = np.zeros(max(len(low), int(0.02 * RATE) + len(high)))
    out[: len(low)] += 0.6 * low
    out[int(0.02 * RATE) : int(0.02 * RATE) + len(high)] += high
    return out


def _write(name: str, signal: np.ndarray, volume: float = 0.5) -> Path:
    peak = float(np.max(np.abs(signal))) or 1.0
    pcm = np.round(signal / peak * volume * 32767).astype("<i2")
    path = HERE / f"{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return path


SOUNDS = {
    # one rep counted: a short bright blip (E6 over A5)
    "rep": _rep,
    # a set finished: a rising major arpeggio, C5 E5 G5 C6
    "set_done": lambda: _sequence([(523.25, 0.12), (659.25, 0.12), (783.99, 0.12), (1046.5, 0.45)], decay=5.0),
    # rest is over, get moving: two quick high notes
    "rest_over": lambda: _sequence([(987.77, 0.1), (1318.5, 0.25)], gap_s=0.04, decay=9.0),
    # the last seconds of a countdown: a soft tick
    "tick": lambda: _note(660.0, 0.06, decay=45.0),
    # a button pressed
    "click": lambda: _note(1200.0, 0.03, attack_s=0.002, decay=80.0),
}
VOLUMES = {"rep": 0.55, "set_done": 0.6, "rest_over": 0.6, "tick": 0.35, "click": 0.25}


def main() -> None:
    for name, make in SOUNDS.items():
        path = _write(name, make(), VOLUMES[name])
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
