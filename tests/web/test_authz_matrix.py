"""Every route, for every kind of user: anonymous users are sent to login, employees are kept
out of lead and administrator pages, and nothing answers 500."""

from __future__ import annotations

import re

import pytest

PUBLIC = {
    "accounts.login",
    "accounts.logout",
    "home.healthz",
    "home.set_language",
    "home.accessibility",
    "static",
}
PUBLIC_PREFIXES = ("certificates.verify",)


def url_for_rule(rule) -> str:
    """A concrete URL for a rule, with 1 for numbers and a plausible word for strings."""
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: "1" if m.group(1) == "int" else "x", rule.rule)


def rules(app, method: str):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if method in rule.methods
        and rule.endpoint not in PUBLIC
        and not rule.endpoint.startswith(PUBLIC_PREFIXES)
    ]


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
    lead_pages = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(("audit.", "reports."))
        or rule.endpoint in ("org.people", "org.create", "org.import_people")
    ]
    assert lead_pages
    for rule in lead_pages:
        assert client.get(url_for_rule(rule)).status_code == 403, rule.rule


def test_lead_is_refused_administrator_pages(client, auth, make_person, make_unit):
    unit = make_unit()
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    assert client.get("/admin/audit/").status_code == 403
    assert client.get("/people/import").status_code == 403
