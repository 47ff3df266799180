"""Counters behind the guessing limit; kept in the database so every worker shares them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime


class LoginThrottle(Base):
    __tablename__ = "login_throttles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_dt: Mapped[datetime] = mapped_column(UtcDateTime)
    locked_until_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
