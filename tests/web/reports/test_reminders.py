"""Expiry reminders through a real local SMTP server: sent once, never twice; a dry run
sends nothing."""

from __future__ import annotations

import socket
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.notify.models import SentReminder


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
