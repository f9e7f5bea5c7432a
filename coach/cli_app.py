"""`coach play` and `coach screenshot`: parse, call into coach.app, print."""

from __future__ import annotations

import argparse
from pathlib import Path

from coach.app.catalog import DEFAULT_AT_S, SCREEN_NAMES
from coach.errors import CoachError

SIZE_HELP = "window size WIDTHxHEIGHT (default 1280x720)"


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"'{text}': width 320-7680 and height 240-4320, please")
    return width, height


def _cmd_play(args: argparse.Namespace) -> int:
    from coach.app.play import PlayOptions, run_play

    options = PlayOptions(
        source=args.source,
        plan=args.plan,
        db_url=args.db,
        mute=args.mute,
        seconds=args.seconds,
        size=args.size,
        model_dir=args.model,
    )
    return run_play(options)


def _cmd_screenshot(args: argparse.Namespace) -> int:
    if args.at < 0:
        raise CoachError(f"--at {args.at}: the moment must be 0 s or later")
    from coach.app.screenshot import render_screenshot

    out = render_screenshot(args.scene, args.out, source=args.source, at_s=args.at, size=args.size, db_url=args.db)
    print(f"{out}: {args.scene} screen, {args.size[0]}x{args.size[1]}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add `play` and `screenshot` to the `coach` command."""
    play = commands.add_parser("play", help="start the app (Home, Plans, the live workout, Summary)")
    play.add_argument(
        "--source",
        default=None,
        help="camera, camera:N, synthetic, a video file or an image folder (default: as in Settings)",
    )
    play.add_argument("--plan", metavar="NAME", help="start straight into this plan (see `coach plans`)")
    play.add_argument("--db", metavar="URL", help="database URL (default: the file in your data folder)")
    play.add_argument("--mute", action="store_true", help="no sound cues this time")
    play.add_argument("--seconds", type=float, help="close the app after this many seconds")
    play.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH", help=SIZE_HELP)
    play.add_argument("--model", type=Path, metavar="DIR", help="recognition model folder (default: models/default)")
    play.set_defaults(func=_cmd_play)

    shot = commands.add_parser("screenshot", help="render one screen of the app to a PNG, headless")
    shot.add_argument("--scene", required=True, choices=SCREEN_NAMES, help="which screen")
    shot.add_argument("--out", required=True, type=Path, metavar="FILE.png", help="the PNG to write")
    shot.add_argument(
        "--source", default="synthetic", help="for live/workout/rest/paused/summary: synthetic or a video file"
    )
    shot.add_argument(
        "--at",
        type=float,
        default=DEFAULT_AT_S,
        metavar="S",
        help=f"for live, and workout on a video: the moment to show (default {DEFAULT_AT_S:.0f} s)",
    )
    shot.add_argument("--size", type=_size, default=(1280, 720), metavar="WxH", help=SIZE_HELP)
    shot.add_argument("--db", metavar="URL", help="home: the profile stored here; summary: store the workout here too")
    shot.set_defaults(func=_cmd_screenshot)
