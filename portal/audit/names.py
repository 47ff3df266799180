"""The names of the objects the log refers to, told by the features that own them.

The audit log sits below every feature that records events, so it cannot read their tables.
Each feature registers, for each kind of object it audits, a function that names many
objects of that kind in one query; the log asks once per kind on a page, never once per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import Select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Named:
    """An object's name, and the page that shows it (None where there is none)."""

    name: str
    url: str | None = None


#: ``names(session, ids)``: the objects of one kind with these ids that still exist.
Resolver = Callable[[Session, set[int]], dict[int, Named]]
#: ``search(text)``: a query for the ids of the people whose name or email contain ``text``.
PeopleSearch = Callable[[str], Select]

KINDS = "portal.audit_kinds"
PEOPLE = "portal.audit_people"


def register(app: Flask, object_type: str, names: Resolver) -> None:
    """Let the log name objects of ``object_type`` (a model's class name)."""
    app.extensions.setdefault(KINDS, {})[object_type] = names


def register_people_search(app: Flask, search: PeopleSearch) -> None:
    app.extensions[PEOPLE] = search


def people_search(text: str) -> Select | None:
    search = current_app.extensions.get(PEOPLE)
    return search(text) if search is not None else None


Wanted = Iterable[tuple[str, object]]


def resolve(session: Session, wanted: Wanted) -> dict[tuple[str, int], Named]:
    """The names of the ``(object_type, id)`` pairs in ``wanted`` that can be named: one query
    per kind that occurs. Ids that are not whole numbers, and kinds no feature names, are
    left out."""
    ids: defaultdict[str, set[int]] = defaultdict(set)
    for object_type, object_id in wanted:
        number = as_id(object_id)
        if number is not None:
            ids[object_type].add(number)
    resolvers: dict[str, Resolver] = current_app.extensions.get(KINDS, {})
    found: dict[tuple[str, int], Named] = {}
    for object_type, numbers in ids.items():
        names = resolvers.get(object_type)
        if names is None or not numbers:
            continue
        for number, named in names(session, numbers).items():
            found[object_type, number] = named
    return found


def as_id(value: object) -> int | None:
    """An id as stored (an int, or the text of one in ``object_id``); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**63 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None
