"""Units, positions and people (who are also the portal's users)."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime, utcnow

ACCESS_LEVELS = ("employee", "lead", "admin")

unit_leads = Table(
    "unit_leads",
    Base.metadata,
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
    # The last day the person leads the unit; none while the job runs on.
    Column("ends_on", Date, nullable=True),
)


class Unit(Base):
    """An organisational unit (enhet/avdeling); units form a tree."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name!r}>"


class Position(Base):
    """A position (stilling); requirements hang on positions."""

    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    def __repr__(self) -> str:
        return f"<Position {self.code}>"


class Person(UserMixin, Base):
    """An employee, and the account they log in with."""

    __tablename__ = "persons"
    # Emails are kept lower-cased, so the unique constraint holds case-insensitively.
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        # Lists of people are in this order: a first page, or the first names of the start
        # page, walk this index and stop.
        Index("ix_persons_lower_name", func.lower(text("name")), "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The number the HR system knows the person by (``portal people sync`` matches on it).
    employee_number: Mapped[str | None] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # The person's main job, as :mod:`portal.org.jobs` keeps it from their jobs (the current
    # one with the largest share): what a list of people shows as their unit and position.
    # Requirements and who leads the person come from every job, never from these.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"), index=True)
    start_date: Mapped[date]
    # When the main job began: its requirements fall due from this day.
    position_since: Mapped[date]
    employment_percent: Mapped[int]
    # Whether the person's current jobs are in more than one unit: the few whom a count over
    # several units must count once (kept with the main job).
    several_units: Mapped[bool] = mapped_column(default=False, server_default=false())
    access: Mapped[str] = mapped_column(String(20), default="employee")
    is_active: Mapped[bool] = mapped_column(default=True)
    # A keyed hash (HMAC-SHA256) of the national identity number, for linking a single
    # sign-on; never the number itself.
    pid_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The HPR number HelseID reported at the last login, and the day it did.
    hpr_number: Mapped[str | None] = mapped_column(String(20))
    hpr_confirmed_on: Mapped[date | None]
    # Part of every session and remember cookie: raising it ends all of this person's sessions.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The language the person last chose, for what is written to them outside a request (mail).
    language: Mapped[str | None] = mapped_column(String(10))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    position: Mapped[Position | None] = relationship()
    led_units: Mapped[list[Unit]] = relationship(secondary=unit_leads, order_by=Unit.name)
    # What the request's user leads today, own jobs and stand-ins: loaded with the user in one
    # query by the user loader (:func:`portal.org.scope.lead_options`) and read by the scope.
    lead_jobs: Mapped[list[LeadJob]] = relationship(viewonly=True)
    jobs: Mapped[list[Job]] = relationship(
        back_populates="person", order_by="Job.starts_on, Job.id", cascade="all, delete-orphan"
    )
    deputyships: Mapped[list[Deputyship]] = relationship(
        viewonly=True, foreign_keys="Deputyship.deputy_id"
    )

    def get_id(self) -> str:
        """What flask-login keeps in the session: the id and the session version."""
        return f"{self.id}.{self.session_version}"

    def end_sessions(self) -> None:
        """End every session of this person (logout, new password, deactivation)."""
        self.session_version += 1

    @property
    def is_admin(self) -> bool:
        return self.access == "admin"

    @property
    def is_lead(self) -> bool:
        """A lead in their own right, or a stand-in for one today."""
        return self.access == "lead" or self.acting_for is not None

    @property
    def standing_in(self) -> list[Deputyship]:
        """The deputyships that make this person a stand-in today, where the user loader read
        them (:func:`portal.org.scope.lead_options`); elsewhere none."""
        return self.deputyships if "deputyships" in self.__dict__ else []

    @property
    def acting_for(self) -> Deputyship | None:
        """The first deputyship that runs today, or None."""
        return next(iter(self.standing_in), None)

    @property
    def access_level(self) -> str:
        """The level the views' decorators compare: a stand-in acts as a lead."""
        return "lead" if self.access == "employee" and self.acting_for else self.access

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.email}>"


class Job(Base):
    """One job of a person: a position in a unit for a share of full time, from its first day to
    its last (none while it runs on). A person has one or more; each current job brings the
    requirements of its position, due from the job's first day, and puts the person under the
    leads of its unit. A change of position ends one job and starts another, so the old one
    stays as history."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint(
            "employment_percent >= 1 AND employment_percent <= 100", name="percent_in_range"
        ),
        # A person's jobs, and whether one is in a set of units (a lead's list of people).
        Index("ix_jobs_person_id", "person_id", "unit_id", "ends_on"),
        Index("ix_jobs_unit_id", "unit_id", "ends_on", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("positions.id"), index=True)
    employment_percent: Mapped[int] = mapped_column(default=100)
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    person: Mapped[Person] = relationship(back_populates="jobs")
    unit: Mapped[Unit] = relationship()
    position: Mapped[Position | None] = relationship()

    def runs_on(self, day: date) -> bool:
        """Whether the job is current on ``day``: not ended before it. (A job that starts
        later is current already, so that its requirements show ahead of its first day.)"""
        return self.ends_on is None or self.ends_on >= day

    def __repr__(self) -> str:
        return f"<Job {self.id} of {self.person_id} in {self.unit_id}>"


class LeadJob(Base):
    """One unit a person leads, the ``unit_leads`` row seen as an object with its end."""

    __table__ = unit_leads

    person_id: Mapped[int]
    unit_id: Mapped[int]
    ends_on: Mapped[date | None]
    unit: Mapped[Unit] = relationship(viewonly=True)


class Deputyship(Base):
    """A stand-in (stedfortreder): the deputy acts as the lead in ``units`` from ``starts_on``
    to ``ends_on``, both days included, and every act is recorded as on the lead's behalf."""

    __tablename__ = "deputyships"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("deputy_id <> lead_id", name="not_oneself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    lead: Mapped[Person] = relationship(foreign_keys=[lead_id])
    deputy: Mapped[Person] = relationship(foreign_keys=[deputy_id])
    units: Mapped[list[Unit]] = relationship(secondary="deputyship_units", order_by=Unit.name)

    def __repr__(self) -> str:
        return f"<Deputyship {self.id} {self.deputy_id} for {self.lead_id}>"


deputyship_units = Table(
    "deputyship_units",
    Base.metadata,
    Column("deputyship_id", ForeignKey("deputyships.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)
