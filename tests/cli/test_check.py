"""`portal check` finds forked histories and approvals that do not agree with their records."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from sqlalchemy import text

from portal.competence.models import CompetenceRecord, Submission


def run_check(app):
    return app.test_cli_runner().invoke(args=["check"])


def test_a_clean_database_is_ok(app, gap_org):
    result = run_check(app)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "ok"


def test_every_broken_chain_and_approval_is_reported(app, gap_org, db):
    old = db.get(CompetenceRecord, gap_org.record.id)
    orphan = Submission(
        person_id=old.person_id,
        competence_id=old.competence_id,
        achieved_on=date(2026, 1, 1),
        state="approved",
    )
    claimed = Submission(
        person_id=old.person_id,
        competence_id=old.competence_id,
        achieved_on=date(2026, 1, 1),
        state="approved",
    )
    db.add_all([orphan, claimed])
    db.flush()
    claimer = CompetenceRecord(
        person_id=old.person_id,
        competence_id=old.competence_id,
        achieved_on=date(2026, 1, 1),
        source="external",
        submission_id=claimed.id,
    )
    fork_a = CompetenceRecord(
        person_id=old.person_id,
        competence_id=old.competence_id,
        achieved_on=old.achieved_on,
        source="correction",
        supersedes_id=old.id,
    )
    db.add_all([claimer, fork_a])
    db.commit()
    with forks_allowed(db):
        # A fork the constraint now forbids, as a crash before it left one.
        fork_b = CompetenceRecord(
            person_id=old.person_id,
            competence_id=old.competence_id,
            achieved_on=old.achieved_on,
            source="correction",
            supersedes_id=old.id,
        )
        db.add(fork_b)
        db.commit()
        result = run_check(app)
        db.delete(fork_b)
        db.commit()
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"record {old.id}: superseded by 2 records (the history forks)",
        f"submission {orphan.id}: approved, but no record",
        f"submission {claimed.id}: approved, but no record",
        f"record {claimer.id}: made from submission {claimed.id}, which points to no record",
    ]


@contextmanager
def forks_allowed(db):
    """The unique index on supersedes_id dropped for a while (the PostgreSQL database is
    shared by the tests of a run, so it is put back)."""
    db.execute(text("DROP INDEX ix_competence_records_supersedes_id"))
    db.commit()
    try:
        yield
    finally:
        db.rollback()
        db.execute(
            text(
                "CREATE UNIQUE INDEX ix_competence_records_supersedes_id "
                "ON competence_records (supersedes_id)"
            )
        )
        db.commit()
