"""The audit log, for administrators: filtered by person, kind of object, action and dates,
fifty events a page, and the same events as CSV."""

from __future__ import annotations

import io
from collections.abc import Iterator

from flask import Blueprint, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _

from portal import csvsafe, web
from portal.audit import queries
from portal.audit.forms import AuditFilterForm, Filters
from portal.authz import admin_required
from portal.clock import today
from portal.db import get_session
from portal.formatting import OSLO
from portal.web import int_arg

bp = Blueprint("audit", __name__, template_folder="templates", url_prefix="/admin/audit")
PER_PAGE = 50
CSV_HEADER = (
    "time",
    "actor",
    "action",
    "action_name",
    "object_type",
    "object_kind",
    "object_id",
    "object",
    "changes",
)
CSV_BATCH = 1000


@bp.get("/")
@admin_required
def log():
    form = AuditFilterForm(request.args)
    filters = form.filters()
    if filters is None:
        return _page(form, [], total=0, page=1, pages=1), 422
    session = get_session()
    number = int_arg("page", 1)
    events, total = queries.page(session, queries.events_query(filters), number, PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    return _page(form, queries.entries(session, events), total=total, page=number, pages=pages)


def _page(form: AuditFilterForm, entries, *, total: int, page: int, pages: int) -> str:
    return render_template(
        "audit/log.html",
        form=form,
        args=form.as_args(),
        entries=entries,
        total=total,
        page=page,
        pages=pages,
    )


@bp.get("/log.csv")
@admin_required
def log_csv():
    form = AuditFilterForm(request.args)
    filters = form.filters()
    if filters is None:
        return _page(form, [], total=0, page=1, pages=1), 422
    return web.download(
        stream_with_context(_csv(filters)), f"logg-{today().isoformat()}.csv", "text/csv"
    )


def _csv(filters: Filters) -> Iterator[str]:
    """The filtered log, newest first, read and named a thousand events at a time in a
    session of its own (the download outlives the request's)."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(CSV_HEADER)
    with current_app.extensions["portal.sessionmaker"]() as session:
        result = session.scalars(
            queries.events_query(filters).execution_options(yield_per=CSV_BATCH)
        )
        for batch in result.partitions():
            for entry in queries.entries(session, batch):
                event = entry.event
                writer.writerow(
                    (
                        event.created_dt.astimezone(OSLO).isoformat(timespec="seconds"),
                        _actor_text(entry),
                        event.action,
                        entry.action,
                        event.object_type,
                        entry.kind,
                        event.object_id,
                        entry.object.name,
                        "; ".join(str(change) for change in entry.changes),
                    )
                )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _actor_text(entry: queries.Entry) -> str:
    actor = entry.actor.name if entry.actor else _("System")
    if entry.on_behalf_of is None:
        return actor
    return _("%(actor)s på vegne av %(lead)s", actor=actor, lead=entry.on_behalf_of.name)
