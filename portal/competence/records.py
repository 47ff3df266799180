"""External records, employees' submissions, and corrections.

Records are append-only: a correction is a new record that supersedes the old one, and voiding
is a void record that supersedes it. Operations flush, never commit, and audit the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from portal.audit.operations import record as audit
from portal.clock import today
from portal.competence import evidence as evidence_rules
from portal.competence import standings
from portal.competence.gaps import expiry_after_completion
from portal.competence.models import Competence, CompetenceRecord, Evidence, Submission
from portal.competence.queries import effective_records, held_map
from portal.db import change_if, utcnow
from portal.notify.messages import N_
from portal.notify.operations import close_tasks, notify
from portal.org.models import Person, Unit
from portal.org.scope import leads_of_unit


class NotCurrent(Exception):
    """The record was already corrected or voided; correct the newest one instead."""


class AlreadyDecided(Exception):
    """The submission was approved or rejected before."""


@dataclass(frozen=True)
class Upload:
    """A file as it came from the form; checked by :func:`evidence_rules.check`."""

    filename: str | None
    data: bytes


@dataclass(frozen=True)
class Facts:
    """What a record says: when it was achieved, until when (None: from the validity rule)."""

    achieved_on: date
    expires_on: date | None = None
    reference: str | None = None
    note: str | None = None
    credit: Credit | None = None


@dataclass(frozen=True)
class Credit:
    """Approved hours toward the career ladder, in minutes, and the approval's reference."""

    minutes: int
    reference: str | None = None


def give_credit(
    record: CompetenceRecord, credit: Credit | None, approved_by_id: int | None
) -> CompetenceRecord:
    """Put ``credit`` on ``record``, approved by ``approved_by_id`` (None: approved with the
    course's content); no credit leaves it without hours."""
    if credit is not None:
        record.credit_minutes = credit.minutes
        record.credit_reference = credit.reference
        record.credit_approved_by_id = approved_by_id
    return record


def _credit_of(old: CompetenceRecord) -> tuple[Credit | None, int | None]:
    if old.credit_minutes is None:
        return None, None
    return Credit(old.credit_minutes, old.credit_reference), old.credit_approved_by_id


def default_expiry(
    session: Session, person_id: int, competence: Competence, achieved_on: date, window: timedelta
) -> date | None:
    """The expiry by the renewal rule, given the record the person holds now."""
    previous = held_map(session, [person_id]).get((person_id, competence.id))
    return expiry_after_completion(achieved_on, competence.validity_months, previous, window)


def _evidence(upload: Upload | None, actor_id: int) -> Evidence | None:
    if upload is None:
        return None
    content_type, extension = evidence_rules.check(upload.data)
    return Evidence(
        filename=evidence_rules.safe_filename(upload.filename, extension),
        content_type=content_type,
        size=len(upload.data),
        data=upload.data,
        uploaded_by_id=actor_id,
    )


def add(session: Session, new: CompetenceRecord, evidence: Evidence | None = None) -> None:
    """Add a record (and the file that documents it): every record of every source is added
    here, so whatever follows from a new record follows everywhere."""
    session.add(new)
    session.flush()
    if evidence is not None:
        evidence.record_id = new.id
        session.add(evidence)
    standings.refresh(session, new.person_id, new.competence_id)


def add_all(session: Session, values: list[dict[str, Any]]) -> dict[tuple[int, int, date], int]:
    """:func:`add` for many records at once (an import), given as their columns, no two for
    the same person, competence and day: the same records and standings, in a few statements
    per thousand records instead of several per record. Returns the new records' ids by
    ``(person_id, competence_id, achieved_on)``.

    (The ids come back in whatever order the database gives them: asking for the order of the
    values would make SQLite insert them one statement each.)
    """
    added = session.execute(
        insert(CompetenceRecord).returning(
            CompetenceRecord.id,
            CompetenceRecord.person_id,
            CompetenceRecord.competence_id,
            CompetenceRecord.achieved_on,
        ),
        values,
    )
    ids = {(person_id, competence_id, day): id_ for id_, person_id, competence_id, day in added}
    standings.refresh_many(session, {(v["person_id"], v["competence_id"]) for v in values})
    return ids


def register_external(
    session: Session,
    *,
    actor_id: int,
    person: Person,
    competence: Competence,
    facts: Facts,
    upload: Upload | None,
    window: timedelta,
) -> CompetenceRecord:
    """A lead records an external course or credential for a person.

    :raise evidence_rules.EvidenceRejected: if the file is not an allowed type or size
    """
    evidence = _evidence(upload, actor_id)  # checked before anything is added
    expires_on = facts.expires_on or default_expiry(
        session, person.id, competence, facts.achieved_on, window
    )
    new = CompetenceRecord(
        person_id=person.id,
        competence_id=competence.id,
        achieved_on=facts.achieved_on,
        expires_on=expires_on,
        source="external",
        reference=facts.reference,
        note=facts.note,
        recorded_by_id=actor_id,
    )
    add(session, give_credit(new, facts.credit, actor_id), evidence)
    audit(
        session,
        actor_id=actor_id,
        action="competence_record.registered",
        obj=new,
        person_id=person.id,
        competence=competence.code,
        achieved_on=facts.achieved_on.isoformat(),
        expires_on=expires_on.isoformat() if expires_on else None,
        evidence=evidence is not None,
    )
    return new


