"""The competence gap report: the page, its print view, CSV and XLSX.

A lead sees the people of their units and the units below; an administrator sees everyone;
an employee gets 403. All four views read the same filters; the CSV and the XLSX are built
from the same rows, read as they come.
"""

from __future__ import annotations

import tempfile

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from portal import web
from portal.authz import lead_required
from portal.clock import expiring_window, today
from portal.competence import hours as hours_queries
from portal.competence.gaps import Status
from portal.competence.models import Competence
from portal.db import get_session
from portal.org.queries import positions, units_in
from portal.org.scope import scope_of
from portal.reports import aggregates, chart, exports, queries
from portal.reports.forms import STATUS_LABELS, GapFilterForm
from portal.reports.matrix import (
    Matrix,
    only_status,
    open_by_competence,
    open_cells,
    overall,
    sort_rows,
)
from portal.web import int_arg

bp = Blueprint("reports", __name__, template_folder="templates", url_prefix="/reports")
# The matrix's phone cards and paper lists regroup the rows it already has.
bp.context_processor(lambda: {"open_cells": open_cells, "open_by_competence": open_by_competence})
PER_PAGE = 50
PRINT_LIMIT = 2000
# Up to this many people the page summarises them all at once; above it, the page reads
# only its own people and the summary is a page of its own (see BENCHMARKS.md).
SUMMARY_LIMIT = 2000


def status_label(status: Status) -> str:
    return str(STATUS_LABELS[status])


def _filters():
    """The filter form and the filters it gives for this request."""
    db, scope = get_session(), scope_of(current_user)
    form = GapFilterForm(request.args).set_choices(
        units_in(db, scope), positions(db), db.scalars(select(Competence).order_by(Competence.name))
    )
    form.clean()
    number = lambda value: int(value) if value else None  # noqa: E731
    return form, queries.Filters(
        unit_id=number(form.unit.data),
        position_id=number(form.position.data),
        status=Status(form.status.data) if form.status.data else None,
        competence_id=number(form.competence.data),
    )


def _report(form=None, filters=None, *, with_coverage: bool = True):
    """The filter form, the whole matrix and its rows (filtered and sorted)."""
    if form is None:
        form, filters = _filters()
    matrix = queries.build(
        get_session(),
        scope_of(current_user),
        filters,
        today(),
        expiring_window(),
        with_coverage=with_coverage,
    )
    rows = sort_rows(
        only_status(matrix.rows, filters.status), form.sort.data, form.order.data == "desc"
    )
    return form, filters, matrix, rows


def _page_context(matrix, filters):
    competences, units = aggregates.tallies(
        get_session(), scope_of(current_user), filters, today(), expiring_window()
    )
    return {
        "matrix": matrix,
        "competences": competences,
        "units": units,
        "overall": overall(units),
        **{
            name: chart.stacked_bars(
                competences,
                _("Status per kompetanse"),
                status_label,
                narrow=narrow,
                recommended=_("Anbefalte som mangler eller er utløpt"),
            )
            for name, narrow in (("chart", False), ("narrow_chart", True))
        },
        "labels": STATUS_LABELS,
        "today": today(),
        "summarised": True,
    }


