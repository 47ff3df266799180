"""«Kurs om N dager»: a reminder to each booked person, never the same one twice."""

from __future__ import annotations

from datetime import date, timedelta

from portal.notify import reminders
from portal.sessions.reminders import upcoming_reminders


def due(app, db, today: date):
    sources = app.extensions["portal.reminder_sources"]
    return reminders.due(db, sources, today, timedelta(days=60))


def test_a_booked_person_is_reminded_once_a_week_ahead(
    app, client, auth, db, gap_org, make_session
):
    assert upcoming_reminders in app.extensions["portal.reminder_sources"]
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    with app.app_context():
        assert [r for r in due(app, db, date(2026, 11, 30)) if r.key.startswith("sessions:")] == []
        found = [r for r in due(app, db, date(2026, 12, 3)) if r.key.startswith("sessions:")]
        assert [r.person_id for r in found] == [gap_org.employee.id]
        assert "Snart kurs" in found[0].mail().subject
        reminders.send(db, found, app.config, echo=lambda _line: None)
        db.commit()
        again = [r for r in due(app, db, date(2026, 12, 4)) if r.key.startswith("sessions:")]
        assert again == []


def test_the_waiting_list_hears_of_a_new_session_once(
    app, client, auth, db, gap_org, make_person, make_session
):
    full = make_session(gap_org.hlr, gap_org.a, capacity=1)
    waiting = make_person(unit=gap_org.a)
    for person in (gap_org.employee, waiting):
        auth.login(person)
        client.post(f"/sessions/{full}/signup")
    with app.app_context():
        assert [r for r in due(app, db, date(2026, 11, 22)) if ":waiting:" in r.key] == []
    db.rollback()  # end the read, so the new sessions can be written
    newer = make_session(gap_org.hlr, gap_org.a, capacity=4)
    make_session(gap_org.hlr, gap_org.b, capacity=4)  # not for her unit
    with app.app_context():
        found = [r for r in due(app, db, date(2026, 11, 22)) if ":waiting:" in r.key]
        assert [(r.person_id, r.key.endswith(f":new:{newer}")) for r in found] == [
            (waiting.id, True)
        ]
        reminders.send(db, found, app.config, echo=lambda _line: None)
        db.commit()
        assert [r for r in due(app, db, date(2026, 11, 23)) if ":waiting:" in r.key] == []
