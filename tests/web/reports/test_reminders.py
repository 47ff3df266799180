"""Expiry reminders through a real local SMTP server: sent once, never twice, each in the
recipient's language; a dry run sends nothing."""

from __future__ import annotations

import socket
from datetime import date
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select, update

from portal.notify.models import SentReminder
from portal.org.models import Person


class Inbox:
    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    yield inbox
    controller.stop()


@pytest.fixture
def expired(gap_org, make_person, make_record):
    """A second employee in A whose HLR expired on 2026-11-01."""
    person = make_person(
        unit=gap_org.a, position=gap_org.position, email="utlopt@a.test", name="Utløpt Person"
    )
    return make_record(person, gap_org.hlr, date(2024, 11, 1))


def run(app, *args: str):
    result = app.test_cli_runner().invoke(args=["reminders", "send", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_reminders_go_out_once(app, db, smtp, gap_org, expired):
    run(app)
    recipients = sorted(to for tos, _body in smtp.messages for to in tos)
    # The expiring and the expired person, and one digest to the lead of A (not B's lead).
    assert recipients == ["ansatt@a.test", "lead@a.test", "utlopt@a.test"]
    digest = next(body for tos, body in smtp.messages if tos == ["lead@a.test"])
    assert "Ansatt A" in digest
    assert "Utl=C3=B8pt Person" in digest or "Utløpt Person" in digest
    keys = set(db.scalars(select(SentReminder.key)))
    assert {
        f"competence:record:{gap_org.record.id}:expiring",
        f"competence:record:{expired.id}:expired",
    } <= keys
    db.rollback()

    smtp.messages.clear()
    assert "0 reminder(s) sent" in run(app)
    assert smtp.messages == []


def test_dry_run_sends_and_records_nothing(app, db, smtp, gap_org, expired):
    output = run(app, "--dry-run")
    assert "would send to ansatt@a.test" in output
    assert smtp.messages == []
    assert db.scalars(select(SentReminder)).all() == []


def test_a_new_state_is_reminded_again(app, db, smtp, gap_org):
    run(app)
    assert ["ansatt@a.test"] in [tos for tos, _body in smtp.messages]
    smtp.messages.clear()
    app.config["TODAY"] = date(2027, 1, 11)  # the expiring record has now expired
    run(app)
    assert ["ansatt@a.test"] in [tos for tos, _body in smtp.messages]
    assert f"competence:record:{gap_org.record.id}:expired" in set(
        db.scalars(select(SentReminder.key))
    )


def mails(smtp) -> dict[str, tuple[str, str]]:
    """Each recipient's mail as they read it: (subject, body)."""
    found = {}
    for tos, content in smtp.messages:
        message = message_from_bytes(content.encode("utf-8"), policy=policy.default)
        body = message.get_content().replace("\r\n", "\n").strip()
        found[tos[0]] = (str(message["Subject"]), body)
    return found


def test_a_reminder_in_bokmaal_reads_as_it_did(app, smtp, gap_org, expired):
    run(app)
    found = mails(smtp)
    assert found["ansatt@a.test"] == (
        "HLR utløper 10.01.2027",
        "Hei Ansatt A,\n\nHLR utløper 10.01.2027. Forny kompetansen, eller send inn "
        "dokumentasjon på at den er fornyet, i Kompetanseportalen.",
    )
    assert found["utlopt@a.test"][0] == "HLR utløp 01.11.2026"
    assert found["lead@a.test"] == (
        "Kompetanse som utløper eller er utløpt i enhetene dine (2)",
        "Hei Leder A,\n\nDette utløper snart eller er utløpt:\n\n"
        "- Ansatt A: HLR utløper 10.01.2027\n- Utløpt Person: HLR utløp 01.11.2026\n\n"
        "Se hele oversikten i gaprapporten i Kompetanseportalen.",
    )


# Interface words of the reminders in bokmål (the names of people and competences are content).
BOKMAL_WORDS = ("Hei ", "utløper", " utløp ", "Forny", "dokumentasjon", "Dette", "enhetene")


def test_a_reminder_to_someone_who_chose_english_is_in_english(app, smtp, gap_org, expired):
    with app.extensions["portal.sessionmaker"]() as session:
        session.execute(
            update(Person)
            .where(Person.id.in_([gap_org.lead_a.id, expired.person_id]))
            .values(language="en")
        )
        session.commit()
    run(app)
    found = mails(smtp)
    subject, body = found["utlopt@a.test"]
    assert subject == "HLR expired 01.11.2026"
    assert body.startswith("Hello Utløpt Person,\n\nHLR expired 01.11.2026. Renew the competence")
    subject, body = found["lead@a.test"]
    assert subject == "Competence expiring or expired in your units (2)"
    assert "- Ansatt A: HLR expires 10.01.2027\n- Utløpt Person: HLR expired 01.11.2026" in body
    left = {
        (to, word)
        for to in ("utlopt@a.test", "lead@a.test")
        for word in BOKMAL_WORDS
        if word in "\n".join(found[to])
    }
    assert not left, sorted(left)
    # The one who never chose reads bokmål, in the same run.
    assert found["ansatt@a.test"][0] == "HLR utløper 10.01.2027"
    assert all(word in "\n".join(found["ansatt@a.test"]) for word in ("Hei ", "Forny"))
