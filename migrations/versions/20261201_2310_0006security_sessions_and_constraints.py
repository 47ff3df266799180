"""security: session versions, and constraints that back the rules

Revision ID: 0006security
Revises: 0006sso
Create Date: 2026-11-22 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006security"
down_revision = "0006sso"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _refuse_emails_that_differ_only_in_case()
    op.execute("UPDATE persons SET email = lower(email)")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_persons_email_lower_case"), "email = lower(email)"
        )

    with op.batch_alter_table("competence_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_id", sa.Integer(), nullable=True))
        batch_op.drop_index("ix_competence_records_supersedes_id")
        batch_op.create_index("ix_competence_records_supersedes_id", ["supersedes_id"], unique=True)
        batch_op.create_unique_constraint(
            batch_op.f("uq_competence_records_submission_id"), ["submission_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_competence_records_submission_id_competence_submissions"),
            "competence_submissions",
            ["submission_id"],
            ["id"],
        )
    # Approved submissions so far: their record points back.
    op.execute(
        "UPDATE competence_records SET submission_id = (SELECT s.id FROM "
        "competence_submissions s WHERE s.record_id = competence_records.id) "
        "WHERE id IN (SELECT record_id FROM competence_submissions "
        "WHERE record_id IS NOT NULL)"
    )


def _refuse_emails_that_differ_only_in_case() -> None:
    twins = (
        op.get_bind()
        .execute(
            sa.text("SELECT lower(email) FROM persons GROUP BY lower(email) HAVING count(*) > 1")
        )
        .scalars()
    )
    twins = sorted(twins)
    if twins:
        raise RuntimeError(
            "these emails belong to more than one person when case is ignored; "
            "change all but one and upgrade again: " + ", ".join(twins)
        )


def downgrade() -> None:
    with op.batch_alter_table("competence_records", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_competence_records_submission_id_competence_submissions"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(batch_op.f("uq_competence_records_submission_id"), type_="unique")
        batch_op.drop_index("ix_competence_records_supersedes_id")
        batch_op.create_index(
            "ix_competence_records_supersedes_id", ["supersedes_id"], unique=False
        )
        batch_op.drop_column("submission_id")

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_persons_email_lower_case"), type_="check")
        batch_op.drop_column("session_version")
