"""Every status leads to its action: an expired external competence to its evidence form and
to the kurspott, evidence sent shows as waiting until decided, the review shows the expiry the
record will get, and Min kompetanse lists every requirement of the position."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.web.competence.test_records import record_data, upload


@pytest.fixture
def expired(gap_org, make_person, make_record):
    """An employee of unit A whose HLR (given outside the portal) expired on 2026-01-10."""
    person = make_person(
        unit=gap_org.a, position=gap_org.position, email="utlopt@a.test", name="Utløpt A"
    )
    make_record(person, gap_org.hlr, date(2024, 1, 10), source="external")
    return person


def row_of(html: str, name: str) -> str:
    """The list item or table row that names ``name``."""
    for row in re.findall(r"<(?:li|tr)\b.*?</(?:li|tr)>", html, re.DOTALL):
        if name in row:
            return row
    raise AssertionError(f"no row of {name}")


def send_evidence(client, gap_org, **extra):
    return client.post(
        "/competence/submissions/new",
        data=record_data(gap_org, evidence=upload(), **extra),
        content_type="multipart/form-data",
    )


def test_an_expired_external_competence_leads_to_its_evidence_form_and_the_kurspott(
    client, auth, gap_org, expired
):
    auth.login(expired)
    home = client.get("/").get_data(as_text=True)
    row = row_of(home, "HLR")
    assert "Utløpt" in row
    assert 'href="/competence/submissions/new?competence=hlr"' in row
    assert 'href="/funds/applications/new?competence=hlr"' in row
    assert "avtal med lederen din" not in home

    form = client.get("/competence/submissions/new?competence=hlr").get_data(as_text=True)
    assert f'<option selected value="{gap_org.hlr.id}">HLR</option>' in form

    apply = client.get("/funds/applications/new?competence=hlr").get_data(as_text=True)
    assert f'<option selected value="{gap_org.hlr.id}">HLR</option>' in apply
    assert 'value="HLR"' in apply  # the course's title, to be completed


def test_an_unknown_competence_in_the_link_preselects_nothing(client, auth, gap_org, expired):
    auth.login(expired)
    form = client.get("/competence/submissions/new?competence=finnes-ikke")
    assert form.status_code == 200
    apply = client.get("/funds/applications/new?competence=finnes-ikke")
    assert apply.status_code == 200
    assert '<option selected value="0">Ingen</option>' in apply.get_data(as_text=True)


def test_without_a_competence_in_the_link_the_form_asks_for_one(client, auth, gap_org, expired):
    auth.login(expired)
    form = client.get("/competence/submissions/new").get_data(as_text=True)
    assert '<option selected value="0">Velg kompetansen</option>' in form
    response = send_evidence(client, gap_org, competence_id="0")
    assert response.status_code == 422
    assert "Velg kompetansen dokumentasjonen gjelder." in response.get_data(as_text=True)
    assert "Venter på godkjenning" not in client.get("/").get_data(as_text=True)


def test_sent_evidence_waits_for_approval_on_every_page_until_decided(
    client, auth, gap_org, expired
):
    auth.login(expired)
    assert send_evidence(client, gap_org).status_code == 302
    for url in ("/", "/me/competence"):
        row = row_of(client.get(url).get_data(as_text=True), "HLR")
        assert "Venter på godkjenning" in row, url
        assert "Utløpt" not in row, url
        assert "submissions/new" not in row, url  # nothing more to send
    auth.logout()

    auth.login(gap_org.lead_a)
    person_page = client.get(f"/people/{expired.id}").get_data(as_text=True)
    assert "Venter på godkjenning" in row_of(person_page, "HLR")
    assert 'href="/competence/submissions/"' in row_of(person_page, "HLR")  # to review it
    submission = re.search(
        r'href="/competence/submissions/(\d+)"',
        client.get("/competence/submissions/").get_data(as_text=True),
    )
    assert submission is not None
    url = f"/competence/submissions/{submission.group(1)}"
    assert client.post(url, data={"decision": "approve"}).status_code == 302
    row = row_of(client.get(f"/people/{expired.id}").get_data(as_text=True), "HLR")
    assert "Venter på godkjenning" not in row
    assert "OK" in row
    auth.logout()

    auth.login(expired)
    assert "Venter på godkjenning" not in client.get("/me/competence").get_data(as_text=True)


def test_a_rejected_submission_shows_the_status_again(client, auth, gap_org, expired):
    auth.login(expired)
    send_evidence(client, gap_org)
    auth.logout()
    auth.login(gap_org.lead_a)
    listing = client.get("/competence/submissions/").get_data(as_text=True)
    number = re.search(r'href="/competence/submissions/(\d+)"', listing).group(1)
    client.post(
        f"/competence/submissions/{number}", data={"decision": "reject", "reason": "Uleselig."}
    )
    auth.logout()
    auth.login(expired)
    row = row_of(client.get("/").get_data(as_text=True), "HLR")
    assert "Utløpt" in row
    assert "Venter på godkjenning" not in row


@pytest.mark.parametrize(
    ("who", "expiry"),
    [
        # Expired: two years (the validity) from the day it was achieved.
        ("expired", "20.11.2028"),
        # Renewed inside the window of a record expiring 10.01.2027: runs on from that date.
        ("employee", "10.01.2029"),
    ],
)
def test_the_review_shows_the_expiry_the_record_will_get(
    client, auth, gap_org, expired, who, expiry
):
    person = expired if who == "expired" else gap_org.employee
    auth.login(person)
    send_evidence(client, gap_org)
    auth.logout()
    auth.login(gap_org.lead_a)
    listing = client.get("/competence/submissions/").get_data(as_text=True)
    url = re.search(r'href="(/competence/submissions/\d+)"', listing).group(1)
    review = client.get(url).get_data(as_text=True)
    assert "Regnes ut fra gyldigheten" not in review
    assert f"<dd>{expiry}" in review
    assert "Regnet ut fra gyldigheten på 24 måneder." in review
    client.post(url, data={"decision": "approve"})
    history = client.get(f"/competence/people/{person.id}").get_data(as_text=True)
    assert expiry in history  # the record got the date the review promised


def test_the_review_shows_the_expiry_the_employee_gave(client, auth, gap_org, expired):
    auth.login(expired)
    send_evidence(client, gap_org, expires_on="2027-06-30")
    auth.logout()
    auth.login(gap_org.lead_a)
    listing = client.get("/competence/submissions/").get_data(as_text=True)
    url = re.search(r'href="(/competence/submissions/\d+)"', listing).group(1)
    review = client.get(url).get_data(as_text=True)
    assert "<dd>30.06.2027" in review
    assert "Regnet ut fra gyldigheten" not in review


def test_min_kompetanse_lists_every_requirement_and_what_is_held_beyond(
    client, auth, gap_org, make_competence, make_record
):
    extra = make_competence("forstehjelp", 36, kind="external", name="Førstehjelp")
    make_record(gap_org.employee, extra, date(2026, 3, 1), source="external")
    auth.login(gap_org.employee)
    page = client.get("/me/competence").get_data(as_text=True)
    required = page.split("Kravene i stillingen din")[1].split("Annen kompetanse jeg har")[0]
    hlr = row_of(required, "HLR")
    assert "Påkrevd" in hlr
    assert "Utløper snart" in hlr
    assert "10.01.2027" in hlr
    secrecy = row_of(required, "Taushetsplikt")  # held by nobody: still listed
    assert "Anbefalt" in secrecy
    assert "Anbefalt, ikke tatt" in secrecy
    assert "Frist 31.01.2020" in secrecy
    assert "Førstehjelp" not in required
    beyond = page.split("Annen kompetanse jeg har")[1].split("Tellende timer")[0]
    assert "Førstehjelp" in beyond
    assert "HLR" not in beyond


def test_min_kompetanse_without_a_position_shows_what_is_held(
    client, auth, gap_org, make_person, make_record
):
    person = make_person(unit=gap_org.a)
    make_record(person, gap_org.hlr, date(2026, 3, 1))
    auth.login(person)
    page = client.get("/me/competence").get_data(as_text=True)
    assert "Kravene i stillingen din" not in page
    assert "Det jeg har nå" in page
    assert "HLR" in page


def test_the_pages_speak_english_in_english(client, auth, gap_org, expired):
    auth.login(expired)
    client.post("/language", data={"language": "en"})
    send_evidence(client, gap_org)
    page = client.get("/me/competence").get_data(as_text=True)
    assert "The requirements of your position" in page
    assert "Awaiting approval" in row_of(page, "HLR")
