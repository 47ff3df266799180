"""The content owner's review list: every lesson with its sources, the oldest review first."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from portal.catalog.models import Lesson


def lesson_titles(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/courses/[^"]+">([^<]+)</a></th>', html)


def test_sync_keeps_each_lessons_sources_and_review_date(db, courses):
    lesson = db.scalar(select(Lesson).where(Lesson.slug == "hovedregelen"))
    assert lesson.reviewed_on is not None
    assert any("helsepersonelloven § 21" in source.lower() for source in lesson.sources)


def test_the_admin_sees_every_lesson_the_longest_unreviewed_first(
    client, auth, db, courses, make_person
):
    stale = db.scalar(select(Lesson).where(Lesson.slug == "hovedregelen"))
    stale.reviewed_on = date(2020, 1, 15)
    stale_title = stale.title
    db.commit()
    auth.login(make_person(access="admin"))

    page = client.get("/courses/review").get_data(as_text=True)

    titles = lesson_titles(page)
    assert len(titles) == 30
    assert titles[0] == stale_title
    assert "15.01.2020" in page
    assert "1 leksjon trenger gjennomgang." in page
    assert page.count("Trenger gjennomgang") == 1


def test_the_catalogue_links_the_admin_to_the_review_list(client, auth, courses, make_person):
    auth.login(make_person(access="admin"))
    assert 'href="/courses/review"' in client.get("/courses/").get_data(as_text=True)
    auth.login(make_person(access="employee"))
    assert 'href="/courses/review"' not in client.get("/courses/").get_data(as_text=True)


@pytest.mark.parametrize("access", ["employee", "lead"])
def test_only_admins_see_the_review_list(client, auth, courses, make_person, access):
    auth.login(make_person(access=access))
    assert client.get("/courses/review").status_code == 403


def test_a_sync_fills_in_lessons_stored_before_they_kept_review_dates(app, db, courses):
    old = db.scalar(select(Lesson).where(Lesson.slug == "hovedregelen"))
    old.reviewed_on, old.sources = None, []
    db.commit()

    result = app.test_cli_runner().invoke(args=["content", "sync"])

    assert result.exit_code == 0, result.output
    db.expire_all()
    again = db.scalar(select(Lesson).where(Lesson.slug == "hovedregelen"))
    assert again.reviewed_on is not None
    assert again.sources


def test_a_lesson_without_a_review_date_counts_as_needing_review(
    client, auth, db, courses, make_person
):
    never = db.scalar(select(Lesson).where(Lesson.slug == "hovedregelen"))
    never.reviewed_on = None
    db.commit()
    auth.login(make_person(access="admin"))

    page = client.get("/courses/review").get_data(as_text=True)

    assert "1 leksjon trenger gjennomgang." in page
    assert page.count("Trenger gjennomgang") == 1