def register_signoff(
    session: Session,
    *,
    actor_id: int,
    person_id: int,
    competence: Competence,
    achieved_on: date,
    reference: str,
    window: timedelta,
) -> CompetenceRecord:
    """A practical skill signed off by the one responsible (an onboarding item that stands for
    the competence): an internal record, with the expiry of the competence's validity."""
    expires_on = default_expiry(session, person_id, competence, achieved_on, window)
    new = CompetenceRecord(
        person_id=person_id,
        competence_id=competence.id,
        achieved_on=achieved_on,
        expires_on=expires_on,
        source="signoff",
        reference=reference,
        recorded_by_id=actor_id,
    )
    add(session, new)
    audit(
        session,
        actor_id=actor_id,
        action="competence_record.signed_off",
        obj=new,
        person_id=person_id,
        competence=competence.code,
        achieved_on=achieved_on.isoformat(),
        expires_on=expires_on.isoformat() if expires_on else None,
        reference=reference,
    )
    return new


def current_with_reference(
    session: Session, person_id: int, reference: str
) -> list[CompetenceRecord]:
    """The person's records that count now and carry ``reference``."""
    return list(
        session.scalars(
            effective_records().where(
                CompetenceRecord.person_id == person_id, CompetenceRecord.reference == reference
            )
        )
    )


def submit(
    session: Session,
    *,
    person: Person,
    competence: Competence,
    facts: Facts,
    upload: Upload | None,
    link: str,
) -> Submission:
    """An employee sends in external evidence; the leads who review it are told.

    :raise evidence_rules.EvidenceRejected: if the file is not an allowed type or size
    """
    evidence = _evidence(upload, person.id)
    submission = Submission(
        person_id=person.id,
        competence_id=competence.id,
        achieved_on=facts.achieved_on,
        expires_on=facts.expires_on,
        reference=facts.reference,
        note=facts.note,
        credit_minutes=facts.credit.minutes if facts.credit else None,
        credit_reference=facts.credit.reference if facts.credit else None,
    )
    session.add(submission)
    session.flush()
    if evidence is not None:
        evidence.submission_id = submission.id
        session.add(evidence)
    standings.refresh(session, person.id, competence.id)
    audit(
        session,
        actor_id=person.id,
        action="competence_submission.submitted",
        obj=submission,
        competence=competence.code,
        evidence=evidence is not None,
    )
    for reviewer in reviewers_of(session, person):
        notify(
            session,
            person=reviewer,
            subject=N_("%(name)s har sendt inn dokumentasjon: %(competence)s"),
            body=N_("Godkjenn eller avvis innsendingen."),
            params={"name": person.name, "competence": competence.name},
            link=link,
            task=("submission", submission.id),
        )
    return submission


def reviewers_of(session: Session, person: Person) -> list[Person]:
    """The active leads of the person's unit (stand-ins included), else of the nearest unit
    above that has any, else the administrators: somebody always sees a submission."""
    unit = session.get(Unit, person.unit_id) if person.unit_id else None
    day = today()
    while unit is not None:
        leads = [lead for lead in leads_of_unit(session, unit.id, day) if lead.id != person.id]
        if leads:
            return leads
        unit = unit.parent
    return list(
        session.scalars(select(Person).where(Person.access == "admin", Person.is_active.is_(True)))
    )


def approve(
    session: Session, *, actor_id: int, submission: Submission, window: timedelta, link: str
) -> CompetenceRecord:
    """Turn a pending submission into a record; the employee is told.

    :raise AlreadyDecided: if it was decided before
    """
    _decide(session, submission, actor_id, "approved")
    competence = submission.competence
    expires_on = submission.expires_on or default_expiry(
        session, submission.person_id, competence, submission.achieved_on, window
    )
    new = CompetenceRecord(
        person_id=submission.person_id,
        competence_id=competence.id,
        achieved_on=submission.achieved_on,
        expires_on=expires_on,
        source="external",
        reference=submission.reference,
        note=submission.note,
        recorded_by_id=actor_id,
        submission_id=submission.id,
    )
    claimed = submission.credit_minutes
    credit = Credit(claimed, submission.credit_reference) if claimed is not None else None
    add(session, give_credit(new, credit, actor_id))  # the hours are approved with the evidence
    submission.record_id = new.id
    for evidence in session.scalars(
        select(Evidence).where(Evidence.submission_id == submission.id)
    ):
        evidence.record_id = new.id
    audit(
        session,
        actor_id=actor_id,
        action="competence_submission.approved",
        obj=submission,
        record_id=new.id,
    )
    notify(
        session,
        person=submission.person,
        subject=N_("Dokumentasjonen din er godkjent: %(competence)s"),
        params={"competence": competence.name},
        link=link,
    )
    return new


