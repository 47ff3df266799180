"""The scale fixture and the benchmark, end to end at a tiny size (the real runs are by hand:
see BENCHMARKS.md)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from portal.competence import obligations, standings
from portal.competence.models import CompetenceRecord, Obligation, Submission
from portal.org.models import Job, Person, Unit, unit_leads

SMALL = ["--people", "40", "--units", "6", "--competences", "6"]


@pytest.fixture(scope="module")
def bench():
    from bench import gap_report  # the project's root is on sys.path, as for tests.*

    return gap_report


def build(bench, url: str) -> int:
    return bench.main(["--build-only", *SMALL, "--database-url", url])


def test_fixture_builds_a_consistent_organisation_the_lead_sees_whole(bench, database_url):
    assert build(bench, database_url) == 0
    engine = create_engine(database_url)
    with Session(engine) as db:
        accounts = dict(
            db.execute(
                select(Person.email, Person.access).where(Person.password_hash.is_not(None))
            ).all()
        )
        assert accounts == {"admin@bench.example": "admin", "lead@bench.example": "lead"}
        led = db.execute(
            select(Unit.parent_id).join(unit_leads, unit_leads.c.unit_id == Unit.id)
        ).all()
        assert led == [(None,)]  # the top of the tree: the lead sees everyone
        assert db.scalar(select(func.count()).select_from(Person)) == 40 + 2
        assert db.scalar(select(func.count()).where(Person.is_active.is_(False))) >= 1
        assert db.scalar(select(func.count()).where(Submission.state == "pending")) >= 1
        assert db.scalar(select(func.count()).where(CompetenceRecord.supersedes_id.is_not(None)))
        assert standings.check(db) == []  # the derived standings say what the records say
        jobless = select(Person.id).where(~Person.jobs.any())
        assert db.execute(jobless).all() == []
        # The person's columns say what their main job says.
        main_jobs = select(func.count()).where(
            Job.person_id == Person.id,
            Job.unit_id == Person.unit_id,
            Job.starts_on == Person.position_since,
            Job.employment_percent == Person.employment_percent,
        )
        assert db.scalar(main_jobs) == 40 + 2
        units_of = (
            select(Job.person_id)
            .group_by(Job.person_id)
            .having(func.count(func.distinct(Job.unit_id)) > 1)
        )
        in_several = set(db.scalars(select(Person.id).where(Person.several_units)))
        assert in_several
        assert in_several == set(db.scalars(units_of))
        assert db.scalar(select(func.count()).select_from(Obligation))
        assert obligations.check(db, date.today()) == []
    engine.dispose()


def test_fixture_refuses_a_database_that_is_not_empty(bench, database_url, capsys):
    assert build(bench, database_url) == 0
    assert build(bench, database_url) == 1
    assert "already holds people" in capsys.readouterr().err


def test_the_same_seed_builds_the_same_organisation_on_any_database(bench, database_url, tmp_path):
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert build(bench, database_url) == 0
    assert build(bench, other) == 0

    def contents(url: str) -> tuple[list, list]:
        engine = create_engine(url)
        with engine.connect() as db:
            people = db.execute(
                select(Person.email, Person.name, Person.unit_id, Person.position_since).order_by(
                    Person.id
                )
            ).all()
            records = db.execute(
                select(
                    CompetenceRecord.person_id,
                    CompetenceRecord.competence_id,
                    CompetenceRecord.achieved_on,
                    CompetenceRecord.expires_on,
                ).order_by(CompetenceRecord.id)
            ).all()
        engine.dispose()
        return people, records

    assert contents(database_url) == contents(other)


def test_benchmark_times_every_page_over_http_and_agrees_with_the_floor(
    bench, database_url, capsys
):
    arguments = [*SMALL, "--repeat", "1", "--server", "thread", "--database-url", database_url]
    assert bench.main(arguments) == 0
    out = capsys.readouterr().out
    assert "statuses of the CSV and the floor agree" in out
    for page in bench.PAGES:
        line = next(line for line in out.splitlines() if line.startswith(f"| {page.label} |"))
        assert " ms" in line or " s " in line, line
        assert "failed" not in line
