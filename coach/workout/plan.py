"""Workout plans: the YAML schema, its typed form, and validation that points at the exact line and field.

A plan is a list of blocks, each a list of items; an item is one exercise done for some sets, each set a target of reps
(or seconds, for a hold like plank), with rest between sets and optionally after the item. Every check that can fail
raises `PlanError` with one line: `FILE:LINE: FIELD: what is wrong` (list positions in FIELD count from 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from coach.errors import CoachError
from coach.exercises.registry import EXERCISES, ExerciseKind
from coach.workout.yaml_fields import FieldError, Mapping, compose

PLAN_FIELDS = ("name", "description", "difficulty", "estimated_minutes", "blocks")
BLOCK_FIELDS = ("name", "items")
ITEM_FIELDS = ("exercise", "sets", "reps", "hold_seconds", "rest_seconds", "rest_after_seconds")
# Upper bounds: far beyond any workout, low enough that a slipped key (reps: 1000000) is caught rather than started.
MAX_MINUTES = 600
MAX_SETS = 100
MAX_REPS = 1000
MAX_HOLD_S = 3600.0
MAX_REST_S = 3600.0


class PlanError(CoachError):
    """A plan file that cannot be used; the message is one line naming the file, line and field."""

    def __init__(self, file: str | Path, line: int | None, field: str, problem: str) -> None:
        where = f"{file}:{line}" if line is not None else str(file)
        super().__init__(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")
        self.file = str(file)
        self.line = line
        self.field = field
        self.problem = problem


class Difficulty(StrEnum):
    """How hard a plan is, as shown on the plans screen."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


@dataclass(frozen=True)
class PlanItem:
    """One exercise in a block: `sets` sets of `reps` reps (REPS exercises) or `hold_seconds` (HOLD exercises)."""

    exercise: str
    sets: int
    reps: int | None
    hold_seconds: float | None
    rest_seconds: float  # between this item's sets
    rest_after_seconds: float  # after its last set, before the next item (0: a get-ready countdown instead)
    line: int  # where the item starts in its file

    @property
    def is_hold(self) -> bool:
        """Whether each set is a hold measured in seconds rather than reps."""
        return self.hold_seconds is not None


@dataclass(frozen=True)
class Block:
    """A named group of items (warm-up, main part, finisher), done in order."""

    name: str
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Plan:
    """A validated workout plan."""

    name: str
    description: str
    difficulty: Difficulty
    estimated_minutes: int
    blocks: tuple[Block, ...]
    source: Path | None = None  # the file it was loaded from
    name_line: int = 1  # where `name` is, to point at it when two plans share a name

    @property
    def key(self) -> str:
        """What identifies a plan across folders: its name, case-insensitively."""
        return self.name.casefold()

    def exercises(self) -> tuple[str, ...]:
        """The exercise ids the plan uses, in first-use order."""
        return tuple(dict.fromkeys(item.exercise for block in self.blocks for item in block.items))

    def set_count(self) -> int:
        """How many sets the whole plan has."""
        return sum(item.sets for block in self.blocks for item in block.items)


def plannable_exercises() -> tuple[str, ...]:
    """Exercise ids a plan may use: everything in the registry that has reps or a hold (not idle)."""
    return tuple(e.id for e in EXERCISES.values() if e.kind is not ExerciseKind.NONE)


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file; any problem raises PlanError naming the file, line and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError(path, None, "", "no such file") from None
    except IsADirectoryError:
        raise PlanError(path, None, "", "is a folder, not a plan file") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise PlanError(path, line, "", "not UTF-8 text; save the plan as UTF-8") from None
    except OSError as exc:
        raise PlanError(path, None, "", f"cannot be read ({exc.strerror or exc})") from None
    return parse_plan(text, path)


def parse_plan(text: str, source: str | Path = "<plan>") -> Plan:
    """Validate a plan given as YAML text; `source` names it in errors."""
    try:
        root = compose(text)
        if root is None:
            raise FieldError(1, "", f"the file is empty; a plan needs {', '.join(PLAN_FIELDS)}")
        what = f"a plan (a mapping with {', '.join(PLAN_FIELDS)})"
        return _read_plan(Mapping(root, "", what), source if isinstance(source, Path) else None)
    except FieldError as exc:
        raise PlanError(source, exc.line, exc.path, exc.message) from None