@bp.get("/gaps")
@lead_required
def gaps():
    form, filters = _filters()
    db, scope = get_session(), scope_of(current_user)
    number = int_arg("page", 1)
    people = queries.count_people(db, queries.people_query(db, scope, filters))
    if people > SUMMARY_LIMIT and filters.status is None and form.sort.data != "gaps":
        # A large organisation: read just this page; the summary has a page of its own.
        pages = max(1, -(-people // PER_PAGE))
        page = queries.Page(form.sort.data, form.order.data == "desc", min(number, pages), PER_PAGE)
        matrix = queries.build(
            db, scope, filters, today(), expiring_window(), page=page, counted=people
        )
        context = {"matrix": matrix, "labels": STATUS_LABELS, "today": today(), "summarised": False}
        rows, total = matrix.rows, matrix.total
    else:
        _form, filters, matrix, all_rows = _report(form, filters)
        total = len(all_rows)
        pages = max(1, -(-total // PER_PAGE))
        page = queries.Page(number=min(number, pages))
        rows = all_rows[(page.number - 1) * PER_PAGE : page.number * PER_PAGE]
        context = _page_context(matrix, filters)
    return render_template(
        "reports/gaps.html",
        form=form,
        args=form.as_args(),
        rows=rows,
        total=total,
        page=page.number,
        pages=pages,
        **context,
    )


@bp.get("/gaps/summary")
@lead_required
def gaps_summary():
    form, filters = _filters()
    db, scope = get_session(), scope_of(current_user)
    coverage = queries.coverage_results(db, queries.unit_ids(db, scope, filters.unit_id), today())
    matrix = Matrix(columns=[], rows=[], coverage=coverage)
    return render_template(
        "reports/gaps_summary.html",
        form=form,
        args=form.as_args(),
        **_page_context(matrix, filters),
    )


@bp.get("/gaps/print")
@lead_required
def gaps_print():
    form, filters, matrix, rows = _report()
    return render_template(
        "reports/gaps_print.html",
        form=form,
        rows=rows[:PRINT_LIMIT],
        total=len(rows),
        limit=PRINT_LIMIT,
        **_page_context(matrix, filters),
    )


@bp.get("/gaps.csv")
@lead_required
def gaps_csv():
    form, filters = _filters()
    scope, day, window = scope_of(current_user), today(), expiring_window()
    sessions = current_app.extensions["portal.sessionmaker"]
    sort, descending = form.sort.data, form.order.data == "desc"

    def lines():
        # A session of its own for as long as the download takes, closed when it ends (or
        # when the client goes away): the request's session ends with the request.
        with sessions() as session:
            rows = aggregates.csv_rows(
                session, scope, filters, day, window, sort=sort, descending=descending
            )
            yield from exports.csv_stream(rows)

    return web.download(lines(), f"kompetansegap-{day.isoformat()}.csv", "text/csv")


@bp.get("/gaps.xlsx")
@lead_required
def gaps_xlsx():
    form, filters = _filters()
    db, scope, day, window = get_session(), scope_of(current_user), today(), expiring_window()
    competences, units = aggregates.tallies(db, scope, filters, day, window)
    coverage = queries.coverage_results(db, queries.unit_ids(db, scope, filters.unit_id), day)
    rows = aggregates.csv_rows(
        db, scope, filters, day, window, sort=form.sort.data, descending=form.order.data == "desc"
    )
    # The workbook is built in a temporary file (a zip is whole only when it is finished),
    # then sent from it in pieces; the file goes when it is sent or the client goes away.
    output = tempfile.TemporaryFile()
    try:
        exports.write_xlsx(output, rows, competences, units, coverage, day)
        size = output.tell()
        output.seek(0)
    except BaseException:
        output.close()
        raise
    response = web.download(
        web.file_pieces(output),
        f"kompetansegap-{day.isoformat()}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.content_length = size
    return response


@bp.get("/hours")
@lead_required
def hours():
    db, year = get_session(), _year()
    people = hours_queries.people_hours(db, scope_of(current_user), year)
    total = db.scalar(select(func.count()).select_from(people.order_by(None).subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(int_arg("page", 1), pages)
    rows = db.execute(people.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return render_template(
        "reports/hours.html", rows=rows, year=year, years=_years(), page=page, pages=pages
    )


@bp.get("/hours.csv")
@lead_required
def hours_csv():
    year, scope = _year(), scope_of(current_user)
    sessions = current_app.extensions["portal.sessionmaker"]

    def lines():
        with sessions() as session:  # as the gap CSV: the download outlives the request
            yield from exports.hours_csv(
                session.execute(hours_queries.people_hours(session, scope, year))
            )

    return web.download(lines(), f"tellende-timer-{year}.csv", "text/csv")


def _years() -> list[int]:
    this_year = today().year
    return list(range(this_year, this_year - 10, -1))


def _year() -> int:
    return int_arg("year", today().year, least=1900, most=2100)
