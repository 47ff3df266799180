"""standings: the record that counts for each person and competence, kept as data

Revision ID: 0006standings
Revises: 0003competence
Create Date: 2026-12-01 22:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006standings"
down_revision = "0003competence"
branch_labels = None
depends_on = None

# The order of portal.competence.gaps.best_held: no expiry first, then the latest expiry, then
# the latest achievement; the newest record among equals.
_FILL = """
INSERT INTO standings (person_id, competence_id, record_id, achieved_on, expires_on, is_pending)
SELECT pairs.person_id, pairs.competence_id, best.id, best.achieved_on, best.expires_on,
       EXISTS (SELECT 1 FROM competence_submissions s
               WHERE s.person_id = pairs.person_id AND s.competence_id = pairs.competence_id
                 AND s.state = 'pending')
FROM (
    SELECT person_id, competence_id FROM competence_records
    UNION
    SELECT person_id, competence_id FROM competence_submissions WHERE state = 'pending'
) AS pairs
LEFT JOIN (
    SELECT id, person_id, competence_id, achieved_on, expires_on,
           row_number() OVER (
               PARTITION BY person_id, competence_id
               ORDER BY CASE WHEN expires_on IS NULL THEN 1 ELSE 0 END DESC,
                        expires_on DESC, achieved_on DESC, id DESC
           ) AS rank
    FROM competence_records r
    WHERE NOT r.is_void
      AND r.id NOT IN (SELECT supersedes_id FROM competence_records
                       WHERE supersedes_id IS NOT NULL)
) AS best
  ON best.person_id = pairs.person_id AND best.competence_id = pairs.competence_id
     AND best.rank = 1
WHERE best.id IS NOT NULL
   OR EXISTS (SELECT 1 FROM competence_submissions s
              WHERE s.person_id = pairs.person_id AND s.competence_id = pairs.competence_id
                AND s.state = 'pending')
"""


def upgrade() -> None:
    op.create_table(
        "standings",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("competence_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("achieved_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("is_pending", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competence_id"],
            ["competences.id"],
            name=op.f("fk_standings_competence_id_competences"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_standings_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["competence_records.id"],
            name=op.f("fk_standings_record_id_competence_records"),
        ),
        sa.PrimaryKeyConstraint("person_id", "competence_id", name=op.f("pk_standings")),
    )
    op.create_index(
        "ix_standings_competence_id_expires_on",
        "standings",
        ["competence_id", "expires_on"],
        unique=False,
    )
    op.execute(_FILL)


def downgrade() -> None:
    op.drop_index("ix_standings_competence_id_expires_on", table_name="standings")
    op.drop_table("standings")
