"""testout: a course says who may go straight to its test (expiring, expired, first_time)

Revision ID: 0017testout
Revises: 0016obligations
Create Date: 2026-12-03 15:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017testout"
down_revision = "0016obligations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(
            sa.Column("test_out", sa.String(60), nullable=False, server_default="expiring expired")
        )
    # Until the next content sync, a course keeps what it allowed: holders, or nobody.
    op.execute("UPDATE courses SET test_out = '' WHERE NOT is_test_out")
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("is_test_out")


def downgrade() -> None:
    with op.batch_alter_table("courses") as batch:
        batch.add_column(
            sa.Column("is_test_out", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE courses SET is_test_out = (test_out <> '')")
    with op.batch_alter_table("courses") as batch:
        batch.drop_column("test_out")
