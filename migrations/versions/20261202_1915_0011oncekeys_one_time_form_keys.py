"""once keys: a form that creates or decides something is carried out once

Revision ID: 0011oncekeys
Revises: 0007review
Create Date: 2026-12-02 19:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0011oncekeys"
down_revision = "0007review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "once_keys",
        sa.Column("key", sa.String(length=43), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=2000), nullable=True),
        sa.Column("created_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_once_keys")),
    )
    op.create_index(op.f("ix_once_keys_created_dt"), "once_keys", ["created_dt"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_once_keys_created_dt"), table_name="once_keys")
    op.drop_table("once_keys")
