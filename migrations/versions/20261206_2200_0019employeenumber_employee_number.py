"""employee number: the number the HR system knows a person by

Revision ID: 0019employeenumber
Revises: 0018deputies
Create Date: 2026-12-06 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019employeenumber"
down_revision = "0018deputies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite rebuilds persons to add a unique constraint, and a rebuild would lose the
    # expression index, which reflection cannot see: it is made again afterwards.
    op.drop_index("ix_persons_lower_name", table_name="persons")
    with op.batch_alter_table("persons") as batch:
        batch.add_column(sa.Column("employee_number", sa.String(length=50), nullable=True))
        batch.create_unique_constraint(op.f("uq_persons_employee_number"), ["employee_number"])
    op.create_index("ix_persons_lower_name", "persons", [sa.text("lower(name)"), "id"])


def downgrade() -> None:
    op.drop_index("ix_persons_lower_name", table_name="persons")
    with op.batch_alter_table("persons") as batch:
        batch.drop_constraint(op.f("uq_persons_employee_number"), type_="unique")
        batch.drop_column("employee_number")
    op.create_index("ix_persons_lower_name", "persons", [sa.text("lower(name)"), "id"])
