"""The kept obligations always say what jobs, people, requirements and standings say.

A property test drives random sequences of every write that can change an obligation (a job
moved, given another position or first day; a second job started and ended; a person made
inactive and active again; requirements set, changed and removed; records added and voided)
and, after each, asks ``obligations.check`` and compares each requirement's status with the
pure gap rule over the person's current jobs (a competence two jobs require: the earlier due
date, the stricter kind). On both databases.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from portal.competence import obligations, operations, records
from portal.competence.gaps import Held, due_date, status
from portal.competence.models import (
    Competence,
    CompetenceRecord,
    Obligation,
    Requirement,
    Standing,
)
from portal.competence.queries import effective_records
from portal.org import jobs
from portal.org.bulk import create_people
from portal.org.importer import Row
from portal.org.models import Person, Position, Unit

WINDOW = timedelta(days=60)
DAY = date(2026, 11, 22)

days = st.integers(min_value=-900, max_value=0).map(lambda n: DAY + timedelta(days=n))
write = st.one_of(
    st.tuples(st.just("record"), st.integers(0, 2), days, st.integers(1, 900)),
    st.tuples(st.just("void"), st.integers(0, 10)),
    st.tuples(st.just("move"), st.integers(0, 1)),
    st.tuples(st.just("position"), st.integers(0, 2)),
    st.tuples(st.just("since"), days),
    st.tuples(st.just("second job"), st.integers(0, 1), st.integers(0, 1), days),
    st.tuples(st.just("end job"), days),
    st.tuples(st.just("active"), st.booleans()),
    st.tuples(
        st.just("require"), st.integers(0, 1), st.integers(0, 2), st.booleans(), st.integers(0, 90)
    ),
    st.tuples(st.just("unrequire"), st.integers(0, 1), st.integers(0, 2)),
)


def apply(db, step, person, admin, org) -> None:
    kind = step[0]
    if kind == "record":
        _, which, achieved_on, valid_days = step
        records.register_external(
            db,
            actor_id=admin.id,
            person=person,
            competence=org["competences"][which],
            facts=records.Facts(achieved_on, achieved_on + timedelta(days=valid_days)),
            upload=None,
            window=WINDOW,
        )
    elif kind == "void":
        current = list(
            db.scalars(effective_records().where(CompetenceRecord.person_id == person.id))
        )
        if current:
            records.void(db, actor_id=admin.id, record=current[step[1] % len(current)], reason="x")
    elif kind == "move":
        person.jobs[0].unit_id = org["units"][step[1]].id
    elif kind == "position":
        positions = [*org["positions"], None]
        person.jobs[0].position_id = positions[step[1]].id if positions[step[1]] else None
    elif kind == "since":
        person.jobs[0].starts_on = min(step[1], person.jobs[0].ends_on or step[1])
    elif kind == "second job":
        _, unit, position, starts_on = step
        data = jobs.JobData(org["units"][unit].id, org["positions"][position].id, 20, starts_on)
        jobs.start_job(db, person, data, DAY)
    elif kind == "end job":
        jobs.end_job(person, person.jobs[-1], step[1], DAY)
    elif kind == "active":
        person.is_active = step[1]
    elif kind == "require":
        _, position, competence, mandatory, due_days = step
        operations.set_requirement(
            db,
            actor_id=admin.id,
            position_id=org["positions"][position].id,
            competence_id=org["competences"][competence].id,
            is_mandatory=mandatory,
            due_days=due_days,
        )
    elif kind == "unrequire":
        _, position, competence = step
        requirement = db.scalar(
            select(Requirement).where(
                Requirement.position_id == org["positions"][position].id,
                Requirement.competence_id == org["competences"][competence].id,
            )
        )
        if requirement is not None:
            operations.remove_requirement(db, actor_id=admin.id, requirement=requirement)
    # What the people pages do after changing a job in place: the main job follows.
    jobs.mirror(person, DAY)
    db.flush()


def expected_statuses(db, today: date) -> dict[tuple[int, int, int], tuple[bool, str]]:
    """Every active person's requirement per unit of a current job (on the day the writes
    were made), with its kind and status by the pure rule: from every job that requires it,
    the earliest due date and the stricter kind."""
    found = {}
    for person in db.scalars(select(Person).where(Person.is_active.is_(True))):
        merged: dict[int, tuple[bool, date]] = {}
        units: dict[int, set[int]] = {}
        for job in jobs.current_jobs(person, DAY):
            for requirement in db.scalars(
                select(Requirement).where(Requirement.position_id == job.position_id)
            ):
                due_on = due_date(job.starts_on, requirement.due_days)
                mandatory, due = merged.get(requirement.competence_id, (False, due_on))
                merged[requirement.competence_id] = (
                    mandatory or requirement.is_mandatory,
                    min(due, due_on),
                )
                units.setdefault(requirement.competence_id, set()).add(job.unit_id)
        for competence_id, (mandatory, due_on) in merged.items():
            standing = db.get(Standing, (person.id, competence_id))
            held = (
                Held(standing.achieved_on, standing.expires_on)
                if standing and standing.record_id
                else None
            )
            for unit_id in units[competence_id]:
                found[person.id, competence_id, unit_id] = (
                    mandatory,
                    status(0, held, due_on, today, WINDOW).value,
                )
    return found


def kept_statuses(db, today: date) -> dict[tuple[int, int, int], tuple[bool, str]]:
    """The same, read from the obligations alone."""
    found = {}
    for row in db.scalars(select(Obligation)):
        held = Held(row.achieved_on, row.expires_on) if row.record_id else None
        found[row.person_id, row.competence_id, row.unit_id] = (
            row.is_mandatory,
            status(0, held, row.due_on, today, WINDOW).value,
        )
    return found


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(write, min_size=1, max_size=12))
def test_the_kept_obligations_follow_any_writes(
    db, make_unit, make_position, make_person, make_competence, steps
):
    units = [make_unit(), make_unit()]
    positions = [make_position(), make_position()]
    person = make_person(unit=units[0], position=positions[0])
    admin = make_person(access="admin", unit=units[1], position=positions[1])
    competences = [make_competence(validity_months=12) for _ in range(3)]
    # Read only once everything is made: a SQLite session that read before another wrote
    # cannot write.
    org = {
        "units": [db.get(Unit, u.id) for u in units],
        "positions": [db.get(Position, p.id) for p in positions],
        "competences": [db.get(Competence, c.id) for c in competences],
    }
    person, admin = db.get(Person, person.id), db.get(Person, admin.id)
    try:
        for step in steps:
            apply(db, step, person, admin, org)
            assert obligations.check(db, DAY) == []
            for today in (DAY, DAY + timedelta(days=45), DAY + timedelta(days=400)):
                assert kept_statuses(db, today) == expected_statuses(db, today)
    finally:
        db.rollback()


def test_check_finds_a_row_gone_wrong_and_rebuild_mends_it_once(
    app, db, make_person, make_position, make_competence, make_requirement
):
    position = make_position()
    competence = make_competence(validity_months=12)
    make_requirement(position, competence)
    person = make_person(position=position)
    assert obligations.check(db, DAY) == []
    db.execute(delete(Obligation))
    db.commit()
    runner = app.test_cli_runner()
    with app.app_context():
        checked = runner.invoke(args=["standings", "check"])
    assert checked.exit_code == 1
    assert (
        f"obligation of person {person.id}, competence {competence.id}, unit {person.unit_id}: "
        "kept nothing" in checked.output
    )
    with app.app_context():
        assert "1 obligation(s) mended." in runner.invoke(args=["standings", "rebuild"]).output
        assert "0 obligation(s) mended." in runner.invoke(args=["standings", "rebuild"]).output
        ok = runner.invoke(args=["standings", "check"])
    assert ok.exit_code == 0


def test_a_people_import_writes_the_obligations_of_everyone_it_adds(
    app, db, make_unit, make_position, make_competence, make_requirement
):
    unit, position = make_unit(), make_position()
    make_requirement(position, make_competence())
    create_people(
        db,
        actor_id=None,
        rows=[
            Row(
                line=n + 2,
                email=f"ny{n}@example.test",
                name=f"Ny {n}",
                unit_id=unit.id,
                position_id=position.id,
                start_date=DAY,
                employment_percent=100,
                access="employee",
            )
            for n in range(3)
        ],
    )
    db.commit()
    assert db.scalar(select(Obligation).limit(1)) is not None
    assert len(db.scalars(select(Obligation)).all()) == 3
    assert obligations.check(db, DAY) == []
