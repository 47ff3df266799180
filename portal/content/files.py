"""The skeleton every content folder is read with: its entries in order, and YAML read with
each problem reported against its file and line. Pure: no Flask, no SQL."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from portal.content.yamltext import Located, Problems, YamlProblem, parse

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def digest(*texts: str) -> str:
    """A fingerprint of ``texts``, to tell whether content changed since the last sync."""
    sha = hashlib.sha256()
    for text in texts:
        sha.update(text.encode())
        sha.update(b"\0")
    return sha.hexdigest()


def entries(root: Path, problems: Problems, shown_root: str) -> Iterator[tuple[Path, str]]:
    """Each entry of ``root`` that is not hidden, in name order, with the name to report it by."""
    if not root.is_dir():
        problems.add(shown_root, 1, "folder not found")
        return
    for path in sorted(root.iterdir()):
        if not path.name.startswith("."):
            yield path, f"{shown_root}/{path.name}"


def read_text(path: Path, shown: str, problems: Problems) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(shown, 1, "not UTF-8 text")
        return None


def parse_or_report(text: str, shown: str, problems: Problems, offset: int = 0) -> Located | None:
    try:
        return parse(text, offset=offset)
    except YamlProblem as problem:
        problems.add(shown, problem.line, problem.message)
        return None
