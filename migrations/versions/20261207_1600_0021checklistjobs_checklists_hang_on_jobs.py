"""checklistjobs: an onboarding checklist belongs to one job of a person, so that a person
with two jobs can have two

Revision ID: 0021checklistjobs
Revises: 0020jobs
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0021checklistjobs"
down_revision = "0020jobs"
branch_labels = None
depends_on = None

# A person had at most one checklist, made for the job they started with: their first.
_FIRST_JOB = """
UPDATE onboarding_checklists SET job_id =
    (SELECT MIN(j.id) FROM jobs j WHERE j.person_id = onboarding_checklists.person_id)
"""

# Back to one checklist per person: the oldest stays.
_LATER = """
SELECT c.id FROM onboarding_checklists c
WHERE c.id > (SELECT MIN(o.id) FROM onboarding_checklists o WHERE o.person_id = c.person_id)
"""


@contextmanager
def _persons_reflected() -> Iterator[None]:
    """SQLite rebuilds the table and reflects persons on the way, whose expression index
    (lower(name)) reflection skips; the index itself is untouched."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", sa.exc.SAWarning)
        yield


def upgrade() -> None:
    with _persons_reflected(), op.batch_alter_table("onboarding_checklists") as batch:
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch.drop_constraint("uq_onboarding_checklists_person_id", type_="unique")
        batch.create_unique_constraint(op.f("uq_onboarding_checklists_job_id"), ["job_id"])
        batch.create_foreign_key(
            op.f("fk_onboarding_checklists_job_id_jobs"),
            "jobs",
            ["job_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_onboarding_checklists_person_id"), ["person_id"])
    op.execute(_FIRST_JOB)


def downgrade() -> None:
    op.execute(f"DELETE FROM onboarding_checklist_items WHERE checklist_id IN ({_LATER})")
    op.execute(f"DELETE FROM onboarding_checklists WHERE id IN ({_LATER})")
    with _persons_reflected(), op.batch_alter_table("onboarding_checklists") as batch:
        batch.drop_index(op.f("ix_onboarding_checklists_person_id"))
        batch.drop_constraint(op.f("fk_onboarding_checklists_job_id_jobs"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_onboarding_checklists_job_id"), type_="unique")
        batch.drop_column("job_id")
        batch.create_unique_constraint(op.f("uq_onboarding_checklists_person_id"), ["person_id"])
