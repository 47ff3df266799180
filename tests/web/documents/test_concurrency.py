"""Two confirmations of the same person at the same moment (a double click that reaches two
workers), on PostgreSQL: the person's row lock lets one make a record, the other finds it."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.clock import today
from portal.competence.models import CompetenceRecord
from portal.documents import operations
from portal.documents.models import Document

# SQLite ignores SELECT … FOR UPDATE (it has one writer at a time).
pytestmark = pytest.mark.postgres_only


def test_simultaneous_confirmations_make_one_record(app, db, documents, make_person):
    documents.write()
    documents.sync()
    person = make_person()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def confirm() -> None:
        with app.app_context(), app.extensions["portal.sessionmaker"]() as session:
            document = session.scalar(select(Document))
            list(document.versions)
            barrier.wait()
            try:
                operations.confirm(
                    session,
                    person_id=person.id,
                    document=document,
                    today=today(),
                    window=timedelta(days=60),
                )
                time.sleep(0.3)  # a slow request keeps its lock a moment
                session.commit()
                results.append("confirmed")
            except operations.AlreadyConfirmed:
                session.rollback()
                results.append("already")

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["already", "confirmed"]
    made = db.scalar(
        select(func.count()).where(
            CompetenceRecord.person_id == person.id, CompetenceRecord.source == "document"
        )
    )
    db.commit()
    assert made == 1
