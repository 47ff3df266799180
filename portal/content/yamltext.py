"""YAML with line numbers, for reporting content problems as ``path:line: message``. Pure.

PyYAML's composer keeps the position of every node; :func:`parse` returns the plain data
together with a map from each key's or item's path to its (1-based) line in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from portal.credit import HoursError, Problem, parse_hours

Path_ = tuple[Any, ...]


class YamlProblem(Exception):
    """The text is not YAML, or has a duplicate key; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Located:
    """Parsed YAML and the line of every mapping key and sequence item in it."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    offset: int = 0

    def line(self, *path: Any) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1) + self.offset


def parse(text: str, offset: int = 0) -> Located:
    """Parse ``text``; ``offset`` is added to every line (for front matter inside a file).

    :raise YamlProblem: on a syntax error, a duplicate key or an alias that refers to itself
    """
    located = Located(data=None, offset=offset)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is not None:
            _walk(node, (), located.lines, offset)  # first: it refuses self-referring aliases
        located.data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        raise YamlProblem(line, f"not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(1 + offset, f"not valid YAML: {error}") from None
    return located


def _walk(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    offset: int,
    inside: frozenset[int] = frozenset(),
) -> None:
    if id(node) in inside:  # an alias to a node that contains it: the data would be infinite
        raise YamlProblem(node.start_mark.line + 1 + offset, "an alias refers to itself")
    inside |= {id(node)}
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise YamlProblem(key_node.start_mark.line + 1 + offset, f"duplicate key {key!r}")
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines, offset, inside)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, offset, inside)


class Problems:
    """Content problems, each as ``path:line: message``, in the order found."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.items.append(f"{path}:{line}: {message}")

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class Fields:
    """Typed access to one YAML mapping, reporting every problem against its file and line."""

    mapping: dict[str, Any]
    located: Located
    at: Path_
    file: str
    problems: Problems

    def report(self, key: str | None, message: str) -> None:
        path = self.at if key is None else (*self.at, key)
        self.problems.add(self.file, self.located.line(*path), message)

    def unknown(self, allowed: set[str]) -> None:
        for key in self.mapping:
            if key not in allowed:
                self.report(
                    str(key), f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
                )

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.report(None if key not in self.mapping else key, f"{key!r} is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.report(key, f"{key!r} must be non-empty text")
            return None
        return value.strip()

    def integer(self, key: str, *, required: bool = True, minimum: int = 1) -> int | None:
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.report(None if key not in self.mapping else key, f"{key!r} is required")
            return None
        # bool is an int in Python, but "true" is no number of minutes.
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.report(key, f"{key!r} must be a whole number of at least {minimum}")
            return None
        return value

    def hours(self, key: str) -> int | None:
        """Optional whole or half hours (``7``, ``7.5``), as minutes."""
        value = self.mapping.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise HoursError(Problem.NOT_A_NUMBER)
            return parse_hours(str(value))
        except HoursError:
            self.report(
                key, f"{key!r} must be whole or half hours from 0.5 to 1000, such as 7 or 7.5"
            )
            return None

    def text_list(self, key: str, *, required: bool = True) -> list[str] | None:
        """A non-empty list of non-empty texts."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.report(None if key not in self.mapping else key, f"{key!r} is required")
            return None
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            self.report(key, f"{key!r} must be a list of one or more non-empty texts")
            return None
        return [item.strip() for item in value]

    def date(self, key: str, *, required: bool = True) -> date | None:
        """A date written as YYYY-MM-DD."""
        value = self.mapping.get(key)
        if value is None:
            if required:
                self.report(None if key not in self.mapping else key, f"{key!r} is required")
            return None
        if not isinstance(value, date):
            self.report(key, f"{key!r} must be a date written as YYYY-MM-DD")
            return None
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.mapping.get(key, default)
        if not isinstance(value, bool):
            self.report(key, f"{key!r} must be true or false")
            return default
        return value


def mapping_or_report(
    value: Any, located: Located, at: Path_, file: str, problems: Problems, what: str
) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        problems.add(file, located.line(*at), f"{what} must be a mapping of keys to values")
        return None
    return value
