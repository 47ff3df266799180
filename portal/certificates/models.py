"""Course certificates (kursbevis)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.competence.models import CompetenceRecord
from portal.db import Base, UtcDateTime, utcnow


class Certificate(Base):
    """A course certificate (kursbevis) for one record; ``code`` lets anyone verify it."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("competence_records.id"), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    issued_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    record: Mapped[CompetenceRecord] = relationship()
