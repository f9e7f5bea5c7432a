"""The `coach` command: parses arguments, calls into the package, prints. No logic lives here.

Errors a person can fix arrive as CoachError and leave as one line on stderr with exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coach import __version__, cli_app, cli_storage, cli_workout
from coach.errors import CoachError
from coach.recognition import (
    DEFAULT_ARCHITECTURE,
    DEFAULT_EPOCHS,
    DEFAULT_LR_SCHEDULE,
    DEFAULT_MEMBERS,
    DEFAULT_SUBJECTS,
    DEFAULT_UNITS,
    DEFAULT_WORKERS,
    HELDOUT_PEOPLE,
    LR_SCHEDULES,
)

if TYPE_CHECKING:
    from coach.model_choice import ModelChoice

EXIT_USAGE = 2


def _cmd_analyze(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from coach.analysis import analyze
    from coach.counting.counter import ExerciseCounter
    from coach.outputs import write_json
    from coach.session import build_step
    from coach.vision.sources import VideoFileSource

    if args.exercise is not None:
        ExerciseCounter(args.exercise)  # an unknown id, or idle (nothing to count), fails here in one line
    with VideoFileSource(args.video) as source:
        choice, ranges, note = _analysis_model_and_ranges(args)
        if note:
            print(f"coach: note: {note}", file=sys.stderr)
        step, off = build_step(choice, model_complexity=args.model_complexity, lazy=False, known_ranges=ranges)
        if off:
            print(f"coach: note: {off}; analysing without segments", file=sys.stderr)
        try:
            with tqdm(total=source.frame_count, unit="frame", desc=Path(args.video).name, disable=None) as bar:
                result = analyze(
                    source, step, annotate_to=args.annotate, on_frame=lambda: bar.update(1), exercise=args.exercise,
                    model=choice,
                )  # fmt: skip
        finally:
            step.close()
    write_json(result.to_json(), args.json)
    found = result.pose_frames / result.frames
    print(f"{args.json}: {result.frames} frames at {result.fps:.2f} fps, a person in {found:.0%} of them")
    if result.model is not None:
        print(f"  recognizer: {choice.describe()}")
    for seg in result.segments():
        print(f"  {seg['start_s']:6.1f}-{seg['end_s']:6.1f} s  {seg['exercise']:<15} {seg['confidence']:.2f}")
    if result.reps is not None:
        counts = result.reps["counts"] | {k: f"{v:.0f} s" for k, v in result.reps["holds"].items()}
        summary = ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
        mode = f"counting {args.exercise}" if args.exercise else "free mode"
        print(f"  reps ({mode}): {summary}")
        if args.exercise and args.exercise in result.reps["credited"]:
            print(f"  a workout would credit {result.reps['credited'][args.exercise]} of them")
        for r in result.reps["refused"]:
            print(f"  refused: {r['start_s']:.1f}-{r['end_s']:.1f} s looked and moved like {r['seen']}")
        for d in result.reps["disagreements"]:
            print(f"  note: {d['start_s']:.1f}-{d['end_s']:.1f} s looks like {d['seen']}, not {args.exercise}")
    if result.pose_frames == 0:
        print(
            f"coach: warning: {args.video}: no person found in any frame (is the whole body in view?)", file=sys.stderr
        )
    if args.annotate:
        print(f"{args.annotate}: annotated video written")
    return 0


def _analysis_model_and_ranges(args: argparse.Namespace) -> tuple[ModelChoice, dict[str, float], str | None]:
    """The model `analyze` runs and, with `--db`/`--profile`, the person's calibrated ranges (as their workout uses)."""
    from coach.session import model_for

    if args.db is None and args.profile is None:
        choice, note = model_for(args.model, None)
        return choice, {}, note
    from coach.calibration import profile_ranges
    from coach.config import default_db_url
    from coach.model_choice import choose_model
    from coach.storage import open_repository

    with open_repository(args.db or default_db_url()) as repo:
        choice = choose_model(args.model, repo=repo)
        return choice, profile_ranges(repo, args.profile or "default"), choice.note


def _cmd_demo(args: argparse.Namespace) -> int:
    from coach.demo import run_demo

    return run_demo(args.source, seconds=args.seconds, model_complexity=args.model_complexity)


