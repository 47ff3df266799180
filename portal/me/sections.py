"""What a person typed into the portal or was recorded about in the features above
competence: submissions, kurspott applications, self-assessments, training needs, the
onboarding checklist and the documents confirmed. Part of their own export (portal/me/export.py).

Other people appear only as "en annen person": who decided, recorded or signed off is shown as
the person themselves or as someone else, never by id, name or email.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.competence.hours import ledger
from portal.competence.models import Evidence, Submission
from portal.documents.queries import confirmations_of
from portal.funds.models import Application
from portal.needs.models import SelfAssessment, TrainingNeed
from portal.onboarding.models import Checklist
from portal.org.models import Person


def iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _row(obj: Any, *names: str) -> dict[str, Any]:
    return {name: iso(getattr(obj, name)) for name in names}


def who(person: Person, person_id: int | None) -> str | None:
    """The person themselves, or another person, without saying who."""
    if person_id is None:
        return None
    return _("deg selv") if person_id == person.id else _("en annen person")


def submissions_section(session: Session, person: Person) -> list[dict[str, Any]]:
    files: dict[int, list[dict[str, Any]]] = {}
    for evidence in session.scalars(
        select(Evidence)
        .join(Submission)
        .where(Submission.person_id == person.id)
        .order_by(Evidence.id)
    ):
        assert evidence.submission_id is not None  # joined on its submission above
        files.setdefault(evidence.submission_id, []).append(
            _row(evidence, "filename", "content_type", "size", "uploaded_dt")
        )
    return [
        {
            **_row(
                s,
                "id",
                "achieved_on",
                "expires_on",
                "reference",
                "note",
                "state",
                "reason",
                "decided_dt",
                "record_id",
                "created_dt",
            ),
            "competence": s.competence.code,
            "decided_by": who(person, s.decided_by_id),
            "evidence": files.get(s.id, []),
        }
        for s in session.scalars(
            select(Submission).where(Submission.person_id == person.id).order_by(Submission.id)
        )
    ]


def applications_section(session: Session, person: Person) -> list[dict[str, Any]]:
    return [
        {
            **_row(
                a,
                "id",
                "title",
                "provider",
                "start_date",
                "end_date",
                "fee_ore",
                "travel_ore",
                "accommodation_ore",
                "justification",
                "status",
                "decision",
                "decision_reason",
                "approved_ore",
                "decided_dt",
                "spent_ore",
                "spent_reported_dt",
                "created_dt",
            ),
            "unit": a.unit.name,
            "decided_by": who(person, a.decided_by_id),
        }
        for a in session.scalars(
            select(Application).where(Application.person_id == person.id).order_by(Application.id)
        )
    ]


def self_assessments_section(session: Session, person: Person) -> list[dict[str, Any]]:
    return [
        {
            **_row(a, "id", "wishes", "submitted_dt", "updated_dt"),
            "round": a.round.title,
            "ratings": [
                {"competence": r.competence.code, "confidence": r.confidence} for r in a.ratings
            ],
        }
        for a in session.scalars(
            select(SelfAssessment)
            .where(SelfAssessment.person_id == person.id)
            .order_by(SelfAssessment.id)
        )
    ]


def training_needs_section(session: Session, person: Person) -> list[dict[str, Any]]:
    return [
        {
            **_row(
                n,
                "id",
                "title",
                "priority",
                "action",
                "target_date",
                "estimated_cost_ore",
                "status",
                "created_dt",
            ),
            "competence": n.competence.code if n.competence else None,
            "recorded_by": who(person, n.recorded_by_id),
        }
        for n in session.scalars(
            select(TrainingNeed)
            .where(TrainingNeed.person_id == person.id)
            .order_by(TrainingNeed.id)
        )
    ]


def onboarding_section(session: Session, person: Person) -> list[dict[str, Any]]:
    """Every checklist of the person, one per job they started."""
    query = select(Checklist).where(Checklist.person_id == person.id).order_by(Checklist.id)
    return [_checklist(person, checklist) for checklist in session.scalars(query)]


def _checklist(person: Person, checklist: Checklist) -> dict[str, Any]:
    return {
        **_row(checklist, "start_date", "created_dt"),
        "unit": checklist.for_unit.name if checklist.for_unit else None,
        "mentor": who(person, checklist.mentor_id),
        "items": [
            {
                **_row(
                    item,
                    "title",
                    "kind",
                    "description",
                    "due_days",
                    "completed_dt",
                    "is_dropped",
                    "dropped_reason",
                    "added_reason",
                ),
                "completed_by": who(person, item.completed_by_id),
            }
            for item in checklist.items
        ],
    }


def confirmations_section(session: Session, person: Person) -> list[dict[str, Any]]:
    """Which version of which document the person confirmed, and when."""
    return [
        {
            "document": c.version.document.slug,
            "title": c.version.title,
            "version": c.version.version,
            "confirmed_on": iso(c.confirmed_on),
            "with_password": c.signed_with == "password",
            "signed_with": c.signed_with,
        }
        for c in confirmations_of(session, person.id)
    ]


def hours_section(session: Session, person: Person) -> list[dict[str, Any]]:
    """The hours toward the career ladder, year by year, with the source of each."""
    return [
        {
            "year": year.year,
            "hours": year.minutes / 60,
            "lines": [
                {
                    "achieved_on": iso(line.achieved_on),
                    "competence": line.competence,
                    "source": line.source,
                    "hours": line.minutes / 60,
                    "approval": line.reference,
                }
                for line in year.lines
            ],
        }
        for year in ledger(session, person.id)
    ]


SECTIONS = {
    "evidence_submissions": submissions_section,
    "course_applications": applications_section,
    "self_assessments": self_assessments_section,
    "training_needs": training_needs_section,
    "onboarding": onboarding_section,
    "document_confirmations": confirmations_section,
    "hours": hours_section,
}
