"""Needs assessment: rounds, self-assessments, the lead's view per person, the training plan.

An employee fills in and sees only their own self-assessments and needs; a lead opens rounds
for their units, sees their people side by side with their gaps, and records needs.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import can_manage_unit, employee_required, lead_required, require
from portal.clock import expiring_window, today
from portal.competence.queries import statuses_for
from portal.db import get_session
from portal.formatting import format_date, format_kroner
from portal.forms import choices, validated
from portal.needs import operations, queries
from portal.needs.forms import (
    ACTION_LABELS,
    CONFIDENCE,
    PRIORITY_LABELS,
    STATUS_LABELS,
    NeedForm,
    NeedStatusForm,
    RoundForm,
    self_assessment_form,
)
from portal.needs.models import NeedsRound, TrainingNeed
from portal.needs.pdf import plan_pdf
from portal.needs.plan import plan_csv, total_cost
from portal.org.jobs import unit_ids_of
from portal.org.models import Person, Unit
from portal.org.policy import can_manage_person
from portal.org.queries import units_in
from portal.org.scope import led_today, scope_of, units_seen
from portal.todo import Entry, Source

bp = Blueprint("needs", __name__, template_folder="templates", url_prefix="/needs")


@bp.app_context_processor
def _labels() -> dict:
    return {
        "confidence_labels": CONFIDENCE,
        "priority_labels": PRIORITY_LABELS,
        "action_labels": ACTION_LABELS,
        "need_status_labels": STATUS_LABELS,
    }


def self_assessment_entries(user, day: date) -> list[Entry]:
    """For "Hva må jeg gjøre nå": the open rounds the person has not yet filled in."""
    return [
        Entry(
            source=Source.ASSESSMENT,
            title=_("Fyll ut egenvurderingen for %(title)s", title=r.title),
            due=r.deadline,
            url=url_for("needs.self_assess", round_id=r.id),
            note=_("Kartlegging av opplæringsbehov"),
            subject=r,
        )
        for r in queries.rounds_to_assess(get_session(), user)
        if r.is_open(day)
    ]


@bp.get("/")
@employee_required
def index():
    db, scope = get_session(), scope_of(current_user)
    mine = queries.rounds_of_person(db, current_user)
    manages = current_user.is_lead or current_user.is_admin
    return render_template(
        "needs/index.html",
        mine=mine,
        today=today(),
        assessed=queries.assessed_round_ids(db, current_user.id, [r.id for r in mine]),
        my_needs=queries.needs_of(db, current_user.id),
        rounds=queries.rounds_in_scope(db, scope) if manages else [],
        units=units_in(db, scope) if manages else [],
    )


@bp.route("/rounds/new", methods=["GET", "POST"])
@lead_required
def create_round():
    db, scope = get_session(), scope_of(current_user)
    units = units_in(db, scope)
    form = RoundForm(today=today())
    form.unit_ids.choices = choices((unit.id, unit.name) for unit in units)
    led = led_today(current_user).roots
    if request.method == "GET" and led:
        form.unit_ids.data = sorted(led)
    if form.validate_on_submit():
        chosen = [unit for unit in units if unit.id in set(form.unit_ids.data)]
        needs_round = operations.open_round(
            db,
            actor_id=current_user.id,
            title=form.title.data,
            deadline=form.deadline.data,
            units=chosen,
        )
        flash(_("Runden er åpnet, og de ansatte er varslet."), "success")
        return redirect(url_for("needs.round_view", round_id=needs_round.id))
    return render_template("needs/round_new.html", form=form), web.form_status(form)


def load_round(round_id: int) -> NeedsRound:
    return web.get_or_404(NeedsRound, round_id)


def require_round_in_scope(needs_round: NeedsRound) -> None:
    scope = scope_of(current_user)
    require(any(scope.covers(unit.id) for unit in needs_round.units))


@bp.get("/rounds/<int:round_id>")
@lead_required
def round_view(round_id: int):
    needs_round = load_round(round_id)
    require_round_in_scope(needs_round)
    db, scope = get_session(), scope_of(current_user)
    people = queries.participants(db, needs_round, scope)
    rows = queries.round_rows(db, needs_round, people, today(), expiring_window())
    # A lead's own row (and an administrator's) is listed but not opened: nobody assesses
    # their own needs, so its link would only answer 403.
    assessable = {p.id for p in people if can_manage_person(current_user, p, scope)}
    return render_template(
        "needs/round.html",
        needs_round=needs_round,
        rows=rows,
        assessable=assessable,
        today=today(),
    )


@bp.route("/rounds/<int:round_id>/self", methods=["GET", "POST"])
@employee_required
def self_assess(round_id: int):
    needs_round = load_round(round_id)
    require(queries.is_participant(needs_round, current_user))
    db = get_session()
    rows = statuses_for(db, current_user, today(), expiring_window())
    assessment = queries.assessment_of(db, round_id, current_user.id)
    form = self_assessment_form(
        [row.competence for row in rows],
        {r.competence_id: r.confidence for r in assessment.ratings} if assessment else None,
        assessment.wishes if assessment else "",
    )
    is_open = needs_round.is_open(today())
    if request.method == "POST" and not is_open:
        flash(_("Fristen for denne runden er passert. Ingenting er endret."), "warning")
        return redirect(url_for("needs.index"))
    if form.validate_on_submit():
        operations.save_self_assessment(
            db,
            needs_round=needs_round,
            person=current_user,
            ratings=form.ratings(),
            wishes=form.wishes.data or "",
            today=today(),
        )
        flash(_("Egenvurderingen er lagret. Takk!"), "success")
        return redirect(url_for("needs.index"))
    return render_template(
        "needs/self.html",
        needs_round=needs_round,
        form=form,
        rows=rows,
        assessment=assessment,
        is_open=is_open,
    ), web.form_status(form)


def load_participant(needs_round: NeedsRound, person_id: int) -> Person:
    person = web.get_or_404(Person, person_id)
    require(can_manage_person(current_user, person, scope_of(current_user)))
    if unit_ids_of(person, today()).isdisjoint(unit.id for unit in needs_round.units):
        abort(404)
    return person


def need_form() -> NeedForm:
    form = NeedForm()
    form.competence_id.choices = choices(
        [(0, _("Ingen"))] + [(c.id, c.name) for c in queries.competences(get_session())]
    )
    return form


@bp.get("/rounds/<int:round_id>/people/<int:person_id>")
@lead_required
def person_view(round_id: int, person_id: int):
    needs_round = load_round(round_id)
    person = load_participant(needs_round, person_id)
    return render_person(needs_round, person, need_form())


def render_person(needs_round: NeedsRound, person: Person, form: NeedForm, status: int = 200):
    db = get_session()
    assessment = queries.assessment_of(db, needs_round.id, person.id)
    return render_template(
        "needs/person.html",
        needs_round=needs_round,
        person=person,
        form=form,
        rows=statuses_for(db, person, today(), expiring_window(), units_seen(current_user, person)),
        assessment=assessment,
        ratings={r.competence_id: r.confidence for r in assessment.ratings} if assessment else {},
        needs=queries.needs_of(db, person.id),
        status_form=NeedStatusForm(),
    ), status


@bp.post("/rounds/<int:round_id>/people/<int:person_id>/needs")
@lead_required
def add_need(round_id: int, person_id: int):
    needs_round = load_round(round_id)
    person = load_participant(needs_round, person_id)
    form = need_form()
    if not form.validate():
        return render_person(needs_round, person, form, 422)
    db = get_session()
    operations.record_need(
        db,
        actor_id=current_user.id,
        person=person,
        round_id=needs_round.id,
        data=operations.NeedData(
            title=validated(form.title.data).strip(),
            competence_id=form.competence_id.data or None,
            priority=form.priority.data,
            action=form.action.data,
            target_date=validated(form.target_date.data),
            estimated_cost_ore=form.estimated_cost.data or 0,
        ),
    )
    flash(_("Behovet er registrert."), "success")
    return redirect(url_for("needs.person_view", round_id=round_id, person_id=person_id))


@bp.post("/needs/<int:need_id>/status")
@lead_required
def set_need_status(need_id: int):
    db = get_session()
    need = web.get_or_404(TrainingNeed, need_id)
    require(can_manage_person(current_user, need.person, scope_of(current_user)))
    form = NeedStatusForm()
    if form.validate_on_submit():
        operations.set_need_status(db, actor_id=current_user.id, need=need, status=form.status.data)
        flash(_("Status for behovet er lagret."), "success")
    else:
        flash(_("Velg en gyldig status."), "warning")
    if need.round_id is not None:
        return redirect(
            url_for("needs.person_view", round_id=need.round_id, person_id=need.person_id)
        )
    return redirect(url_for("needs.index"))


def load_unit(unit_id: int) -> Unit:
    unit = web.get_or_404(Unit, unit_id)
    require(can_manage_unit(current_user, unit.id, scope_of(current_user)))
    return unit


@bp.get("/units/<int:unit_id>/plan")
@lead_required
def plan(unit_id: int):
    unit = load_unit(unit_id)
    rows = queries.plan(get_session(), unit.id)
    return render_template("needs/plan.html", unit=unit, rows=rows, total=total_cost(rows))


@bp.get("/units/<int:unit_id>/plan.csv")
@lead_required
def plan_csv_export(unit_id: int):
    unit = load_unit(unit_id)
    text = plan_csv(queries.plan(get_session(), unit.id))
    return web.download(text.encode("utf-8"), f"opplaeringsplan-{unit.id}.csv", "text/csv")


@bp.get("/units/<int:unit_id>/plan.pdf")
@lead_required
def plan_pdf_export(unit_id: int):
    unit = load_unit(unit_id)
    rows = queries.plan(get_session(), unit.id)
    data = plan_pdf(
        title=_("Opplæringsplan – %(unit)s", unit=unit.name),
        subtitle=_("Per %(date)s, sortert etter prioritet og måldato.", date=format_date(today())),
        headers=[
            _("Person"),
            _("Behov"),
            _("Kompetanse"),
            _("Prioritet"),
            _("Tiltak"),
            _("Måldato"),
            _("Anslått kostnad"),
        ],
        rows=rows,
        cells=lambda r: [
            r.person_name,
            r.title + ("" if r.status == "open" else f" ({STATUS_LABELS[r.status]})"),
            r.competence or "",
            str(PRIORITY_LABELS[r.priority]),
            str(ACTION_LABELS[r.action]),
            format_date(r.target_date),
            format_kroner(r.cost_ore),
        ],
        total_label=_("Anslått kostnad i alt: %(total)s", total=format_kroner(total_cost(rows))),
    )
    return web.download(data, f"opplaeringsplan-{unit.id}.pdf", "application/pdf")
