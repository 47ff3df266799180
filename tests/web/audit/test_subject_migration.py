"""The migration that gives each audit event the person it is about fills it in for the
events already kept, so that the log's person filter finds old events too."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import text

from portal.cli import migrations_config


def test_old_events_get_their_subject(app, db, make_person, make_competence, make_record):
    kari, admin = make_person(name="Kari"), make_person(access="admin")
    kept = make_record(kari, make_competence(), date(2026, 1, 5))
    db.close()
    app.extensions["portal.engine"].dispose()
    with app.app_context():
        command.downgrade(migrations_config(), "0014signedwith")
    events = [
        ("person.updated", "Person", str(kari.id)),
        ("person.created", "Person", "999999"),  # no such person: stays without one
        ("competence_record.registered", "CompetenceRecord", str(kept.id)),
        ("competence_record.voided", "CompetenceRecord", "999999"),
        ("course.synced", "Course", "1"),
    ]
    with app.extensions["portal.engine"].begin() as connection:
        for action, object_type, object_id in events:
            connection.execute(
                text(
                    "INSERT INTO audit_events"
                    " (created_dt, actor_id, action, object_type, object_id, details)"
                    " VALUES (CURRENT_TIMESTAMP, :actor, :action, :type, :id, '{}')"
                ),
                {"actor": admin.id, "action": action, "type": object_type, "id": object_id},
            )
    app.extensions["portal.engine"].dispose()
    with app.app_context():
        command.upgrade(migrations_config(), "heads")
    with app.extensions["portal.engine"].connect() as connection:
        found = dict(
            (action, subject)
            for action, subject in connection.execute(
                text("SELECT action, subject_id FROM audit_events")
            )
        )
    assert found == {
        "person.updated": kari.id,
        "person.created": None,
        "competence_record.registered": kari.id,
        "competence_record.voided": None,
        "course.synced": None,
    }
