"""`portal records import FILE.csv [--dry-run]`: old records, all or nothing, in bokmål."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.competence.models import CompetenceRecord, Obligation, Standing

HEADER = "employee_email,competence,achieved_on,expires_on,source,reference\n"


@pytest.fixture
def org(make_unit, make_position, make_person, make_competence, make_requirement):
    unit, position = make_unit("Leknes legesenter"), make_position("Helsesekretær")
    hlr = make_competence("hlr", validity_months=12, name="HLR")
    taushet = make_competence("taushetsplikt", validity_months=None, name="Taushetsplikt")
    make_requirement(position, hlr)
    kari = make_person(email="kari@leknes.example", unit=unit, position=position)
    ola = make_person(email="ola@leknes.example", unit=unit, position=position)
    return {"hlr": hlr, "taushet": taushet, "kari": kari, "ola": ola}


def write(tmp_path, body: str, *, header: str = HEADER, name: str = "ks-laering.csv"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def run(app, path, *extra):
    return app.test_cli_runner().invoke(args=["records", "import", str(path), *extra])


def records(db, person=None):
    query = select(CompetenceRecord).order_by(CompetenceRecord.achieved_on)
    if person is not None:
        query = query.where(CompetenceRecord.person_id == person.id)
    return list(db.scalars(query))


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def standings_check(app):
    result = app.test_cli_runner().invoke(args=["standings", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok")


def test_a_good_file_imports_with_expiry_from_the_validity(app, db, tmp_path, org):
    path = write(
        tmp_path,
        "Kari@Leknes.example,hlr,2026-03-01,,KS Læring,KS-123\n"
        "ola@leknes.example,Taushetsplikt,15.01.2025,,KS Læring,\n"
        "ola@leknes.example,HLR,2025-06-10,2026-12-31,Excel-ark,\n",
    )
    result = run(app, path)
    assert result.exit_code == 0, result.output
    assert "3 registreringer er importert, 0 fantes fra før" in result.output
    (kari_hlr,) = records(db, org["kari"])
    assert (kari_hlr.achieved_on, kari_hlr.expires_on) == (date(2026, 3, 1), date(2027, 3, 1))
    assert (kari_hlr.source, kari_hlr.reference, kari_hlr.note) == ("import", "KS-123", "KS Læring")
    taushet, hlr = records(db, org["ola"])
    assert taushet.expires_on is None  # no validity: never expires
    assert hlr.expires_on == date(2026, 12, 31)  # as the file says
    standings_check(app)
    # The obligation of the requirement carries the imported record's dates.
    obligation = db.get(Obligation, (org["kari"].id, org["hlr"].id, org["kari"].unit_id))
    assert obligation.expires_on == date(2027, 3, 1)
    assert db.get(Standing, (org["kari"].id, org["hlr"].id)).record_id == kari_hlr.id


def test_renewed_inside_the_window_runs_on_from_the_earlier_expiry(app, db, tmp_path, org):
    # The earlier record in the file expires 10.01.2025; renewed 20.12.2024, inside the
    # expiring window, the new one runs a year from then, as a record registered by hand does.
    path = write(
        tmp_path,
        "kari@leknes.example,hlr,2024-12-20,,KS Læring,\nkari@leknes.example,hlr,2024-01-10,,,\n",
    )
    assert run(app, path).exit_code == 0
    first, second = records(db, org["kari"])
    assert first.expires_on == date(2025, 1, 10)
    assert second.expires_on == date(2026, 1, 10)
    standings_check(app)


def test_duplicates_are_skipped_and_counted(app, db, tmp_path, org, make_record):
    make_record(org["kari"], org["hlr"], date(2026, 3, 1))
    path = write(
        tmp_path,
        "kari@leknes.example,hlr,01.03.2026,,KS Læring,\n"  # already in the portal
        "ola@leknes.example,hlr,2026-03-01,,KS Læring,\n"
        "ola@leknes.example,HLR,01.03.2026,,Excel,\n",  # the same as the row before
    )
    result = run(app, path)
    assert result.exit_code == 0, result.output
    assert "1 registreringer er importert, 2 fantes fra før og er hoppet over" in result.output
    assert len(records(db, org["kari"])) == 1
    assert len(records(db, org["ola"])) == 1
    # Again: everything is there already.
    again = run(app, path)
    assert "0 registreringer er importert, 3 fantes fra før" in again.output
    assert count(db, CompetenceRecord) == 2
    standings_check(app)


def test_every_bad_row_is_named_and_nothing_is_imported(app, db, tmp_path, org):
    path = write(
        tmp_path,
        "kari@leknes.example,hlr,2026-03-01,,KS Læring,\n"
        "nobody@leknes.example,hlr,2026-03-01,,,\n"
        "kari@leknes.example,svømming,2026-03-01,,,\n"
        "kari@leknes.example,hlr,2026-13-01,,,\n"
        "kari@leknes.example,hlr,2026-03-01,2026-02-01,,\n"
        "kari@leknes.example,hlr,2027-01-01,,,\n"
        "kari@leknes.example,hlr\n",
    )
    result = run(app, path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "linje 3: ingen person i portalen har e-postadressen nobody@leknes.example" in lines
    assert "linje 4: ukjent kompetanse svømming: bruk koden eller navnet" in lines
    assert any(line.startswith("linje 5: ugyldig dato 2026-13-01 i achieved_on") for line in lines)
    assert "linje 6: expires_on 01.02.2026 er før achieved_on 01.03.2026" in lines
    assert "linje 7: achieved_on 01.01.2027 er etter i dag" in lines
    assert "linje 8: ventet 6 kolonner, fant 2" in lines
    assert "6 feil; ingenting er importert." in lines
    assert not any(line.startswith("linje 2") for line in lines)
    assert count(db, CompetenceRecord) == 0
    assert count(db, AuditEvent) == 0


def test_a_wrong_header_is_named(app, db, tmp_path, org):
    path = write(tmp_path, "kari@leknes.example,hlr,2026-03-01\n", header="email,kurs,dato\n")
    result = run(app, path)
    assert result.exit_code == 1
    assert "linje 1: overskriftsraden må være employee_email,competence" in result.output


def test_semicolons_and_a_byte_order_mark_as_norwegian_excel_saves(app, db, tmp_path, org):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        (
            "\ufeff" + HEADER.replace(",", ";") + "kari@leknes.example;HLR;01.03.2026;;Excel;\r\n"
        ).encode()
    )
    result = run(app, path)
    assert result.exit_code == 0, result.output
    assert records(db, org["kari"])[0].expires_on == date(2027, 3, 1)


def test_dry_run_changes_nothing(app, db, tmp_path, org):
    path = write(tmp_path, "kari@leknes.example,hlr,2026-03-01,,KS Læring,\n")
    result = run(app, path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 registreringer kan importeres" in result.output
    assert "prøvekjøring" in result.output
    assert count(db, CompetenceRecord) == 0
    assert count(db, Standing) == 0
    assert count(db, AuditEvent) == 0
    assert (
        db.get(Obligation, (org["kari"].id, org["hlr"].id, org["kari"].unit_id)).record_id is None
    )


def test_every_record_is_audited_with_the_file_name(app, db, tmp_path, org):
    path = write(
        tmp_path,
        "kari@leknes.example,hlr,2026-03-01,,KS Læring,KS-1\n"
        "ola@leknes.example,taushetsplikt,2025-01-15,,KS Læring,KS-2\n",
        name="eksport-2026.csv",
    )
    assert run(app, path).exit_code == 0
    events = list(db.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [e.action for e in events] == ["competence_record.imported"] * 2
    by_record = {int(e.object_id): e for e in events}
    for record in records(db):
        event = by_record[record.id]
        assert event.subject_id == record.person_id
        assert event.details["file"] == "eksport-2026.csv"
        assert event.details["source"] == "KS Læring"
        assert event.details["reference"] == record.reference


def test_a_workbook_is_refused_with_what_to_do(app, tmp_path):
    path = tmp_path / "records.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    result = run(app, path)
    assert result.exit_code != 0
    assert "Excel-arbeidsbok" in result.output


def test_a_file_that_is_not_text_is_refused(app, tmp_path):
    path = tmp_path / "records.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = run(app, path)
    assert result.exit_code != 0
    assert "UTF-8" in result.output


def test_a_larger_file_keeps_every_standing_and_obligation(
    app, db, tmp_path, org, make_person, make_competence, make_requirement
):
    # More standings than one flush refills by pair: their people's rows are refilled whole.
    position = db.get(type(org["kari"]), org["kari"].id).position
    competences = [org["hlr"], org["taushet"]]
    for number in range(2):
        competence = make_competence(f"kurs-{number}", validity_months=36)
        make_requirement(position, competence)
        competences.append(competence)
    people = [org["kari"], org["ola"], *(make_person(position=position) for _ in range(30))]
    rows = "".join(
        f"{person.email},{competence.code},2025-0{n % 9 + 1}-15,,KS Læring,\n"
        for n, person in enumerate(people)
        for competence in competences
    )
    result = run(app, write(tmp_path, rows))
    assert result.exit_code == 0, result.output
    assert f"{len(people) * 4} registreringer er importert" in result.output
    standings_check(app)
    db.rollback()  # read what the command committed
    held = select(func.count()).select_from(Obligation).where(Obligation.record_id.is_not(None))
    assert db.scalar(held) == len(people) * 3  # the three competences the position requires
