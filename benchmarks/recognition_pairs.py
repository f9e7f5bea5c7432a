"""Which networks, averaged in pairs, meet the per-view targets on held-out people? (README, Recognition)

Every network given is scored alone and in every pair (mean of the two networks' probabilities) on two sets of
held-out people: 2,000,000-2,000,029 (the set `coach train` reports) and 2,000,030-2,000,059 (made only to check that
a choice made on the first set holds). Each network reads the held-out windows made with its own feature spec.

    .venv/bin/python benchmarks/recognition_pairs.py NAME=MODEL_DIR [NAME=MODEL_DIR ...] [--mirror]

A model folder with several networks (the shipped ensemble) counts as one recognizer. Each is scored as its networks
read the person, without the mirror readings a mirrored folder adds; --mirror adds a row for every recognizer and
pair that also averages its networks' readings of the mirrored person (what `"mirrored": true` does).
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import recognition_views as views

from coach.recognition.bundle import load_model
from coach.recognition.ensemble import Ensemble
from coach.recognition.making import make_all
from coach.recognition.views import HELDOUT_FIRST_SUBJECT, ViewWindows, steady_windows, view_report
from coach.vision.features import FeatureSpec

SETS = {"first": range(HELDOUT_FIRST_SUBJECT, HELDOUT_FIRST_SUBJECT + 30),
        "second": range(HELDOUT_FIRST_SUBJECT + 30, HELDOUT_FIRST_SUBJECT + 60)}  # fmt: skip
DEFAULT_CACHE = Path("/tmp/coach_recognition_cache")


def _heldout_job(args: tuple[int, FeatureSpec]) -> list[Any]:
    from coach.recognition.views import heldout_person

    return heldout_person(*args)


def windows_for(spec: FeatureSpec, people: range, cache: Path) -> ViewWindows:
    """The steady held-out windows of `people` with features for `spec`, cached per generator version and spec."""
    path = cache / f"pairs-{people.start}-{len(people)}-{views.source_key(people.start, spec.to_dict())}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    data = steady_windows(make_all(_heldout_job, [(s, spec) for s in people], workers=2, chunksize=1))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(data))
    return data


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", metavar="NAME=MODEL_DIR")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--mirror", action="store_true", help="also score every row with the mirror readings")
    args = parser.parse_args(argv)
    models = dict(item.split("=", 1) for item in args.models)
    print("| recognizer | " + " | ".join(f"{name} set: front / 45 / side" for name in SETS) + " | worst exercise |")
    print("|---|" + "---|" * (len(SETS) + 1))
    probabilities: dict[str, dict[str, np.ndarray]] = {name: {} for name in SETS}
    truth: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, folder in models.items():
        model = load_model(Path(folder))
        classifier = model.classifier
        if isinstance(classifier, Ensemble):
            classifier = Ensemble([m for m in classifier.members if not m.mirror])
        for set_name, people in SETS.items():
            data = windows_for(model.feature_spec, people, args.cache)
            probabilities[set_name][name] = classifier.predict_windows(data.x)
            if args.mirror:
                mirrored = classifier.predict_windows(model.feature_spec.mirrored(data.x))
                probabilities[set_name][f"{name} mirrored"] = (probabilities[set_name][name] + mirrored) / 2
            truth[set_name] = (data.y, data.bucket)  # the same people and windows whatever the spec
    combos = [(n,) for n in models] + list(itertools.combinations(models, 2))
    if args.mirror:
        combos += [tuple(f"{n} mirrored" for n in combo) for combo in combos]
    for combo in combos:
        cells, worst = [], []
        for set_name in SETS:
            y, bucket = truth[set_name]
            predicted = np.mean([probabilities[set_name][n] for n in combo], axis=0).argmax(axis=1)
            report = view_report(y, predicted, bucket)
            cells.append(" / ".join(f"{report['per_view'][v]['accuracy']:.1%}" for v in ("front", "45", "side")))
            exercise, view, accuracy = min(
                ((c, v, cell["accuracy"]) for c, row in report["per_class_per_view"].items() if c != "idle"
                 for v, cell in row.items()), key=lambda t: t[2])  # fmt: skip
            worst.append(f"{exercise} {view} {accuracy:.1%}")
        print(f"| {' + '.join(combo)} | " + " | ".join(cells) + f" | {' / '.join(worst)} |")


if __name__ == "__main__":
    main()
