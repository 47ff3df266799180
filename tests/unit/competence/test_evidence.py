"""Evidence files are recognised by their first bytes, not their names."""

from __future__ import annotations

import pytest

from portal.competence.evidence import MAX_BYTES, EvidenceRejected, check, safe_filename

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, ("application/pdf", "pdf")),
        (PNG, ("image/png", "png")),
        (JPEG, ("image/jpeg", "jpg")),
    ],
)
def test_allowed_types(data, expected):
    assert check(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00 an exe named kursbevis.pdf", "type"),
        (b"<html><script>alert(1)</script>", "type"),
        (b"GIF89a", "type"),
        (b" %PDF-1.7", "type"),
        (PDF + b"x" * MAX_BYTES, "size"),
    ],
)
def test_rejected(data, reason):
    with pytest.raises(EvidenceRejected) as error:
        check(data)
    assert error.value.reason == reason


def test_exactly_the_limit_is_allowed():
    assert check(PDF + b"x" * (MAX_BYTES - len(PDF)))[0] == "application/pdf"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("HLR-bevis 2026.pdf", "pdf", "HLR-bevis_2026.pdf"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ('a"b;c.png', "jpg", "a_b_c.jpg"),
        ("", "png", "dokumentasjon.png"),
        (None, "pdf", "dokumentasjon.pdf"),
        ("Kursbevis_æøå.pdf", "pdf", "Kursbevis.pdf"),
    ],
)
def test_safe_filename(name, extension, expected):
    assert safe_filename(name, extension) == expected
