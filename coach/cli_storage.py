"""`coach history`, `coach stats`, `coach samples`, `coach models`, `coach record`, and `coach train --data
recorded|both`: parse, call the storage package, print."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.pipeline import FrameResult


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="database URL or SQLite file (default: COACH_DB_URL, else the "
                        "per-user coach.db)")  # fmt: skip


def _open(args: argparse.Namespace) -> Any:
    from coach.storage import open_repository

    repo = open_repository(args.db)
    for session_id in repo.interrupted:
        print(f"coach: note: workout session {session_id} was interrupted (Coach stopped mid-workout); "
              "its reps are kept", file=sys.stderr)  # fmt: skip
    return repo


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD") from None


def _cmd_history(args: argparse.Namespace) -> int:
    from coach.storage import report

    with _open(args) as repo:
        if args.session_id is not None:
            detail = repo.session(args.session_id)
            if args.json:
                print(report.to_json(report.session_record(detail)))
            elif args.csv:
                print(report.to_csv(report.session_rows(detail), report.EVENT_COLUMNS))
            else:
                print(report.session_text(detail))
            return 0
        sessions = repo.sessions(since=args.since, profile=args.profile)
    if args.json:
        print(report.to_json([report.summary_record(s) for s in sessions]))
    elif args.csv:
        print(report.to_csv([report.summary_record(s) for s in sessions], report.SUMMARY_COLUMNS))
    else:
        print(report.history_table(sessions))
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from coach.storage import report

    with _open(args) as repo:
        stats = repo.stats(profile=args.profile)
    print(report.to_json(report.stats_record(stats)) if args.json else report.stats_text(stats, weeks=args.weeks))
    return 0


def _cmd_samples(args: argparse.Namespace) -> int:
    with _open(args) as repo:
        if args.delete is not None:
            gone = repo.samples.delete(args.delete)
            print(f"deleted sample {gone.id} ({gone.exercise}, {gone.seconds:.1f} s from {gone.source})")
            return 0
        if args.export is not None:
            paths = repo.samples.export(args.export)
            print(f"{args.export}: {len(paths)} samples written (coach-sample-1 .npz files)")
            return 0
        samples = repo.samples.list()
    if not samples:
        print("No calibration samples yet; record one with `coach record EXERCISE`.")
        return 0
    print(f"{'id':>4}  {'recorded':<16}  {'profile':<10}  {'exercise':<15}  {'length':>7}  {'person':>6}  "
          f"{'reps':>4}  source")  # fmt: skip
    for s in samples:
        seen = s.detected_frames / s.frames if s.frames else 0.0
        reps = "-" if s.reps is None else str(s.reps)
        print(f"{s.id:>4}  {s.created_at.astimezone():%Y-%m-%d %H:%M}  {s.profile:<10}  {s.exercise:<15}  "
              f"{s.seconds:>6.1f}s  {seen:>6.0%}  {reps:>4}  {s.source}")  # fmt: skip
    return 0


def in_use_line(choice: Any, active: Any) -> str:
    """Which model Coach runs (a `ModelChoice`), and why, in one line; `active` is the active version or None."""
    line = f"In use: {choice.describe()}"
    if choice.note:
        return f"{line}: {choice.note}."
    if choice.origin == "shipped":
        return f"{line}: no version is active."
    if choice.origin == "active version":
        return f"{line}, the active version."
    return f"{line}, over the active version {active.id}." if active is not None else f"{line}."


def _cmd_models(args: argparse.Namespace) -> int:
    from coach.model_choice import choose_model
    from coach.storage.model_versions import compared_summary

    with _open(args) as repo:
        if args.activate is not None or args.shipped:
            if args.shipped:
                repo.models.deactivate()
                print(f"no version active: Coach uses the shipped model ({choose_model(env={}).path})")
            else:
                chosen = repo.models.activate(args.activate)
                print(f"model version {chosen.id} is now active ({chosen.path})")
            choice = choose_model(repo=repo)
            if choice.origin not in ("active version", "shipped"):
                print(f"coach: note: {choice.origin} names {choice.path}, which runs instead until it is unset",
                      file=sys.stderr)  # fmt: skip
            return 0
        versions = repo.models.list()
        choice = choose_model(repo=repo)
    pct = lambda x: "-" if x is None else f"{x:.1%}"  # noqa: E731
    if versions:
        print(f"    {'id':>4}  {'created':<16}  {'arch':<9}  {'data':<8}  {'held-out':>8}  {'compared':<15}  active  "
              "folder")  # fmt: skip
    for v in versions:
        mark = "->" if choice.version == v.id else ""
        active = "*" if v.active else ""
        print(f"{mark:<2}  {v.id:>4}  {v.created_at.astimezone():%Y-%m-%d %H:%M}  {v.architecture:<9}  {v.data:<8}  "
              f"{pct(v.accuracy):>8}  {compared_summary(v.metrics):<15}  {active:^6}  {v.path}")  # fmt: skip
    print(in_use_line(choice, next((v for v in versions if v.active), None)))
    return 0


def _cmd_record(args: argparse.Namespace) -> int:
    from coach.calibration import keep_sample, profile_ranges
    from coach.recording import Recorder, record
    from coach.recording_check import FrameSampler
    from coach.session import build_step, exercise_script, is_camera_spec, is_synthetic_spec, open_named_source

    seconds = args.seconds if args.seconds is not None or args.reps is not None else 20.0
    recorder = Recorder(args.exercise, reps=args.reps, seconds=seconds, countdown_s=args.countdown)
    with _open(args) as repo:
        script = exercise_script(args.exercise, reps=args.reps, seconds=seconds)
        source = open_named_source(args.source, script=script).source
        camera = is_camera_spec(args.source)
        if not camera:
            recorder.skip_countdown()
        step, _ = build_step(None)  # counting needs no recognizer
        synthetic, sampler = is_synthetic_spec(args.source), FrameSampler()
        shown: list[int] = []

        def on_frame(rec: Recorder, result: FrameResult) -> None:
            if rec.phase != "countdown" and not synthetic:
                sampler.offer(rec.elapsed_s, result.frame.rgb)  # for the two-people check
            if not camera:
                return
            now = result.frame.timestamp_s
            tick = int(rec.countdown_left(now) + 0.999) if rec.phase == "countdown" else -int(rec.elapsed_s) - 1
            if not shown or shown[-1] != tick:
                shown.append(tick)
                if tick > 0:
                    print(f"{tick}...", flush=True)
                else:
                    print("go!" if tick == -1 else f"  {-tick - 1} s, {rec.reps} reps", flush=True)

        try:
            print(f"Recording {args.exercise} from {source.name}" + (" (Ctrl-C cancels)" if camera else ""), flush=True)
            sequence = record(source, step, recorder, on_frame)
        finally:
            step.close()
            source.close()
        _check(source.name, sequence, sampler, synthetic)
        if recorder.phase != "done":
            goal = f"{args.reps} reps" if args.reps is not None else f"{seconds:g} s"
            print(f"coach: note: {source.name} ended before {goal}; keeping the {sequence.seconds:.1f} s recorded",
                  file=sys.stderr)  # fmt: skip
        reps = recorder.reps if recorder.reps_goal is not None else None
        sample_id = keep_sample(repo, args.exercise, sequence, source=source.name, profile=args.profile, reps=reps)
        person = profile_ranges(repo, args.profile).get(args.exercise)
        where = repo.where
    counted = f", {reps} reps counted" if reps is not None else ""
    print(f"sample {sample_id}: {args.exercise}, {sequence.frames} frames ({sequence.seconds:.1f} s at "
          f"{sequence.fps:.1f} fps), a person in {sequence.detected_frames / sequence.frames:.0%} of them{counted}; "
          f"stored in {where}")  # fmt: skip
    if person is not None:
        print(f"your {args.exercise} range is now {person:.0f} degrees: your workouts count full reps against it")
    return 0


def _check(name: str, sequence: Any, sampler: Any, synthetic: bool) -> None:
    """Refuse a recording of nobody, of someone who left, or of two people (the avatar is one person: not asked)."""
    from coach.recording_check import check_one_person, check_presence

    check_presence(name, sequence.detected, sequence.fps)
    if synthetic or not sampler.frames:
        return
    from coach.vision.pose import PoseEstimator

    with PoseEstimator(video=False) as estimator:
        check_one_person(name, sampler.frames, estimator.estimate)


def train_from_database(args: argparse.Namespace) -> int:
    """`coach train --data recorded|both` (called by coach.cli's train command)."""
    from coach.recognition.train import TrainConfig
    from coach.retrain import retrain

    config = TrainConfig(architecture=args.arch, synthetic_subjects=args.subjects, epochs=args.epochs, seed=args.seed,
                         units=args.units)  # fmt: skip
    with _open(args) as repo:
        result = retrain(repo, args.data, config, out=args.out, force=args.force)
    m, v = result.metrics, result.version
    if result.incumbent.note:
        print(f"coach: note: {result.incumbent.note}", file=sys.stderr)
    accuracy = "not measured (nothing held out)" if m["accuracy"] is None else f"{m['accuracy']:.1%}"
    print(f"model version {v.id} ({v.path}): {args.arch}, trained on {result.samples} recordings"
          f"{' and synthetic people' if args.data == 'both' else ''}; held-out window accuracy {accuracy}")  # fmt: skip
    print(f"  {comparison_line(result)}")
    print(f"  {result.verdict.reason}")
    return 0


def comparison_line(result: Any) -> str:
    """How the new model and the model in use did on the same windows (a `RetrainResult`), in one line."""
    c = result.comparison

    def scores(score: Any) -> str:
        named = (("people", score.people), ("your recordings", score.recordings))
        parts = ", ".join(f"{name} {value:.1%}" for name, value in named if value is not None)
        return f"{score.overall:.1%} ({parts})" if score.overall is not None else "not measured"

    where = f"{c.people} evaluation people, {len(c.recordings)} of your recordings held out from both"
    if c.incumbent is None:
        return f"new model {scores(c.new)} on {where}; the model in use ({result.incumbent.describe()}) not compared"
    return (
        f"on the same windows ({where}): new model {scores(c.new)}, the model in use ({result.incumbent.describe()}) "
        f"{scores(c.incumbent)}"
    )


def register(commands: argparse._SubParsersAction) -> None:
    """Add the storage commands to the `coach` parser."""
    history = commands.add_parser("history", help="past workouts; with SESSION_ID, its sets and reps")
    history.add_argument("session_id", nargs="?", type=int, metavar="SESSION_ID", help="show one session in detail")
    form = history.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV")
    history.add_argument("--since", type=_day, metavar="DATE", help="only sessions from this day on (YYYY-MM-DD)")
    history.add_argument("--profile", help="only this profile's sessions")
    _db_option(history)
    history.set_defaults(func=_cmd_history)

    stats = commands.add_parser("stats", help="totals per exercise per week, personal bests, current streak")
    stats.add_argument("--json", action="store_true", help="print JSON (every week)")
    stats.add_argument("--weeks", type=int, default=8, help="weeks of totals to show (default 8)")
    stats.add_argument("--profile", help="only this profile")
    _db_option(stats)
    stats.set_defaults(func=_cmd_stats)

    samples = commands.add_parser("samples", help="list calibration recordings (or delete / export them)")
    action = samples.add_mutually_exclusive_group()
    action.add_argument("--delete", type=int, metavar="ID", help="delete this sample")
    action.add_argument("--export", type=Path, metavar="DIR", help="write every sample as a coach-sample-1 file")
    _db_option(samples)
    samples.set_defaults(func=_cmd_samples)

    models = commands.add_parser("models", help="list trained model versions; activate one (or roll back)")
    which = models.add_mutually_exclusive_group()
    which.add_argument("--activate", type=int, metavar="ID", help="make this version the active model")
    which.add_argument("--shipped", action="store_true", help="go back to the shipped model (no version active)")
    _db_option(models)
    models.set_defaults(func=_cmd_models)

    rec = commands.add_parser("record", help="record yourself doing an exercise, to retrain the recognizer on you")
    rec.add_argument("exercise", help="exercise id (squat, pushup, ..., plank, idle)")
    rec.add_argument("--source", default="camera", help="camera, camera:N, a video file, or synthetic (the avatar)")
    goal = rec.add_mutually_exclusive_group()
    goal.add_argument("--reps", type=int, help="stop once this many reps are counted")
    goal.add_argument("--seconds", type=float, help="stop after this many seconds (default 20)")
    rec.add_argument("--countdown", type=float, default=3.0, help="seconds to get into position (camera only)")
    rec.add_argument("--profile", default="default", help="whose recording this is (default: default)")
    _db_option(rec)
    rec.set_defaults(func=_cmd_record)
