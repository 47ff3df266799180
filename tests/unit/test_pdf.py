from __future__ import annotations

import pytest

from portal import pdf
from portal.pdf import latin1
from tests.factories import pdf_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blåbærsyltetøy ÆØÅ", "Blåbærsyltetøy ÆØÅ"),
        ("Møte – «verneombud» … ok", "Møte - «verneombud» ... ok"),
        ("“quoted” ‘single’ ✓", "\"quoted\" 'single' OK"),
        ("Ærlig 😀 ₂", "Ærlig ? ?"),
        ("Taushetsplikt – §§ 21–25", "Taushetsplikt - §§ 21-25"),
        ("日本", "??"),
    ],
)
def test_latin1_keeps_norwegian_letters_and_replaces_the_rest(text, expected):
    assert latin1(text) == expected
    latin1(text).encode("latin-1")


def _written(document: pdf.Document, text: str) -> str:
    document.add_page()
    document.font("", 10)
    document.multi_cell(0, 5, text)
    return "\n".join(pdf_lines(bytes(document.output())))


def test_a_document_writes_dashes_in_the_unicode_font():
    # The portal's PDFs need the font (README): a machine without it fails here, never skips.
    assert pdf.unicode_font_files() is not None, (
        "DejaVu Sans is missing: apt-get install fonts-dejavu-core"
    )
    assert _written(pdf.Document(), "HLR – grunnkurs «nå»") == "HLR – grunnkurs «nå»"


def test_without_the_font_a_document_falls_back_on_latin1(monkeypatch):
    monkeypatch.setattr(pdf, "unicode_font_files", lambda: None)
    assert _written(pdf.Document(), "HLR – grunnkurs 🚑 æøå") == "HLR - grunnkurs ? æøå"
