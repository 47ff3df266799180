"""jobs: a person has one or more jobs, each a position in a unit from a first to a last day;
the obligations are kept per person, competence and unit

Revision ID: 0020jobs
Revises: 0019employeenumber
Create Date: 2026-12-07 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020jobs"
down_revision = "0019employeenumber"
branch_labels = None
depends_on = None

# Each person's unit and position become their first job, begun the day they took up the
# position, so that no due date moves.
_FIRST_JOBS = """
INSERT INTO jobs (person_id, unit_id, position_id, employment_percent, starts_on, created_dt)
SELECT id, unit_id, position_id,
       CASE WHEN employment_percent < 1 THEN 1
            WHEN employment_percent > 100 THEN 100
            ELSE employment_percent END,
       position_since, created_dt
FROM persons
WHERE unit_id IS NOT NULL
"""

# The obligations as they were, now with their key by unit: a person had one job, so nothing
# is shared yet.
_FILL = """
INSERT INTO obligations (person_id, competence_id, unit_id, position_id, is_mandatory, due_on,
                         record_id, achieved_on, expires_on, shared)
SELECT person_id, competence_id, unit_id, position_id, is_mandatory, due_on,
       record_id, achieved_on, expires_on, {false}
FROM obligations_before
"""

_COLUMNS = ("is_mandatory", "expires_on", "due_on", "record_id")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("employment_percent", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("created_dt", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_jobs_ends_after_start")
        ),
        sa.CheckConstraint(
            "employment_percent >= 1 AND employment_percent <= 100",
            name=op.f("ck_jobs_percent_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_jobs_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"], ["positions.id"], name=op.f("fk_jobs_position_id_positions")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_jobs_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index("ix_jobs_person_id", "jobs", ["person_id", "unit_id", "ends_on"])
    op.create_index("ix_jobs_unit_id", "jobs", ["unit_id", "ends_on", "person_id"])
    op.create_index(op.f("ix_jobs_position_id"), "jobs", ["position_id"])
    op.execute(_FIRST_JOBS)

    op.drop_index("ix_persons_lower_name", table_name="persons")
    with op.batch_alter_table("persons") as batch:
        batch.add_column(
            sa.Column("several_units", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_index("ix_persons_lower_name", "persons", [sa.text("lower(name)"), "id"])

    _recreate_obligations()


def _recreate_obligations() -> None:
    op.execute("CREATE TABLE obligations_before AS SELECT * FROM obligations")
    op.drop_table("obligations")
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
        sa.Column("shared", sa.Boolean(), nullable=False),
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
        sa.PrimaryKeyConstraint(
            "person_id", "competence_id", "unit_id", name=op.f("pk_obligations")
        ),
    )
    op.execute(_FILL.format(false=sa.false().compile(dialect=op.get_bind().dialect)))
    op.drop_table("obligations_before")
    _create_obligation_indexes()


def _create_obligation_indexes() -> None:
    op.create_index("ix_obligations_unit_id", "obligations", ["unit_id"])
    op.create_index(
        "ix_obligations_competence_id", "obligations", ["competence_id", "unit_id", *_COLUMNS]
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
    op.create_index("ix_obligations_person_id", "obligations", ["person_id", *_COLUMNS])
    op.create_index(
        "ix_obligations_shared",
        "obligations",
        ["shared", "is_mandatory", "unit_id", "expires_on", "due_on", "record_id", "person_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_obligations_shared", table_name="obligations")
    # Of a person's rows for a competence, the one of their main unit stays.
    op.execute(
        "DELETE FROM obligations WHERE unit_id <> "
        "(SELECT p.unit_id FROM persons p WHERE p.id = obligations.person_id)"
    )
    # A SQLite rebuild would lose the expression index, which reflection cannot see.
    op.drop_index("ix_persons_lower_name", table_name="persons")
    with op.batch_alter_table("obligations") as batch:
        batch.drop_column("shared")
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("several_units")
    op.create_index("ix_persons_lower_name", "persons", [sa.text("lower(name)"), "id"])
    op.drop_table("jobs")
