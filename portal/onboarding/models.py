"""Onboarding: templates per position (optionally per unit), and each new hire's checklist.

A checklist copies its template's items on the day it is made, so later edits of the template
do not rewrite checklists under way. A course item stores no completion of its own: it is done
while the person holds a valid record of the competence (see :mod:`portal.onboarding.rules`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.competence.models import Competence
from portal.db import Base, UtcDateTime, utcnow
from portal.org.models import Job, Person, Position, Unit

ITEM_KINDS = ("course", "acknowledgement", "signoff")
RESPONSIBLE_ROLES = ("lead", "mentor", "it")


#: The fields of :class:`ItemFields`, which a checklist copies from its template.
ITEM_FIELDS = (
    "kind",
    "title",
    "description",
    "due_days",
    "competence_id",
    "responsible_role",
    "document_id",
)


class ItemFields:
    """What a template item and a checklist item have in common."""

    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    due_days: Mapped[int] = mapped_column(default=0)
    # Set for a course item: done while the person holds a valid record of this competence.
    # May be set for a sign-off item: the practical skill it stands for, recorded when the
    # item is signed off. Either way the item is due when the position requires it.
    competence_id: Mapped[int | None] = mapped_column(ForeignKey("competences.id"))
    # Set for a sign-off item: lead, mentor or it.
    responsible_role: Mapped[str | None] = mapped_column(String(20))
    # May be set for an acknowledgement item: the document to confirm (portal/documents). The
    # item then also holds the document's competence and is done, like a course item, while
    # the person holds a valid confirmation.
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))


class OnboardingTemplate(Base):
    """The items a new hire in ``position`` gets; ``unit_id`` None is the organisation-wide one.

    A unit's own template applies to the unit and the units below it, and is edited by their
    lead; the organisation-wide template is edited by an administrator.
    """

    __tablename__ = "onboarding_templates"
    __table_args__ = (UniqueConstraint("position_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    updated_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    position: Mapped[Position] = relationship()
    unit: Mapped[Unit | None] = relationship()
    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="template",
        cascade="all, delete-orphan",
        order_by="(TemplateItem.due_days, TemplateItem.id)",
    )

    def __repr__(self) -> str:
        return f"<OnboardingTemplate {self.id} position={self.position_id} unit={self.unit_id}>"


class TemplateItem(ItemFields, Base):
    __tablename__ = "onboarding_template_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_templates.id", ondelete="CASCADE"), index=True
    )

    template: Mapped[OnboardingTemplate] = relationship(back_populates="items")
    competence: Mapped[Competence | None] = relationship()


class Checklist(Base):
    """The onboarding of one job of a person, from the job's first day (``start_date``); the
    job's leads see it, mentor and IT contact sign items off. A person gets one per job they
    start; a checklist whose job is gone (``job_id`` None) falls back to the person's main
    unit."""

    __tablename__ = "onboarding_checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), unique=True
    )
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("onboarding_templates.id", ondelete="SET NULL"), index=True
    )
    start_date: Mapped[date]
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    it_contact_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    job: Mapped[Job | None] = relationship()
    mentor: Mapped[Person | None] = relationship(foreign_keys=[mentor_id])
    it_contact: Mapped[Person | None] = relationship(foreign_keys=[it_contact_id])
    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="checklist",
        cascade="all, delete-orphan",
        order_by="(ChecklistItem.due_days, ChecklistItem.id)",
    )

    @property
    def for_unit_id(self) -> int | None:
        """The unit the checklist is for, whose leads see it: its job's, else the person's
        main unit."""
        return self.job.unit_id if self.job is not None else self.person.unit_id

    @property
    def for_unit(self) -> Unit | None:
        return self.job.unit if self.job is not None else self.person.unit

    def __repr__(self) -> str:
        return f"<Checklist {self.id} person={self.person_id} job={self.job_id}>"


class ChecklistItem(ItemFields, Base):
    """One item of one checklist: confirmed (acknowledgement, sign-off) or derived (course).

    ``completed_*`` hold the latest confirmation; undoing one clears them, and the audit log
    keeps the history. A lead drops an item instead of deleting it, so the reason stays.
    """

    __tablename__ = "onboarding_checklist_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_checklists.id", ondelete="CASCADE"), index=True
    )
    completed_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    # Added by a lead to this checklist only (not from the template), and why.
    added_reason: Mapped[str | None] = mapped_column(Text)
    is_dropped: Mapped[bool] = mapped_column(default=False)
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    dropped_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    dropped_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)

    checklist: Mapped[Checklist] = relationship(back_populates="items")
    competence: Mapped[Competence | None] = relationship()
    completed_by: Mapped[Person | None] = relationship(foreign_keys=[completed_by_id])
    dropped_by: Mapped[Person | None] = relationship(foreign_keys=[dropped_by_id])
