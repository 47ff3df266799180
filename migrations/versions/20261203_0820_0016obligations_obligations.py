"""obligations: one row per person and requirement with the dates of their standing; people
in order of their names; holders of a competence read from an index

Revision ID: 0016obligations
Revises: 0015auditsubject
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016obligations"
down_revision = "0015auditsubject"
branch_labels = None
depends_on = None

_FILL = """
INSERT INTO obligations (person_id, competence_id, unit_id, position_id, is_mandatory, due_on,
                         record_id, achieved_on, expires_on)
SELECT p.id, r.competence_id, p.unit_id, p.position_id, r.is_mandatory, {due_on},
       s.record_id, s.achieved_on, s.expires_on
FROM persons p
JOIN requirements r ON r.position_id = p.position_id
LEFT JOIN standings s ON s.person_id = p.id AND s.competence_id = r.competence_id
WHERE p.is_active AND p.unit_id IS NOT NULL
"""

_DUE_ON = {
    "sqlite": "date(p.position_since, '+' || r.due_days || ' days')",
    "postgresql": "p.position_since + r.due_days",
}


def upgrade() -> None:
    op.create_table(
        "obligations",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("is_mandatory", sa.Boolean(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["competence_id"],
            ["competences.id"],
            name=op.f("fk_obligations_competence_id_competences"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_obligations_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["positions.id"], name=op.f("fk_obligations_position_id_positions")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_obligations_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("person_id", "competence_id", name=op.f("pk_obligations")),
    )
    op.create_index("ix_obligations_unit_id", "obligations", ["unit_id"])
    op.create_index(
        "ix_obligations_competence_id",
        "obligations",
        ["competence_id", "unit_id", "is_mandatory", "expires_on", "due_on", "record_id"],
    )
    op.create_index(
        "ix_obligations_expires_on",
        "obligations",
        ["is_mandatory", "expires_on", "due_on", "record_id", "person_id"],
    )
    op.create_index(
        "ix_obligations_unheld_due_on",
        "obligations",
        ["is_mandatory", "due_on", "person_id"],
        sqlite_where=sa.text("record_id IS NULL"),
        postgresql_where=sa.text("record_id IS NULL"),
    )
    op.create_index("ix_obligations_due_on", "obligations", ["due_on"])
    op.create_index(
        "ix_obligations_person_id",
        "obligations",
        ["person_id", "is_mandatory", "expires_on", "due_on", "record_id"],
    )
    op.create_index("ix_persons_lower_name", "persons", [sa.text("lower(name)"), "id"])
    op.drop_index("ix_standings_competence_id_expires_on", table_name="standings")
    op.create_index(
        "ix_standings_competence_id_expires_on",
        "standings",
        ["competence_id", "expires_on", "achieved_on", "record_id", "person_id"],
    )
    op.execute(_FILL.format(due_on=_DUE_ON[op.get_bind().dialect.name]))


def downgrade() -> None:
    op.drop_index("ix_standings_competence_id_expires_on", table_name="standings")
    op.create_index(
        "ix_standings_competence_id_expires_on", "standings", ["competence_id", "expires_on"]
    )
    op.drop_index("ix_persons_lower_name", table_name="persons")
    op.drop_table("obligations")
