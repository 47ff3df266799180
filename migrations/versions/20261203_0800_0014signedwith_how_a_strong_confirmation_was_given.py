"""documents: how a strong confirmation was given, the password or a new single sign-on

Revision ID: 0014signedwith
Revises: 0013reservations
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014signedwith"
down_revision = "0013reservations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document_confirmations") as batch:
        batch.add_column(sa.Column("signed_with", sa.String(length=10), nullable=True))
    # Until now a strong confirmation could only be given with the password.
    op.execute("UPDATE document_confirmations SET signed_with = 'password' WHERE is_strong = true")


def downgrade() -> None:
    with op.batch_alter_table("document_confirmations") as batch:
        batch.drop_column("signed_with")
