"""Every surface tells a person the same truth about their standing: for every demo person and
required competence, the gap CSV, the gap report's matrix, the person's page, the catalogue they
see and their start page's to-do list give the same status. Where evidence the person sent waits
for review, the person's page and their start page say so instead of a status that is not OK."""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from portal.catalog.models import Course
from portal.competence.models import Competence, Standing
from portal.org.models import Person

PASSWORD = "kompetanse-demo"
# A status badge (portal/templates/_macros.html): a recommended gap wears its own class.
BADGE = (
    r'<span class="status status--(?:recommended status--)?(?P<status>[a-z_]+?)(?:-recommended)?">'
)


def statuses_in_rows(html: str, name_pattern: str) -> dict[str, str]:
    """``{name: status}`` of each table row or list item that names something and then shows
    a status badge."""
    found = re.findall(name_pattern + r"(?:(?!<tr|<li).)*?" + BADGE, html, flags=re.S)
    return {name.strip(): status for name, status in found}


# How the start page's one list says where a requirement stands, after «Påkrevd»/«Anbefalt».
START_PAGE_WORDS = {
    " – Utløpt": "expired",
    " – Mangler": "missing",
    " – Utløper snart": "expiring",
    " – Venter på godkjenning": "pending",
    ", ikke tatt": "missing",
    ", utløpt": "expired",
}


def start_page_statuses(html: str) -> dict[str, str]:
    """``{competence: status}`` of the start page's entries that are requirements."""
    listed = html.split('id="todo-list"')[1].split("</ol>")[0] if 'id="todo-list"' in html else ""
    found = {}
    for entry in listed.split("<li ")[1:]:
        match = re.search(
            r'(?:<a href="[^"]+">|<strong>)([^<]+)</(?:a|strong)>.*?<span class="meta">'
            r"(?:Påkrevd|Anbefalt)([^<]*?)(?: – avtal med lederen din)? – frist",
            entry,
            flags=re.S,
        )
        if match:
            found[match[1].strip()] = START_PAGE_WORDS.get(match[2], "not_due")
    return found


def report_statuses(html: str) -> dict[tuple[int, str], str]:
    """``{(person_id, competence): status}`` of the gap report's matrix."""
    columns = re.findall(r'<th scope="col" class="gap-matrix__competence">([^<]+)</th>', html)
    statuses = {}
    for person_id, row in re.findall(
        r'<th scope="row"><a href="/people/(\d+)">.*?</th>(.*?)</tr>', html, flags=re.S
    ):
        cells = row.split("<td")[2:]  # after the number of gaps
        assert len(cells) == len(columns)
        for competence, cell in zip(columns, cells, strict=True):
            found = re.search(BADGE, cell)
            if found:
                statuses[int(person_id), competence] = found["status"]
    return statuses


def csv_statuses(client) -> dict[tuple[str, str], str]:
    body = client.get("/reports/gaps.csv").get_data(as_text=True)
    rows = csv.DictReader(io.StringIO(body.lstrip("\ufeff")))
    return {(row["employee_email"], row["competence"]): row["status"] for row in rows}


def test_csv_report_person_page_catalogue_and_start_page_agree_for_everyone(
    app, client, auth, db, demo
):
    people = db.scalars(select(Person).where(Person.is_active)).all()
    courses = {
        course.title: db.get(Competence, course.competence_id).name
        for course in db.scalars(select(Course).where(Course.is_active))
    }
    pending = {
        (email, name)
        for email, name in db.execute(
            select(Person.email, Competence.name)
            .join(Standing, Standing.person_id == Person.id)
            .join(Competence, Competence.id == Standing.competence_id)
            .where(Standing.is_pending.is_(True))
        )
    }
    db.commit()
    auth.login("admin@demo.example", PASSWORD)
    in_csv = csv_statuses(client)
    emails = {person.id: person.email for person in people}
    in_report = {
        (emails[person_id], competence): status
        for (person_id, competence), status in report_statuses(
            client.get("/reports/gaps").get_data(as_text=True)
        ).items()
    }
    by_person = {}
    for person in people:
        page = client.get(f"/people/{person.id}").get_data(as_text=True)
        by_person[person.email] = statuses_in_rows(page, r'<th scope="row">([^<]+)</th>')

    disagreements = [
        ("report", key, in_report.get(key), status)
        for key, status in in_csv.items()
        if in_report.get(key) != status
    ]
    disagreements += [("report", key, "not in CSV") for key in in_report.keys() - in_csv.keys()]
    seen = {"catalogue": 0, "start page": 0}
    for person in people:
        expected = {c: s for (email, c), s in in_csv.items() if email == person.email}
        waiting = {
            c: "pending" if (person.email, c) in pending and s != "ok" else s
            for c, s in expected.items()
        }
        if by_person[person.email] != waiting:
            disagreements.append((person.email, "person page", by_person[person.email], waiting))
        assert auth.login(person.email, PASSWORD).status_code == 302
        # The catalogue's other courses show progress, not a gap status.
        required_courses = client.get("/courses/").get_data(as_text=True).split("section-other")[0]
        catalogue = statuses_in_rows(
            required_courses,
            r'<th scope="row"><a href="/courses/[^"]+">([^<]+)</a></th>',
        )
        seen["catalogue"] += len(catalogue)
        for title, status in catalogue.items():
            if expected.get(courses[title]) != status:
                disagreements.append((person.email, "catalogue", title, status, expected))
        todo = start_page_statuses(client.get("/").get_data(as_text=True))
        seen["start page"] += len(todo)
        for competence, status in todo.items():
            if waiting.get(competence) != status:
                disagreements.append((person.email, "start page", competence, status, expected))
    # Each surface showed statuses at all (a pattern that matches nothing would agree vacuously).
    assert len(in_csv) > 100
    assert seen["catalogue"] > 50
    assert seen["start page"] > 20
    assert pending  # the demo has evidence waiting, so the rule above is exercised
    assert not disagreements, "\n".join(map(str, disagreements))
