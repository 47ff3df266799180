"""Competences, what positions require, coverage rules, and the records people hold."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime, utcnow
from portal.org.models import Person, Position, Unit

COMPETENCE_KINDS = ("course", "external", "signoff", "document")
RECORD_SOURCES = (
    "course",
    "external",
    "signoff",
    "import",
    "correction",
    "document",
    "session",
)


class Competence(Base):
    """Something a person can be required to hold, with a validity in months or none."""

    __tablename__ = "competences"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20), default="course")
    validity_months: Mapped[int | None]
    # What renewing it usually costs, in øre, for the kurspott forecast; None if unknown.
    typical_cost_ore: Mapped[int | None]
    # An authorisation as health personnel, which the HPR number from HelseID speaks to.
    is_authorisation: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<Competence {self.code}>"


class Requirement(Base):
    """A position requires (or recommends) a competence, due some days after starting."""

    __tablename__ = "requirements"
    __table_args__ = (UniqueConstraint("position_id", "competence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"), index=True)
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    is_mandatory: Mapped[bool] = mapped_column(default=True)
    due_days: Mapped[int] = mapped_column(default=30)

    position: Mapped[Position] = relationship()
    competence: Mapped[Competence] = relationship()

    @property
    def kind(self) -> str:
        """``mandatory`` or ``recommended``, as the CSV export names it."""
        return "mandatory" if self.is_mandatory else "recommended"


class CoverageRule(Base):
    """A unit needs at least ``minimum`` active people holding a competence."""

    __tablename__ = "coverage_rules"
    __table_args__ = (UniqueConstraint("unit_id", "competence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    minimum: Mapped[int]

    unit: Mapped[Unit] = relationship()
    competence: Mapped[Competence] = relationship()


class CompetenceRecord(Base):
    """A person holds a competence from ``achieved_on`` through ``expires_on`` (None: no expiry).

    Records are never edited: a correction is a new record that ``supersedes`` the old one (and
    is void when the old one should not have existed), so the history stays.
    """

    __tablename__ = "competence_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    achieved_on: Mapped[date]
    expires_on: Mapped[date | None]
    source: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    # Unique: a record is corrected or voided once; a second correction forks the history.
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("competence_records.id"), index=True, unique=True
    )
    # The approved submission this record came from; unique, so one approval makes one record.
    # (use_alter: submissions point at their record too, and tables must sort for a restore.)
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("competence_submissions.id", use_alter=True), unique=True
    )
    is_void: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    recorded_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Hours that count toward the career ladder (portal/credit.py), and who approved them with
    # which approval (Helsedirektoratet's number of an approved course, for instance). A
    # course's hours were approved with its content: nobody in the portal approved them.
    credit_minutes: Mapped[int | None]
    credit_reference: Mapped[str | None] = mapped_column(String(200))
    credit_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    competence: Mapped[Competence] = relationship()
    recorded_by: Mapped[Person | None] = relationship(foreign_keys=[recorded_by_id])


SUBMISSION_STATES = ("pending", "approved", "rejected")


class Submission(Base):
    """External evidence an employee sent in, waiting for a lead to approve or reject it.

    Approval makes a :class:`CompetenceRecord` (``record_id``); rejection keeps the reason.
    """

    __tablename__ = "competence_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    achieved_on: Mapped[date]
    expires_on: Mapped[date | None]
    reference: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    credit_minutes: Mapped[int | None]  # hours claimed; they count once the record is approved
    credit_reference: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    decided_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("competence_records.id"))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    competence: Mapped[Competence] = relationship()
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])


class Evidence(Base):
    """A file that documents a record or a submission (PDF, PNG or JPEG).

    Kept in the database, not on disk, so that a backup holds it and every app server sees it.
    """

    __tablename__ = "competence_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("competence_records.id"), index=True)
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("competence_submissions.id"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    # Deferred: lists of evidence never load the bytes.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    uploaded_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Standing(Base):
    """Where one person stands on one competence: the record that counts (by
    :func:`portal.competence.gaps.best_held` over their effective records) with its dates, and
    whether a submission of theirs waits for review.

    Derived from the records and submissions, and kept by :mod:`portal.competence.standings` in
    the same transaction as every write that changes them, so that every page, export and
    reminder reads one answer without recomputing it from the history. A pair with neither a
    record nor a waiting submission has no row. Only the status changes with the calendar, and
    it is computed from this row, the requirement and today.
    """

    __tablename__ = "standings"
    __table_args__ = (
        # Who holds a competence valid on a day (coverage rules): read from the index alone.
        Index(
            "ix_standings_competence_id_expires_on",
            "competence_id",
            "expires_on",
            "achieved_on",
            "record_id",
            "person_id",
        ),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), primary_key=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("competence_records.id"))
    achieved_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    is_pending: Mapped[bool] = mapped_column(default=False)

    record: Mapped[CompetenceRecord | None] = relationship()

    @property
    def is_held(self) -> bool:
        return self.record_id is not None


class Obligation(Base):
    """One requirement of one person in one unit, with where they stand on it: for every active
    person, a row per competence and unit that a current job of theirs requires, carrying the
    requirement (mandatory, the last day it is not due), the unit, the position of the job that
    requires it there, and the dates of their :class:`Standing`.

    A competence that several jobs require is one requirement: every row of the person and
    competence carries the earliest due date and is mandatory if any of the jobs makes it so,
    so that every lead who sees it tells the person the same. A lead sees the rows of their
    units only; ``shared`` marks the rows of the few people whose jobs are in several units,
    whom a count over several units must count once.

    Derived, like the standing, and kept by :mod:`portal.competence.obligations` in the same
    transaction as every write that changes a job, a person, a requirement or a standing. It is
    what lets a count of statuses over a whole health trust read an index range instead of
    joining people, jobs, requirements and standings: each status is a range of dates on this
    one table.
    """

    __tablename__ = "obligations"
    __table_args__ = (
        Index("ix_obligations_unit_id", "unit_id"),
        # The summary's counts per competence and unit: read in this order, nothing else.
        Index(
            "ix_obligations_competence_id",
            "competence_id",
            "unit_id",
            "is_mandatory",
            "expires_on",
            "due_on",
            "record_id",
        ),
        # Expiring and expired: a range of expiry dates. Each index holds all that a count of
        # people in a status reads, so the count never visits the table.
        Index(
            "ix_obligations_expires_on",
            "is_mandatory",
            "expires_on",
            "due_on",
            "record_id",
            "person_id",
        ),
        # Missing and not due: a range of due dates, among those that hold nothing.
        Index(
            "ix_obligations_unheld_due_on",
            "is_mandatory",
            "due_on",
            "person_id",
            sqlite_where=text("record_id IS NULL"),
            postgresql_where=text("record_id IS NULL"),
        ),
        Index("ix_obligations_due_on", "due_on"),
        # The few people in several units, counted apart (portal.competence.unit_counts):
        # led by ``shared``, so that a count of them reads only their rows.
        Index(
            "ix_obligations_shared",
            "shared",
            "is_mandatory",
            "unit_id",
            "expires_on",
            "due_on",
            "record_id",
            "person_id",
        ),
        # Whether one person has a requirement in a status (the start page's first names).
        Index(
            "ix_obligations_person_id",
            "person_id",
            "is_mandatory",
            "expires_on",
            "due_on",
            "record_id",
        ),
    )

    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"))
    is_mandatory: Mapped[bool]
    # The last day on which the requirement is still not due (gaps.due_date).
    due_on: Mapped[date]
    record_id: Mapped[int | None]
    achieved_on: Mapped[date | None]
    expires_on: Mapped[date | None]
    shared: Mapped[bool] = mapped_column(default=False)


#: The rows of the people in several units: an equality, which their index is read by.
SHARED = Obligation.shared == true()


class UnitVersion(Base):
    """A token of the state of one unit's obligations and standings, replaced by every
    transaction that changes them (:mod:`portal.competence.tallies`): a count of the unit made
    while the token was the same is still true."""

    __tablename__ = "unit_versions"

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[int] = mapped_column(BigInteger)
