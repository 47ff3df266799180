"""reservations: places on a course held for the people of one unit

Revision ID: 0013reservations
Revises: 0012hours
Create Date: 2026-12-02 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013reservations"
down_revision = "0012hours"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_session_reservations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "places > 0", name=op.f("ck_course_session_reservations_places_positive")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["persons.id"],
            name=op.f("fk_course_session_reservations_created_by_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["course_sessions.id"],
            name=op.f("fk_course_session_reservations_session_id_course_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_course_session_reservations_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_session_reservations")),
        sa.UniqueConstraint(
            "session_id", "unit_id", name=op.f("uq_course_session_reservations_session_id_unit_id")
        ),
    )
    op.create_index(
        op.f("ix_course_session_reservations_session_id"),
        "course_session_reservations",
        ["session_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_course_session_reservations_session_id"), table_name="course_session_reservations"
    )
    op.drop_table("course_session_reservations")
