"""Demo data for the needs assessment: an open round at Leknes, one self-assessment, needs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from portal.needs import operations
from portal.org import demo_data as data

LEKNES_LEAD = "leder@leknes.example"


def load(session: Session, ctx) -> None:
    """Called from :func:`portal.org.demo.load` once people and records exist."""
    lead = ctx.people[LEKNES_LEAD]
    needs_round = operations.open_round(
        session,
        actor_id=lead.id,
        title=f"Høst {ctx.today.year}",
        deadline=ctx.today + timedelta(days=21),
        units=[ctx.units[data.LEKNES]],
    )
    mentor = ctx.people["mentor@leknes.example"]
    competences = ctx.competences
    operations.save_self_assessment(
        session,
        needs_round=needs_round,
        person=mentor,
        ratings={
            competences[code].id: level
            for code, level in (
                ("autorisasjon-helsesekretaer", 4),
                ("taushetsplikt", 4),
                ("informasjonssikkerhet", 3),
                ("timebok", 4),
                ("brannvern", 3),
                ("delegering", 3),
                ("etikk", 3),
                ("rolle-autorisasjon", 4),
                ("hlr", 3),
                ("laboratorierutiner", 2),
            )
        },
        wishes="Jeg vil gjerne bli HLR-instruktør, og trenger mer trening i laboratoriearbeid.",
        today=ctx.today,
    )
    for email, title, code, priority, action, days, cost in (
        (
            "sekretaer@leknes.example",
            "Fornye HLR-kurset",
            "hlr",
            "high",
            "external_course",
            45,
            1_500_00,
        ),
        (
            "sekretaer@leknes.example",
            "Taushetsplikt på nytt",
            "taushetsplikt",
            "high",
            "internal_course",
            14,
            0,
        ),
        (
            "kari.nilsen@leknes.example",
            "Delegering og forsvarlighet",
            "delegering",
            "medium",
            "internal_course",
            30,
            0,
        ),
        (
            "mentor@leknes.example",
            "Laboratorierutiner med veileder",
            "laboratorierutiner",
            "low",
            "mentoring",
            120,
            0,
        ),
    ):
        operations.record_need(
            session,
            actor_id=lead.id,
            person=ctx.people[email],
            round_id=needs_round.id,
            data=operations.NeedData(
                title=title,
                competence_id=competences[code].id,
                priority=priority,
                action=action,
                target_date=ctx.today + timedelta(days=days),
                estimated_cost_ore=cost,
            ),
        )
