"""Issuing course certificates (kursbevis) with a code anyone can verify."""

from __future__ import annotations

import base64
import secrets

from sqlalchemy.orm import Session

from portal.competence.models import Certificate, CompetenceRecord


def new_code() -> str:
    """120 random bits as 24 letters and digits, in groups of four for reading aloud."""
    raw = base64.b32encode(secrets.token_bytes(15)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def issue_certificate(session: Session, *, record: CompetenceRecord) -> Certificate:
    certificate = Certificate(record=record, code=new_code())
    session.add(certificate)
    session.flush()
    return certificate
