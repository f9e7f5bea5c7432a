"""Plans fuzzed: whatever a plan file holds, the loader either returns a Plan or raises PlanError with one line naming
the file, never anything else (a KeyError, a RecursionError, a YAML exception) that would reach a person as a traceback.

Deterministic (derandomized: the same examples on every run) and bounded (a fixed number of examples per test).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.workout.catalog import bundled_plans_dir, plan_files
from coach.workout.plan import ITEM_FIELDS, PLAN_FIELDS, Plan, PlanError, load_plan, parse_plan

FUZZ = settings(
    derandomize=True, database=None, deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow]
)
BUNDLED = [path.read_bytes() for path in plan_files(bundled_plans_dir())]
NAME = "fuzzed.yaml"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["squat", "plank", "idle", "burpee", "beginner", "3", "1e9", "-0", ".inf", "~", "yes", "0x10"]),
)
keys = st.one_of(st.sampled_from([*PLAN_FIELDS, *ITEM_FIELDS, "items"]), st.text(max_size=8))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=30,
)


def _only_plan_error(run) -> None:
    """Run the loader: a Plan, or a one-line PlanError naming the file; anything else fails the test."""
    try:
        result = run()
    except PlanError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(NAME), message
        return
    assert isinstance(result, Plan)


@FUZZ
@given(documents)
def test_any_yaml_document_is_a_plan_or_a_plan_error(document: object):
    text = yaml.safe_dump(document, allow_unicode=True)
    _only_plan_error(lambda: parse_plan(text, NAME))


nested = st.builds(
    lambda opener, depth, tail: opener * depth + tail,
    st.sampled_from(["[", "{", "{a: ", "- ", "? ", "!!seq [", "&x ["]),
    st.integers(0, 1000),
    st.text(max_size=5),
)


@FUZZ
@given(st.one_of(st.text(alphabet=st.characters(codec="utf-8"), max_size=300), nested))
def test_any_text_is_a_plan_or_a_plan_error(text: str):
    _only_plan_error(lambda: parse_plan(text, NAME))


@st.composite
def mutated_plans(draw: st.DrawFn) -> bytes:
    """A bundled plan with one to four edits of the kinds a person (or a bad copy) makes."""
    lines = draw(st.sampled_from(BUNDLED)).split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "value", "indent", "insert", "truncate", "bytes"]))
        if edit == "delete" and len(lines) > 1:
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "value" and b":" in lines[at]:
            key = lines[at].split(b":", 1)[0]
            value = draw(
                st.one_of(scalars.map(lambda v: yaml.safe_dump(v).split("\n...")[0].strip()), st.text(max_size=10))
            )
            lines[at] = key + b": " + value.encode("utf-8", "surrogatepass")
        elif edit == "indent":
            lines[at] = b" " * draw(st.integers(0, 9)) + lines[at].lstrip()
        elif edit == "insert":
            text = draw(
                st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"%@`#,? \t")) | st.characters(), max_size=6)
            )
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + text.encode("utf-8", "surrogatepass") + lines[at][cut:]
        elif edit == "truncate":
            lines = lines[: at + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
        elif edit == "bytes":
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + draw(st.binary(min_size=1, max_size=4)) + lines[at][cut:]
    return b"\n".join(lines)


@FUZZ
@given(mutated_plans())
def test_a_mutated_bundled_plan_is_a_plan_or_a_plan_error(data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / NAME
        path.write_bytes(data)
        try:
            load_plan(path)
        except PlanError as exc:
            message = str(exc)
            assert "\n" not in message and message.startswith(str(path)), message