def _read_plan(fields: Mapping, source: Path | None) -> Plan:
    fields.reject_unknown(PLAN_FIELDS)
    name = fields.text("name")
    description = fields.text("description")
    difficulty_text = fields.text("difficulty")
    try:
        difficulty = Difficulty(difficulty_text.lower())
    except ValueError:
        raise FieldError(
            fields.line_of("difficulty"), "difficulty",
            f"must be one of {', '.join(d.value for d in Difficulty)}, got '{difficulty_text}'",
        ) from None  # fmt: skip
    minutes = fields.positive_int("estimated_minutes", maximum=MAX_MINUTES)
    blocks = tuple(
        _read_block(Mapping(node, f"blocks[{i}]", "a block (a mapping with name, items)"), i)
        for i, node in enumerate(fields.sequence("blocks", "blocks"), start=1)
    )
    return Plan(name, description, difficulty, minutes, blocks, source, fields.line_of("name"))


def _read_block(fields: Mapping, number: int) -> Block:
    fields.reject_unknown(BLOCK_FIELDS)
    name = fields.text("name", default=f"Block {number}")
    items = tuple(
        _read_item(Mapping(node, f"{fields.path}.items[{i}]", "an item (a mapping with exercise, sets, ...)"))
        for i, node in enumerate(fields.sequence("items", "items"), start=1)
    )
    return Block(name, items)


def _read_item(fields: Mapping) -> PlanItem:
    fields.reject_unknown(ITEM_FIELDS)
    exercise = _read_exercise(fields)
    kind = EXERCISES[exercise].kind
    sets = fields.positive_int("sets", maximum=MAX_SETS)
    reps: int | None = None
    hold: float | None = None
    if kind is ExerciseKind.HOLD:
        if fields.has("reps"):
            raise FieldError(
                fields.line_of("reps"), fields.field_path("reps"),
                f"{exercise} is a hold, measured in seconds: give hold_seconds instead of reps",
            )  # fmt: skip
        if not fields.has("hold_seconds"):
            raise fields.missing("hold_seconds", f"{exercise} is a hold: how many seconds per set")
        hold = fields.seconds("hold_seconds", allow_zero=False, maximum=MAX_HOLD_S)
    else:
        if fields.has("hold_seconds"):
            raise FieldError(
                fields.line_of("hold_seconds"), fields.field_path("hold_seconds"),
                f"{exercise} is counted in reps: give reps instead of hold_seconds",
            )  # fmt: skip
        if not fields.has("reps"):
            raise fields.missing("reps", f"how many {exercise} reps per set")
        reps = fields.positive_int("reps", maximum=MAX_REPS)
    if sets > 1 and not fields.has("rest_seconds"):
        raise fields.missing("rest_seconds", f"{sets} sets need the rest between them")
    rest = fields.seconds("rest_seconds", allow_zero=True, default=0.0, maximum=MAX_REST_S)
    rest_after = fields.seconds("rest_after_seconds", allow_zero=True, default=0.0, maximum=MAX_REST_S)
    return PlanItem(exercise, sets, reps, hold, rest, rest_after, fields.line)


def _read_exercise(fields: Mapping) -> str:
    exercise = fields.text("exercise")
    known = plannable_exercises()
    if exercise not in known:
        problem = (
            f"'{exercise}' is not an exercise to plan" if exercise in EXERCISES else f"unknown exercise '{exercise}'"
        )
        where = fields.line_of("exercise"), fields.field_path("exercise")
        raise FieldError(*where, f"{problem}; known: {', '.join(known)}")
    return exercise


def describe_item(item: PlanItem) -> str:
    """`3 x 10` or `2 x 30 s`: an item's sets and target as people write them."""
    target = f"{item.reps}" if item.reps is not None else f"{item.hold_seconds:g} s"
    return f"{item.sets} x {target}"
