"""Loading documents/: the real declaration is valid; each problem names file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from portal import content

ROOT = Path(__file__).resolve().parents[3]

GOOD = """---
title: Telefonrutine
version: 1
competence: telefonrutine
applies_to:
  - helsesekretaer
validity_months: 12
---
Slik svarer vi i telefonen.
"""


@pytest.fixture
def tree(tmp_path) -> Path:
    for folder in ("courses", "quizzes"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (tmp_path / "documents").mkdir()
    return tmp_path


def load_one(tree: Path, text: str, name: str = "telefonrutine.md"):
    (tree / "documents" / name).write_text(text)
    return content.load(tree)


def test_the_real_declaration_is_valid():
    loaded = content.load(ROOT)
    assert loaded.problems == ()
    (declaration,) = [d for d in loaded.documents if d.slug == "taushetserklaering"]
    assert (declaration.version, declaration.is_material, declaration.confirm) == (
        2,
        True,
        "strong",
    )
    assert "helsesekretaer" in declaration.applies_to
    assert declaration.sources
    assert declaration.reviewed_on


def test_a_good_document_loads_with_its_defaults(tree):
    loaded = load_one(tree, GOOD)
    assert loaded.problems == ()
    (document,) = loaded.documents
    assert document.slug == "telefonrutine"
    assert (document.confirm, document.is_material, document.validity_months) == (
        "normal",
        True,
        12,
    )
    assert document.text == "Slik svarer vi i telefonen."


def test_no_documents_folder_is_no_problem(tree):
    (tree / "documents").rmdir()
    assert content.load(tree).problems == ()


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("title: Telefonrutine\n", "", "documents/telefonrutine.md:2: 'title' is required"),
        ("version: 1", "version: null", "documents/telefonrutine.md:3: 'version' is required"),
        ("version: 1", "version: en", "documents/telefonrutine.md:3: 'version' must be a whole"),
        (
            "competence: telefonrutine",
            "competence: Telefon Rutine",
            "documents/telefonrutine.md:4: 'competence' must be a code",
        ),
        (
            "  - helsesekretaer\n",
            "  - 7\n",
            "documents/telefonrutine.md:5: 'applies_to' must be a list",
        ),
        (
            "validity_months: 12",
            "validity_months: 12\nconfirm: signert",
            "documents/telefonrutine.md:8: 'confirm' must be 'normal' or 'strong'",
        ),
        (
            "validity_months: 12",
            "validity_months: 12\nmaterial: kanskje",
            "documents/telefonrutine.md:8: 'material' must be true or false",
        ),
        (
            "validity_months: 12",
            "validity_months: 12\nowner: Hanne",
            "documents/telefonrutine.md:8: unknown key 'owner'",
        ),
        (
            "Slik svarer vi i telefonen.\n",
            "\n",
            "documents/telefonrutine.md:1: the document has no text after the front matter",
        ),
        ("---\ntitle", "title", "documents/telefonrutine.md:1: must start with YAML front matter"),
        (
            "version: 1",
            "version: [1",
            "documents/telefonrutine.md:",  # the YAML error's own line
        ),
    ],
)
def test_each_problem_names_file_and_line(tree, old, new, problem):
    assert old in GOOD
    loaded = load_one(tree, GOOD.replace(old, new, 1))
    assert any(p.startswith(problem) for p in loaded.problems), loaded.problems
    assert loaded.documents == ()


def test_a_bad_file_name_is_reported(tree):
    loaded = load_one(tree, GOOD, name="Telefon rutine.md")
    assert loaded.problems == (
        "documents/Telefon rutine.md:1: a document is a file <name>.md, the name lower-case "
        "letters, digits and '-'",
    )


def test_a_competence_comes_from_one_course_or_document(tree):
    loaded = load_one(tree, GOOD.replace("competence: telefonrutine", "competence: taushetsplikt"))
    assert loaded.problems == (
        "documents/telefonrutine.md:1: competence 'taushetsplikt' is already granted by course "
        "'taushetsplikt'; a competence comes from one course or document",
    )


def test_an_old_review_is_warned_about(tree):
    text = GOOD.replace("validity_months: 12", "validity_months: 12\nreviewed_on: 2024-01-01")
    (tree / "documents" / "telefonrutine.md").write_text(text)
    loaded = content.load(tree, today=date(2026, 12, 2))
    assert "documents/telefonrutine.md: review due (last reviewed 2024-01-01)" in loaded.warnings
