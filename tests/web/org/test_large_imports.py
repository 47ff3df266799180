"""Imports that never cut: a large file is read whole or refused whole, never cut short."""

from __future__ import annotations

import io

from sqlalchemy import event, func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.org import importer
from portal.org.models import Person
from tests.web.org.test_import_page import HEADER

ROW = (
    "person{n}@x.test,Person med et ganske langt navn nummer {n},Leknes,Helsesekretær,"
    "2020-01-05,100,employee\n"
)


def big_csv(rows: int) -> str:
    return HEADER + "".join(ROW.format(n=n) for n in range(rows))


def upload(client, text: str, **extra):
    # Encoded here in memory: the test client would spool a large body to a file it never
    # closes.
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(text.encode()), "people.csv"), **extra}
    )
    return client.post(
        "/people/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def count(db) -> int:
    return db.scalar(select(func.count(Person.id)))


def test_a_file_of_several_megabytes_is_imported_whole(
    client, auth, make_person, make_unit, make_position, db
):
    make_unit("Leknes"), make_position("Helsesekretær")
    auth.login(make_person(access="admin"))
    text = big_csv(30_000)
    assert len(text) > 3 * 1024 * 1024
    before = count(db)
    response = upload(client, text)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert count(db) == before + 30_000


def test_a_file_over_the_limit_is_refused_whole_with_its_size_and_the_limit(
    client, auth, make_person, make_unit, make_position, db, monkeypatch
):
    make_unit("Leknes"), make_position("Helsesekretær")
    monkeypatch.setattr(importer, "MAX_BYTES", 100_000)
    auth.login(make_person(access="admin"))
    before = count(db)
    response = upload(client, big_csv(2_000))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Filen er 0,2 MB, mer enn grensen på 0,1 MB. Ingenting er importert." in page
    assert count(db) == before


def test_a_request_over_the_server_limit_gets_a_page_that_says_so(app, client, auth, make_person):
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    auth.login(make_person(access="admin"))
    response = upload(client, "x" * (3 * 1024 * 1024))
    assert response.status_code == 413
    assert "større enn de 2 MB portalen tar imot" in response.get_data(as_text=True)


def test_a_dry_run_writes_nothing(app, client, auth, make_person, make_unit, make_position, db):
    make_unit("Leknes"), make_position("Helsesekretær")
    auth.login(make_person(access="admin"))
    writes = []
    engine = app.extensions["portal.engine"]

    def note_write(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", note_write)
    try:
        response = upload(client, big_csv(500), dry_run="y")
    finally:
        event.remove(engine, "before_cursor_execute", note_write)
    assert response.status_code == 200
    assert "500" in response.get_data(as_text=True)
    assert writes == []
