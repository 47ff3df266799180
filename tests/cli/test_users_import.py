"""`portal users import FILE.csv [--dry-run]` as CONTRACT.md promises."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.org.models import Person

HEADER = "email,name,unit,role,start_date,employment_percent,access\n"


def write(tmp_path, body: str):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def count(db) -> int:
    return db.scalar(select(func.count(Person.id)))


def test_good_file_imports_everyone(app, db, tmp_path, make_unit, make_position):
    make_unit("Leknes legesenter"), make_position("Helsesekretær")
    path = write(
        tmp_path,
        "a@x.no,A,Leknes legesenter,Helsesekretær,2026-01-05,100,employee\n"
        "b@x.no,B,Leknes legesenter,Helsesekretær,2026-02-01,50,lead\n",
    )
    result = app.test_cli_runner().invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 people imported" in result.output
    assert count(db) == 2


def test_one_bad_row_imports_nothing_and_names_the_line(
    app, db, tmp_path, make_unit, make_position
):
    make_unit("Leknes legesenter"), make_position("Helsesekretær")
    path = write(
        tmp_path,
        "a@x.no,A,Leknes legesenter,Helsesekretær,2026-01-05,100,employee\n"
        "b@x.no,B,Leknes legesenter,Helsesekretær,2026-13-01,50,employee\n"
        "c@x.no,C,Leknes legesenter,Helsesekretær,2026-01-05,100,employee\n",
    )
    result = app.test_cli_runner().invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert "line 3: bad date '2026-13-01'" in result.output
    assert "nothing imported" in result.output
    assert count(db) == 0


def test_dry_run_imports_nothing(app, db, tmp_path, make_unit, make_position):
    make_unit("Leknes legesenter"), make_position("Helsesekretær")
    path = write(tmp_path, "a@x.no,A,Leknes legesenter,Helsesekretær,2026-01-05,100,\n")
    result = app.test_cli_runner().invoke(args=["users", "import", str(path), "--dry-run"])
    assert result.exit_code == 0
    assert "would be imported" in result.output
    assert count(db) == 0


def test_a_file_that_is_not_text_is_refused(app, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = app.test_cli_runner().invoke(args=["users", "import", str(path)])
    assert result.exit_code != 0
    assert "not UTF-8" in result.output


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(
    app, db, tmp_path, make_unit, make_position, monkeypatch
):
    from portal.org import importer

    make_unit("Leknes legesenter"), make_position("Helsesekretær")
    monkeypatch.setattr(importer, "MAX_BYTES", 1024 * 1024)
    rows = "".join(
        f"p{n}@x.no,Person {n},Leknes legesenter,Helsesekretær,2026-01-05,100,employee\n"
        for n in range(25_000)
    )
    result = app.test_cli_runner().invoke(args=["users", "import", str(write(tmp_path, rows))])
    assert result.exit_code == 1
    assert "MB, more than the limit of 1 MB; nothing was imported" in result.output
    assert count(db) == 0


def test_a_dry_run_of_a_large_file_checks_every_row_and_saves_nothing(
    app, db, tmp_path, make_unit, make_position
):
    make_unit("Leknes legesenter"), make_position("Helsesekretær")
    rows = "".join(
        f"p{n}@x.no,Person {n},Leknes legesenter,Helsesekretær,2026-01-05,100,employee\n"
        for n in range(20_000)
    )
    result = app.test_cli_runner().invoke(
        args=["users", "import", "--dry-run", str(write(tmp_path, rows))]
    )
    assert result.exit_code == 0, result.output
    assert "20000 people would be imported" in result.output
    assert count(db) == 0
