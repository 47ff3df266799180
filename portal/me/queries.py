"""Reads for a person's own competence page and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.catalog.queries import best_records
from portal.competence.gaps import Held, Status, status
from portal.competence.models import CompetenceRecord
from portal.competence.queries import effective_records


@dataclass(frozen=True)
class RecordRow:
    record: CompetenceRecord
    status: Status | None  # of a record that counts; None for history only
    state: str  # current | superseded | void | other


def record_status(record: CompetenceRecord, today: date, window: timedelta) -> Status:
    """OK, expiring or expired, by the gap rule itself (a requirement due long ago)."""
    return status(0, Held(record.achieved_on, record.expires_on), date.min, today, window)


def current_rows(
    session: Session, person_id: int, today: date, window: timedelta
) -> list[RecordRow]:
    """The record that counts for each competence the person has held, soonest expiry first."""
    rows = [
        RecordRow(r, record_status(r, today, window), "current")
        for r in best_records(session, person_id).values()
    ]
    return sorted(
        rows, key=lambda row: (row.record.expires_on or date.max, row.record.competence.name)
    )


def history_rows(session: Session, person_id: int) -> list[RecordRow]:
    """Every record the person has ever had, newest first, with what became of it."""
    effective = set(
        session.scalars(
            effective_records()
            .with_only_columns(CompetenceRecord.id)
            .where(CompetenceRecord.person_id == person_id)
        )
    )
    counting = {r.id for r in best_records(session, person_id).values()}
    superseded = set(
        session.scalars(
            select(CompetenceRecord.supersedes_id).where(
                CompetenceRecord.person_id == person_id, CompetenceRecord.supersedes_id.is_not(None)
            )
        )
    )
    rows = []
    for rec in session.scalars(
        select(CompetenceRecord)
        .where(CompetenceRecord.person_id == person_id)
        .order_by(CompetenceRecord.achieved_on.desc(), CompetenceRecord.id.desc())
    ):
        state = (
            "void"
            if rec.is_void
            else "superseded"
            if rec.id in superseded
            else "current"
            if rec.id in counting
            else "other"
            if rec.id in effective
            else "superseded"
        )
        rows.append(RecordRow(rec, None, state))
    return rows
