"""Importing old records through the administrator's page under *Kompetanser*."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.competence.models import CompetenceRecord, Obligation, Standing

HEADER = "employee_email,competence,achieved_on,expires_on,source,reference\n"
PAGE = "/competence/records/import"


@pytest.fixture
def org(make_unit, make_position, make_person, make_competence, make_requirement):
    unit, position = make_unit("Leknes legesenter"), make_position("Helsesekretær")
    hlr = make_competence("hlr", validity_months=12, name="HLR")
    make_requirement(position, hlr)
    kari = make_person(email="kari@leknes.example", unit=unit, position=position, name="Kari")
    admin = make_person(unit=unit, access="admin")
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    return {"hlr": hlr, "kari": kari, "admin": admin, "lead": lead, "unit": unit}


def upload(client, text: str | bytes, name: str = "ks-laering.csv", **extra):
    body = text.encode() if isinstance(text, str) else text
    data = {"file": (io.BytesIO(body), name), **extra}
    return client.post(PAGE, data=data, content_type="multipart/form-data")


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_the_page_is_for_administrators(client, auth, org, make_person):
    for who in (org["lead"], make_person(unit=org["unit"])):
        auth.login(who)
        assert client.get(PAGE).status_code == 403
        assert upload(client, HEADER).status_code == 403
        assert client.get(PAGE + "/template.csv").status_code == 403
        auth.logout()


def test_the_administrator_finds_it_under_kompetanser(client, auth, org):
    auth.login(org["admin"])
    page = client.get("/competence/").get_data(as_text=True)
    assert f'href="{PAGE}"' in page
    form = client.get(PAGE).get_data(as_text=True)
    assert "employee_email,competence,achieved_on,expires_on,source,reference" in form
    assert 'name="_once"' in form
    assert '<input checked id="dry_run"' in form  # a preview first


def test_the_dry_run_previews_and_changes_nothing(client, auth, db, org):
    auth.login(org["admin"])
    response = upload(
        client, HEADER + "kari@leknes.example,HLR,01.03.2026,,KS Læring,KS-9\n", dry_run="y"
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Filen er i orden: 1 registreringer kan importeres." in page
    for shown in ("Kari", "01.03.2027", "regnet ut fra gyldigheten"):
        assert shown in page
    assert count(db, CompetenceRecord) == 0
    assert count(db, Standing) == 0
    assert count(db, AuditEvent) == 0


def test_the_import_keeps_records_standings_obligations_and_the_log(client, auth, db, org):
    auth.login(org["admin"])
    response = upload(client, HEADER + "kari@leknes.example,hlr,2026-03-01,,KS Læring,KS-9\n")
    assert response.status_code == 302
    shown = client.get(response.location).get_data(as_text=True)
    assert "1 registreringer er importert, 0 fantes fra før og er hoppet over." in shown
    record = db.scalars(select(CompetenceRecord)).one()
    assert (record.source, record.expires_on, record.recorded_by_id) == (
        "import",
        date(2027, 3, 1),
        org["admin"].id,
    )
    assert db.get(Standing, (org["kari"].id, org["hlr"].id)).record_id == record.id
    assert db.get(
        Obligation, (org["kari"].id, org["hlr"].id, org["kari"].unit_id)
    ).expires_on == date(2027, 3, 1)
    event = db.scalars(select(AuditEvent)).one()
    assert (event.action, event.actor_id, event.details["file"]) == (
        "competence_record.imported",
        org["admin"].id,
        "ks-laering.csv",
    )
    log = client.get("/admin/audit/").get_data(as_text=True)
    assert "Kompetanse importert fra fil" in log
    assert "ks-laering.csv" in log


def test_a_duplicate_is_counted_in_the_preview(client, auth, db, org, make_record):
    make_record(org["kari"], org["hlr"], date(2026, 3, 1))
    auth.login(org["admin"])
    body = HEADER + "kari@leknes.example,hlr,2026-03-01,,,\nkari@leknes.example,hlr,2025-03-01,,,\n"
    page = upload(client, body, dry_run="y").get_data(as_text=True)
    assert "1 registreringer kan importeres" in page
    assert "1 finnes fra før og hoppes over." in page


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(client, auth, db, org):
    auth.login(org["admin"])
    response = upload(
        client,
        HEADER + "kari@leknes.example,hlr,2026-03-01,,,\n"
        "kari@leknes.example,hlr,2026-03-01,2025-01-01,,\n"
        "nobody@x.example,hlr,2026-03-01,,,\n",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "linje 3: expires_on 01.01.2025 er før achieved_on 01.03.2026" in page
    assert "linje 4: ingen person i portalen har e-postadressen nobody@x.example" in page
    assert "Ingenting ble importert" in page
    assert count(db, CompetenceRecord) == 0
    assert count(db, AuditEvent) == 0


def test_in_english_the_lines_are_english(client, auth, db, org):
    auth.login(org["admin"])
    client.post("/language", data={"language": "en"})
    response = upload(client, HEADER + "kari@leknes.example,svømming,2026-03-01,,,\n")
    assert response.status_code == 422
    assert "line 2: unknown competence svømming: use its code or name" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"PK\x03\x04" + b"\x00" * 64, "Excel-arbeidsbok"),
        (b"\xff\xfe\x00\x01garbage", "UTF-8"),
    ],
)
def test_a_file_that_is_no_csv_is_refused_by_its_content(client, auth, db, org, body, message):
    auth.login(org["admin"])
    response = upload(client, body, name="records.csv")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db, CompetenceRecord) == 0


def test_a_file_over_the_limit_is_refused_whole(client, auth, db, org, monkeypatch):
    from portal import csvimport

    monkeypatch.setattr(csvimport, "MAX_BYTES", 100)
    auth.login(org["admin"])
    response = upload(client, HEADER + "kari@leknes.example,hlr,2026-03-01,,,\n" * 5)
    assert response.status_code == 422
    assert "mer enn grensen" in response.get_data(as_text=True)
    assert count(db, CompetenceRecord) == 0


def test_the_template_opens_in_norwegian_excel(client, auth, org):
    auth.login(org["admin"])
    response = client.get(PAGE + "/template.csv")
    assert response.status_code == 200
    assert response.data.decode("utf-8-sig").strip() == HEADER.strip().replace(",", ";")


def test_an_import_runs_as_many_queries_for_more_rows(app, client, auth, org, make_person):
    from sqlalchemy import event

    people = [make_person(unit=org["unit"]) for _ in range(24)]
    auth.login(org["admin"])

    def statements(rows: list[str]) -> int:
        seen: list[str] = []

        def listener(*args) -> None:
            seen.append(args[2])

        engine = app.extensions["portal.engine"]
        event.listen(engine, "before_cursor_execute", listener)
        try:
            response = upload(client, HEADER + "".join(rows))
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 302
        return len(seen)

    few = statements([f"{p.email},hlr,2026-03-01,,KS Læring,\n" for p in people[:3]])
    many = statements([f"{p.email},hlr,2025-03-0{n % 9 + 1},,,\n" for n, p in enumerate(people)])
    assert many == few
