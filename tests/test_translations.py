"""Every text of the interface has an English translation (Norwegian is the source language),
and what the portal writes in English holds no Norwegian interface words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.factories import pdf_lines

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


# Words of the Norwegian interface that a PDF in English must not contain (names of people,
# units and courses are content, not interface, and the fixture below keeps them neutral).
BOKMAL_WORDS = (
    "Kursbevis",
    "Kompetanseportefølje",
    "bekrefter at",
    "har fullført",
    "bestått",
    "Gyldig til",
    "Utløper ikke",
    "Kontrollkode",
    "Kontroller at",
    "Oppnådd",
    "Historikk",
    "Tellende timer",
    "Kilde",
    "Utskrevet",
    "Navn",
    "E-post",
    "Enhet",
    "Stilling",
    "Dato",
    "Ingen.",
    "Gjelder",
    "Utløpt",
)


@pytest.fixture
def certified(app, make_unit, make_position, make_person, make_competence, make_record):
    """A person with a course certificate, in a unit and a position named in no language."""
    from portal.certificates.operations import issue_certificate
    from portal.competence.models import CompetenceRecord

    person = make_person(
        unit=make_unit("Lofoten"), position=make_position("Sekreter"), name="Ada Berg"
    )
    competence = make_competence(code="confidentiality", name="Confidentiality")
    record = make_record(person, competence, date(2025, 3, 1), expires_on=date(2027, 3, 1))
    make_record(person, make_competence(name="Lapsed"), date(2020, 1, 1))
    make_record(person, make_competence(name="Lifelong", validity_months=None), date(2020, 1, 1))
    with app.extensions["portal.sessionmaker"]() as session:
        certificate = issue_certificate(session, record=session.get(CompetenceRecord, record.id))
        session.commit()
        return person, certificate.id


def pdfs(client, certificate_id: int) -> dict[str, str]:
    return {
        url: "\n".join(pdf_lines(client.get(url).data))
        for url in (f"/certificates/{certificate_id}.pdf", "/me/portfolio.pdf")
    }


def test_the_pdfs_are_written_in_the_readers_language(client, auth, certified):
    person, certificate_id = certified
    auth.login(person)
    norwegian = pdfs(client, certificate_id)
    assert "Kursbevis" in norwegian[f"/certificates/{certificate_id}.pdf"]
    assert "Kompetanseportefølje" in norwegian["/me/portfolio.pdf"]
    # The words are found where they are written: the check below is not vacuous.
    missing = [w for w in BOKMAL_WORDS if not any(w in text for text in norwegian.values())]
    assert not missing

    client.post("/language", data={"language": "en"})
    english = pdfs(client, certificate_id)
    certificate = english[f"/certificates/{certificate_id}.pdf"]
    assert "Course certificate" in certificate
    assert "has completed and passed the course" in certificate
    assert "Competence portfolio" in english["/me/portfolio.pdf"]
    left = {(url, word) for url, text in english.items() for word in BOKMAL_WORDS if word in text}
    assert not left, sorted(left)


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
