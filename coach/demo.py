"""`coach demo` (what `make run` starts until the game exists): live pose and joint angles from a webcam or a video.

With a display it opens a window with the annotated picture; without one it prints a status line each second.
With no webcam it says so and shows the built-in synthetic avatar working out instead, rather than failing.
"""

from __future__ import annotations

import os
import sys
import time

from coach.errors import CoachError, SourceError
from coach.pipeline import FrameResult, PosePipeline, build_pipeline
from coach.recognition.bundle import default_model_dir, load_model
from coach.recognition.stream import StreamingRecognizer
from coach.synth.source import SyntheticSource
from coach.vision.annotate import draw_pose
from coach.vision.sources import FrameSource, open_source

_NO_CAMERA_HELP = (
    "No webcam found ({reason}).\n"
    "Showing Coach's built-in synthetic avatar working out instead. With a video of your own, try:\n"
    "  .venv/bin/coach demo --source VIDEO.mp4\n"
    "  .venv/bin/coach analyze VIDEO.mp4 --json report.json --annotate annotated.mp4"
)
HEADLESS_FALLBACK_S = 15.0

_SUMMARY_ANGLES = ("left_elbow", "right_elbow", "left_knee", "right_knee", "left_hip", "trunk_lean")


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and sys.platform != "win32"


def run_demo(source_spec: str, *, seconds: float | None = None, model_complexity: int = 1) -> int:
    """Run the live demo; returns the process exit code."""
    window = _has_display()
    try:
        source: FrameSource = open_source(source_spec)
    except SourceError as exc:
        if not (source_spec.startswith("camera") or source_spec.isdigit()):
            raise
        print(_NO_CAMERA_HELP.format(reason=exc))
        source = SyntheticSource(realtime=True)
        if not window and seconds is None:
            seconds = HEADLESS_FALLBACK_S
            print(f"(no display: printing what Coach sees for {seconds:.0f} s)")
    pipeline = build_pipeline(model_complexity, lazy=isinstance(source, SyntheticSource))
    stream = _recognizer(pipeline)
    print(f"Coach demo on {source.name}. " + ("Press q or Esc in the window to stop." if window else "Ctrl-C stops."))
    started = time.monotonic()
    last_print = 0.0
    processed = 0
    try:
        for frame in source:
            result = pipeline.process(frame)
            seen = ""
            if stream is not None:
                vector = result.features.vector if result.features is not None else None
                prediction = stream.update(vector, frame.timestamp_s)
                seen = f"Coach sees: {prediction.label} ({prediction.confidence:.0%})"
            processed += 1
            elapsed = time.monotonic() - started
            if window:
                import cv2

                status = seen or "Coach demo"
                status += f"  (avatar: {frame.truth.label})" if frame.truth else ""
                shown = draw_pose(frame.rgb, result.pose, result.features, pipeline.spec, status=status)
                cv2.imshow("Coach", cv2.cvtColor(shown, cv2.COLOR_RGB2BGR))
                if cv2.waitKey(1) & 0xFF in (ord("q"), 27):
                    break
            elif elapsed - last_print >= 1.0:
                last_print = elapsed
                line = _status_line(result, pipeline, processed / max(elapsed, 1e-6))
                print(f"{line}  {seen}" if seen else line, flush=True)
            if seconds is not None and elapsed >= seconds:
                break
    finally:
        pipeline.close()
        source.close()
    return 0


def _recognizer(pipeline: PosePipeline) -> StreamingRecognizer | None:
    """The shipped recognizer's live stream, or None (with a note) when no usable model is installed."""
    try:
        return load_model(default_model_dir(), expected=pipeline.spec).stream()
    except CoachError as exc:
        print(f"(exercise recognition off: {exc})")
        return None


def _status_line(result: FrameResult, pipeline: PosePipeline, fps: float) -> str:
    label = f"  [{result.frame.truth.label}]" if result.frame.truth else ""
    if result.features is None:
        return f"t={result.frame.timestamp_s:6.1f}s  {fps:4.1f} fps  no person in view{label}"
    parts = []
    for name in _SUMMARY_ANGLES:
        value = result.features.angle(name, pipeline.spec)
        parts.append(f"{name} {value:5.1f}" if value is not None else f"{name}   -  ")
    return f"t={result.frame.timestamp_s:6.1f}s  {fps:4.1f} fps  " + "  ".join(parts) + label
