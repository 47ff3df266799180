"""Demo data for the kurspott: typical costs, a budget per unit for this year (and last year
for Leknes), approved and completed applications, and one waiting for the Leknes lead.

Applications go through the same operations as in the portal, so the demo keeps the rules.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo import data
from portal.funds import operations
from portal.needs.models import TrainingNeed

#: What renewing a competence usually costs, in øre (course fee; travel comes on top).
TYPICAL_COSTS = {"hlr": 1_500_00, "akuttmedisin-legevakt": 6_000_00, "brannvern": 800_00}

#: unit → kurspott this year, in øre
BUDGETS = {
    data.ROOT: 20_000_00,
    data.LEKNES: 60_000_00,
    data.LOFOTLEGER: 45_000_00,
    data.LEGEVAKT: 80_000_00,
}

# email, years back, (month, day), title, provider, competence, fee, travel, accommodation,
# decision ("full", an amount in øre for a part approval, or None: waiting), spent
APPLICATIONS = [
    (
        "mentor@leknes.example",
        1,
        (3, 12),
        "Laboratoriekurs for helsesekretærer",
        "Fürst medisinsk laboratorium",
        "laboratorierutiner",
        4_000_00,
        2_200_00,
        1_800_00,
        "full",
        7_850_00,
    ),
    (
        "jonas.eriksen@leknes.example",
        1,
        (10, 2),
        "Kommunikasjon i skranken",
        "Helsesekretærforbundet",
        None,
        2_500_00,
        600_00,
        0,
        "full",
        3_100_00,
    ),
    (
        "mentor@leknes.example",
        0,
        (5, 20),
        "Instruktørkurs i HLR",
        "Norsk Resuscitasjonsråd",
        "hlr",
        4_500_00,
        1_200_00,
        0,
        "full",
        None,
    ),
    (
        "line.mikkelsen@leknes.example",
        0,
        (2, 6),
        "Fagdag for helsesekretærer",
        "Fagforbundet",
        "etikk",
        3_900_00,
        2_000_00,
        1_800_00,
        6_000_00,
        5_950_00,
    ),
    (
        "camilla.lund@lofotleger.example",
        0,
        (4, 15),
        "Journalføring i praksis",
        "Legeforeningen",
        "informasjonssikkerhet",
        5_500_00,
        2_000_00,
        0,
        "full",
        None,
    ),
    (
        "thomas.ness@legevakt.example",
        0,
        (9, 8),
        "Akuttmedisinkurs for legevakt",
        "Nasjonalt kompetansesenter for legevaktmedisin",
        "akuttmedisin-legevakt",
        6_000_00,
        2_500_00,
        3_000_00,
        "full",
        None,
    ),
]
LEADS = {
    data.LEKNES: "leder@leknes.example",
    data.LOFOTLEGER: "leder@lofotleger.example",
    data.LEGEVAKT: "leder@legevakt.example",
}


def load(session: Session, ctx) -> None:
    """Called from :func:`portal.demo.organisation.load` once people, records and needs exist."""
    for competence_code, cost in TYPICAL_COSTS.items():
        if ctx.competences[competence_code].typical_cost_ore is None:
            ctx.competences[competence_code].typical_cost_ore = cost
    admin = ctx.people[data.PEOPLE[0][0]]
    year = ctx.today.year
    for unit, amount in BUDGETS.items():
        operations.set_budget(
            session, actor_id=admin.id, unit_id=ctx.units[unit].id, year=year, amount_ore=amount
        )
    operations.set_budget(
        session,
        actor_id=admin.id,
        unit_id=ctx.units[data.LEKNES].id,
        year=year - 1,
        amount_ore=50_000_00,
    )
    for email, back, (
        month,
        day,
    ), title, provider, code, fee, travel, stay, decision, spent in APPLICATIONS:
        _application(
            session,
            ctx,
            email,
            date(year - back, month, day),
            title,
            provider,
            code,
            (fee, travel, stay),
            decision,
            spent,
        )
    siri = ctx.people["sekretaer@leknes.example"]
    need = session.scalar(
        select(TrainingNeed).where(
            TrainingNeed.person_id == siri.id,
            TrainingNeed.competence_id == ctx.competences["hlr"].id,
        )
    )
    operations.apply(
        session,
        person=siri,
        data=operations.ApplicationData(
            title="HLR-kurs med hjertestarter",
            provider="Norsk Folkehjelp",
            start_date=date(year, 12, 10),
            end_date=date(year, 12, 10),
            fee_ore=1_500_00,
            travel_ore=400_00,
            accommodation_ore=0,
            justification="HLR-kurset mitt har gått ut, og det er et krav i stillingen.",
            need_id=need.id if need else None,
            competence_id=ctx.competences["hlr"].id,
        ),
    )


def _application(
    session: Session,
    ctx,
    email: str,
    start: date,
    title: str,
    provider: str,
    code: str | None,
    costs: tuple[int, int, int],
    decision,
    spent: int | None,
) -> None:
    person = ctx.people[email]
    application = operations.apply(
        session,
        person=person,
        data=operations.ApplicationData(
            title=title,
            provider=provider,
            start_date=start,
            end_date=start,
            fee_ore=costs[0],
            travel_ore=costs[1],
            accommodation_ore=costs[2],
            justification="Kurset styrker kompetansen kontoret trenger.",
            competence_id=ctx.competences[code].id if code else None,
        ),
    )
    lead = ctx.people[LEADS[person.unit.name]]
    operations.decide(
        session,
        actor_id=lead.id,
        application=application,
        decision="full" if decision == "full" else "partial",
        amount_ore=None if decision == "full" else decision,
        reason="Innenfor kurspotten og i tråd med opplæringsplanen.",
    )
    if spent is not None:
        operations.report_cost(
            session,
            actor_id=person.id,
            application=application,
            spent_ore=spent,
            may_exceed_approval=False,
        )
