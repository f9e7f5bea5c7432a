"""How long a person waits for Settings -> Retrain: the app's RetrainJob with the real trainer, end to end.

A temporary database gets the demo calibration samples (random landmark wobble: their content does not change the
time, the synthetic people and epochs do), then RetrainJob runs "synthetic + your recordings" as the screen does,
polled every 50 ms. Printed: when each stage was first seen (evaluation people, people, epochs, comparing, done) and
the share of the time it took (what retrain_job.PEOPLE_SHARE should be), the total, and the epochs all networks ran
together (early stopping ends each).

Run from the repo root: `SDL_VIDEODRIVER=dummy .venv/bin/python benchmarks/app_retrain.py [--subjects 300]
[--epochs 40]` (the defaults are the app's: TrainConfig()). It uses every core for minutes; run it alone.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from coach.app.demo_data import fill_demo_samples
from coach.app.retrain_job import RetrainJob
from coach.recognition.train import TrainConfig
from coach.storage import open_repository


def main() -> None:
    defaults = TrainConfig()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=defaults.synthetic_subjects)
    parser.add_argument("--epochs", type=int, default=defaults.epochs)
    args = parser.parse_args()
    config = replace(defaults, synthetic_subjects=args.subjects, epochs=args.epochs)
    with tempfile.TemporaryDirectory(prefix="coach-retrain-bench-") as tmp:
        url, models = f"sqlite:///{tmp}/coach.db", Path(tmp) / "models"
        with open_repository(url, models_dir=models) as repo:
            fill_demo_samples(repo)
        started = time.monotonic()
        job = RetrainJob(url, "both", config, models_dir=models)
        first_seen: dict[str, float] = {}
        epochs = ""
        while job.running:
            progress = job.poll()
            first_seen.setdefault(progress.stage, time.monotonic() - started)
            epochs = progress.message if progress.stage == "epochs" else epochs  # "epoch 47/80": of all networks
            time.sleep(0.05)
        total = time.monotonic() - started
    print(f"{job.progress.state}: {job.progress.message}")
    stages = [*sorted(first_seen.items(), key=lambda kv: kv[1]), ("end", total)]
    for (stage, at), (_, until) in itertools.pairwise(stages):
        print(f"{stage:>18}: from {at:6.1f} s, {until - at:6.1f} s ({(until - at) / total:.0%})")
    people = config.synthetic_subjects
    print(f"total: {total:.0f} s ({people} people; last progress seen: {epochs}, counting every network's)")


if __name__ == "__main__":
    main()
