"""What onboarding asks of a person, as entries of "Hva må jeg gjøre nå" (:mod:`portal.todo`):
the open items of their own plans, and the sign-offs waiting for them as mentor, IT contact or
lead. The onboarding page's «Neste» is the first of the same ranking."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import url_for
from flask_babel import gettext as _

from portal import web
from portal.authz import has_access
from portal.catalog.queries import courses_by_competence
from portal.db import get_session
from portal.onboarding import queries, rules
from portal.onboarding.labels import KIND_LABELS
from portal.org.scope import scope_of
from portal.todo import Entry, Source, rank

OPEN = (rules.ItemState.OPEN, rules.ItemState.OVERDUE)


def for_panel(user, day: date) -> queries.PanelViews:
    """The start page's checklists, read once for the panel and the entries alike."""
    return web.per_request(
        "onboarding.panel",
        lambda: queries.for_panel(
            get_session(), user, scope_of(user), day, is_lead=has_access(user, "lead")
        ),
    )


def _item_url(view: queries.ItemView, course_urls: dict[int, str]) -> str:
    item = view.item
    if item.kind == "course" and item.competence_id is not None:
        return course_urls.get(item.competence_id) or url_for("catalog.index")
    return url_for("onboarding.item", item_id=item.id)


def _course_urls(views: Iterable[queries.ItemView]) -> dict[int, str]:
    """The course that grants each course item's competence: one query for them all."""
    wanted = {
        v.item.competence_id
        for v in views
        if v.item.kind == "course" and v.item.competence_id is not None
    }
    if not wanted:
        return {}
    courses = courses_by_competence(get_session(), wanted)
    return {cid: url_for("catalog.course", slug=c.slug) for cid, c in courses.items()}


def plan_entries(views: Iterable[queries.ChecklistView]) -> list[Entry]:
    """The open items of one's own plans (one per job); with several, each says its unit."""
    views = list(views)
    open_items = _one_per_course((view, v) for view in views for v in view.items if v.state in OPEN)
    urls = _course_urls(v for _view, v in open_items)
    return [
        Entry(
            source=Source.ONBOARDING,
            title=v.item.title,
            due=v.due,
            url=_item_url(v, urls),
            competence_id=v.item.competence_id,
            note=_note(view, v, several=len(views) > 1),
            subject=v,
        )
        for view, v in open_items
    ]


Pair = tuple[queries.ChecklistView, queries.ItemView]


def _one_per_course(pairs: Iterable[Pair]) -> list[Pair]:
    """The course items of several plans that name one competence are one thing to do (the
    course ticks them all), by the earliest of their dates."""
    seen: set[int] = set()
    kept = []
    for view, v in sorted(pairs, key=lambda pair: pair[1].due):
        competence_id = v.item.competence_id if v.item.kind == "course" else None
        if competence_id in seen:
            continue
        if competence_id is not None:
            seen.add(competence_id)
        kept.append((view, v))
    return kept


def _note(view: queries.ChecklistView, item: queries.ItemView, *, several: bool) -> str:
    kind = KIND_LABELS[item.item.kind]
    unit = view.checklist.for_unit
    if several and unit is not None and item.item.kind != "course":
        return _("Introduksjonsplanen, %(unit)s – %(kind)s", unit=unit.name, kind=kind)
    return _("Introduksjonsplanen – %(kind)s", kind=kind)


def plan_ranked(views: Iterable[queries.ChecklistView]) -> list[Entry]:
    """The open items of one's own plans in the ranking of the start page: the first of a
    plan's is its «Neste», the same as the start page's first item of the plan."""
    return rank(plan_entries(views))


def signoff_entries(
    waiting: Iterable[tuple[queries.ChecklistView, queries.ItemView]],
) -> list[Entry]:
    return [
        Entry(
            source=Source.SIGNOFF,
            title=v.item.title,
            due=v.due,
            url=url_for("onboarding.item", item_id=v.item.id),
            note=_("Kvitter ut for %(name)s", name=cv.checklist.person.name),
            subject=v,
        )
        for cv, v in waiting
    ]


def todo_entries(user, day: date) -> list[Entry]:
    found = for_panel(user, day)
    return plan_entries(found.mine) + signoff_entries(found.waiting)
