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
}
METHODS = [("portal/**.py", "python"), ("portal/**/templates/**.html", "jinja2")]


def source_messages() -> set[tuple[str | None, str]]:
    """(context, text) of every message in the code and the templates."""
    found = extract_from_dir(str(ROOT), method_map=METHODS, keywords=KEYWORDS)
    return {
        (context, message if isinstance(message, str) else message[0])
        for _file, _line, message, _comments, context in found
    }


def test_every_message_has_an_english_translation():
    with open(ROOT / "portal/translations/en/LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale="en")
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and "fuzzy" not in m.flags
    }
    missing = sorted(source_messages() - translated, key=lambda m: (m[0] or "", m[1]))
    assert not missing, "untranslated (run `make messages`, then translate):\n" + "\n".join(
        f"{context}: {text}" if context else text for context, text in missing
    )
