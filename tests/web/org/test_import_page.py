"""CSV import through the administrator's page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.org.models import Person


def upload(client, text: str, **extra):
    data = {"file": (io.BytesIO(text.encode()), "people.csv"), **extra}
    return client.post("/people/import", data=data, content_type="multipart/form-data")


HEADER = "email,name,unit,role,start_date,employment_percent,access\n"


def test_import_page_is_for_administrators(client, auth, make_person, make_unit):
    unit = make_unit()
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    assert client.get("/people/import").status_code == 403


def test_good_file_imports_everyone(client, auth, make_person, make_unit, make_position, db):
    unit, position = make_unit("Leknes"), make_position("Helsesekretær")
    auth.login(make_person(access="admin"))
    before = db.scalar(select(func.count(Person.id)))
    response = upload(
        client,
        HEADER + "a@x.test,A,Leknes,Helsesekretær,2026-01-05,100,employee\n"
        "b@x.test,B,leknes,helsesekretær,2026-02-01,50,lead\n",
    )
    assert response.status_code == 302
    assert db.scalar(select(func.count(Person.id))) == before + 2
    lead = db.scalar(select(Person).where(Person.email == "b@x.test"))
    assert [u.id for u in lead.led_units] == [unit.id]
    assert position.id == lead.position_id


def test_one_bad_row_imports_nothing_and_names_the_line(
    client, auth, make_person, make_unit, make_position, db
):
    make_unit("Leknes"), make_position("Helsesekretær")
    auth.login(make_person(access="admin"))
    before = db.scalar(select(func.count(Person.id)))
    response = upload(
        client,
        HEADER + "a@x.test,A,Leknes,Helsesekretær,2026-01-05,100,employee\n"
        "b@x.test,B,Nowhere,Helsesekretær,2026-02-01,50,employee\n",
    )
    assert response.status_code == 422
    assert "linje 3: ukjent enhet &#39;Nowhere&#39;" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Person.id))) == before


def test_the_errors_are_in_the_interface_language(
    client, auth, make_person, make_unit, make_position
):
    make_unit("Leknes"), make_position("Helsesekretær")
    auth.login(make_person(access="admin"))
    bad_date = HEADER + "a@x.test,A,Leknes,Helsesekretær,2026-13-01,100,employee\n"
    norwegian = upload(client, bad_date).get_data(as_text=True)
    assert (
        "linje 2: ugyldig dato &#39;2026-13-01&#39;: bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ" in norwegian
    )
    assert "bad date" not in norwegian
    client.post("/language", data={"language": "en"})
    english = upload(client, bad_date).get_data(as_text=True)
    assert "line 2: bad date &#39;2026-13-01&#39;: use YYYY-MM-DD or DD.MM.YYYY" in english
    assert "ugyldig" not in english


def test_dry_run_checks_without_importing(client, auth, make_person, make_unit, make_position, db):
    make_unit("Leknes"), make_position("Helsesekretær")
    auth.login(make_person(access="admin"))
    before = db.scalar(select(func.count(Person.id)))
    response = upload(
        client, HEADER + "a@x.test,A,Leknes,Helsesekretær,2026-01-05,100,\n", dry_run="y"
    )
    assert response.status_code == 200
    assert "1 personer kan importeres" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Person.id))) == before


def test_binary_file_is_refused_clearly(client, auth, make_person):
    auth.login(make_person(access="admin"))
    response = client.post(
        "/people/import",
        data={"file": (io.BytesIO(b"\xff\xfe\x00\x01garbage"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "UTF-8" in response.get_data(as_text=True)


def template(client, query: str = "") -> bytes:
    response = client.get(f"/people/import/template.csv{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return response.data


def test_the_page_offers_both_templates(client, auth, make_person):
    auth.login(make_person(access="admin"))
    page = client.get("/people/import").get_data(as_text=True)
    assert 'href="/people/import/template.csv?separator=semicolon"' in page
    assert 'href="/people/import/template.csv"' in page


def test_template_is_the_header_with_a_byte_order_mark(client, auth, make_person):
    auth.login(make_person(access="admin"))
    assert template(client) == b"\xef\xbb\xbf" + HEADER.strip().encode() + b"\r\n"
    semicolons = template(client, "?separator=semicolon")
    assert semicolons == b"\xef\xbb\xbf" + HEADER.strip().replace(",", ";").encode() + b"\r\n"


def test_template_is_for_administrators(client, auth, make_person, make_unit):
    unit = make_unit()
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    assert client.get("/people/import/template.csv").status_code == 403


@pytest.mark.parametrize("query", ["", "?separator=semicolon"])
def test_a_filled_in_template_imports(
    client, auth, make_person, make_unit, make_position, db, query
):
    """The template as Excel saves it once filled in: its byte order mark kept, and in the
    Norwegian form the dates as Norwegian Excel writes them."""
    make_unit("Leknes legesenter"), make_position("Helsesekretær")
    auth.login(make_person(access="admin"))
    separator = ";" if query else ","
    start = "01.12.2026" if query else "2026-12-01"
    row = separator.join(
        ["kari@x.test", "Kari Ødegård", "Leknes legesenter", "Helsesekretær", start, "80", ""]
    )
    data = template(client, query) + row.encode() + b"\r\n"
    response = client.post(
        "/people/import",
        data={"file": (io.BytesIO(data), "personer.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    kari = db.scalar(select(Person).where(Person.email == "kari@x.test"))
    assert kari.name == "Kari Ødegård"
    assert kari.start_date == date(2026, 12, 1)
