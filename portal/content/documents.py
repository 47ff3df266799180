"""Loading ``documents/``: procedures and declarations to read and confirm. Pure: no Flask, no SQL.

Layout (CONTRACT.md, "Content formats")::

    documents/<slug>.md   YAML front matter, then the text to read and confirm

Front matter: ``title``, ``version``, ``competence`` (the competence a confirmation grants),
``applies_to`` (the position codes that must confirm), ``validity_months`` (omit for no
expiry), ``material`` (whether this version asks everyone again), ``confirm`` (``normal``, the
default, or ``strong``: the person also gives their password), and like a lesson ``sources`` and
``reviewed_on``. Every problem is reported as ``path:line: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from portal.content.courses import read_front_matter
from portal.content.files import SLUG, digest, entries
from portal.content.yamltext import Fields, Problems

DOCUMENT_KEYS = {
    "title",
    "version",
    "competence",
    "applies_to",
    "validity_months",
    "material",
    "confirm",
    "sources",
    "reviewed_on",
}
CONFIRM_KINDS = ("normal", "strong")


@dataclass(frozen=True)
class DocumentDef:
    slug: str
    title: str
    version: int
    competence: str
    applies_to: tuple[str, ...]
    validity_months: int | None
    is_material: bool
    confirm: str
    text: str
    digest: str
    sources: tuple[str, ...] = ()
    reviewed_on: date | None = None

    @property
    def path(self) -> str:
        return f"documents/{self.slug}.md"


def load_documents(root: Path, problems: Problems) -> list[DocumentDef]:
    """Every document in ``root`` (the ``documents/`` folder), in slug order. The folder is
    optional: a portal may have no documents."""
    if not root.is_dir():
        return []
    documents = []
    for path, shown in entries(root, problems, "documents"):
        document = load_document(path, shown, problems)
        if document is not None:
            documents.append(document)
    return documents


def load_document(path: Path, shown: str, problems: Problems) -> DocumentDef | None:
    if path.is_dir() or path.suffix != ".md" or not SLUG.match(path.stem):
        problems.add(
            shown, 1, "a document is a file <name>.md, the name lower-case letters, digits and '-'"
        )
        return None
    before = len(problems.items)
    read = read_front_matter(path, shown, problems)
    if read is None:
        return None
    data, located, body, _raw = read
    fields = Fields(data, located, (), shown, problems)
    fields.unknown(DOCUMENT_KEYS)
    values = _values(fields)
    text = body.strip()
    if not text:
        problems.add(shown, 1, "the document has no text after the front matter")
    if len(problems.items) > before or values is None:
        return None
    return DocumentDef(slug=path.stem, text=text, digest=digest(text), **values)


def _values(fields: Fields) -> dict | None:
    """The front matter's values, or None when a required one is missing (and reported)."""
    title = fields.text("title")
    version = fields.integer("version")
    competence = fields.text("competence")
    if competence is not None and not SLUG.match(competence):
        fields.report(
            "competence", "'competence' must be a code of lower-case letters, digits and '-'"
        )
    applies_to = fields.text_list("applies_to")
    confirm = fields.text("confirm", required=False) or "normal"
    if confirm not in CONFIRM_KINDS:
        fields.report("confirm", "'confirm' must be 'normal' or 'strong'")
    values = {
        "validity_months": fields.integer("validity_months", required=False),
        "is_material": fields.boolean("material", default=True),
        "sources": tuple(fields.text_list("sources", required=False) or ()),
        "reviewed_on": fields.date("reviewed_on", required=False),
    }
    if title is None or version is None or competence is None or applies_to is None:
        return None
    return {
        **values,
        "title": title,
        "version": version,
        "competence": competence,
        "applies_to": tuple(applies_to),
        "confirm": confirm,
    }
