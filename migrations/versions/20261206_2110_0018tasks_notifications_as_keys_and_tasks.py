"""tasks: notifications keep message keys and parameters; tasks close when done

Revision ID: 0018tasks
Revises: 0018unitversions
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018tasks"
down_revision = "0018unitversions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows kept so far have no keys: they go on showing the text they were sent with.
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("subject_key", sa.String(300), nullable=True))
        batch.add_column(sa.Column("body_key", sa.Text(), nullable=True))
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("task", sa.String(100), nullable=True))
        batch.add_column(sa.Column("closed_dt", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_notifications_task_closed_dt", ["task", "closed_dt"])
    with op.batch_alter_table("persons") as batch:
        batch.add_column(sa.Column("language", sa.String(10), nullable=True))


def downgrade() -> None:
    # SQLite drops a column by rebuilding the table, reflecting persons on the way (its own
    # table, or the one notifications refer to); an index on an expression cannot be
    # reflected, so it goes first and comes back after.
    op.drop_index("ix_persons_lower_name", table_name="persons")
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_task_closed_dt")
        batch.drop_column("closed_dt")
        batch.drop_column("task")
        batch.drop_column("params")
        batch.drop_column("body_key")
        batch.drop_column("subject_key")
    op.create_index("ix_persons_lower_name", "persons", [sa.text("lower(name)"), "id"])