def reject(
    session: Session, *, actor_id: int, submission: Submission, reason: str, link: str
) -> Submission:
    """Turn a submission down with a reason the employee is told.

    :raise AlreadyDecided: if it was decided before
    """
    _decide(session, submission, actor_id, "rejected")
    submission.reason = reason.strip()
    standings.refresh(session, submission.person_id, submission.competence_id)
    audit(
        session,
        actor_id=actor_id,
        action="competence_submission.rejected",
        obj=submission,
        reason=submission.reason,
    )
    notify(
        session,
        person=submission.person,
        subject=N_("Dokumentasjonen din er avvist: %(competence)s"),
        note=submission.reason,
        params={"competence": submission.competence.name},
        link=link,
    )
    return submission


def _decide(session: Session, submission: Submission, actor_id: int, state: str) -> None:
    # Decided in the database, not on the loaded copy: a second decision sent at the same
    # time (a double click, two leads) finds the submission decided.
    if not change_if(
        session,
        submission,
        Submission.state == "pending",
        state=state,
        decided_by_id=actor_id,
        decided_dt=utcnow(),
    ):
        raise AlreadyDecided(submission.id)
    close_tasks(session, ("submission", submission.id))  # for every lead who was asked


def require_by(
    session: Session,
    *,
    actor_id: int,
    older: list[CompetenceRecord],
    by: date,
    note: str,
) -> list[CompetenceRecord]:
    """Everyone who holds one of the ``older`` records must renew by ``by``: a new version of a
    course or a document must be taken or confirmed.

    Records are append-only: each record that would outlast ``by`` gets a correction that
    supersedes it, the same in all but ``expires_on = min(old expiry, by)``, so the gap report,
    reminders and exports all follow without special cases. The caller audits.
    """
    corrections = []
    for old in older:
        if old.expires_on is not None and old.expires_on <= by:
            continue
        correction = CompetenceRecord(
            person_id=old.person_id,
            competence_id=old.competence_id,
            achieved_on=old.achieved_on,
            expires_on=by,
            source="correction",
            reference=old.reference,
            supersedes_id=old.id,
            recorded_by_id=actor_id,
            note=note,
        )
        add(session, give_credit(correction, *_credit_of(old)))  # a shorter validity, same hours
        corrections.append(correction)
    session.flush()
    return corrections


def is_current(session: Session, record: CompetenceRecord) -> bool:
    """Neither void nor superseded by a later correction."""
    superseded = session.scalar(
        select(CompetenceRecord.id).where(CompetenceRecord.supersedes_id == record.id).limit(1)
    )
    return not record.is_void and superseded is None


def correct(
    session: Session,
    *,
    actor_id: int,
    record: CompetenceRecord,
    facts: Facts,
    upload: Upload | None,
) -> CompetenceRecord:
    """A new record with the right facts that supersedes ``record``; the old one stays.

    :raise NotCurrent: if ``record`` was corrected or voided already
    :raise evidence_rules.EvidenceRejected: if the file is not an allowed type or size
    """
    if not is_current(session, record):
        raise NotCurrent(record.id)
    evidence = _evidence(upload, actor_id)
    # Left empty, the expiry follows from the validity alone: this is not a renewal.
    expires_on = facts.expires_on or expiry_after_completion(
        facts.achieved_on, record.competence.validity_months, None
    )
    new = CompetenceRecord(
        person_id=record.person_id,
        competence_id=record.competence_id,
        achieved_on=facts.achieved_on,
        expires_on=expires_on,
        source="correction",
        reference=facts.reference,
        note=facts.note,
        supersedes_id=record.id,
        recorded_by_id=actor_id,
    )
    # Hours typed in the correction replace the old ones; left empty, the old ones stand.
    credit, approved_by_id = (facts.credit, actor_id) if facts.credit else _credit_of(record)
    add(session, give_credit(new, credit, approved_by_id), evidence)
    audit(
        session,
        actor_id=actor_id,
        action="competence_record.corrected",
        obj=new,
        supersedes_id=record.id,
        achieved_on=facts.achieved_on.isoformat(),
        expires_on=expires_on.isoformat() if expires_on else None,
    )
    return new


def void(
    session: Session, *, actor_id: int, record: CompetenceRecord, reason: str
) -> CompetenceRecord:
    """Cancel a record that should not exist: a void record supersedes it.

    :raise NotCurrent: if ``record`` was corrected or voided already
    """
    if not is_current(session, record):
        raise NotCurrent(record.id)
    new = CompetenceRecord(
        person_id=record.person_id,
        competence_id=record.competence_id,
        achieved_on=record.achieved_on,
        expires_on=record.expires_on,
        source="correction",
        note=reason.strip(),
        is_void=True,
        supersedes_id=record.id,
        recorded_by_id=actor_id,
    )
    add(session, new)
    audit(
        session,
        actor_id=actor_id,
        action="competence_record.voided",
        obj=new,
        supersedes_id=record.id,
        reason=reason.strip(),
    )
    return new
