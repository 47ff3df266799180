"""``portal check``: the competence history and its approvals agree.

Three things must never happen, and a crash or a race once made them: a record superseded
twice (the history forks), an approved submission without its record, and a record that
claims a submission that does not point back to it. Each is reported as one line.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from portal.competence.models import CompetenceRecord, Submission


def problems(session: Session) -> list[str]:
    """One line per problem found, in a stable order; empty when all agree."""
    return [*_forks(session), *_approvals_without_record(session), *_claims_not_returned(session)]


def _forks(session: Session) -> list[str]:
    rows = session.execute(
        select(CompetenceRecord.supersedes_id, func.count())
        .where(CompetenceRecord.supersedes_id.is_not(None))
        .group_by(CompetenceRecord.supersedes_id)
        .having(func.count() > 1)
        .order_by(CompetenceRecord.supersedes_id)
    )
    return [
        f"record {record_id}: superseded by {count} records (the history forks)"
        for record_id, count in rows
    ]


def _approvals_without_record(session: Session) -> list[str]:
    record = aliased(CompetenceRecord)
    ids = session.scalars(
        select(Submission.id)
        .outerjoin(record, record.id == Submission.record_id)
        .where(Submission.state == "approved", record.id.is_(None))
        .order_by(Submission.id)
    )
    return [f"submission {submission_id}: approved, but no record" for submission_id in ids]


def _claims_not_returned(session: Session) -> list[str]:
    rows = session.execute(
        select(CompetenceRecord.id, CompetenceRecord.submission_id, Submission.record_id)
        .join(Submission, Submission.id == CompetenceRecord.submission_id)
        .where(Submission.record_id.is_(None) | (Submission.record_id != CompetenceRecord.id))
        .order_by(CompetenceRecord.id)
    )
    return [
        f"record {record_id}: made from submission {submission_id}, which points to "
        f"{'no record' if points_to is None else f'record {points_to}'}"
        for record_id, submission_id, points_to in rows
    ]
