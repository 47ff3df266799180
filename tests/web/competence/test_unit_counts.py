"""The counts each process keeps per unit are only ever used while they are true.

After any sequence of committed writes that can change a unit's counts (records added and
voided, jobs moved, given another position, begun and ended, people made inactive,
requirements set and removed), the kept counts equal counts made from scratch, and added up
over several units they count a person in two of them once; a kept count is used again only
while no transaction changed its unit; a write rolled back renews nothing. On both databases.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select

from portal.competence import unit_counts
from portal.competence.gaps import Held, status
from portal.competence.models import Competence, CoverageRule, Obligation, UnitVersion
from portal.org.models import Person, Position, Unit
from tests.web.competence.test_obligations import DAY, WINDOW, apply, write


def fresh(db, unit_ids):
    """The counts made now, from the obligations and standings."""
    counted = unit_counts._count(db, sorted(unit_ids), DAY, WINDOW)
    return {u: counted.get(u, unit_counts.UnitCounts({}, {})) for u in unit_ids}


def kept(db, unit_ids):
    return unit_counts._of_units(db, frozenset(unit_ids), DAY, WINDOW)


def people_over(db, unit_ids) -> dict:
    """Per counted status, the people of ``unit_ids`` in it, each once: from the kept counts
    and the people in several units counted apart, as the start page adds them up."""
    counts = kept(db, unit_ids).values()
    shared = unit_counts.shared(db, frozenset(unit_ids), DAY, WINDOW).people
    return {s: shared[s] + sum(c.people.get(s, 0) for c in counts) for s in unit_counts.COUNTED}


def people_from_scratch(db, unit_ids) -> dict:
    """The same, by the pure rule over every mandatory requirement of those units."""
    found: dict = {s: set() for s in unit_counts.COUNTED}
    for row in db.scalars(
        select(Obligation).where(Obligation.unit_id.in_(unit_ids), Obligation.is_mandatory)
    ):
        held = Held(row.achieved_on, row.expires_on) if row.record_id else None
        state = status(0, held, row.due_on, DAY, WINDOW)
        if state in found:
            found[state].add(row.person_id)
    return {s: len(people) for s, people in found.items()}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(write, min_size=1, max_size=8))
def test_the_kept_counts_follow_any_committed_writes(
    app, db, make_unit, make_position, make_person, make_competence, steps
):
    units = [make_unit(), make_unit()]
    positions = [make_position(), make_position()]
    person = make_person(unit=units[0], position=positions[0])
    admin = make_person(access="admin", unit=units[1], position=positions[1])
    competences = [make_competence(validity_months=12) for _ in range(3)]
    for unit in units:
        db.add(CoverageRule(unit_id=unit.id, competence_id=competences[0].id, minimum=1))
    db.commit()
    org = {
        "units": [db.get(Unit, u.id) for u in units],
        "positions": [db.get(Position, p.id) for p in positions],
        "competences": [db.get(Competence, c.id) for c in competences],
    }
    person, admin = db.get(Person, person.id), db.get(Person, admin.id)
    ids = [u.id for u in units]
    with app.app_context():
        app.extensions.pop("portal.unit_counts", None)
        assert kept(db, ids) == fresh(db, ids)
        db.commit()
        for step in steps:
            apply(db, step, person, admin, org)
            db.commit()
            assert kept(db, ids) == fresh(db, ids), step
            assert people_over(db, ids) == people_from_scratch(db, ids), step
            db.commit()


def queries_of(db, call):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def test_a_kept_count_is_used_until_its_unit_changes(
    app, db, make_unit, make_position, make_person, make_competence, make_requirement
):
    position, competence = make_position(), make_competence(validity_months=12)
    make_requirement(position, competence)
    here, there = make_unit(), make_unit()
    mover = make_person(unit=here, position=position)
    make_person(unit=there, position=position)
    with app.app_context():
        app.extensions.pop("portal.unit_counts", None)
        ids = [here.id, there.id]
        first = kept(db, ids)
        assert first[here.id].people[unit_counts.Status.MISSING] == 1
        again = queries_of(db, lambda: kept(db, ids))
        assert not [s for s in again if "obligations" in s], "counted again with nothing changed"
        db.rollback()

        db.get(Person, mover.id).jobs[0].unit_id = there.id
        db.commit()
        tokens = dict(db.execute(select(UnitVersion.unit_id, UnitVersion.token)).all())
        assert set(tokens) >= {here.id, there.id}, "the move renews both units"
        moved = kept(db, ids)
        assert moved[here.id].people.get(unit_counts.Status.MISSING, 0) == 0
        assert moved[there.id].people[unit_counts.Status.MISSING] == 2
        db.rollback()

        db.get(Person, mover.id).jobs[0].unit_id = here.id
        db.flush()
        db.rollback()
        assert dict(db.execute(select(UnitVersion.unit_id, UnitVersion.token)).all()) == tokens
        assert kept(db, ids) == moved


def test_the_counts_of_a_new_day_are_made_anew(
    app, db, make_unit, make_position, make_person, make_competence, make_requirement
):
    position, competence = make_position(), make_competence(validity_months=12)
    make_requirement(position, competence, due_days=10)
    unit = make_unit()
    make_person(unit=unit, position=position, start_date=DAY)
    with app.app_context():
        app.extensions.pop("portal.unit_counts", None)
        before = unit_counts._of_units(db, frozenset([unit.id]), DAY, WINDOW)
        after = unit_counts._of_units(db, frozenset([unit.id]), DAY + timedelta(days=11), WINDOW)
    assert before[unit.id].people.get(unit_counts.Status.MISSING, 0) == 0
    assert after[unit.id].people[unit_counts.Status.MISSING] == 1
