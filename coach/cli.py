"""The `coach` command: parses arguments, calls into the package, prints. No logic lives here.

Errors a person can fix arrive as CoachError and leave as one line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from coach import __version__
from coach.errors import CoachError

EXIT_USAGE = 2


def _cmd_analyze(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from coach.analysis import analyze, write_json
    from coach.pipeline import build_pipeline
    from coach.vision.sources import VideoFileSource

    with VideoFileSource(args.video) as source:
        pipeline = build_pipeline(args.model_complexity)
        try:
            with tqdm(total=source.frame_count, unit="frame", desc=Path(args.video).name, disable=None) as bar:
                result = analyze(source, pipeline, annotate_to=args.annotate, on_frame=lambda: bar.update(1))
        finally:
            pipeline.close()
    write_json(result.to_json(), args.json)
    found = result.pose_frames / result.frames
    print(f"{args.json}: {result.frames} frames at {result.fps:.2f} fps, a person in {found:.0%} of them")
    if result.pose_frames == 0:
        print(
            f"coach: warning: {args.video}: no person found in any frame (is the whole body in view?)", file=sys.stderr
        )
    if args.annotate:
        print(f"{args.annotate}: annotated video written")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from coach.demo import run_demo

    return run_demo(args.source, seconds=args.seconds, model_complexity=args.model_complexity)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so README examples and tests can introspect it)."""
    parser = argparse.ArgumentParser(prog="coach", description="Coach: a desktop fitness coach that runs offline.")
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    analyze = commands.add_parser("analyze", help="run the pose pipeline over a video and write a JSON report")
    analyze.add_argument("video", help="video file to analyse")
    analyze.add_argument("--json", required=True, type=Path, metavar="OUT.json", help="where to write the report")
    analyze.add_argument(
        "--annotate", type=Path, metavar="OUT.mp4", help="also write the video with skeleton and angles"
    )
    analyze.add_argument("--model-complexity", type=int, default=1, choices=(0, 1, 2), help=argparse.SUPPRESS)
    analyze.set_defaults(func=_cmd_analyze)

    demo = commands.add_parser("demo", help="live pose and joint angles from the webcam (or a video)")
    demo.add_argument("--source", default="camera", help="camera, camera:N, a video file or an image folder")
    demo.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    demo.add_argument("--model-complexity", type=int, default=1, choices=(0, 1, 2), help=argparse.SUPPRESS)
    demo.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `coach` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except CoachError as exc:
        print(f"coach: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("coach: stopped", file=sys.stderr)
        return 130
