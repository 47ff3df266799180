"""unitversions: a token per unit, replaced when its obligations or standings change

Revision ID: 0018unitversions
Revises: 0017testout
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018unitversions"
down_revision = "0017testout"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No rows: a unit without a token has no counts kept, and gets a token at its first change.
    op.create_table(
        "unit_versions",
        sa.Column(
            "unit_id",
            sa.Integer(),
            sa.ForeignKey("units.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("token", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("unit_versions")
