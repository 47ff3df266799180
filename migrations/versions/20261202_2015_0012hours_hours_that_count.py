"""hours: courses, sessions, submissions and records carry hours toward the career ladder

Revision ID: 0012hours
Revises: 0010sessions
Create Date: 2026-12-02 20:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012hours"
down_revision = "0010sessions"
branch_labels = None
depends_on = None

CARRIERS = ("courses", "course_sessions", "competence_submissions", "competence_records")


def upgrade() -> None:
    for table in CARRIERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("credit_minutes", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("credit_reference", sa.String(length=200), nullable=True))
    with op.batch_alter_table("competence_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("credit_approved_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_competence_records_credit_approved_by_id_persons"),
            "persons",
            ["credit_approved_by_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("competence_records", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_competence_records_credit_approved_by_id_persons"), type_="foreignkey"
        )
        batch_op.drop_column("credit_approved_by_id")
    for table in reversed(CARRIERS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("credit_reference")
            batch_op.drop_column("credit_minutes")
