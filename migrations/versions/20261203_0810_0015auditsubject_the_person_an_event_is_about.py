"""auditsubject: the person each audit event is about, for the log's person filter

Revision ID: 0015auditsubject
Revises: 0014signedwith
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015auditsubject"
down_revision = "0014signedwith"
branch_labels = None
depends_on = None

# Objects that belong to one person, by their table; a checklist item through its checklist.
OWNED = {
    "CompetenceRecord": "SELECT person_id FROM competence_records t WHERE t.id = {id}",
    "Submission": "SELECT person_id FROM competence_submissions t WHERE t.id = {id}",
    "Application": "SELECT person_id FROM course_applications t WHERE t.id = {id}",
    "Seat": "SELECT person_id FROM course_session_seats t WHERE t.id = {id}",
    "SelfAssessment": "SELECT person_id FROM self_assessments t WHERE t.id = {id}",
    "TrainingNeed": "SELECT person_id FROM training_needs t WHERE t.id = {id}",
    "Checklist": "SELECT person_id FROM onboarding_checklists t WHERE t.id = {id}",
    "ChecklistItem": (
        "SELECT c.person_id FROM onboarding_checklist_items t"
        " JOIN onboarding_checklists c ON c.id = t.checklist_id WHERE t.id = {id}"
    ),
}
OBJECT_ID = "CAST(audit_events.object_id AS INTEGER)"


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_audit_events_subject_id"), ["subject_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_audit_events_subject_id_persons"), "persons", ["subject_id"], ["id"]
        )
    op.execute(
        "UPDATE audit_events SET subject_id = "
        f"(SELECT id FROM persons WHERE persons.id = {OBJECT_ID}) "
        "WHERE object_type = 'Person'"
    )
    for object_type, owner in OWNED.items():
        op.execute(
            f"UPDATE audit_events SET subject_id = ({owner.format(id=OBJECT_ID)}) "
            f"WHERE object_type = '{object_type}'"
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(batch.f("fk_audit_events_subject_id_persons"), type_="foreignkey")
        batch.drop_index(batch.f("ix_audit_events_subject_id"))
        batch.drop_column("subject_id")
