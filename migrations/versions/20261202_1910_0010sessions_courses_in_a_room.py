"""sessions: courses in a room, with their days, the units they are for, and their seats

Revision ID: 0010sessions
Revises: 0008documents
Create Date: 2026-12-02 19:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import portal.db

revision = "0010sessions"
down_revision = "0008documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=True),
        sa.Column("signup_deadline", sa.Date(), nullable=False),
        sa.Column("cancel_deadline", sa.Date(), nullable=False),
        sa.Column("cost_ore", sa.Integer(), nullable=False),
        sa.Column("is_cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_message", sa.Text(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_course_sessions_capacity_positive")),
        sa.CheckConstraint("cost_ore >= 0", name=op.f("ck_course_sessions_cost_not_negative")),
        sa.ForeignKeyConstraint(
            ["competence_id"],
            ["competences.id"],
            name=op.f("fk_course_sessions_competence_id_competences"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["persons.id"], name=op.f("fk_course_sessions_created_by_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"], ["persons.id"], name=op.f("fk_course_sessions_trainer_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_sessions")),
    )
    with op.batch_alter_table("course_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_sessions_competence_id"), ["competence_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_course_sessions_trainer_id"), ["trainer_id"], unique=False
        )

    op.create_table(
        "course_session_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("starts_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("ends_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ends_dt > starts_dt", name=op.f("ck_course_session_days_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["course_sessions.id"],
            name=op.f("fk_course_session_days_session_id_course_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_session_days")),
    )
    with op.batch_alter_table("course_session_days", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_session_days_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "course_session_units",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["course_sessions.id"],
            name=op.f("fk_course_session_units_session_id_course_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_course_session_units_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("session_id", "unit_id", name=op.f("pk_course_session_units")),
    )
    op.create_table(
        "course_session_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("queued_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.Column("booked_by_id", sa.Integer(), nullable=True),
        sa.Column("consented_dt", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("attendance", sa.String(length=20), nullable=True),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_dt", portal.db.UtcDateTime(timezone=True), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("updated_dt", portal.db.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["course_applications.id"],
            name=op.f("fk_course_session_seats_application_id_course_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["booked_by_id"],
            ["persons.id"],
            name=op.f("fk_course_session_seats_booked_by_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["marked_by_id"],
            ["persons.id"],
            name=op.f("fk_course_session_seats_marked_by_id_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_course_session_seats_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["competence_records.id"],
            name=op.f("fk_course_session_seats_record_id_competence_records"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["course_sessions.id"],
            name=op.f("fk_course_session_seats_session_id_course_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_session_seats")),
        sa.UniqueConstraint(
            "session_id", "person_id", name=op.f("uq_course_session_seats_session_id_person_id")
        ),
    )
    with op.batch_alter_table("course_session_seats", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_session_seats_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_course_session_seats_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_course_session_seats_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("course_session_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_session_seats_state"))
        batch_op.drop_index(batch_op.f("ix_course_session_seats_session_id"))
        batch_op.drop_index(batch_op.f("ix_course_session_seats_person_id"))

    op.drop_table("course_session_seats")
    op.drop_table("course_session_units")
    with op.batch_alter_table("course_session_days", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_session_days_session_id"))

    op.drop_table("course_session_days")
    with op.batch_alter_table("course_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_sessions_trainer_id"))
        batch_op.drop_index(batch_op.f("ix_course_sessions_competence_id"))

    op.drop_table("course_sessions")
