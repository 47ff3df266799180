"""Where a course item links to: the course that grants its competence.

The course engine is a feature of its own; onboarding knows only the URL contract
(``/courses/<slug>/``) and the content format (``courses/<slug>/course.md`` names the competence
it grants in its front matter). Without a matching course the link goes to the catalogue.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from flask import current_app

DEFAULT_COURSES_DIR = Path(__file__).resolve().parents[2] / "courses"


def course_url(competence_code: str | None) -> str:
    slug = course_slugs(str(current_app.config.get("COURSES_DIR") or DEFAULT_COURSES_DIR)).get(
        competence_code or "")
    return f"/courses/{slug}/" if slug else "/courses/"


@cache
def course_slugs(folder: str) -> dict[str, str]:
    """Competence code → course slug, from the front matter of every ``course.md``."""
    slugs: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*/course.md")):
        meta = front_matter(path.read_text(encoding="utf-8"))
        code = meta.get("competence") if isinstance(meta, dict) else None
        if isinstance(code, str):
            slugs.setdefault(code, path.parent.name)
    return slugs


def front_matter(text: str) -> object:
    if not text.startswith("---"):
        return None
    head, sep, _rest = text[3:].partition("\n---")
    if not sep:
        return None
    try:
        return yaml.safe_load(head)
    except yaml.YAMLError:
        return None
