"""Factory fixtures: each returns a callable that makes one object and commits it."""

from __future__ import annotations

import io
import itertools
from datetime import date

import pytest
from sqlalchemy import update
from werkzeug.security import generate_password_hash

from portal.competence import records
from portal.competence.gaps import add_months
from portal.competence.models import Competence, CompetenceRecord, CoverageRule, Requirement
from portal.org.models import Deputyship, Job, Person, Position, Unit, unit_leads

PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_counter = itertools.count(1)


def _save(app, obj):
    with app.extensions["portal.sessionmaker"]() as session:
        session.add(obj)
        session.commit()
        session.refresh(obj)
        session.expunge(obj)
    return obj


@pytest.fixture
def make_unit(app):
    def make(name: str | None = None, parent: Unit | None = None) -> Unit:
        return _save(
            app,
            Unit(name=name or f"Enhet {next(_counter)}", parent_id=parent.id if parent else None),
        )

    return make


@pytest.fixture
def make_position(app):
    def make(name: str | None = None) -> Position:
        number = next(_counter)
        return _save(app, Position(code=f"stilling-{number}", name=name or f"Stilling {number}"))

    return make


@pytest.fixture
def make_competence(app):
    def make(
        code: str | None = None,
        validity_months: int | None = 24,
        kind: str = "course",
        name: str | None = None,
    ) -> Competence:
        code = code or f"kompetanse-{next(_counter)}"
        return _save(
            app,
            Competence(
                code=code,
                name=name or code.title(),
                kind=kind,
                validity_months=validity_months,
                description="",
            ),
        )

    return make


@pytest.fixture
def make_person(app, make_unit, make_position):
    def make(
        *,
        email: str | None = None,
        unit: Unit | None = None,
        position: Position | None = None,
        access: str = "employee",
        start_date: date = date(2020, 1, 1),
        leads: tuple[Unit, ...] = (),
        name: str | None = None,
        is_active: bool = True,
    ) -> Person:
        number = next(_counter)
        unit = unit or make_unit()
        with app.extensions["portal.sessionmaker"]() as session:
            person = Person(
                email=(email or f"person{number}@example.test").lower(),  # as the portal stores it
                name=name or f"Person {number}",
                password_hash=_PASSWORD_HASH,
                unit_id=unit.id,
                position_id=position.id if position else None,
                start_date=start_date,
                position_since=start_date,
                employment_percent=100,
                access=access,
                is_active=is_active,
            )
            person.led_units = [session.get(Unit, lead.id) for lead in leads]
            person.jobs = [
                Job(
                    unit_id=unit.id,
                    position_id=position.id if position else None,
                    starts_on=start_date,
                    employment_percent=100,
                )
            ]
            session.add(person)
            session.commit()
            session.refresh(person)
            session.expunge(person)
        return person

    return make


@pytest.fixture
def make_deputyship(app):
    """``deputy`` stands in for ``lead`` in ``units`` (all the lead's when none are given)."""

    def make(
        lead: Person, deputy: Person, starts_on: date, ends_on: date, units: tuple[Unit, ...] = ()
    ) -> Deputyship:
        with app.extensions["portal.sessionmaker"]() as session:
            chosen = units or tuple(session.get(Person, lead.id).led_units)
            deputyship = Deputyship(
                lead_id=lead.id,
                deputy_id=deputy.id,
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=lead.id,
                units=[session.get(Unit, unit.id) for unit in chosen],
            )
            session.add(deputyship)
            session.commit()
            session.refresh(deputyship)
            session.expunge(deputyship)
        return deputyship

    return make


@pytest.fixture
def end_lead_job(app):
    """``lead``'s job as lead of ``unit`` has ``ends_on`` as its last day."""

    def end(lead: Person, unit: Unit, ends_on: date) -> None:
        with app.extensions["portal.sessionmaker"]() as session:
            session.execute(
                update(unit_leads)
                .where(unit_leads.c.person_id == lead.id, unit_leads.c.unit_id == unit.id)
                .values(ends_on=ends_on)
            )
            session.commit()

    return end


@pytest.fixture
def make_requirement(app):
    def make(
        position: Position, competence: Competence, *, mandatory: bool = True, due_days: int = 30
    ) -> Requirement:
        return _save(
            app,
            Requirement(
                position_id=position.id,
                competence_id=competence.id,
                is_mandatory=mandatory,
                due_days=due_days,
            ),
        )

    return make


