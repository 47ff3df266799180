from __future__ import annotations

import pytest

from portal.pdf import latin1


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
