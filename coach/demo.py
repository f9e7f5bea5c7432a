"""`coach demo`: live pose, joint angles, the recognized exercise and free-mode reps from a webcam or a video, through
the app's own per-frame step. With a display it opens an OpenCV window with the annotated picture; without one it
prints a status line each second (what `coach play` does in a terminal). With no webcam it says so and shows the
built-in synthetic avatar working out instead, rather than failing.
"""

from __future__ import annotations

import time

from coach.pipeline import FREE, FrameResult, FrameStep
from coach.session import build_step, has_display, model_for, open_named_source
from coach.vision.annotate import draw_pose

_NO_CAMERA_HELP = (
    "No webcam found ({reason}).\n"
    "Showing Coach's built-in synthetic avatar working out instead. With a video of your own, try:\n"
    "  .venv/bin/coach demo --source VIDEO.mp4\n"
    "  .venv/bin/coach analyze VIDEO.mp4 --json report.json --annotate annotated.mp4"
)
HEADLESS_FALLBACK_S = 15.0

_SUMMARY_ANGLES = ("left_elbow", "right_elbow", "left_knee", "right_knee", "left_hip", "trunk_lean")


def run_demo(source_spec: str, *, seconds: float | None = None, model_complexity: int = 1) -> int:
    """Run the live demo; returns the process exit code."""
    window = has_display()
    opened = open_named_source(source_spec, fallback_to_synthetic=True, realtime=True)
    source = opened.source
    if opened.camera_problem is not None:
        print(_NO_CAMERA_HELP.format(reason=opened.camera_problem))
        if not window and seconds is None:
            seconds = HEADLESS_FALLBACK_S
            print(f"(no display: printing what Coach sees for {seconds:.0f} s)")
    choice, note = model_for(None, None)
    if note:
        print(f"({note})")
    step, off = build_step(choice, model_complexity=model_complexity)
    if off:
        print(f"({off})")
    step.count(FREE if step.recognizer is not None else None)
    print(f"Coach demo on {source.name}. " + ("Press q or Esc in the window to stop." if window else "Ctrl-C stops."))
    started = time.monotonic()
    last_print = 0.0
    processed = 0
    try:
        for frame in source:
            result = step.process(frame)
            seen = _seen(result, step)
            processed += 1
            elapsed = time.monotonic() - started
            if window:
                import cv2

                status = seen or "Coach demo"
                status += f"  (avatar: {frame.truth.label})" if frame.truth else ""
                shown = draw_pose(frame.rgb, result.pose, result.features, step.spec, status=status)
                cv2.imshow("Coach", cv2.cvtColor(shown, cv2.COLOR_RGB2BGR))
                if cv2.waitKey(1) & 0xFF in (ord("q"), 27):
                    break
            elif elapsed - last_print >= 1.0:
                last_print = elapsed
                line = _status_line(result, step, processed / max(elapsed, 1e-6))
                print(f"{line}  {seen}" if seen else line, flush=True)
            if seconds is not None and elapsed >= seconds:
                break
    finally:
        step.close()
        source.close()
    return 0


def _seen(result: FrameResult, step: FrameStep) -> str:
    """What Coach sees and has counted so far, for the status line."""
    if result.prediction is None:
        return ""
    seen = f"Coach sees: {result.prediction.label} ({result.prediction.confidence:.0%})"
    counts = step.tracker.counts if step.tracker is not None else {}
    return seen + ("  reps: " + ", ".join(f"{k} {v}" for k, v in counts.items()) if counts else "")


def _status_line(result: FrameResult, step: FrameStep, fps: float) -> str:
    label = f"  [{result.frame.truth.label}]" if result.frame.truth else ""
    if result.features is None:
        return f"t={result.frame.timestamp_s:6.1f}s  {fps:4.1f} fps  no person in view{label}"
    parts = []
    for name in _SUMMARY_ANGLES:
        value = result.features.angle(name, step.spec)
        parts.append(f"{name} {value:5.1f}" if value is not None else f"{name}   -  ")
    return f"t={result.frame.timestamp_s:6.1f}s  {fps:4.1f} fps  " + "  ".join(parts) + label
