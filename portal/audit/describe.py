"""An event's details in words: "field: old → new" for what changed, "field: value" for the
rest, with ids shown as the names of what they refer to, dates in Norwegian form and money
in kroner. Pure: the names come in as a mapping, resolved beforehand for a whole page."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from portal.audit.labels import REFERENCES, VALUES, field_label
from portal.audit.names import Named, as_id
from portal.formatting import format_date, format_datetime, format_kroner

Names = Mapping[tuple[str, int], Named]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
#: Details that go together as one change: (before, after, the word for the pair).
PAIRS = (("before", "after", "status"), ("before_ore", "amount_ore", "amount_ore"))


@dataclass(frozen=True)
class Change:
    """One line of an event's details; ``old`` is None where only a value was recorded."""

    field: str
    new: str
    old: str | None = None

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.field}: {self.new}"
        return f"{self.field}: {self.old} → {self.new}"


def changes(details: Any, names: Names) -> list[Change]:
    """The lines that tell ``details`` (an event's JSON) in words."""
    if not isinstance(details, dict):
        return [] if details in (None, "") else [Change(_("Detaljer"), value_text("", details))]
    return list(_changes(details, names))


def _changes(details: dict[str, Any], names: Names) -> Iterator[Change]:
    pairs = [(b, a, label) for b, a, label in PAIRS if b in details and a in details]
    paired = {key for b, a, _label in pairs for key in (b, a)}
    for key, value in details.items():
        if key == "changed" and isinstance(value, dict):
            for field, pair in value.items():
                if isinstance(pair, list) and len(pair) == 2:
                    old, new = pair
                    yield Change(
                        field_label(field),
                        value_text(field, new, names),
                        value_text(field, old, names),
                    )
                else:
                    yield Change(field_label(field), value_text(field, pair, names))
        elif key in paired:
            for before, after, label in pairs:
                if key == after:  # told once, where the new value stands
                    yield Change(
                        field_label(label),
                        value_text(after, details[after], names),
                        value_text(before, details[before], names),
                    )
        else:
            yield Change(field_label(key), value_text(key, value, names))


def value_text(key: str, value: Any, names: Names | None = None) -> str:
    """One value of the field ``key`` in words."""
    names = names or {}
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if key in REFERENCES:
        kind = REFERENCES[key]
        if isinstance(value, list):
            return ", ".join(_referred(kind, item, names) for item in value)
        return _referred(kind, value, names)
    if isinstance(value, int) and key.endswith("_ore"):
        return format_kroner(value)
    if isinstance(value, str):
        if key in VALUES and value in VALUES[key]:
            return str(VALUES[key][value])
        return _text(value)
    if isinstance(value, list):
        return ", ".join(value_text(key, item, names) for item in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{field_label(str(k))}: {value_text(str(k), v, names)}" for k, v in value.items()
        )
    return str(value)


def _text(value: str) -> str:
    try:
        if ISO_DATETIME.fullmatch(value[:16]) and len(value) > 16:
            moment = datetime.fromisoformat(value)
            return format_datetime(moment) if moment.tzinfo else value
        if ISO_DATE.fullmatch(value):
            return format_date(date.fromisoformat(value))
    except ValueError:
        return value
    return value


def _referred(kind: str, value: Any, names: Names) -> str:
    number = as_id(value)
    named = names.get((kind, number)) if number is not None else None
    if named is not None:
        return named.name
    return f"#{value}"


def referred_ids(details: Any) -> Iterator[tuple[str, int]]:
    """The ``(object_type, id)`` of every object ``details`` refers to, to be named."""
    if not isinstance(details, dict):
        return
    for key, value in details.items():
        if key == "changed" and isinstance(value, dict):
            for field, pair in value.items():
                yield from _ids(field, pair)
        else:
            yield from _ids(key, value)


def _ids(key: str, value: Any) -> Iterator[tuple[str, int]]:
    kind = REFERENCES.get(key)
    if kind is None:
        return
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, list):
            yield from _ids(key, item)
        else:
            number = as_id(item)
            if number is not None:
                yield kind, number
