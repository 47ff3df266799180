"""review: each lesson keeps its sources and the date it was last reviewed

Revision ID: 0007review
Revises: 0006security
Create Date: 2026-12-02 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007review"
down_revision = "0006security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filled in by the next `portal content sync`, which reads them from the lessons' files.
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sources", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("reviewed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lessons", schema=None) as batch_op:
        batch_op.drop_column("reviewed_on")
        batch_op.drop_column("sources")
