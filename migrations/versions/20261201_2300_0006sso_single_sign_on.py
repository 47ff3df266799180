"""sso: links to OpenID Connect providers, used nonces, settings, pid hash and HPR on persons,
authorisation flag on competences

Revision ID: 0006sso
Revises: 0006standings
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0006sso"
down_revision = "0006standings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sso_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("matched_by", sa.String(length=20), nullable=False),
        sa.Column("created_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_login_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_sso_links_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sso_links")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_sso_links_issuer_subject")),
    )
    op.create_index(op.f("ix_sso_links_person_id"), "sso_links", ["person_id"], unique=False)
    op.create_table(
        "sso_used_nonces",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("used_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_sso_used_nonces")),
    )
    op.create_index(
        op.f("ix_sso_used_nonces_used_dt"), "sso_used_nonces", ["used_dt"], unique=False
    )
    op.create_table(
        "settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("changed_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_settings_key")),
    )
    with op.batch_alter_table("persons") as batch_op:
        batch_op.add_column(sa.Column("pid_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hpr_number", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("hpr_confirmed_on", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_persons_pid_hash"), ["pid_hash"])
    with op.batch_alter_table("competences") as batch_op:
        batch_op.add_column(
            sa.Column("is_authorisation", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("competences") as batch_op:
        batch_op.drop_column("is_authorisation")
    with op.batch_alter_table("persons") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_persons_pid_hash"), type_="unique")
        batch_op.drop_column("hpr_confirmed_on")
        batch_op.drop_column("hpr_number")
        batch_op.drop_column("pid_hash")
    op.drop_table("settings")
    op.drop_index(op.f("ix_sso_used_nonces_used_dt"), table_name="sso_used_nonces")
    op.drop_table("sso_used_nonces")
    op.drop_index(op.f("ix_sso_links_person_id"), table_name="sso_links")
    op.drop_table("sso_links")
