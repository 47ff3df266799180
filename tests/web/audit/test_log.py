"""The administrator's audit log over HTTP (issue 12, "an audit log people can read"):
events in words with their objects named and linked, filters by person, kind of object,
action and dates, bad input told in words, fifty a page, and the filtered log as CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portal.audit.labels import OBJECT_KINDS
from portal.audit.models import AuditEvent
from portal.audit.names import KINDS
from portal.audit.operations import record
from portal.competence.models import CompetenceRecord
from portal.org.models import Person, Unit

LOG = "/admin/audit/"
CSV = "/admin/audit/log.csv"


@pytest.fixture
def org(make_person, make_unit):
    """An administrator, a lead, an employee, and events by and about them."""
    leknes, lofot = make_unit(name="Leknes legesenter"), make_unit(name="Lofotleger AS")
    return {
        "admin": make_person(access="admin", name="Anne Admin", email="anne@rot.test"),
        "lead": make_person(access="lead", unit=leknes, leads=(leknes,), name="Lars Leder"),
        "kari": make_person(unit=leknes, name="Kari Ødegård", email="kari@leknes.test"),
        "per": make_person(unit=lofot, name="Per Hansen", email="per@lofot.test"),
        "leknes": leknes,
        "lofot": lofot,
    }


def add_event(db, *, actor: Person | None, action: str, obj, at: datetime | None = None, **details):
    event = record(db, actor_id=actor.id if actor else None, action=action, obj=obj, **details)
    if at is not None:
        event.created_dt = at
    db.commit()
    return event


def person(db, who: Person) -> Person:
    return db.get(Person, who.id)


def rows(html: str) -> int:
    body = html[html.index("<tbody") : html.index("</tbody>")]
    return body.count('<tr role="row">') - body.count("Ingen hendelser.")


@pytest.fixture
def events(db, org, make_competence, make_record):
    """Kari moves from Leknes to Lofot (by the admin); Kari gets a record (by the lead);
    Per changes his own password; a template item is gone since its event."""
    kari, per = person(db, org["kari"]), person(db, org["per"])
    moved = add_event(
        db,
        actor=org["admin"],
        action="person.updated",
        obj=kari,
        at=datetime(2026, 11, 21, 23, 30, tzinfo=UTC),  # 22.11 at 00:30 in Norway
        changed={
            "unit_id": [org["leknes"].id, org["lofot"].id],
            "name": ["Kari Odegard", kari.name],
        },
    )
    hlr = make_competence(code="hlr", name="HLR – grunnkurs")
    kept = make_record(org["kari"], hlr, datetime(2026, 1, 5).date())
    registered = add_event(
        db,
        actor=org["lead"],
        action="competence_record.registered",
        obj=db.get(CompetenceRecord, kept.id),
        at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        person_id=org["kari"].id,
        competence="hlr",
        achieved_on="2026-01-05",
        expires_on=None,
    )
    password = add_event(
        db,
        actor=per,
        action="password.changed",
        obj=per,
        at=datetime(2026, 11, 22, 23, 30, tzinfo=UTC),  # 23.11 in Norway
    )
    return {"moved": moved, "registered": registered, "password": password}


def test_the_log_shows_events_in_words_with_names_links_and_changes(client, auth, org, events):
    auth.login(org["admin"])
    html = client.get(LOG).get_data(as_text=True)
    body = html[html.index("<tbody") :]
    assert "Person endret" in body
    assert "person.updated" not in body  # the code is for the select's option values only
    assert f'<a href="/people/{org["kari"].id}">Kari Ødegård</a>' in html
    assert f'<a href="/people/{org["admin"].id}">Anne Admin</a>' in html
    assert "Enhet: Leknes legesenter → Lofotleger AS" in html
    assert "Navn: Kari Odegard → Kari Ødegård" in html
    assert "Kompetanse registrert" in html
    assert f'href="/competence/people/{org["kari"].id}"' in html
    assert "HLR – grunnkurs – Kari Ødegård" in html
    assert "Oppnådd: 05.01.2026" in html
    assert "Passord endret av personen selv" in html
    assert "\\u00" not in html
    assert "{&#34;" not in html
    assert "3 hendelser" in html


def test_an_object_gone_since_its_event_is_named_by_what_the_event_kept(client, auth, db, org):
    unit = db.get(Unit, org["leknes"].id)
    event = add_event(db, actor=org["admin"], action="onboarding.template_item_deleted", obj=unit)
    event.object_type, event.object_id = "TemplateItem", "987654"
    event.details = {"title": "Signere taushetserklæring", "due_days": 3}
    db.commit()
    auth.login(org["admin"])
    html = client.get(LOG, query_string={"kind": "TemplateItem"}).get_data(as_text=True)
    assert "Punkt slettet fra mal" in html
    assert "Signere taushetserklæring" in html
    assert "Frist i dager: 3" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        # Person: by name or email, as actor or as the one the event is about.
        ({"person": "kari"}, ["Person endret", "Kompetanse registrert"], ["Passord endret"]),
        ({"person": "KARI@leknes"}, ["Person endret", "Kompetanse registrert"], ["Passord endret"]),
        ({"person": "Lars"}, ["Kompetanse registrert"], ["Person endret", "Passord endret"]),
        ({"person": "per", "role": "actor"}, ["Passord endret"], ["Person endret"]),
        ({"person": "Kari", "role": "actor"}, [], ["Person endret", "Kompetanse registrert"]),
        ({"person": "Kari", "role": "subject"}, ["Person endret", "Kompetanse registrert"], []),
        ({"person": "Anne", "role": "subject"}, [], ["Person endret"]),
        ({"person": "100%_"}, [], ["Person endret"]),  # wildcards are text
        # Kind of object and action.
        ({"kind": "CompetenceRecord"}, ["Kompetanse registrert"], ["Person endret"]),
        ({"kind": "Person"}, ["Person endret", "Passord endret"], ["Kompetanse registrert"]),
        ({"action": "password.changed"}, ["Passord endret"], ["Person endret"]),
        # Dates are Norwegian days, both ends included.
        ({"since": "2026-11-22"}, ["Person endret", "Passord endret"], ["Kompetanse registrert"]),
        ({"until": "2026-11-21"}, ["Kompetanse registrert"], ["Person endret"]),
        ({"since": "22.11.2026", "until": "22.11.2026"}, ["Person endret"], ["Passord endret"]),
        ({"since": "2026-11-23", "until": "2026-11-23"}, ["Passord endret"], ["Person endret"]),
    ],
)
def test_each_filter(client, auth, org, events, query, shown, hidden):
    auth.login(org["admin"])
    response = client.get(LOG, query_string=query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    body = html[html.index("<tbody") :]
    for text in shown:
        assert text in body, (query, text)
    for text in hidden:
        assert text not in body, (query, text)
    # The chosen filters stay in the form and in the CSV link.
    for value in query.values():
        assert f'value="{value}"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-13-01"}, "Skriv datoen som dd.mm.åååå, for eksempel 22.11.2026."),
        ({"until": "i går"}, "Skriv datoen som dd.mm.åååå, for eksempel 22.11.2026."),
        ({"since": "0001-01-01"}, "Oppgi en dato mellom 1900 og 2100."),
        ({"since": "9999-12-31"}, "Oppgi en dato mellom 1900 og 2100."),
        (
            {"since": "2026-12-01", "until": "2026-11-01"},
            "Til-datoen kan ikke være før fra-datoen.",
        ),
        ({"action": "person.deleted"}, "Velg en handling fra listen."),
        ({"action": "person."}, "Velg en handling fra listen."),
        ({"kind": "AuditEvent"}, "Velg en type objekt fra listen."),
        ({"kind": "Unit"}, "Velg en type objekt fra listen."),  # only ever referred to
        ({"role": "boss"}, "Velg hvem personen var i hendelsen fra listen."),
        ({"person": "x" * 201}, "Skriv høyst 200 tegn."),
    ],
)
def test_bad_filters_are_told_in_words_and_list_nothing(client, auth, org, events, query, message):
    auth.login(org["admin"])
    for url in (LOG, CSV):
        response = client.get(url, query_string=query)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert "Filteret kan ikke brukes" in html
        assert message in html
        assert "<tbody" not in html


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-3",
        "page=abc",
        "page=99999999999999999999999",
        "since=2026-02-30",
        "since=%F0%9F%92%A5",
        "person=%27%3B+DROP+TABLE+audit_events%3B--",
        "person=%25%25%25",
        "kind=&action=&since=&until=&person=+",
        "kind=Person&kind=Seat",
    ],
)
def test_no_input_is_a_server_error(client, auth, org, events, query):
    auth.login(org["admin"])
    for url in (LOG, CSV):
        assert client.get(f"{url}?{query}").status_code in (200, 422), query


def test_fifty_events_a_page_keeping_the_filters(client, auth, db, org):
    unit = db.get(Unit, org["leknes"].id)
    for number in range(120):
        add_event(
            db,
            actor=org["admin"],
            action="funds.budget_set",
            obj=unit,
            at=datetime(2026, 11, 1, 8, 0, number % 60, tzinfo=UTC),
            year=2000 + number,
        )
    add_event(db, actor=org["admin"], action="person.updated", obj=person(db, org["kari"]))
    auth.login(org["admin"])
    query = {"action": "funds.budget_set"}
    first = client.get(LOG, query_string=query).get_data(as_text=True)
    assert rows(first) == 50
    assert "120 hendelser" in first
    assert "Side 1 av 3" in first
    assert 'href="/admin/audit/?action=funds.budget_set&amp;page=2"' in first
    last = client.get(LOG, query_string={**query, "page": 3}).get_data(as_text=True)
    assert rows(last) == 20
    assert 'href="/admin/audit/?action=funds.budget_set&amp;page=2"' in last
    beyond = client.get(LOG, query_string={**query, "page": 4})
    assert beyond.status_code == 200
    assert "Ingen hendelser." in beyond.get_data(as_text=True)


def test_the_csv_is_the_filtered_log_in_words_with_cells_made_safe(client, auth, db, org, events):
    evil = person(db, org["per"])
    evil.name = '=HYPERLINK("http://evil.example")'
    db.commit()
    auth.login(org["admin"])
    html = client.get(LOG, query_string={"person": "per@lofot"}).get_data(as_text=True)
    assert 'href="/admin/audit/log.csv?person=per@lofot"' in html

    response = client.get(CSV, query_string={"person": "per@lofot"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert lines[0] == [
        "time",
        "actor",
        "action",
        "action_name",
        "object_type",
        "object_kind",
        "object_id",
        "object",
        "changes",
    ]
    assert len(lines) == 2  # Per's one event
    row = dict(zip(lines[0], lines[1], strict=True))
    assert row["actor"] == '\'=HYPERLINK("http://evil.example")'
    assert row["object"] == '\'=HYPERLINK("http://evil.example")'
    assert row["action"] == "password.changed"
    assert row["action_name"] == "Passord endret av personen selv"
    assert row["time"] == "2026-11-23T00:30:00+01:00"

    every = client.get(CSV).get_data(as_text=True)
    assert "Enhet: Leknes legesenter → Lofotleger AS; Navn: Kari Odegard → Kari Ødegård" in every
    assert "\\u00" not in every
    assert len(list(csv.reader(io.StringIO(every)))) == 4


def test_the_csv_in_english_names_the_actions_in_english(client, auth, org, events):
    auth.login(org["admin"])
    client.post("/language", data={"language": "en", "next": "/"})
    text = client.get(CSV).get_data(as_text=True)
    assert "Person changed" in text
    assert "Unit: Leknes legesenter → Lofotleger AS" in text


@pytest.mark.parametrize("url", [LOG, CSV])
def test_only_administrators_see_the_log(client, auth, org, events, url):
    assert client.get(url).status_code == 302  # not logged in: the login page
    assert "/login" in client.get(url).headers["Location"]
    for who in ("kari", "lead"):
        auth.login(org[who])
        assert client.get(url).status_code == 403, who
    auth.login(org["admin"])
    assert client.get(url).status_code == 200


def test_the_page_runs_as_many_queries_for_many_events_as_for_few(
    client, auth, db, org, events, count_queries
):
    auth.login(org["admin"])
    before = count_queries(LOG)
    kept = db.scalar(select(CompetenceRecord))
    kari, per = person(db, org["kari"]), person(db, org["per"])
    for number in range(30):  # more events of the same kinds, by and about other people
        add_event(
            db,
            actor=org["admin"] if number % 3 else org["lead"],
            action="person.updated",
            obj=kari if number % 2 else per,
            changed={"unit_id": [org["leknes"].id, org["lofot"].id]},
        )
        add_event(
            db,
            actor=per,
            action="competence_record.registered",
            obj=kept,
            person_id=kari.id,
            achieved_on="2026-01-05",
        )
    assert rows(client.get(LOG).get_data(as_text=True)) == 50
    assert count_queries(LOG) == before


def test_every_kind_of_object_with_a_name_is_named_by_its_feature(app):
    assert set(app.extensions[KINDS]) == set(OBJECT_KINDS)


def test_an_event_knows_the_person_it_is_about(db, org, events):
    subjects = {event.action: event.subject_id for event in db.scalars(select(AuditEvent))}
    assert subjects == {
        "person.updated": org["kari"].id,
        "competence_record.registered": org["kari"].id,
        "password.changed": org["per"].id,
    }
