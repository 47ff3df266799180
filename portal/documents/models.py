"""Documents to read and confirm, loaded from ``documents/`` by ``portal content sync``: each
version's text is kept for good, and each confirmation names the version it was given to."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.competence.models import Competence, CompetenceRecord
from portal.db import Base, UtcDateTime, utcnow
from portal.org.models import Person


def version_reference(slug: str, version: int) -> str:
    """What a confirmation of this version records as its reference: ``slug v2``."""
    return f"{slug} v{version}"


class Document(Base):
    """A procedure or declaration; ``version`` is the current one. A retired document leaves
    the lists, and its versions stay readable."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    # Codes of the positions whose holders must confirm it.
    applies_to: Mapped[list[str]] = mapped_column(JSON, default=list)
    validity_months: Mapped[int | None]
    confirm: Mapped[str] = mapped_column(String(10), default="normal")
    version: Mapped[int]
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    reviewed_on: Mapped[date | None]
    is_retired: Mapped[bool] = mapped_column(default=False)
    retired_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    synced_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    competence: Mapped[Competence] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.version"
    )

    @property
    def is_strong(self) -> bool:
        return self.confirm == "strong"

    @property
    def current(self) -> DocumentVersion:
        return next(v for v in self.versions if v.version == self.version)

    def __repr__(self) -> str:
        return f"<Document {self.slug} v{self.version}>"


class DocumentVersion(Base):
    """One version's text as it was loaded, never changed afterwards. ``required_from`` is the
    date the administrator set from which everyone must have confirmed a material version."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    is_material: Mapped[bool]
    digest: Mapped[str] = mapped_column(String(64))
    required_from: Mapped[date | None]
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")

    @property
    def reference(self) -> str:
        return version_reference(self.document.slug, self.version)

    def __repr__(self) -> str:
        return f"<DocumentVersion {self.document_id} v{self.version}>"


class DocumentConfirmation(Base):
    """A person confirmed they read and understood one version; the record it made counts.
    One a day per person and version: a second click makes nothing."""

    __tablename__ = "document_confirmations"
    __table_args__ = (UniqueConstraint("person_id", "version_id", "confirmed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("competence_records.id"))
    confirmed_on: Mapped[date]
    is_strong: Mapped[bool] = mapped_column(default=False)
    # How a strong confirmation was signed: "password", or "sso" (a new single sign-on).
    signed_with: Mapped[str | None] = mapped_column(String(10))
    confirmed_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    person: Mapped[Person] = relationship()
    version: Mapped[DocumentVersion] = relationship()
    record: Mapped[CompetenceRecord] = relationship()