@pytest.fixture
def make_record(app):
    def make(
        person: Person,
        competence: Competence,
        achieved_on: date,
        *,
        expires_on: date | None = None,
        source: str = "course",
    ) -> CompetenceRecord:
        if expires_on is None and competence.validity_months:
            expires_on = add_months(achieved_on, competence.validity_months)
        record = CompetenceRecord(
            person_id=person.id,
            competence_id=competence.id,
            achieved_on=achieved_on,
            expires_on=expires_on,
            source=source,
        )
        with app.extensions["portal.sessionmaker"]() as session:
            records.add(session, record)  # as every record is added: the standing follows
            session.commit()
            session.refresh(record)
            session.expunge(record)
        return record

    return make


@pytest.fixture
def make_coverage_rule(app):
    def make(unit: Unit, competence: Competence, minimum: int) -> CoverageRule:
        return _save(
            app, CoverageRule(unit_id=unit.id, competence_id=competence.id, minimum=minimum)
        )

    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, who: Person | str, password: str = PASSWORD):
        """Log in as ``who``, logging out whoever was logged in, so one test can be several
        people in turn."""
        self.logout()
        email = who if isinstance(who, str) else who.email
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)


# Courses and quizzes (portal/catalog, portal/quiz)


@pytest.fixture
def demo(app):
    """The demo organisation and the real courses, as ``make run`` loads them."""
    runner = app.test_cli_runner()
    for args in (["demo"], ["content", "sync"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output


@pytest.fixture
def courses(app):
    """The real ``courses/`` and ``quizzes/``, synced as ``portal content sync`` does."""
    result = app.test_cli_runner().invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    return result


def quiz_form(questions, *, right: bool = True) -> dict[str, list[str]]:
    """Answers to an attempt's questions: all right, or all wrong."""
    form: dict[str, list[str]] = {}
    for question in questions:
        options = question["options"]
        correct = [str(i) for i, option in enumerate(options) if option.get("correct")]
        wrong = [str(i) for i, option in enumerate(options) if not option.get("correct")][:1]
        form[f"q-{question['id']}"] = correct if right else wrong
    return form


# Onboarding -----------------------------------------------------------------------------------


def _save_with_items(app, parent, item_class, items):
    """Save ``parent`` (a template or a checklist) with an item made from each ItemData."""
    for data in items:
        item = item_class()
        data.apply_to(item)
        parent.items.append(item)
    with app.extensions["portal.sessionmaker"]() as session:
        session.add(parent)
        session.commit()
        session.refresh(parent)
        list(parent.items)
        session.expunge_all()
    return parent


@pytest.fixture
def make_onboarding_template(app):
    """A template for ``position`` (in ``unit``, or organisation-wide) with ``items``
    (:class:`portal.onboarding.operations.ItemData`)."""
    from portal.onboarding.models import OnboardingTemplate, TemplateItem

    def make(position: Position, *, unit: Unit | None = None, items=()) -> OnboardingTemplate:
        return _save_with_items(
            app,
            OnboardingTemplate(position_id=position.id, unit_id=unit.id if unit else None),
            TemplateItem,
            items,
        )

    return make


@pytest.fixture
def make_checklist(app):
    """A checklist for ``person`` with ``items`` (ItemData), starting on their start date; of
    the job ``job_id``, or of none (then their main unit's leads see it)."""
    from portal.onboarding.models import Checklist, ChecklistItem

    def make(
        person: Person,
        *,
        items=(),
        mentor: Person | None = None,
        it_contact: Person | None = None,
        start_date: date | None = None,
        job_id: int | None = None,
    ):
        return _save_with_items(
            app,
            Checklist(
                person_id=person.id,
                job_id=job_id,
                start_date=start_date or person.start_date,
                mentor_id=mentor.id if mentor else None,
                it_contact_id=it_contact.id if it_contact else None,
            ),
            ChecklistItem,
            items,
        )

    return make


# --- needs assessment and kurspott ------------------------------------------------------------


@pytest.fixture
def make_budget(app):
    def make(unit: Unit, amount_ore: int, year: int = 2026):
        from portal.funds.models import Budget

        return _save(app, Budget(unit_id=unit.id, year=year, amount_ore=amount_ore))

    return make


@pytest.fixture
def make_application(app):
    def make(
        person: Person,
        *,
        fee_ore: int = 100_000,
        travel_ore: int = 0,
        accommodation_ore: int = 0,
        start_date: date = date(2026, 12, 1),
        status: str = "pending",
        approved_ore: int | None = None,
        budget=None,
        spent_ore: int | None = None,
        competence: Competence | None = None,
        title: str = "Kurs",
    ):
        from portal.funds.models import Application

        return _save(
            app,
            Application(
                person_id=person.id,
                unit_id=person.unit_id,
                title=title,
                provider="Arrangør",
                start_date=start_date,
                end_date=start_date,
                fee_ore=fee_ore,
                travel_ore=travel_ore,
                accommodation_ore=accommodation_ore,
                justification="Trenger det.",
                status=status,
                approved_ore=approved_ore,
                budget_id=budget.id if budget else None,
                spent_ore=spent_ore,
                competence_id=competence.id if competence else None,
                decision="full" if status in ("approved", "completed") else None,
            ),
        )

    return make


@pytest.fixture
def make_round(app):
    def make(*units: Unit, deadline: date = date(2026, 12, 15), title: str = "Høst 2026"):
        from portal.needs.models import NeedsRound

        with app.extensions["portal.sessionmaker"]() as session:
            needs_round = NeedsRound(
                title=title, deadline=deadline, units=[session.get(Unit, unit.id) for unit in units]
            )
            session.add(needs_round)
            session.commit()
            session.refresh(needs_round)
            session.expunge(needs_round)
        return needs_round

    return make


@pytest.fixture
def make_need(app):
    def make(
        person: Person,
        *,
        title: str = "Behov",
        priority: str = "medium",
        action: str = "internal_course",
        target_date: date = date(2027, 1, 15),
        cost_ore: int = 0,
        competence: Competence | None = None,
        status: str = "open",
        round_id: int | None = None,
    ):
        from portal.needs.models import TrainingNeed

        return _save(
            app,
            TrainingNeed(
                person_id=person.id,
                title=title,
                priority=priority,
                action=action,
                target_date=target_date,
                estimated_cost_ore=cost_ore,
                status=status,
                competence_id=competence.id if competence else None,
                round_id=round_id,
            ),
        )

    return make


# --- competence and gap report -------------------------------------------------------------


@pytest.fixture
def gap_org(
    make_unit,
    make_position,
    make_competence,
    make_requirement,
    make_person,
    make_record,
    make_coverage_rule,
):
    """A small organisation for the gap report: a root with units A and B, a lead of each, an
    employee in each, an administrator, two competences (HLR required, Taushetsplikt
    recommended) and a coverage rule of two HLR holders in A, which A breaches.

    On 2026-11-22 (the tests' today) the employee of A has HLR expiring on 2027-01-10.
    """
    from types import SimpleNamespace

    root = make_unit("Rot")
    a, b = make_unit("Enhet A", parent=root), make_unit("Enhet B", parent=root)
    position = make_position("Helsesekretær")
    hlr = make_competence("hlr", 24, kind="external", name="HLR")
    secrecy = make_competence("taushetsplikt", 24, name="Taushetsplikt")
    make_requirement(position, hlr, due_days=30)
    make_requirement(position, secrecy, mandatory=False, due_days=30)
    org = SimpleNamespace(
        root=root,
        a=a,
        b=b,
        position=position,
        hlr=hlr,
        secrecy=secrecy,
        lead_a=make_person(unit=a, access="lead", leads=(a,), email="lead@a.test", name="Leder A"),
        lead_b=make_person(unit=b, access="lead", leads=(b,), email="lead@b.test", name="Leder B"),
        employee=make_person(unit=a, position=position, email="ansatt@a.test", name="Ansatt A"),
        other=make_person(unit=b, position=position, email="ansatt@b.test", name="Ansatt B"),
        admin=make_person(unit=root, access="admin", email="admin@rot.test", name="Admin"),
    )
    org.record = make_record(org.employee, hlr, date(2025, 1, 10))
    org.rule = make_coverage_rule(a, hlr, 2)
    return org


@pytest.fixture
def count_queries(app, client):
    """``count_queries(url)``: the number of SQL statements one GET of ``url`` runs (the
    response must be 200)."""
    from sqlalchemy import event

    def count(url: str) -> int:
        statements: list[str] = []
        engine = app.extensions["portal.engine"]

        def listener(*args) -> None:
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", listener)
        try:
            response = client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, url
        return len(statements)

    return count


def pdf_lines(data: bytes) -> list[str]:
    """The PDF's text as a reader sees it, laid out: one string per line of the page, the
    gaps between words kept, so a stretched space or a broken line shows."""
    from pypdf import PdfReader

    return [
        line.strip()
        for page in PdfReader(io.BytesIO(data)).pages
        for line in page.extract_text(extraction_mode="layout").splitlines()
        if line.strip()
    ]
