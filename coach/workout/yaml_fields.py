"""Typed reading of a composed YAML document, keeping every value's line so a mistake can be pointed at.

Why composed nodes: `yaml.safe_load` returns plain dicts and forgets where each value came from; `yaml.compose` keeps
a node tree with marks. This module knows nothing about workout plans; it raises `FieldError(line, path, message)` and
the caller adds the file name.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


class FieldError(ValueError):
    """A value in the document that is missing, unknown or of the wrong kind; `line` counts from 1."""

    def __init__(self, line: int, path: str, message: str) -> None:
        super().__init__(f"{line}: {path}: {message}")
        self.line = line
        self.path = path
        self.message = message


def line_of(node: yaml.Node) -> int:
    """The 1-based line where a node starts."""
    return node.start_mark.line + 1


MAX_DEPTH = 50  # lists and mappings inside each other; a plan needs 5, and composing recurses once per level


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH at the line where it happens, before `yaml.compose` (which recurses per
    level) runs out of stack. `yaml.parse` keeps its own stack, so it reads any depth."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark is not None else 1
                raise FieldError(line, "", f"bad YAML: lists or mappings nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def compose(text: str) -> yaml.Node | None:
    """Compose one YAML document; a syntax error becomes a FieldError at the line the parser names."""
    try:
        _check_depth(text)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = exc.problem or "cannot be parsed"
        context, context_mark = exc.context or "", exc.context_mark
        if context.startswith("while ") and context_mark is not None and context_mark.line + 1 != line:
            what += f" ({context} that starts on line {context_mark.line + 1})"
        elif context:
            what = f"{context}: {what}" if context.startswith("while ") else f"{context} {what}"
        raise FieldError(line, "", f"bad YAML: {' '.join(what.split())}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow; carries a position, not a line
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise FieldError(line, "", f"bad YAML: unacceptable character #x{char:04x}: {exc.reason}") from None
    except yaml.YAMLError as exc:  # nothing else is raised by compose today; kept to one line all the same
        raise FieldError(1, "", f"bad YAML: {' '.join(str(exc).split())}") from None


def _describe(node: yaml.Node) -> str:
    """How a value reads to a person, for 'expected X, got Y' messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kinds = {_STR: "text", _INT: "a whole number", _FLOAT: "a number", _NULL: "nothing", _BOOL: "true/false"}
    kind = kinds.get(node.tag, "a value")
    return kind if node.tag == _NULL else f"{kind} '{node.value}'"


def _scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node (YAML 1.1 resolution, as safe_load would give)."""
    try:
        return SafeConstructor().construct_object(node)
    except ConstructorError as exc:
        raise FieldError(line_of(node), "", f"bad value: {exc.problem}") from None


class Mapping:
    """One YAML mapping read field by field; every error names the field's path and line."""

    def __init__(self, node: yaml.Node, path: str, what: str) -> None:
        if not isinstance(node, yaml.MappingNode):
            raise FieldError(line_of(node), path, f"expected {what}, got {_describe(node)}")
        self.node = node
        self.path = path
        self._fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != _STR:
                raise FieldError(line_of(key_node), path, f"field names must be words, got {_describe(key_node)}")
            if key in self._fields:
                raise FieldError(line_of(key_node), self.field_path(key), "appears twice; keep one")
            self._fields[key] = (key_node, value_node)

    @property
    def line(self) -> int:
        """Where this mapping starts."""
        return line_of(self.node)

    def field_path(self, key: str) -> str:
        """The dotted path of a field in this mapping."""
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        """Whether the field is present (even if empty)."""
        return key in self._fields

    def line_of(self, key: str) -> int:
        """The line of a present field, else the line of the mapping."""
        return line_of(self._fields[key][0]) if key in self._fields else self.line

    def reject_unknown(self, allowed: tuple[str, ...]) -> None:
        """Fail on the first field that is not in `allowed`, listing the ones that are."""
        for key, (key_node, _) in self._fields.items():
            if key not in allowed:
                raise FieldError(
                    line_of(key_node), self.field_path(key), f"unknown field; expected one of {', '.join(allowed)}"
                )

    def missing(self, key: str, hint: str = "") -> FieldError:
        """The error for a required field that is absent."""
        return FieldError(self.line, self.field_path(key), f"missing field{f' ({hint})' if hint else ''}")

    def value_node(self, key: str) -> yaml.Node:
        """The value node of a present field."""
        return self._fields[key][1]

    def text(self, key: str, default: str | None = None) -> str:
        """A non-empty text field; `default` makes it optional."""
        if key not in self._fields:
            if default is None:
                raise self.missing(key)
            return default
        node = self.value_node(key)
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR or not node.value.strip():
            raise self.wrong(key, "text")
        return " ".join(node.value.split())

    def positive_int(self, key: str, default: int | None = None, *, maximum: int | None = None) -> int:
        """A whole number >= 1 (and <= `maximum`, if given); `default` makes it optional."""
        if key not in self._fields:
            if default is None:
                raise self.missing(key)
            return default
        node = self.value_node(key)
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if node.tag != _INT or not isinstance(value, int):
            raise self.wrong(key, "a whole number")
        if value < 1:
            raise FieldError(line_of(node), self.field_path(key), f"must be at least 1, got {value}")
        if maximum is not None and value > maximum:
            raise FieldError(line_of(node), self.field_path(key), f"must be at most {maximum}, got {value}")
        return value

    def seconds(
        self, key: str, *, allow_zero: bool, default: float | None = None, maximum: float | None = None
    ) -> float:
        """A number of seconds (> 0, or >= 0 with `allow_zero`; <= `maximum`, if given); `default` makes it
        optional."""
        if key not in self._fields:
            if default is None:
                raise self.missing(key)
            return default
        node = self.value_node(key)
        value = _scalar(node) if isinstance(node, yaml.ScalarNode) else None
        if node.tag not in (_INT, _FLOAT) or not isinstance(value, int | float) or value != value:
            raise self.wrong(key, "a number of seconds")
        if value < 0 or (value == 0 and not allow_zero) or value == float("inf"):
            limit = "0 or more" if allow_zero else "more than 0"
            raise FieldError(line_of(node), self.field_path(key), f"must be {limit} seconds, got {value}")
        if maximum is not None and value > maximum:
            raise FieldError(line_of(node), self.field_path(key), f"must be at most {maximum:g} seconds, got {value}")
        return float(value)

    def sequence(self, key: str, what: str) -> list[yaml.Node]:
        """A non-empty list field."""
        if key not in self._fields:
            raise self.missing(key)
        node = self.value_node(key)
        if not isinstance(node, yaml.SequenceNode):
            raise self.wrong(key, f"a list of {what}")
        if not node.value:
            raise FieldError(line_of(node), self.field_path(key), "is empty; list at least one")
        return list(node.value)

    def wrong(self, key: str, expected: str) -> FieldError:
        """The error for a present field of the wrong kind."""
        node = self.value_node(key)
        line = line_of(node) if node.tag != _NULL else self.line_of(key)
        return FieldError(line, self.field_path(key), f"expected {expected}, got {_describe(node)}")
