"""documents: procedures and declarations to read and confirm, their versions and who confirmed
which; onboarding items may point to a document

Revision ID: 0008documents
Revises: 0011oncekeys
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0008documents"
down_revision = "0011oncekeys"
branch_labels = None
depends_on = None

ITEM_TABLES = ("onboarding_template_items", "onboarding_checklist_items")


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("applies_to", sa.JSON(), nullable=False),
        sa.Column("validity_months", sa.Integer(), nullable=True),
        sa.Column("confirm", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("is_retired", sa.Boolean(), nullable=False),
        sa.Column("retired_dt", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("synced_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["competence_id"],
            ["competences.id"],
            name=op.f("fk_documents_competence_id_competences"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("slug", name=op.f("uq_documents_slug")),
    )
    op.create_index(
        op.f("ix_documents_competence_id"), "documents", ["competence_id"], unique=False
    )
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("is_material", sa.Boolean(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("required_from", sa.Date(), nullable=True),
        sa.Column("created_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_versions_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
        sa.UniqueConstraint(
            "document_id", "version", name=op.f("uq_document_versions_document_id_version")
        ),
    )
    op.create_index(
        op.f("ix_document_versions_document_id"),
        "document_versions",
        ["document_id"],
        unique=False,
    )
    op.create_table(
        "document_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=False),
        sa.Column("is_strong", sa.Boolean(), nullable=False),
        sa.Column("confirmed_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_document_confirmations_person_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["competence_records.id"],
            name=op.f("fk_document_confirmations_record_id_competence_records"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_document_confirmations_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_confirmations")),
        sa.UniqueConstraint(
            "person_id",
            "version_id",
            "confirmed_on",
            name=op.f("uq_document_confirmations_person_id_version_id_confirmed_on"),
        ),
    )
    op.create_index(
        op.f("ix_document_confirmations_person_id"),
        "document_confirmations",
        ["person_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_document_confirmations_version_id"),
        "document_confirmations",
        ["version_id"],
        unique=False,
    )
    for table in ITEM_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_document_id_documents"), "documents", ["document_id"], ["id"]
            )


def downgrade() -> None:
    for table in ITEM_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"fk_{table}_document_id_documents"), type_="foreignkey")
            batch_op.drop_column("document_id")
    op.drop_index(op.f("ix_document_confirmations_version_id"), table_name="document_confirmations")
    op.drop_index(op.f("ix_document_confirmations_person_id"), table_name="document_confirmations")
    op.drop_table("document_confirmations")
    op.drop_index(op.f("ix_document_versions_document_id"), table_name="document_versions")
    op.drop_table("document_versions")
    op.drop_index(op.f("ix_documents_competence_id"), table_name="documents")
    op.drop_table("documents")
