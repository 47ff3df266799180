"""No page answers 500, whoever asks and whatever they send.

Every route is visited by each kind of demo user over the demo organisation with its courses,
so that the ids and slugs in the URLs name real objects and the views go past their first
404; every form is posted empty and with nonsense.
"""

from __future__ import annotations

import itertools

import pytest

DEMO_USERS = [
    "admin@demo.example",
    "leder@leknes.example",
    "sekretaer@leknes.example",
    "nyansatt@leknes.example",
    "leder@lofotleger.example",
]
VALUES = {
    "slug": ["taushetsplikt", "nope"],
    "lesson_slug": ["01-hovedregelen", "nope"],
    "code": ["AAAA-BBBB", "x" * 300],
    "filename": ["css/portal.css"],
}
INTS = [1, 3, 999_999]
NONSENSE = {
    "name": "x" * 5000,
    "email": "@@",
    "unit_id": "-1",
    "position_id": "abc",
    "start_date": "0001-01-01",
    "employment_percent": "1e9",
    "amount": "-1,5",
    "fee": "9" * 40,
    "due_days": "-5",
    "minimum": "0",
    "reason": "",
    "decision": "??",
    "year": "99999",
    "competence_id": "999999",
    "person_id": "1",
    "expires_on": "31.02.",
    "confidence": "7",
    "priority": "urgent",
    "kind": "weird",
    "language": "xx",
    "attempt": "²",
    "spent": "9" * 30,
}


def urls(rule) -> list[str]:
    """Concrete URLs for ``rule``: real ids and slugs of the demo, and some that are not."""
    choices = [
        VALUES.get(name, INTS)
        if name in VALUES or rule._converters[name].regex == r"\d+"
        else VALUES.get(name, ["x"])
        for name in rule.arguments
    ]
    names = list(rule.arguments)
    found = []
    for combination in itertools.islice(itertools.product(*choices), 6):
        found.append(
            rule.build(dict(zip(names, combination, strict=True)), append_unknown=False)[1]
        )
    return found


@pytest.mark.parametrize("email", DEMO_USERS)
def test_no_page_or_form_answers_500(app, client, auth, demo, email):
    assert auth.login(email, "kompetanse-demo").status_code == 302
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("accounts.logout", "static"):
            continue
        for url in urls(rule):
            if "GET" in rule.methods and client.get(url).status_code >= 500:
                failures.append(f"GET {url}")
            if "POST" in rule.methods:
                for data in ({}, NONSENSE):
                    if client.post(url, data=data).status_code >= 500:
                        failures.append(f"POST {url} {'nonsense' if data else 'empty'}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "url",
    [
        "/people/99999999999999999999999",
        "/people/3000000000",
        "/people/?page=9999999999999999999999999",
        "/admin/audit/?page=9999999999999999999999999",
        "/people/?q=a%00b",
    ],
)
def test_huge_numbers_and_nul_bytes_are_not_server_errors(client, auth, make_person, url):
    auth.login(make_person(access="admin"))
    assert client.get(url).status_code in (200, 400, 404)


def test_nul_bytes_in_a_form_are_refused(client, auth, make_person):
    assert client.post("/login", data={"email": "a\x00@x.test", "password": "x"}).status_code == 400
