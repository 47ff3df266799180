"""The version rules of documents and where a person stands with one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.documents import rules
from portal.documents.rules import Change, Held, State

TODAY = date(2026, 12, 2)
WINDOW = timedelta(days=60)


@pytest.mark.parametrize(
    ("loaded", "version", "digest", "expected"),
    [
        ({}, 1, "a", Change.NEW),
        ({}, 3, "a", Change.NEW),
        ({1: "a"}, 1, "a", Change.SAME),
        ({1: "a"}, 2, "b", Change.NEXT),
        ({1: "a", 2: "b"}, 2, "b", Change.SAME),
        ({1: "a"}, 5, "b", Change.NEXT),
    ],
)
def test_version_change(loaded, version, digest, expected):
    assert rules.version_change(loaded, version, digest) is expected


@pytest.mark.parametrize(
    ("loaded", "version", "digest", "message"),
    [
        ({1: "a"}, 1, "b", "version 1 was loaded with another text"),
        ({1: "a", 2: "b"}, 2, "c", "give the changed text version 3"),
        ({1: "a", 2: "b"}, 1, "a", "version 1 is older than the loaded version 2"),
        ({1: "a", 2: "b"}, 1, "z", "version 1 was loaded with another text"),
    ],
)
def test_a_loaded_version_is_never_rewritten(loaded, version, digest, message):
    with pytest.raises(rules.VersionRefused, match=message):
        rules.version_change(loaded, version, digest)


@pytest.mark.parametrize(
    ("versions", "required"),
    [
        ([(1, False)], 1),  # the first version asks everyone, whatever it says
        ([(1, True), (2, False)], 1),
        ([(1, True), (2, True)], 2),
        ([(1, True), (2, True), (3, False)], 2),
        ([(3, True), (1, True), (2, False)], 3),
        ([(2, False)], 2),
    ],
)
def test_required_version_is_the_newest_material_one(versions, required):
    assert rules.required_version(versions) == required


@pytest.mark.parametrize(
    ("held", "required", "expected"),
    [
        (None, 1, State.MISSING),
        (Held(1, date(2027, 1, 1)), 1, State.CONFIRMED),
        (Held(2, None), 1, State.CONFIRMED),
        (Held(1, TODAY), 1, State.CONFIRMED),  # the day of expiry still counts
        (Held(1, TODAY - timedelta(days=1)), 1, State.EXPIRED),
        (Held(1, date(2027, 1, 1)), 2, State.AGAIN),
        (Held(1, TODAY - timedelta(days=1)), 2, State.EXPIRED),
        (Held(None, None), 2, State.CONFIRMED),  # imported: the version is not known
    ],
)
def test_state(held, required, expected):
    assert rules.state(held, required, TODAY) is expected


@pytest.mark.parametrize(
    ("reference", "version"),
    [
        ("rutine v2", 2),
        ("rutine v12", 12),
        ("rutine v", None),
        ("rutine vx", None),
        ("annen v2", None),
        ("rutine-ny v2", None),
        (None, None),
    ],
)
def test_version_of(reference, version):
    assert rules.version_of(reference, "rutine") == version


@pytest.mark.parametrize(
    ("held", "version", "allowed"),
    [
        (None, 1, True),
        (Held(1, date(2028, 1, 1)), 1, False),  # a second click
        (Held(1, None), 1, False),
        (Held(1, date(2028, 1, 1)), 2, True),  # a new version
        (Held(1, TODAY + WINDOW), 1, True),  # expiring: renew
        (Held(1, TODAY - timedelta(days=1)), 1, True),  # expired
    ],
)
def test_may_confirm(held, version, allowed):
    assert rules.may_confirm(held, version, TODAY, WINDOW) is allowed
