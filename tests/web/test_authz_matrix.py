"""Every route, for every kind of user, as its view declares (``portal.authz``): anonymous
users are sent to login, users below a view's level get 403, and nothing answers 500."""

from __future__ import annotations

import re
from datetime import date

import pytest


def url_for_rule(rule) -> str:
    """A concrete URL for a rule, with 1 for numbers and a plausible word for strings."""
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "1" if m.group(1) == "int" else "x", rule.rule)


def level(app, rule) -> str:
    return app.view_functions[rule.endpoint].access_level


def rules(app, method: str, levels=("employee", "lead", "admin")):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if method in rule.methods and rule.endpoint != "static" and level(app, rule) in levels
    ]


def test_every_view_declares_who_may_use_it(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and getattr(app.view_functions[rule.endpoint], "access_level", None)
        not in ("public", "employee", "lead", "admin")
    ]
    assert undeclared == []


def test_the_public_pages_are_few_and_known(app):
    public = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and level(app, rule) == "public"
    }
    assert public == {
        "accounts.login",
        "accounts.logout",
        "accounts.logout_page",
        "home.healthz",
        "home.favicon",
        "home.set_language",
        "home.accessibility",
        "certificates.verify",
        "certificates.verify_form",
        "sso.start",
        "sso.callback",
    }


def test_every_private_page_sends_anonymous_users_to_login(app, client):
    for rule in rules(app, "GET"):
        response = client.get(url_for_rule(rule))
        assert response.status_code == 302, rule.rule
        assert response.location.startswith("/login"), rule.rule


def test_every_private_form_sends_anonymous_users_to_login(app, client):
    for rule in rules(app, "POST"):
        response = client.post(url_for_rule(rule))
        assert response.status_code == 302, rule.rule
        assert response.location.startswith("/login"), rule.rule


@pytest.mark.parametrize("access", ["employee", "lead", "admin"])
def test_no_route_answers_500_to_any_kind_of_user(
    app, client, auth, make_person, make_unit, access
):
    unit = make_unit()
    auth.login(make_person(unit=unit, access=access, leads=(unit,) if access == "lead" else ()))
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in ("accounts.logout", "static"):
            assert client.get(url_for_rule(rule)).status_code < 500, rule.rule
        if "POST" in rule.methods and rule.endpoint != "accounts.logout":
            assert client.post(url_for_rule(rule), data={"x": "y"}).status_code < 500, rule.rule


def test_employee_is_refused_every_lead_and_admin_page(app, client, auth, make_person):
    auth.login(make_person())
    pages = rules(app, "GET", levels=("lead", "admin"))
    assert any(rule.endpoint.startswith("reports.") for rule in pages)
    for rule in pages:
        assert client.get(url_for_rule(rule)).status_code == 403, rule.rule
    for rule in rules(app, "POST", levels=("lead", "admin")):
        assert client.post(url_for_rule(rule)).status_code in (400, 403), rule.rule


def test_lead_is_refused_every_administrator_page(app, client, auth, make_person, make_unit):
    unit = make_unit()
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    pages = rules(app, "GET", levels=("admin",))
    assert {
        "/admin/audit/",
        "/competence/records/import",
        "/people/import",
        "/people/sync",
    } <= {rule.rule for rule in pages}
    for rule in pages:
        assert client.get(url_for_rule(rule)).status_code == 403, rule.rule


def test_a_lead_reaches_no_one_outside_their_units_through_any_person_page(
    app, client, auth, make_person, make_unit
):
    """Every page about one person that a lead may open (their records, a new password, …)
    refuses a lead whose units the person is not in."""
    unit, other = make_unit(), make_unit()
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    outsider = make_person(unit=other)
    pages = [
        rule.rule
        for rule in rules(app, "GET", levels=("lead",))
        if rule.rule.startswith("/people/<int:person_id>")
    ]
    assert "/people/<int:person_id>/password" in pages
    for page in pages:
        url = page.replace("<int:person_id>", str(outsider.id))
        assert client.get(url).status_code in (403, 404), url


def test_a_lead_acts_on_no_job_outside_their_units(app, client, auth, make_person, make_unit):
    """Every page about one job of a person (add, change, end) refuses a lead whose units
    the job is not in, to see it and to send it."""
    from sqlalchemy import select

    from portal.org.models import Job

    unit, other = make_unit(), make_unit()
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    outsider = make_person(unit=other)
    with app.extensions["portal.sessionmaker"]() as session:
        job_id = session.scalar(select(Job.id).where(Job.person_id == outsider.id))
    pages = {
        rule.rule: level(app, rule) for rule in app.url_map.iter_rules() if "/jobs" in rule.rule
    }
    assert pages == {
        "/people/<int:person_id>/jobs/new": "lead",
        "/people/<int:person_id>/jobs/<int:job_id>/change": "lead",
        "/people/<int:person_id>/jobs/<int:job_id>/end": "lead",
    }
    for page in pages:
        url = page.replace("<int:person_id>", str(outsider.id))
        url = url.replace("<int:job_id>", str(job_id))
        assert client.get(url).status_code == 403, url
        assert client.post(url, data={"ends_on": "2026-11-22"}).status_code == 403, url
    with app.extensions["portal.sessionmaker"]() as session:
        assert session.get(Job, job_id).ends_on is None


def test_tasks_and_notifications_are_each_person_s_own(app, client, auth, make_person):
    """Every employee has the notifications page; another person's notification is not found
    (README: a thing that belongs to one other person alone answers 404)."""
    from portal.notify.models import Notification

    levels = {
        rule.endpoint: level(app, rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("notify.")
    }
    assert levels == {
        "notify.index": "employee",
        "notify.mark_read": "employee",
        "notify.mark_all_read": "employee",
    }
    owner, reader = make_person(), make_person()
    with app.extensions["portal.sessionmaker"]() as session:
        theirs = Notification(person_id=owner.id, subject="Til eieren")
        session.add(theirs)
        session.commit()
        theirs_id = theirs.id
    auth.login(reader)
    assert client.get("/notifications/").status_code == 200
    assert "Til eieren" not in client.get("/notifications/").get_data(as_text=True)
    assert client.post(f"/notifications/{theirs_id}/read").status_code == 404
    assert client.post("/notifications/read-all").status_code == 302
    with app.extensions["portal.sessionmaker"]() as session:
        assert session.get(Notification, theirs_id).read_dt is None


def test_a_stand_in_is_a_lead_on_the_days_of_the_deputyship_only(
    app, client, auth, make_person, make_unit, make_deputyship
):
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    deputy = make_person(unit=unit)
    make_deputyship(lead, deputy, date(2026, 11, 22), date(2026, 11, 22))
    auth.login(deputy)
    pages = rules(app, "GET", levels=("lead",))
    named = {"deputies.index"}  # a stand-in hands nothing on
    for rule in pages:
        expected = 403 if rule.endpoint in named else None
        status = client.get(url_for_rule(rule)).status_code
        assert status != 500, rule.rule
        if expected:
            assert status == expected, rule.rule
        else:
            assert status != 403 or "<int:" in rule.rule, rule.rule
    for rule in rules(app, "GET", levels=("admin",)):
        assert client.get(url_for_rule(rule)).status_code == 403, rule.rule
    app.config["TODAY"] = date(2026, 11, 23)
    for rule in pages:
        assert client.get(url_for_rule(rule)).status_code == 403, rule.rule
