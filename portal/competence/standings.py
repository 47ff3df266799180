"""Keeping the standings: for each person and competence, the record that counts and whether a
submission waits for review (:class:`portal.competence.models.Standing`).

Every write that can change a standing calls :func:`refresh` for the pair it touched, in its
own transaction: a new record of any source, a correction or voiding, a submission sent,
approved or rejected. :func:`check` compares the kept rows with what the records say and
:func:`rebuild` mends them (``portal standings check`` / ``rebuild``); a restore from backup and
the demo rebuild them whole.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.competence.gaps import best_held
from portal.competence.models import CompetenceRecord, Standing, Submission

logger = logging.getLogger(__name__)

Pair = tuple[int, int]  # (person_id, competence_id)

#: Statements name at most this many people, well under every database's limit of parameters.
CHUNK = 5000


@dataclass(frozen=True)
class Expected:
    """What a standing should say."""

    record_id: int | None
    achieved_on: date | None
    expires_on: date | None
    is_pending: bool


@dataclass(frozen=True)
class _Row:
    id: int
    achieved_on: date
    expires_on: date | None


def refresh(session: Session, person_id: int, competence_id: int) -> Standing | None:
    """Bring the standing of one person and competence up to date with their records.

    The standing row is locked first, so that of two transactions changing the same pair the
    second reads the records only after the first committed (no lost update).
    """
    session.flush()
    kept = session.scalars(
        select(Standing)
        .where(Standing.person_id == person_id, Standing.competence_id == competence_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    expected = _expected_for(session, person_id, competence_id)
    if expected is None:
        if kept is not None:
            session.delete(kept)
        return None
    if kept is None:
        kept = Standing(person_id=person_id, competence_id=competence_id)
        session.add(kept)
    _apply(kept, expected)
    return kept


def refresh_many(session: Session, pairs: Iterable[Pair]) -> None:
    """:func:`refresh` for many pairs at once (an import): the same locks and the same rows,
    in a few statements per :data:`CHUNK` people instead of several per pair. (The rows are
    chosen by their people, and the pairs picked from them here: a long list of pairs is slow
    for PostgreSQL to match.)"""
    session.flush()
    wanted: dict[int, set[int]] = defaultdict(set)
    for person_id, competence_id in pairs:
        wanted[person_id].add(competence_id)
    people = sorted(wanted)
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        chosen = {(p, c) for p in chunk for c in wanted[p]}
        kept = {
            (standing.person_id, standing.competence_id): standing
            for standing in session.scalars(
                select(Standing)
                .where(Standing.person_id.in_(chunk))
                .order_by(Standing.person_id, Standing.competence_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        }
        grouped: dict[Pair, list[_Row]] = defaultdict(list)
        query = _effective().add_columns(CompetenceRecord.person_id, CompetenceRecord.competence_id)
        for record_id, achieved_on, expires_on, person_id, competence_id in session.execute(
            query.where(CompetenceRecord.person_id.in_(chunk))
        ):
            grouped[person_id, competence_id].append(_Row(record_id, achieved_on, expires_on))
        pending: set[Pair] = {
            (person_id, competence_id)
            for person_id, competence_id in session.execute(
                select(Submission.person_id, Submission.competence_id).where(
                    Submission.state == "pending", Submission.person_id.in_(chunk)
                )
            )
        }
        for pair in sorted(chosen):
            expected = _expected(best_held(grouped.get(pair, ())), pair in pending)
            standing = kept.get(pair)
            if expected is None:
                if standing is not None:
                    session.delete(standing)
                continue
            if standing is None:
                standing = Standing(person_id=pair[0], competence_id=pair[1])
                session.add(standing)
            _apply(standing, expected)
    session.flush()


def _expected_for(session: Session, person_id: int, competence_id: int) -> Expected | None:
    records = [
        _Row(*row)
        for row in session.execute(
            _effective().where(
                CompetenceRecord.person_id == person_id,
                CompetenceRecord.competence_id == competence_id,
            )
        )
    ]
    pending = session.scalar(
        select(Submission.id)
        .where(
            Submission.person_id == person_id,
            Submission.competence_id == competence_id,
            Submission.state == "pending",
        )
        .limit(1)
    )
    return _expected(best_held(records), pending is not None)


def _expected(best: _Row | None, is_pending: bool) -> Expected | None:
    if best is None and not is_pending:
        return None
    return Expected(
        record_id=best.id if best else None,
        achieved_on=best.achieved_on if best else None,
        expires_on=best.expires_on if best else None,
        is_pending=is_pending,
    )


def _apply(standing: Standing, expected: Expected) -> None:
    standing.record_id = expected.record_id
    standing.achieved_on = expected.achieved_on
    standing.expires_on = expected.expires_on
    standing.is_pending = expected.is_pending


def _effective():
    """The id and dates of every record that counts: not void, not superseded; newest first,
    so that of records with the same dates the newest is the one that counts."""
    superseded = select(CompetenceRecord.supersedes_id).where(
        CompetenceRecord.supersedes_id.is_not(None)
    )
    return (
        select(CompetenceRecord.id, CompetenceRecord.achieved_on, CompetenceRecord.expires_on)
        .where(CompetenceRecord.is_void.is_(False), CompetenceRecord.id.not_in(superseded))
        .order_by(CompetenceRecord.id.desc())
    )


def expected_all(session: Session) -> dict[Pair, Expected]:
    """What every standing should say, computed from all records and submissions at once."""
    grouped: dict[Pair, list[_Row]] = defaultdict(list)
    query = _effective().add_columns(CompetenceRecord.person_id, CompetenceRecord.competence_id)
    for record_id, achieved_on, expires_on, person_id, competence_id in session.execute(query):
        grouped[person_id, competence_id].append(_Row(record_id, achieved_on, expires_on))
    pending: set[Pair] = {
        (person_id, competence_id)
        for person_id, competence_id in session.execute(
            select(Submission.person_id, Submission.competence_id).where(
                Submission.state == "pending"
            )
        )
    }
    expected = {}
    for pair in grouped.keys() | pending:
        found = _expected(best_held(grouped.get(pair, ())), pair in pending)
        if found is not None:
            expected[pair] = found
    return expected


def _kept_all(session: Session) -> dict[Pair, Expected]:
    rows = session.execute(
        select(
            Standing.person_id,
            Standing.competence_id,
            Standing.record_id,
            Standing.achieved_on,
            Standing.expires_on,
            Standing.is_pending,
        )
    )
    return {(p, c): Expected(r, a, e, bool(pending)) for p, c, r, a, e, pending in rows}


@dataclass(frozen=True)
class Disagreement:
    pair: Pair
    kept: Expected | None
    expected: Expected | None

    def __str__(self) -> str:
        person_id, competence_id = self.pair
        return (
            f"person {person_id}, competence {competence_id}: kept {_describe(self.kept)}, "
            f"records say {_describe(self.expected)}"
        )


def _describe(value: Expected | None) -> str:
    if value is None:
        return "nothing"
    held = (
        f"record {value.record_id} ({value.achieved_on} – {value.expires_on or 'no expiry'})"
        if value.record_id is not None
        else "no record"
    )
    return held + (", a submission waiting" if value.is_pending else "")


def check(session: Session) -> list[Disagreement]:
    """Every standing that does not say what the records and submissions say."""
    kept, expected = _kept_all(session), expected_all(session)
    return sorted(
        (
            Disagreement(pair, kept.get(pair), expected.get(pair))
            for pair in kept.keys() | expected.keys()
            if kept.get(pair) != expected.get(pair)
        ),
        key=lambda d: d.pair,
    )


def rebuild(session: Session) -> int:
    """Mend every standing that disagrees with the records; the number mended. Running it
    again mends nothing. (The obligations follow with :func:`obligations.rebuild`.)"""
    wrong = check(session)
    for disagreement in wrong:
        person_id, competence_id = disagreement.pair
        if disagreement.expected is None:
            session.execute(
                delete(Standing).where(
                    Standing.person_id == person_id, Standing.competence_id == competence_id
                )
            )
            continue
        standing = session.get(Standing, disagreement.pair) or Standing(
            person_id=person_id, competence_id=competence_id
        )
        _apply(standing, disagreement.expected)
        session.add(standing)
    session.flush()
    if wrong:
        logger.info("standings: mended %d", len(wrong))
    return len(wrong)


def rows_for_bulk(expected: dict[Pair, Expected]) -> Iterator[dict]:
    """Standings as rows for a bulk insert (scale fixture, restore)."""
    for (person_id, competence_id), value in expected.items():
        yield {
            "person_id": person_id,
            "competence_id": competence_id,
            "record_id": value.record_id,
            "achieved_on": value.achieved_on,
            "expires_on": value.expires_on,
            "is_pending": value.is_pending,
        }


def refresh_all(session: Session, pairs: Iterable[Pair]) -> None:
    for person_id, competence_id in sorted(set(pairs)):
        refresh(session, person_id, competence_id)
