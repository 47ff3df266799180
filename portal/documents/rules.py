"""The rules of documents and their versions. Pure: no Flask, no SQL.

Decisions (tested in ``tests/unit/documents/test_rules.py``):

- A version's text is kept for good: the same version number with another text is refused,
  and so is a version number lower than one already loaded.
- The first version asks everyone; a later version asks everyone again only when it is
  material. The *required* version is the newest material one: a confirmation of it or of a
  later version counts, an older one counts only until the administrator's date
  (:func:`portal.competence.records.require_by` sets its expiry).
- A confirmation whose version is unknown (a record imported from elsewhere) counts as current.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Change(StrEnum):
    NEW = "new"  # the document is not loaded yet
    SAME = "same"  # this version is loaded with this text
    NEXT = "next"  # a new version of a loaded document


class VersionRefused(Exception):
    """The file would change a version already loaded."""


def version_change(loaded: Mapping[int, str], version: int, digest: str) -> Change:
    """What loading ``version`` with text ``digest`` means, given the loaded versions' digests.

    :raise VersionRefused: if it would rewrite a loaded version or go back to an older one
    """
    if not loaded:
        return Change.NEW
    if version in loaded and loaded[version] != digest:
        raise VersionRefused(
            f"version {version} was loaded with another text, which is kept as it was; "
            f"give the changed text version {max(loaded) + 1}"
        )
    if version < max(loaded):
        raise VersionRefused(f"version {version} is older than the loaded version {max(loaded)}")
    return Change.SAME if version in loaded else Change.NEXT


def required_version(versions: Iterable[tuple[int, bool]]) -> int:
    """The newest version that asks everyone: the newest material one, or the first."""
    ordered = sorted(versions)
    material = [number for number, is_material in ordered[1:] if is_material]
    return material[-1] if material else ordered[0][0]


class State(StrEnum):
    CONFIRMED = "confirmed"  # holds a valid confirmation of the required version or later
    AGAIN = "again"  # holds a valid confirmation of an older version: confirm the new one
    EXPIRED = "expired"  # the confirmation has expired
    MISSING = "missing"  # never confirmed


@dataclass(frozen=True)
class Held:
    """The confirmation that counts: the version it names (None: unknown) and its expiry."""

    version: int | None
    expires_on: date | None


def state(held: Held | None, required: int, today: date) -> State:
    if held is None:
        return State.MISSING
    if held.expires_on is not None and today > held.expires_on:
        return State.EXPIRED
    if held.version is not None and held.version < required:
        return State.AGAIN
    return State.CONFIRMED


def version_of(reference: str | None, slug: str) -> int | None:
    """The version a record's reference ``"<slug> v<N>"`` names, or None."""
    prefix = f"{slug} v"
    if reference is None or not reference.startswith(prefix):
        return None
    number = reference.removeprefix(prefix)
    return int(number) if number.isascii() and number.isdigit() else None


def may_confirm(held: Held | None, version: int, today: date, window: timedelta) -> bool:
    """A person confirms a version unless they hold a confirmation of it that is valid beyond
    the expiring window: a second click makes nothing, a renewal in time is welcome."""
    if (
        held is None
        or held.version != version
        or state(held, version, today) is not State.CONFIRMED
    ):
        return True
    return held.expires_on is not None and held.expires_on <= today + window
