"""Every other creating or deciding form, sent twice at once to a live server on each
database: both answers lead to the same page, and the audit log (which every change writes,
in the change's own transaction) grows by one event, as for a single send."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.org.models import Job
from tests.factories import PASSWORD
from tests.live import Visitor


@dataclass
class Send:
    who: str  # "lead", "employee" or "admin" of the office
    page: str  # where the form is
    action: str  # where it posts
    fields: dict[str, str]


@dataclass
class Kit:
    """The office a case builds its objects in."""

    unit: object
    position: object
    competence: object
    people: dict[str, object]


@pytest.fixture
def kit(make_unit, make_position, make_person, make_competence, make_budget) -> Kit:
    unit = make_unit("Leknes")
    make_budget(unit, 1_000_000)
    people = {
        "lead": make_person(unit=unit, access="lead", leads=(unit,)),
        "employee": make_person(unit=unit),
        "admin": make_person(unit=unit, access="admin"),
    }
    return Kit(unit, make_position("Helsesekretær"), make_competence(), people)


@pytest.fixture
def factories(request) -> dict[str, Callable]:
    names = ("make_application", "make_record", "make_requirement", "make_coverage_rule")
    names += ("make_round", "make_need", "make_competence")
    made = {name: request.getfixturevalue(name) for name in names}
    return {**made, "job_of": job_of(request.getfixturevalue("app"))}


def job_of(app) -> Callable:
    """The id of a person's one job."""

    def find(person) -> int:
        with app.extensions["portal.sessionmaker"]() as session:
            return session.scalars(select(Job.id).where(Job.person_id == person.id)).one()

    return find


def budget(kit: Kit, make) -> Send:
    unit = kit.unit.id
    return Send(
        "lead",
        f"/funds/units/{unit}",
        f"/funds/units/{unit}/budget?year=2026",
        {"year": "2026", "amount": "12 000"},
    )


def cost(kit: Kit, make) -> Send:
    application = make["make_application"](
        kit.people["employee"], status="approved", approved_ore=100_000
    )
    page = f"/funds/applications/{application.id}"
    return Send("employee", page, f"{page}/cost", {"spent": "900"})


def cancel(kit: Kit, make) -> Send:
    application = make["make_application"](kit.people["employee"])
    page = f"/funds/applications/{application.id}"
    return Send("employee", page, f"{page}/cancel", {})


def new_record(kit: Kit, make) -> Send:
    page = f"/competence/people/{kit.people['employee'].id}/records/new"
    return Send(
        "lead", page, "", {"competence_id": str(kit.competence.id), "achieved_on": "2026-11-01"}
    )


def void(kit: Kit, make) -> Send:
    record = make["make_record"](kit.people["employee"], kit.competence, date(2026, 1, 5))
    page = f"/competence/records/{record.id}/correct"
    return Send(
        "lead",
        page,
        f"/competence/records/{record.id}/void",
        {"reason": "Registrert på feil person."},
    )


def submission(kit: Kit, make) -> Send:
    return Send(
        "employee",
        "/competence/submissions/new",
        "",
        {"competence_id": str(kit.competence.id), "achieved_on": "2026-11-01"},
    )


def requirement(kit: Kit, make) -> Send:
    return Send(
        "admin",
        "/competence/requirements",
        "",
        {
            "position_id": str(kit.position.id),
            "competence_id": str(kit.competence.id),
            "requirement": "mandatory",
            "due_days": "30",
        },
    )


def requirement_removed(kit: Kit, make) -> Send:
    # The grid sends a removal to this page, which says how many it reaches; its form removes.
    rule = make["make_requirement"](kit.position, kit.competence)
    page = f"/competence/requirements/{rule.id}/remove"
    return Send("admin", page, "", {})


def coverage(kit: Kit, make) -> Send:
    return Send(
        "lead",
        "/competence/coverage",
        "",
        {"unit_id": str(kit.unit.id), "competence_id": str(kit.competence.id), "minimum": "2"},
    )


def coverage_removed(kit: Kit, make) -> Send:
    rule = make["make_coverage_rule"](kit.unit, kit.competence, 2)
    return Send("lead", "/competence/coverage", f"/competence/coverage/{rule.id}/remove", {})


def need_status(kit: Kit, make) -> Send:
    needs_round = make["make_round"](kit.unit)
    person = kit.people["employee"]
    need = make["make_need"](person, round_id=needs_round.id)
    return Send(
        "lead",
        f"/needs/rounds/{needs_round.id}/people/{person.id}",
        f"/needs/needs/{need.id}/status",
        {"status": "done"},
    )


def competence_edit(kit: Kit, make) -> Send:
    page = f"/competence/{kit.competence.id}/edit"
    return Send("admin", page, "", {"name": "Nytt navn", "validity_months": "12"})


def person_edit(kit: Kit, make) -> Send:
    page = f"/people/{kit.people['employee'].id}/edit"
    return Send("admin", page, "", {"name": "Nytt Navn"})


def job_new(kit: Kit, make) -> Send:
    page = f"/people/{kit.people['employee'].id}/jobs/new"
    fields = {"unit_id": str(kit.unit.id), "position_id": str(kit.position.id)}
    return Send("lead", page, "", {**fields, "employment_percent": "40"})


def job_change(kit: Kit, make) -> Send:
    employee = kit.people["employee"]
    page = f"/people/{employee.id}/jobs/{make['job_of'](employee)}/change"
    return Send("lead", page, "", {"position_id": str(kit.position.id)})


def job_end(kit: Kit, make) -> Send:
    employee = kit.people["employee"]
    page = f"/people/{employee.id}/jobs/{make['job_of'](employee)}/end"
    return Send("lead", page, "", {"ends_on": "2026-11-30"})


def template(kit: Kit, make) -> Send:
    return Send(
        "admin",
        "/onboarding/templates/",
        "",
        {"position_id": str(kit.position.id), "unit_id": str(kit.unit.id)},
    )


CASES = [
    budget,
    cost,
    cancel,
    new_record,
    void,
    submission,
    requirement,
    requirement_removed,
    coverage,
    coverage_removed,
    need_status,
    competence_edit,
    person_edit,
    job_new,
    job_change,
    job_end,
    template,
]


def audit_events(db) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_a_form_sent_twice_at_once_is_carried_out_once(live_app, db, kit, factories, case):
    send = case(kit, factories)
    browser = Visitor(live_app)
    browser.login(kit.people[send.who].email, PASSWORD)
    form = {**browser.form(send.page, send.action), **send.fields}
    before = audit_events(db)
    answers = browser.post_twice_at_once(send.action or send.page, form)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [302, 303], [answer.text[:300] for answer in answers]
    assert len({answer.headers["Location"] for answer in answers}) == 1
    assert audit_events(db) == before + 1
