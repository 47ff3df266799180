"""A content folder of its own with one document to change between syncs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


class Documents:
    def __init__(self, app, root: Path) -> None:
        self.app = app
        self.root = root

    def write(
        self,
        *,
        version: int = 1,
        material: bool = True,
        confirm: str = "normal",
        text: str = "Slik svarer vi i telefonen.",
        applies_to: tuple[str, ...] = ("helsesekretaer",),
        slug: str = "rutine",
    ) -> None:
        positions = "".join(f"  - {code}\n" for code in applies_to)
        (self.root / "documents" / f"{slug}.md").write_text(
            f"---\ntitle: Telefonrutine\nversion: {version}\nmaterial: {str(material).lower()}\n"
            f"confirm: {confirm}\ncompetence: {slug}\nvalidity_months: 12\n"
            f"applies_to:\n{positions}---\n{text}\n"
        )

    def sync(self, *, expect: int = 0):
        result = self.app.test_cli_runner().invoke(args=["content", "sync"])
        assert result.exit_code == expect, result.output
        return result


@pytest.fixture
def documents(app, tmp_path) -> Documents:
    root = tmp_path / "content"
    (root / "documents").mkdir(parents=True)
    for folder in ("courses", "quizzes"):
        (root / folder).symlink_to(ROOT / folder)
    app.config["CONTENT_ROOT"] = str(root)
    return Documents(app, root)


@pytest.fixture
def secretary_position(app):
    from portal.org.models import Position

    with app.extensions["portal.sessionmaker"]() as session:
        position = Position(code="helsesekretaer", name="Helsesekretær")
        session.add(position)
        session.commit()
        session.refresh(position)
        session.expunge(position)
    return position
