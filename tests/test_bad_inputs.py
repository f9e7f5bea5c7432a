"""README's table of bad inputs, row by row through the real `coach` command: exit code 2, exactly one line on stderr
(`coach: error: ...`, the line README shows), no traceback, and every file in the folder exactly as it was.

The inputs are made fresh per row (tests/bad_inputs.py). Rows that run the pose model are marked slow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.bad_inputs import CASES, CannotMakeReadOnly, Case, run_case, shown, snapshot, table_cell

README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_rows() -> dict[str, str]:
    """README's table, as {what the row is about: the whole row}, keyed like `_key`."""
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- bad-inputs table -->")
    lines = text[start:].splitlines()[1:]
    table = lines[: next(i for i, line in enumerate(lines) if not line.startswith("|"))]
    rows = {}
    for line in table[2:]:  # after the header and its separator
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows[f"{cells[0]} / {cells[1]}"] = line
    return rows


def _key(case: Case) -> str:
    return f"{case.kind} / {case.what}"


def test_the_readme_table_has_every_row_and_at_least_25():
    rows = _readme_rows()
    assert sorted(rows) == sorted(_key(c) for c in CASES)
    assert len(rows) >= 25


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.mediapipe else []) for c in CASES]
)
def test_a_bad_input_is_one_line_exit_2_and_touches_nothing(case: Case, tmp_path: Path):
    folder, home = tmp_path / "case", tmp_path / "home"
    folder.mkdir()
    home.mkdir()
    run = case.build(folder)
    before = snapshot(folder)
    try:
        outcome = run_case(folder, home, run)
    except CannotMakeReadOnly as exc:
        pytest.skip(str(exc))
    lines = outcome.stderr.splitlines()
    assert outcome.returncode == 2, outcome.stderr
    assert len(lines) == 1 and lines[0].startswith("coach: error: "), outcome.stderr
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert snapshot(folder) == before, "the command changed, made or removed a file"
    row = _readme_rows()[_key(case)]
    assert table_cell(shown(outcome.stderr, folder)) in row, "README shows another line; regenerate its table"
