"""Every text of the interface has an English translation (Norwegian is the source language)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "pgettext": ((1, "c"), 2),
    "lazy_pgettext": ((1, "c"), 2),
    "N_": None,  # a stored notification's message key (portal/notify/messages.py)
}
METHODS = [("portal/**.py", "python"), ("portal/**/templates/**.html", "jinja2")]


def source_messages() -> set[tuple[str | None, str]]:
    """(context, text) of every message in the code and the templates."""
    found = extract_from_dir(str(ROOT), method_map=METHODS, keywords=KEYWORDS)
    return {
        (context, message if isinstance(message, str) else message[0])
        for _file, _line, message, _comments, context in found
    }


def english():
    with open(ROOT / "portal/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        return read_po(po, locale="en")


def notification_keys() -> set[str]:
    """Every message key a stored notification can hold: each text marked with ``N_``."""
    found = extract_from_dir(
        str(ROOT), method_map=[("portal/**.py", "python")], keywords={"N_": None}
    )
    return {message for _file, _line, message, _comments, _context in found}


def test_every_message_has_an_english_translation():
    catalog = english()
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and "fuzzy" not in m.flags
    }
    missing = sorted(source_messages() - translated, key=lambda m: (m[0] or "", m[1]))
    assert not missing, "untranslated (run `make messages`, then translate):\n" + "\n".join(
        f"{context}: {text}" if context else text for context, text in missing
    )


def test_every_stored_notification_key_has_english():
    keys = notification_keys()
    # one from each feature that tells or asks people something
    assert {
        "%(name)s har sendt inn dokumentasjon: %(competence)s",
        "Ny kurssøknad fra %(name)s: %(title)s",
        "Fyll ut egenvurderingen innen %(date)s.",
        "Påminnelse: %(title)s for %(name)s",
        "%(name)s venter på godkjenning av plass på kurs: %(title)s",
    } <= keys
    catalog = english()
    untranslated = sorted(
        key
        for key in keys
        if catalog.get(key) is None
        or not catalog.get(key).string
        or "fuzzy" in catalog.get(key).flags
        or catalog.get(key).string == key
    )
    assert not untranslated, "notification keys without English:\n" + "\n".join(untranslated)
