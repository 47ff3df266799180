"""Demo data of the competence feature: one submission waiting for the Leknes lead."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from portal.competence.models import Submission


def load(session: Session, ctx) -> None:
    """Jonas Eriksen (Leknes) has sent in a renewed HLR course for his lead to review."""
    session.add(
        Submission(
            person_id=ctx.people["jonas.eriksen@leknes.example"].id,
            competence_id=ctx.competences["hlr"].id,
            achieved_on=ctx.today - timedelta(days=3),
            reference="Norsk Folkehjelp, Leknes",
            note="HLR med hjertestarter, 4 timer.",
        )
    )
