"""Links from a provider's subject to a person, used nonces, and the sign-in settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime, utcnow
from portal.org.models import Person


class SsoLink(Base):
    """This provider's subject (``iss`` + ``sub``) is this person."""

    __tablename__ = "sso_links"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(300))
    # How the first login found the person: "email" or "pid".
    matched_by: Mapped[str] = mapped_column(String(20))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    person: Mapped[Person] = relationship()


class UsedNonce(Base):
    """A nonce an ID token has been accepted with; a second token with it is a replay."""

    __tablename__ = "sso_used_nonces"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class Setting(Base):
    """A setting an administrator changes in the portal (not in the environment)."""

    __tablename__ = "settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text)
    changed_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
