"""The people CSV checked row by row; outside a request its messages are in bokmål, the source
language (the import page and the command line choose theirs)."""

from __future__ import annotations

from datetime import date

import pytest

from portal.org.importer import parse

HEADER = "email,name,unit,role,start_date,employment_percent,access\n"
UNITS = {"Leknes legesenter": 1, "Lofotleger AS": 2}
POSITIONS = {"Helsesekretær": 10, "helsesekretaer": 10}


def check(body: str, existing=frozenset()):
    return parse(HEADER + body, units=UNITS, positions=POSITIONS, existing_emails=set(existing))


def test_good_rows_become_people():
    result = check(
        "Kari@X.no,Kari,leknes legesenter,Helsesekretær,2026-03-01,80,lead\n"
        "ola@x.no,Ola,Lofotleger AS,helsesekretaer,2025-12-31,100,\n"
    )
    assert result.errors == []
    first, second = result.rows
    assert (
        first.email,
        first.unit_id,
        first.position_id,
        first.start_date,
        first.employment_percent,
        first.access,
    ) == ("kari@x.no", 1, 10, date(2026, 3, 1), 80, "lead")
    assert second.access == "employee"
    assert second.line == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "a@x.no,A,Nowhere,Helsesekretær,2026-01-01,100,employee",
            "linje 2: ukjent enhet 'Nowhere'",
        ),
        (
            "a@x.no,A,Lofotleger AS,Pilot,2026-01-01,100,employee",
            "linje 2: ukjent stilling 'Pilot'",
        ),
        ("a@x.no,A,Lofotleger AS,Helsesekretær,02/01/2026,100,employee", "linje 2: ugyldig dato"),
        ("a@x.no,A,Lofotleger AS,Helsesekretær,1.2.26,100,employee", "linje 2: ugyldig dato"),
        ("a@x.no,A,Lofotleger AS,Helsesekretær,2026-02-30,100,employee", "linje 2: ugyldig dato"),
        ("a@x.no,A,Lofotleger AS,Helsesekretær,30.02.2026,100,employee", "linje 2: ugyldig dato"),
        (
            "a@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,0,employee",
            "linje 2: ugyldig stillingsprosent",
        ),
        (
            "a@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,101,employee",
            "linje 2: ugyldig stillingsprosent",
        ),
        (
            "a@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,80.5,employee",
            "linje 2: ugyldig stillingsprosent",
        ),
        ("a@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,80,root", "linje 2: ukjent tilgang"),
        (
            "not-an-email,A,Lofotleger AS,Helsesekretær,2026-01-01,80,",
            "linje 2: ugyldig e-postadresse",
        ),
        ("a@x.no,,Lofotleger AS,Helsesekretær,2026-01-01,80,", "linje 2: navnet er tomt"),
        ("a@x.no,A,Lofotleger AS", "linje 2: ventet 7 kolonner, fant 3"),
    ],
)
def test_each_bad_row_is_named_by_line(row, message):
    result = check(row + "\n")
    assert any(error.startswith(message) for error in result.errors), result.errors


def test_duplicate_emails_in_file_and_portal():
    result = check(
        "a@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,80,\n"
        "A@x.no,B,Lofotleger AS,Helsesekretær,2026-01-01,80,\n"
        "b@x.no,B,Lofotleger AS,Helsesekretær,2026-01-01,80,\n",
        existing={"b@x.no"},
    )
    assert result.errors == [
        "linje 3: e-postadressen a@x.no står også på linje 2",
        "linje 4: e-postadressen b@x.no finnes allerede i portalen",
    ]


def test_a_wrong_header_is_reported_on_line_one():
    result = parse("mail,navn\n", units=UNITS, positions=POSITIONS, existing_emails=set())
    assert result.errors[0].startswith("linje 1: overskriftsraden må være")


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("01.12.2026", date(2026, 12, 1)),
        ("1.2.2026", date(2026, 2, 1)),
    ],
)
def test_a_start_date_as_iso_or_as_norwegian_excel_saves_it(written, day):
    result = check(f"a@x.no,A,Lofotleger AS,Helsesekretær,{written},80,\n")
    assert result.errors == []
    assert result.rows[0].start_date == day


def test_blank_lines_and_a_byte_order_mark_are_tolerated():
    result = parse(
        "\ufeff" + HEADER + "\na@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,80,\n",
        units=UNITS,
        positions=POSITIONS,
        existing_emails=set(),
    )
    assert result.errors == []
    assert result.rows[0].line == 3


def test_quoted_fields_with_commas_are_read_as_one():
    result = check('a@x.no,"Nordmann, Kari",Lofotleger AS,Helsesekretær,2026-01-01,80,\n')
    assert result.rows[0].name == "Nordmann, Kari"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "a@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,²,employee",
            "linje 2: ugyldig stillingsprosent",
        ),
        ("a@x.no,A,Lofotleger AS,Helsesekretær,9999-12-31,80,employee", "linje 2: startdatoen"),
        (
            "a@x.no," + "N" * 201 + ",Lofotleger AS,Helsesekretær,2026-01-01,80,",
            "linje 2: navnet er",
        ),
        (
            "a" * 250 + "@x.no,A,Lofotleger AS,Helsesekretær,2026-01-01,80,",
            "linje 2: e-postadressen er",
        ),
    ],
)
def test_values_the_database_cannot_hold_are_named(row, message):
    result = check(row + "\n")
    assert any(error.startswith(message) for error in result.errors), result.errors


def test_an_oversized_field_is_a_line_message_not_a_crash():
    result = check("a@x.no," + "N" * 200_000 + ",Lofotleger AS,Helsesekretær,2026-01-01,80,\n")
    assert result.rows == []
    assert result.errors[0].startswith("linje ")


def test_a_file_saved_by_norwegian_excel_with_semicolons_is_read():
    row = 'k@x.no;"Nilsen, Kari";Lofotleger AS;Helsesekretær;2026-01-01;80;\n'
    result = parse(
        "\ufeff" + HEADER.replace(",", ";") + row,
        units=UNITS,
        positions=POSITIONS,
        existing_emails=set(),
    )
    assert result.errors == []
    assert (result.rows[0].email, result.rows[0].name) == ("k@x.no", "Nilsen, Kari")


def test_the_header_message_names_both_separators():
    result = parse("mail;navn\n", units=UNITS, positions=POSITIONS, existing_emails=set())
    assert "semikolon" in result.errors[0]
