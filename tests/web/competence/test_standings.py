"""The kept standings always say what the records say.

A property test drives random sequences of every write that can change a standing (external
records, corrections, voiding, submissions approved and rejected, course completions) and,
after each, compares the kept rows with ``gaps.best_held`` over the history, and asks
``portal standings check``; then the bulk refresh of an import writes the same rows anew. On
both databases.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from portal.competence import records, standings
from portal.competence.gaps import Held, best_held
from portal.competence.models import Competence, CompetenceRecord, Standing, Submission
from portal.competence.queries import effective_records

WINDOW = timedelta(days=60)
DAY = date(2026, 11, 22)

days = st.integers(min_value=-900, max_value=0).map(lambda n: DAY + timedelta(days=n))
validity = st.one_of(st.none(), st.integers(min_value=1, max_value=900))
write = st.one_of(
    st.tuples(st.just("external"), st.integers(0, 1), days, validity),
    st.tuples(st.just("correct"), st.integers(0, 10), days, validity),
    st.tuples(st.just("void"), st.integers(0, 10)),
    st.tuples(st.just("submit"), st.integers(0, 1), days, validity),
    st.tuples(st.just("approve"), st.integers(0, 10)),
    st.tuples(st.just("reject"), st.integers(0, 10)),
)


def expected_held(session, person_id: int, competence_id: int) -> Held | None:
    rows = session.scalars(
        effective_records().where(
            CompetenceRecord.person_id == person_id,
            CompetenceRecord.competence_id == competence_id,
        )
    )
    return best_held(Held(r.achieved_on, r.expires_on) for r in rows)


def apply(session, step, person, admin, competences) -> None:
    kind = step[0]
    current = list(
        session.scalars(effective_records().where(CompetenceRecord.person_id == person.id))
    )
    pending = list(
        session.scalars(
            select(Submission).where(
                Submission.person_id == person.id, Submission.state == "pending"
            )
        )
    )
    if kind in ("external", "submit"):
        _, which, achieved_on, valid_days = step
        facts = records.Facts(
            achieved_on=achieved_on,
            expires_on=achieved_on + timedelta(days=valid_days) if valid_days else None,
        )
        if kind == "external":
            records.register_external(
                session,
                actor_id=admin.id,
                person=person,
                competence=competences[which],
                facts=facts,
                upload=None,
                window=WINDOW,
            )
        else:
            records.submit(
                session,
                person=person,
                competence=competences[which],
                facts=facts,
                upload=None,
                link="/",
            )
    elif kind == "correct" and current:
        _, index, achieved_on, valid_days = step
        records.correct(
            session,
            actor_id=admin.id,
            record=current[index % len(current)],
            facts=records.Facts(
                achieved_on=achieved_on,
                expires_on=achieved_on + timedelta(days=valid_days) if valid_days else None,
            ),
            upload=None,
        )
    elif kind == "void" and current:
        records.void(
            session, actor_id=admin.id, record=current[step[1] % len(current)], reason="feil"
        )
    elif kind == "approve" and pending:
        records.approve(
            session,
            actor_id=admin.id,
            submission=pending[step[1] % len(pending)],
            window=WINDOW,
            link="/",
        )
    elif kind == "reject" and pending:
        records.reject(
            session,
            actor_id=admin.id,
            submission=pending[step[1] % len(pending)],
            reason="mangler dokumentasjon",
            link="/",
        )
    session.flush()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(write, min_size=1, max_size=12))
def test_the_kept_standing_is_best_held_over_the_history_after_any_writes(
    db, make_person, make_competence, steps
):
    person, admin = make_person(), make_person(access="admin")
    competences = [make_competence(), make_competence()]
    person, admin = db.get(type(person), person.id), db.get(type(admin), admin.id)
    competences = [db.get(Competence, c.id) for c in competences]
    try:
        for step in steps:
            apply(db, step, person, admin, competences)
            for competence in competences:
                kept = db.get(Standing, (person.id, competence.id))
                held = expected_held(db, person.id, competence.id)
                kept_dates = (
                    (kept.achieved_on, kept.expires_on) if kept and kept.record_id else None
                )
                held_dates = (held.achieved_on, held.expires_on) if held else None
                assert kept_dates == held_dates
                waiting = db.scalar(
                    select(Submission.id).where(
                        Submission.person_id == person.id,
                        Submission.competence_id == competence.id,
                        Submission.state == "pending",
                    )
                )
                assert bool(kept and kept.is_pending) == (waiting is not None)
        assert standings.check(db) == []
        # The import's bulk refresh writes the same standings from nothing.
        pairs = [(person.id, competence.id) for competence in competences]
        db.execute(delete(Standing))
        db.expunge_all()
        standings.refresh_many(db, pairs)
        assert standings.check(db) == []
    finally:
        db.rollback()


def test_check_reports_a_disagreement_and_rebuild_mends_it_once(
    app, db, make_person, make_competence, make_record
):
    person, competence = make_person(), make_competence(validity_months=12)
    make_record(person, competence, date(2026, 1, 10))
    db.execute(delete(Standing))
    db.commit()
    runner = app.test_cli_runner()
    with app.app_context():
        checked = runner.invoke(args=["standings", "check"])
    assert checked.exit_code == 1
    assert f"person {person.id}, competence {competence.id}: kept nothing" in checked.output
    with app.app_context():
        assert "1 standing(s) mended." in runner.invoke(args=["standings", "rebuild"]).output
        assert "0 standing(s) mended." in runner.invoke(args=["standings", "rebuild"]).output
        ok = runner.invoke(args=["standings", "check"])
    assert ok.exit_code == 0
    assert ok.output.startswith("ok")
