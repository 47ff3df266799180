"""Outgoing mail over SMTP; without ``SMTP_HOST`` nothing is sent and the message is printed."""

from __future__ import annotations

import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


def send_all(
    mails: Iterable[Mail], config: dict[str, Any], echo: Callable[[str], None] = print
) -> int:
    """Send ``mails`` through one SMTP connection, or print them when no server is set."""
    mails = list(mails)
    if not mails:
        return 0
    if not config.get("SMTP_HOST"):
        for mail in mails:
            echo(
                f"--- mail (not sent: SMTP_HOST is not set)\nTo: {mail.to}\n"
                f"Subject: {mail.subject}\n\n{mail.body}\n"
            )
        return 0
    with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), timeout=30) as smtp:
        if config.get("SMTP_USER"):
            smtp.starttls()
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
        for mail in mails:
            smtp.send_message(_message(mail, config["MAIL_FROM"]))
    return len(mails)


def _message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, mail.to, mail.subject
    message.set_content(mail.body)
    return message
