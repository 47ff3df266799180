"""`portal demo`: the organisation CONTRACT.md describes, loaded once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.clock import expiring_window, today
from portal.competence import obligations
from portal.competence.gaps import Status
from portal.competence.models import Competence, Obligation, Requirement
from portal.competence.queries import statuses_for
from portal.org.models import Deputyship, Person, Position, Unit

DEMO_ACCOUNTS = [
    "admin@demo.example",
    "leder@leknes.example",
    "sekretaer@leknes.example",
    "nyansatt@leknes.example",
    "mentor@leknes.example",
    "leder@lofotleger.example",
]


def load(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_builds_the_organisation_and_accounts(app, db, client, auth):
    output = load(app)
    assert "Demo organisation loaded" in output
    assert "5 courses" in output
    names = set(db.scalars(select(Unit.name)))
    assert {
        "Enhet Allmennlegetjenester",
        "Leknes legesenter",
        "Lofotleger AS",
        "Lofoten interkommunale legevakt",
    } <= names
    assert 20 <= db.scalar(select(func.count(Person.id))) <= 30
    for email in DEMO_ACCOUNTS:
        assert auth.login(email, "kompetanse-demo").location == "/", email
        auth.logout()


def test_second_run_changes_nothing(app, db):
    load(app)
    people, events = (
        db.scalar(select(func.count(Person.id))),
        db.scalar(select(func.count(AuditEvent.id))),
    )
    db.rollback()
    assert "nothing changed" in load(app)
    assert db.scalar(select(func.count(Person.id))) == people
    assert db.scalar(select(func.count(AuditEvent.id))) == events


def test_if_empty_leaves_a_database_with_people_alone(app, db, make_person):
    make_person()
    result = app.test_cli_runner().invoke(args=["demo", "--if-empty"])
    assert "not loaded" in result.output
    assert db.scalar(select(func.count(Person.id))) == 1


def test_leknes_alone_shows_every_gap_status(app, db):
    load(app)
    leknes = db.scalar(select(Unit).where(Unit.name == "Leknes legesenter"))
    seen = set()
    with app.test_request_context():
        for person in db.scalars(select(Person).where(Person.unit_id == leknes.id)):
            seen |= {row.status for row in statuses_for(db, person, today(), expiring_window())}
    assert seen == set(Status)


def test_the_secretary_has_partly_expired_records_and_the_new_hire_started_recently(app, db):
    load(app)
    with app.test_request_context():
        secretary = db.scalar(select(Person).where(Person.email == "sekretaer@leknes.example"))
        statuses = {row.status for row in statuses_for(db, secretary, today(), expiring_window())}
        assert Status.EXPIRED in statuses
        assert Status.OK in statuses
        new_hire = db.scalar(select(Person).where(Person.email == "nyansatt@leknes.example"))
        assert 0 <= (today() - new_hire.start_date).days < 14


def test_a_demo_lead_has_a_deputy_for_this_month(app, db, client, auth):
    load(app)
    with app.app_context():
        day = today()
    deputyship = db.scalar(select(Deputyship))
    assert deputyship.lead.email == "leder@legevakt.example"
    assert (deputyship.starts_on.day, deputyship.starts_on.month) == (1, day.month)
    assert deputyship.ends_on.month == day.month
    assert (deputyship.ends_on + timedelta(days=1)).month != day.month
    auth.login("anders.haug@legevakt.example", "kompetanse-demo")
    page = client.get("/people/").get_data(as_text=True)
    assert "Du er stedfortreder for" in page
    assert "Thomas" in page or "Julie" in page  # the legevakt's people


def obligations_in(db, person, unit_ids) -> set[str]:
    return set(
        db.scalars(
            select(Competence.code)
            .join(Obligation, Obligation.competence_id == Competence.id)
            .where(Obligation.person_id == person.id, Obligation.unit_id.in_(unit_ids))
        )
    )


def required_of(db, position_code) -> set[str]:
    return set(
        db.scalars(
            select(Competence.code)
            .join(Requirement, Requirement.competence_id == Competence.id)
            .join(Position, Position.id == Requirement.position_id)
            .where(Position.code == position_code)
        )
    )


def test_a_secretary_works_in_two_units_and_each_lead_sees_their_own_requirements(app, db):
    load(app)
    with app.app_context():
        day = today()
    line = db.scalar(select(Person).where(Person.email == "line.mikkelsen@leknes.example"))
    jobs = sorted(
        ((job.unit.name, job.position.code, job.employment_percent) for job in line.jobs),
        key=lambda job: -job[2],
    )
    assert jobs == [
        ("Leknes legesenter", "helsesekretaer", 60),
        ("Lofoten interkommunale legevakt", "sykepleier-legevakt", 20),
    ]
    legevakt_job = next(job for job in line.jobs if job.employment_percent == 20)
    assert legevakt_job.starts_on.day == 1
    assert line.start_date < legevakt_job.starts_on <= day
    # The person's columns tell the main job, the larger one.
    assert (line.unit.name, line.position.code, line.employment_percent) == jobs[0]
    assert line.several_units is True
    seen = {}
    for email in ("leder@leknes.example", "leder@legevakt.example"):
        lead = db.scalar(select(Person).where(Person.email == email))
        seen[email] = obligations_in(db, line, [unit.id for unit in lead.led_units])
    leknes, legevakt = seen["leder@leknes.example"], seen["leder@legevakt.example"]
    assert leknes == required_of(db, "helsesekretaer")
    assert legevakt == required_of(db, "sykepleier-legevakt")
    assert "akuttmedisin-legevakt" in legevakt - leknes
    assert {"timebok", "autorisasjon-helsesekretaer"} <= leknes - legevakt
    assert "taushetsplikt" in leknes & legevakt
    assert obligations.check(db, day) == []
