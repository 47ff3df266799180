"""competence: employees' submissions of external evidence, and evidence files

Revision ID: 0003competence
Revises: 0005funds
Create Date: 2026-11-22 01:03:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0003competence"
down_revision = "0005funds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "competence_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_dt", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["competence_id"],
            ["competences.id"],
            name=op.f("fk_competence_submissions_competence_id_competences"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["persons.id"],
            name=op.f("fk_competence_submissions_decided_by_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_competence_submissions_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["competence_records.id"],
            name=op.f("fk_competence_submissions_record_id_competence_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competence_submissions")),
    )
    with op.batch_alter_table("competence_submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_competence_submissions_competence_id"), ["competence_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_competence_submissions_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_competence_submissions_state"), ["state"], unique=False
        )

    op.create_table(
        "competence_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=50), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["competence_records.id"],
            name=op.f("fk_competence_evidence_record_id_competence_records"),
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["competence_submissions.id"],
            name=op.f("fk_competence_evidence_submission_id_competence_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["persons.id"],
            name=op.f("fk_competence_evidence_uploaded_by_id_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competence_evidence")),
    )
    with op.batch_alter_table("competence_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_competence_evidence_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_competence_evidence_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("competence_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competence_evidence_submission_id"))
        batch_op.drop_index(batch_op.f("ix_competence_evidence_record_id"))

    op.drop_table("competence_evidence")
    with op.batch_alter_table("competence_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competence_submissions_state"))
        batch_op.drop_index(batch_op.f("ix_competence_submissions_person_id"))
        batch_op.drop_index(batch_op.f("ix_competence_submissions_competence_id"))

    op.drop_table("competence_submissions")