def _cmd_synth(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from coach.exercises.registry import get_exercise
    from coach.synth.export import write_npz, write_video
    from coach.synth.generator import ViewRequest, generate_clip

    get_exercise(args.exercise)  # an unknown id fails here with the list of known ones
    view = ViewRequest(yaw_deg=args.view, width=args.width, height=args.height)
    clip = generate_clip(
        args.exercise, reps=args.reps, seconds=args.seconds, seed=args.seed, view=view,
        lead_in_s=args.idle, lead_out_s=args.idle,
    )  # fmt: skip
    if args.npz:
        out = args.out.with_suffix(".npz")
        write_npz(clip, out)
        print(f"{out}: {clip.frames} frames of landmarks, {clip.count()} reps of {args.exercise}")
        return 0
    with tqdm(total=clip.frames, unit="frame", desc=args.out.name, disable=None) as bar:
        truth = write_video(clip, args.out, on_frame=lambda: bar.update(1))
    print(f"{args.out}: {clip.frames} frames at {clip.fps:.0f} fps, {clip.count()} reps; truth: {truth}")
    return 0


def _families(names: list[str] | None) -> tuple[str, ...]:
    """--without names, checked: an unknown family is one line naming the known ones."""
    from coach.synth.families import families_off

    try:
        return tuple(sorted(families_off(names or ())))
    except ValueError as error:
        raise CoachError(f"--without: {error}") from None


def _workers(count: int) -> int:
    """--workers: at least one process (this one)."""
    if count < 1:
        raise CoachError(f"--workers {count}: give 1 or more (1: everything in this process)")
    return count


def _members(text: str) -> tuple[str, ...]:
    """--members: the gates of the ensemble's networks, checked (one line naming the known gates)."""
    from coach.vision.features import GATED_PARTS

    members = tuple(m.strip() for m in text.split(",") if m.strip())
    unknown = [m for m in members if m not in GATED_PARTS]
    if unknown or not members:
        raise CoachError(f"--members {text!r}: give one or more of {', '.join(GATED_PARTS)}, comma-separated")
    return members


def _cmd_train(args: argparse.Namespace) -> int:
    from coach.recognition.train import TrainConfig, train

    if args.data in ("recorded", "both"):
        from coach.cli_storage import train_from_database

        return train_from_database(args)
    if args.out is None:
        raise CoachError("--out DIR is needed with --data synthetic or a folder (--data recorded|both keep the model)")
    recorded = None if args.data == "synthetic" else args.data
    if recorded is not None and not Path(recorded).is_dir():
        raise CoachError(f"{recorded}: no such folder of recorded samples (or use --data synthetic)")
    if recorded is not None:
        from coach.recognition.samples import check_samples

        check_samples(Path(recorded))  # a bad file is named now, not after minutes of generating synthetic people
    subjects = args.subjects if (recorded is None or args.with_synthetic) else 0
    config = TrainConfig(
        architecture=args.arch, synthetic_subjects=subjects, recorded=recorded, epochs=args.epochs, seed=args.seed,
        units=args.units, heldout_people=args.heldout_people, generator_off=_families(args.without),
        members=_members(args.members), workers=_workers(args.workers), lr_schedule=args.lr_schedule,
    )  # fmt: skip
    metrics = train(config, args.out)
    print(
        f"{args.out}: {args.arch} model, {metrics['parameters']} parameters, "
        f"{metrics['steady_accuracy'] or 0:.1%} window accuracy on {metrics['data']['subjects']['test']} unseen people "
        f"({metrics['accuracy'] or 0:.1%} counting windows that straddle a change of activity) "
        f"(numpy runtime agrees on {metrics['numpy_runtime_agreement']:.0%}); {metrics['seconds']['total']:.0f} s"
    )
    return 0


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
    analyze.add_argument(
        "--model", type=Path, metavar="DIR",
        help="recognition model folder (default: COACH_MODEL, else the active model version, else models/default)",
    )  # fmt: skip
    analyze.add_argument(
        "--db", metavar="URL", help="database (default: COACH_DB_URL or the data folder's): its active model version "
        "and, for counting, the profile's calibrated ranges",
    )  # fmt: skip
    analyze.add_argument("--profile", metavar="NAME", help="whose calibrated ranges to count with (default: default)")
    analyze.add_argument(
        "--exercise", metavar="NAME", help="count this exercise, as a workout plan would (default: what Coach sees)"
    )
    analyze.add_argument("--model-complexity", type=int, default=1, choices=(0, 1, 2), help=argparse.SUPPRESS)
    analyze.set_defaults(func=_cmd_analyze)

    synth = commands.add_parser("synth", help="generate a labelled clip of the avatar doing an exercise")
    synth.add_argument("exercise", help="exercise id (squat, pushup, bicep_curl, ..., idle)")
    synth.add_argument("--reps", type=int, default=None, help="full reps to perform (default 8)")
    synth.add_argument("--seconds", type=float, default=None, help="length for holds and idle (default 20)")
    synth.add_argument("--seed", type=int, default=0, help="the person, pacing and camera are drawn from this seed")
    synth.add_argument("--view", type=float, default=None, metavar="YAW_DEG", help="camera yaw -70..70")
    synth.add_argument("--idle", type=float, default=0.0, metavar="S", help="seconds of idle before and after")
    synth.add_argument("--width", type=int, default=640)
    synth.add_argument("--height", type=int, default=480)
    synth.add_argument("--out", type=Path, required=True, metavar="FILE.mp4", help="video to write (truth beside it)")
    synth.add_argument("--npz", action="store_true", help="write the landmark sequence (FILE.npz) instead of video")
    synth.set_defaults(func=_cmd_synth)

    train = commands.add_parser("train", help="train the exercise recognizer (synthetic people and/or recordings)")
    train.add_argument("--arch", choices=("lstm", "attention"), default=DEFAULT_ARCHITECTURE,
                       help=f"default {DEFAULT_ARCHITECTURE}, as shipped")  # fmt: skip
    train.add_argument(
        "--data", default="synthetic", metavar="synthetic|recorded|both|DIR",
        help="synthetic people; recorded: the samples stored by `coach record`; both: those and synthetic people "
        "(registered as a model version); or a folder of samples",
    )  # fmt: skip
    train.add_argument("--with-synthetic", action="store_true", help="with --data DIR: add synthetic people too")
    train.add_argument(
        "--subjects",
        type=int,
        default=DEFAULT_SUBJECTS,
        help=f"synthetic people to generate (default {DEFAULT_SUBJECTS})",
    )
    train.add_argument(
        "--epochs",
        type=int,
        default=DEFAULT_EPOCHS,
        help=f"at most this many epochs (default {DEFAULT_EPOCHS}; early stopping)",
    )
    train.add_argument("--units", type=int, default=DEFAULT_UNITS, help=f"LSTM units a layer (default {DEFAULT_UNITS})")
    train.add_argument(
        "--lr-schedule", choices=LR_SCHEDULES, default=DEFAULT_LR_SCHEDULE,
        help=f"plateau: the learning rate halves when validation stalls (early stopping decides the epochs); cosine: "
        f"it falls smoothly over exactly --epochs epochs (default {DEFAULT_LR_SCHEDULE})",
    )  # fmt: skip
    train.add_argument(
        "--heldout-people", type=int, default=HELDOUT_PEOPLE, metavar="N",
        help=f"people never trained on, filmed front, at 45 degrees and side, measured (default {HELDOUT_PEOPLE})",
    )  # fmt: skip
    train.add_argument(
        "--without", action="append", metavar="FAMILY",
        help="leave a generator family out (coach/synth/families.py), to measure what it is worth; repeatable",
    )  # fmt: skip
    train.add_argument(
        "--members", default=",".join(DEFAULT_MEMBERS), metavar="GATES",
        help=f"the networks averaged, by the gate each reads the features through (default {','.join(DEFAULT_MEMBERS)};"
        " 'all' alone: one network, as shipped before)",
    )  # fmt: skip
    train.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, metavar="N",
        help=f"processes that make people and fit the networks side by side (default {DEFAULT_WORKERS}); 1: all "
        "in this process, one network after another",
    )  # fmt: skip
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", type=Path, metavar="DIR", help="model folder to write (optional with recorded|both)")
    train.add_argument("--force", action="store_true", help="recorded|both: activate the new model even if worse")
    train.add_argument("--db", metavar="URL", help="recorded|both: database URL or SQLite file (default: COACH_DB_URL)")
    train.set_defaults(func=_cmd_train)

    demo = commands.add_parser("demo", help="live pose and joint angles from the webcam (or a video)")
    demo.add_argument("--source", default="camera", help="camera, camera:N, a video file or an image folder")
    demo.add_argument("--seconds", type=float, default=None, help="stop after this many seconds")
    demo.add_argument("--model-complexity", type=int, default=1, choices=(0, 1, 2), help=argparse.SUPPRESS)
    demo.set_defaults(func=_cmd_demo)

    cli_workout.register(commands)
    cli_storage.register(commands)
    cli_app.register(commands)
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
