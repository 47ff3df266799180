"""deputies: a lead names a stand-in for a period and some units; lead jobs end

Revision ID: 0018deputies
Revises: 0018tasks
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0018deputies"
down_revision = "0018tasks"
branch_labels = None
depends_on = None


@contextmanager
def _persons_reflected() -> Iterator[None]:
    """SQLite rebuilds a table to add a foreign key or drop a column and reflects persons on the way, whose
    expression index (lower(name)) reflection skips; the index itself is untouched."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", sa.exc.SAWarning)
        yield


def upgrade() -> None:
    with _persons_reflected(), op.batch_alter_table("unit_leads") as batch:
        batch.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
    op.create_table(
        "deputyships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_deputyships_ends_after_start")),
        sa.CheckConstraint("deputy_id <> lead_id", name=op.f("ck_deputyships_not_oneself")),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["persons.id"],
            name=op.f("fk_deputyships_lead_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["persons.id"],
            name=op.f("fk_deputyships_deputy_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["persons.id"],
            name=op.f("fk_deputyships_created_by_persons"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deputyships")),
    )
    op.create_index(op.f("ix_deputyships_lead_id"), "deputyships", ["lead_id"])
    op.create_index(op.f("ix_deputyships_deputy_id"), "deputyships", ["deputy_id"])
    op.create_table(
        "deputyship_units",
        sa.Column("deputyship_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deputyship_id"],
            ["deputyships.id"],
            name=op.f("fk_deputyship_units_deputyship_id_deputyships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_deputyship_units_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("deputyship_id", "unit_id", name=op.f("pk_deputyship_units")),
    )
    with _persons_reflected(), op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("on_behalf_of", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_audit_events_on_behalf_of_persons"), "persons", ["on_behalf_of"], ["id"]
        )


def downgrade() -> None:
    with _persons_reflected(), op.batch_alter_table("audit_events") as batch:
        batch.drop_constraint(op.f("fk_audit_events_on_behalf_of_persons"), type_="foreignkey")
        batch.drop_column("on_behalf_of")
    op.drop_table("deputyship_units")
    op.drop_index(op.f("ix_deputyships_deputy_id"), table_name="deputyships")
    op.drop_index(op.f("ix_deputyships_lead_id"), table_name="deputyships")
    op.drop_table("deputyships")
    with _persons_reflected(), op.batch_alter_table("unit_leads") as batch:
        batch.drop_column("ends_on")
