"""The lead's start-page panel: expired, expiring, missing, coverage breaches, submissions."""

from __future__ import annotations

from datetime import date


def test_lead_panel_links_to_the_people_concerned(client, auth, gap_org, make_person, make_record):
    gone = make_person(unit=gap_org.a, position=gap_org.position, name="Utløpt Person")
    make_record(gone, gap_org.hlr, date(2024, 1, 1))
    auth.login(gap_org.lead_a)
    page = client.get("/").get_data(as_text=True)
    assert "Kompetanse i enhetene dine" in page
    for person in (gap_org.employee, gone):
        assert f"/people/{person.id}" in page
    assert "Enhet A: 1 av minst 2 med HLR" in page
    assert "Ansatt B" not in page


def test_employee_has_no_lead_panel(client, auth, gap_org):
    auth.login(gap_org.employee)
    assert "Kompetanse i enhetene dine" not in client.get("/").get_data(as_text=True)


def test_pending_submissions_show_on_the_panel(client, auth, db, gap_org):
    from portal.competence.models import Submission

    db.add(
        Submission(
            person_id=gap_org.employee.id,
            competence_id=gap_org.hlr.id,
            achieved_on=date(2026, 11, 1),
        )
    )
    db.commit()
    auth.login(gap_org.lead_a)
    assert "1 innsending venter på godkjenning" in client.get("/").get_data(as_text=True)
