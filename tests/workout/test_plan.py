"""Plan files as a person writes them: the bundled ones load, and every mistake is one line naming file, line, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.exercises.registry import EXERCISES, ExerciseKind
from coach.workout.catalog import bundled_plans_dir, plan_files
from coach.workout.plan import Difficulty, PlanError, describe_item, load_plan, parse_plan, plannable_exercises

VALID = """\
name: Test plan
description: A small plan for tests.
difficulty: beginner
estimated_minutes: 5
blocks:
  - name: Main
    items:
      - exercise: squat
        sets: 2
        reps: 10
        rest_seconds: 30
      - exercise: plank
        sets: 1
        hold_seconds: 20
"""
EMPTY = "the file is empty; a plan needs name, description, difficulty, estimated_minutes, blocks"
BEFORE_BLOCKS = VALID[: VALID.index("blocks:")]
PLANK_ITEM = "      - exercise: plank\n        sets: 1\n        hold_seconds: 20\n"
KNOWN = "squat, pushup, bicep_curl, shoulder_press, lunge, jumping_jack, situp, lateral_raise, front_raise, plank"
ITEM1 = "blocks[1].items[1]"
ITEM2 = "blocks[1].items[2]"


def load_text(tmp_path: Path, text: str | bytes) -> object:
    path = tmp_path / "my plan.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_plan(path)


def test_a_valid_plan_loads_into_typed_blocks_items_and_targets(tmp_path: Path):
    plan = load_text(tmp_path, VALID)
    assert plan.name == "Test plan" and plan.difficulty is Difficulty.BEGINNER and plan.estimated_minutes == 5
    assert plan.source == tmp_path / "my plan.yaml"
    (block,) = plan.blocks
    squat, plank = block.items
    assert (squat.exercise, squat.sets, squat.reps, squat.hold_seconds, squat.rest_seconds) == (
        "squat",
        2,
        10,
        None,
        30,
    )
    assert squat.rest_after_seconds == 0 and not squat.is_hold and squat.line == 8
    assert (plank.exercise, plank.reps, plank.hold_seconds, plank.is_hold) == ("plank", None, 20.0, True)
    assert plan.exercises() == ("squat", "plank") and plan.set_count() == 3
    assert [describe_item(i) for i in block.items] == ["2 x 10", "1 x 20 s"]


def test_every_bundled_plan_is_valid_and_the_required_ones_are_there():
    paths = plan_files(bundled_plans_dir())
    plans = [load_plan(p) for p in paths]
    assert {p.stem for p in paths} >= {"beginner_full_body", "upper_body", "legs", "seven_minute_circuit"}
    assert len({p.key for p in plans}) == len(plans), "bundled plan names are unique"
    assert {p.difficulty for p in plans} == set(Difficulty)
    for plan in plans:
        for item in (i for b in plan.blocks for i in b.items):
            kind = EXERCISES[item.exercise].kind
            assert (item.reps is not None) == (kind is ExerciseKind.REPS), (plan.name, item)
            assert item.reps is None or 5 <= item.reps <= 40, "realistic rep targets"
            assert item.hold_seconds is None or 15 <= item.hold_seconds <= 90, "realistic plank holds"
    circuit = next(p for p in plans if p.name == "7-minute circuit")
    items = [i for b in circuit.blocks for i in b.items]
    assert len(items) == 12 and all(i.sets == 1 and i.rest_after_seconds == 10 for i in items[:-1])


def test_idle_is_not_offered_to_plans():
    assert "idle" not in plannable_exercises() and set(plannable_exercises()) == set(EXERCISES) - {"idle"}


@pytest.mark.parametrize(
    ("text", "line", "field", "problem"),
    [
        (VALID.replace("exercise: squat", "exercise: squats"), 8, f"{ITEM1}.exercise",
         f"unknown exercise 'squats'; known: {KNOWN}"),
        (VALID.replace("exercise: squat", "exercise: idle"), 8, f"{ITEM1}.exercise",
         f"'idle' is not an exercise to plan; known: {KNOWN}"),
        (VALID.replace("reps: 10", "reps: -5"), 10, f"{ITEM1}.reps", "must be at least 1, got -5"),
        (VALID.replace("reps: 10", "reps: 0"), 10, f"{ITEM1}.reps", "must be at least 1, got 0"),
        (VALID.replace("sets: 2", "sets: -1"), 9, f"{ITEM1}.sets", "must be at least 1, got -1"),
        (VALID.replace("hold_seconds: 20", "hold_seconds: 0"), 14, f"{ITEM2}.hold_seconds",
         "must be more than 0 seconds, got 0"),
        (VALID.replace("rest_seconds: 30", "rest_seconds: -30"), 11, f"{ITEM1}.rest_seconds",
         "must be 0 or more seconds, got -30"),
        (VALID.replace("hold_seconds: 20", "reps: 20"), 14, f"{ITEM2}.reps",
         "plank is a hold, measured in seconds: give hold_seconds instead of reps"),
        (VALID.replace("reps: 10", "hold_seconds: 10"), 10, f"{ITEM1}.hold_seconds",
         "squat is counted in reps: give reps instead of hold_seconds"),
        (VALID.replace("description: A small plan for tests.\n", ""), 1, "description", "missing field"),
        (VALID.replace("        reps: 10\n", ""), 8, f"{ITEM1}.reps", "missing field (how many squat reps per set)"),
        (VALID.replace("        hold_seconds: 20\n", ""), 12, f"{ITEM2}.hold_seconds",
         "missing field (plank is a hold: how many seconds per set)"),
        (VALID.replace("        rest_seconds: 30\n", ""), 8, f"{ITEM1}.rest_seconds",
         "missing field (2 sets need the rest between them)"),
        (VALID.replace("        reps: 10\n", "        reps: 10\n        weight: 5\n"), 11, f"{ITEM1}.weight",
         "unknown field; expected one of exercise, sets, reps, hold_seconds, rest_seconds, rest_after_seconds"),
        (VALID + "colour: red\n", 15, "colour",
         "unknown field; expected one of name, description, difficulty, estimated_minutes, blocks"),
        (VALID.replace("estimated_minutes: 5", "estimated_minutes: five"), 4, "estimated_minutes",
         "expected a whole number, got text 'five'"),
        (VALID.replace("sets: 2", "sets: 2.5"), 9, f"{ITEM1}.sets", "expected a whole number, got a number '2.5'"),
        (VALID.replace("sets: 2", "sets: yes"), 9, f"{ITEM1}.sets", "expected a whole number, got true/false 'yes'"),
        (VALID.replace("sets: 2", "sets:"), 9, f"{ITEM1}.sets", "expected a whole number, got nothing"),
        (VALID.replace("name: Test plan", "name: 12"), 1, "name", "expected text, got a whole number '12'"),
        (VALID.replace("rest_seconds: 30", "rest_seconds: soon"), 11, f"{ITEM1}.rest_seconds",
         "expected a number of seconds, got text 'soon'"),
        (VALID.replace("beginner", "Expert"), 3, "difficulty",
         "must be one of beginner, intermediate, advanced, got 'Expert'"),
        (VALID.replace("        reps: 10\n", "        reps: 10\n        reps: 12\n"), 11, f"{ITEM1}.reps",
         "appears twice; keep one"),
        (BEFORE_BLOCKS + "blocks: []\n", 5, "blocks", "is empty; list at least one"),
        (BEFORE_BLOCKS + "blocks:\n  name: x\n", 6, "blocks", "expected a list of blocks, got a mapping"),
        (VALID.replace(PLANK_ITEM, "      - plank\n"), 12, ITEM2,
         "expected an item (a mapping with exercise, sets, ...), got text 'plank'"),
        (VALID.replace("reps: 10", "reps: 1001"), 10, f"{ITEM1}.reps", "must be at most 1000, got 1001"),
        (VALID.replace("sets: 2", "sets: 101"), 9, f"{ITEM1}.sets", "must be at most 100, got 101"),
        (VALID.replace("hold_seconds: 20", "hold_seconds: 3600.5"), 14, f"{ITEM2}.hold_seconds",
         "must be at most 3600 seconds, got 3600.5"),
        (VALID.replace("rest_seconds: 30", "rest_seconds: 7200"), 11, f"{ITEM1}.rest_seconds",
         "must be at most 3600 seconds, got 7200"),
        (VALID.replace("estimated_minutes: 5", "estimated_minutes: 601"), 4, "estimated_minutes",
         "must be at most 600, got 601"),
    ],
    ids=[
        "unknown-exercise", "idle", "negative-reps", "zero-reps", "negative-sets", "zero-hold", "negative-rest",
        "reps-for-hold", "hold-for-reps", "missing-top-field", "missing-reps", "missing-hold", "missing-rest",
        "unknown-item-field", "unknown-top-field", "text-for-number", "float-for-int", "bool-for-int", "empty-value",
        "number-for-text", "text-for-seconds", "bad-difficulty", "duplicate-field", "no-blocks", "blocks-not-a-list",
        "item-not-a-mapping", "huge-reps", "huge-sets", "huge-hold", "huge-rest", "huge-minutes",
    ],
)  # fmt: skip
def test_each_mistake_is_one_line_naming_file_line_and_field(tmp_path, text, line, field, problem):
    with pytest.raises(PlanError) as caught:
        load_text(tmp_path, text)
    error = caught.value
    assert (error.line, error.field, error.problem) == (line, field, problem)
    assert str(error) == f"{tmp_path / 'my plan.yaml'}:{line}: {field}: {problem}"


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (VALID.replace("reps: 10", "reps: [10"), 11,
         "bad YAML: expected ',' or ']', but got ':' (while parsing a flow sequence that starts on line 10)"),
        (VALID.replace("        sets: 2", "\tsets: 2"), 9,
         "bad YAML: while scanning for the next token: found character '\\t' that cannot start any token"),
        (VALID.replace("        sets: 2", "         sets: 2"), 9, "bad YAML: mapping values are not allowed here"),
        (VALID + "---\nname: other\n", 15,
         "bad YAML: expected a single document in the stream but found another document"),
        (VALID.replace("Test plan", "Test\x07plan"), 1,
         "bad YAML: unacceptable character #x0007: special characters are not allowed"),
        ("", 1, EMPTY),
        ("# only a comment\n", 1, EMPTY),
        ("- squat\n- pushup\n", 1,
         "expected a plan (a mapping with name, description, difficulty, estimated_minutes, blocks), got a list"),
        (b"name: Caf\xe9\n", 1, "not UTF-8 text; save the plan as UTF-8"),
        ("name: x\nblocks:\n" + "  " + "[" * 60, 3, "bad YAML: lists or mappings nested more than 50 levels deep"),
    ],
    ids=["unclosed-bracket", "tab", "bad-indent", "two-documents", "control-character", "empty", "comment-only",
         "not-a-mapping", "not-utf8", "nested-too-deep"],
)  # fmt: skip
def test_files_that_are_not_plans_say_so_with_the_line(tmp_path, text, line, problem):
    with pytest.raises(PlanError) as caught:
        load_text(tmp_path, text)
    assert str(caught.value) == f"{tmp_path / 'my plan.yaml'}:{line}: {problem}"
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(PlanError, match=r"nothere\.yaml: no such file$"):
        load_plan(tmp_path / "nothere.yaml")


def test_parse_plan_names_the_source_it_is_given():
    with pytest.raises(PlanError, match=r"^inline:4: estimated_minutes: "):
        parse_plan(VALID.replace("estimated_minutes: 5", "estimated_minutes: 0"), "inline")
    assert parse_plan(VALID).source is None


def test_optional_fields_and_flow_style_items(tmp_path: Path):
    text = VALID.replace("  - name: Main\n", "  -\n").replace(
        PLANK_ITEM,
        "      - {exercise: plank, sets: 1, hold_seconds: 20.5, rest_after_seconds: 15}\n",
    )
    plan = load_text(tmp_path, text)
    assert plan.blocks[0].name == "Block 1"
    assert plan.blocks[0].items[1].hold_seconds == 20.5 and plan.blocks[0].items[1].rest_after_seconds == 15


def test_the_readme_example_is_a_valid_plan():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("## Workout plans") :]
    example = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n") + 8)]
    plan = parse_plan(example, "README.md")
    assert plan.exercises() == ("jumping_jack", "squat", "plank") and plan.set_count() == 6
