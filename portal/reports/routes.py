"""The competence gap report: the page, its print view, CSV and XLSX.

A lead sees the people of their units and the units below; an administrator sees everyone;
an employee gets 403. All four views build the same matrix with the same filters.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from portal import web
from portal.authz import lead_required, scope_of
from portal.clock import expiring_window, today
from portal.competence.gaps import Status
from portal.competence.models import Competence
from portal.db import get_session
from portal.home import panels
from portal.notify.reminders import register_source
from portal.org.queries import positions, units_in
from portal.reports import chart, dashboard, exports, queries, reminders
from portal.reports.forms import STATUS_LABELS, GapFilterForm
from portal.reports.matrix import by_competence, by_unit, only_status, sort_rows

bp = Blueprint("reports", __name__, template_folder="templates", url_prefix="/reports")
PER_PAGE = 50
PRINT_LIMIT = 2000


@bp.record_once
def _setup(state) -> None:
    web.add_nav(state.app, "reports.gaps", _l("Kompetansegap"), level="lead", order=45)
    panels.register(state.app, dashboard.panel, order=20)
    register_source(state.app, reminders.due)


def status_label(status: Status) -> str:
    return str(STATUS_LABELS[status])


def _report():
    """The filter form, the matrix and its rows (filtered and sorted) for this request."""
    db, scope = get_session(), scope_of(current_user)
    form = GapFilterForm(request.args).set_choices(
        units_in(db, scope), positions(db),
        db.scalars(select(Competence).order_by(Competence.name)))
    form.clean()
    number = lambda value: int(value) if value else None  # noqa: E731
    filters = queries.Filters(unit_id=number(form.unit.data),
                              position_id=number(form.position.data),
                              status=Status(form.status.data) if form.status.data else None,
                              competence_id=number(form.competence.data))
    matrix = queries.build(db, scope, filters, today(), expiring_window())
    rows = sort_rows(only_status(matrix.rows, filters.status), form.sort.data,
                     form.order.data == "desc")
    return form, filters, matrix, rows


def _page_context(matrix, rows):
    competences, units = by_competence(matrix.columns, matrix.rows), by_unit(matrix.rows)
    return {"matrix": matrix, "competences": competences, "units": units,
            "chart": chart.stacked_bars(competences, _("Status per kompetanse"), status_label),
            "labels": STATUS_LABELS, "today": today()}


@bp.get("/gaps")
@lead_required
def gaps():
    form, _filters, matrix, rows = _report()
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    return render_template("reports/gaps.html", form=form, args=form.as_args(),
                           rows=rows[(page - 1) * PER_PAGE:page * PER_PAGE], total=len(rows),
                           page=page, pages=pages, **_page_context(matrix, rows))


@bp.get("/gaps/print")
@lead_required
def gaps_print():
    form, _filters, matrix, rows = _report()
    return render_template("reports/gaps_print.html", form=form, rows=rows[:PRINT_LIMIT],
                           total=len(rows), limit=PRINT_LIMIT, **_page_context(matrix, rows))


@bp.get("/gaps.csv")
@lead_required
def gaps_csv():
    _form, filters, matrix, rows = _report()
    return Response(exports.csv_lines(matrix, rows, filters.status),
                    mimetype="text/csv", headers={
                        "Content-Disposition": f'attachment; filename="kompetansegap-'
                                               f'{today().isoformat()}.csv"'})


@bp.get("/gaps.xlsx")
@lead_required
def gaps_xlsx():
    _form, _filters, matrix, rows = _report()
    data = exports.xlsx_bytes(matrix, rows, by_competence(matrix.columns, matrix.rows),
                              by_unit(matrix.rows), status_label, today())
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet", headers={
                        "Content-Disposition": f'attachment; filename="kompetansegap-'
                                               f'{today().isoformat()}.xlsx"'})
