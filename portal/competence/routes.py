"""Managing competences, requirements per position and coverage rules per unit.

Who does what: an administrator manages competences and what each position requires (positions
are shared by every unit, so a lead may only read them); a lead manages the coverage rules of
their own units; both see the lists. Records and submissions are in ``record_routes``, the
requirement grid in ``requirement_routes``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import web
from portal.authz import admin_required, can_manage_unit, lead_required, require
from portal.clock import expiring_window, today
from portal.competence import operations
from portal.competence.blueprint import bp
from portal.competence.forms import CompetenceForm, CoverageRuleForm, RemoveForm
from portal.competence.models import Competence, CoverageRule
from portal.competence.queries import all_competences, statuses_for
from portal.db import get_session
from portal.forms import choices, validated
from portal.org.models import Person
from portal.org.queries import units_in
from portal.org.scope import scope_of, units_seen


@bp.get("/")
@lead_required
def index():
    return render_template("competence/index.html", competences=all_competences(get_session()))


def _competence_data(form: CompetenceForm) -> operations.CompetenceData:
    return operations.CompetenceData(
        name=validated(form.name.data),
        description=form.description.data or "",
        kind=form.kind.data,
        validity_months=form.validity_months.data,
        typical_cost_ore=form.cost_ore(),
        is_authorisation=form.is_authorisation.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create():
    form = CompetenceForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            competence = operations.create_competence(
                db, actor_id=current_user.id, code=form.code.data, data=_competence_data(form)
            )
        except operations.CodeTaken:
            form.code.errors.append(_("Koden er allerede i bruk."))
        else:
            flash(_("%(name)s er lagt til.", name=competence.name), "success")
            return redirect(url_for("competence.index"))
    return render_template("competence/edit.html", form=form, competence=None), web.form_status(
        form
    )


@bp.route("/<int:competence_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(competence_id: int):
    competence = web.get_or_404(Competence, competence_id)
    form = CompetenceForm(obj=competence)
    form.code.data = competence.code  # the code cannot be changed
    if request.method == "GET":
        form.typical_cost_kroner.data = competence.typical_cost_ore
    if form.validate_on_submit():
        db = get_session()
        operations.update_competence(
            db, actor_id=current_user.id, competence=competence, data=_competence_data(form)
        )
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("competence.index"))
    return render_template(
        "competence/edit.html", form=form, competence=competence
    ), web.form_status(form)


def coverage_form() -> CoverageRuleForm:
    form = CoverageRuleForm()
    db = get_session()
    form.unit_id.choices = choices((u.id, u.name) for u in units_in(db, scope_of(current_user)))
    form.competence_id.choices = choices((c.id, c.name) for c in all_competences(get_session()))
    return form


@bp.route("/coverage", methods=["GET", "POST"])
@lead_required
def coverage():
    form, scope = coverage_form(), scope_of(current_user)
    if form.validate_on_submit():  # the unit choices are the user's own units only
        db = get_session()
        operations.set_coverage_rule(
            db,
            actor_id=current_user.id,
            unit_id=form.unit_id.data,
            competence_id=form.competence_id.data,
            minimum=form.minimum.data,
        )
        flash(_("Dekningskravet er lagret."), "success")
        return redirect(url_for("competence.coverage"))
    query = (
        select(CoverageRule)
        .options(selectinload(CoverageRule.unit), selectinload(CoverageRule.competence))
        .order_by(CoverageRule.unit_id, CoverageRule.competence_id)
    )
    if not scope.is_all:
        query = query.where(CoverageRule.unit_id.in_(scope.unit_ids))
    rules = sorted(get_session().scalars(query), key=lambda r: (r.unit.name, r.competence.name))
    return render_template(
        "competence/coverage.html", rules=rules, form=form, remove_form=RemoveForm()
    ), web.form_status(form)


@bp.post("/coverage/<int:rule_id>/remove")
@lead_required
def coverage_remove(rule_id: int):
    rule = web.get_or_404(CoverageRule, rule_id)
    require(can_manage_unit(current_user, rule.unit_id, scope_of(current_user)))
    if RemoveForm().validate_on_submit():
        db = get_session()
        operations.remove_coverage_rule(db, actor_id=current_user.id, rule=rule)
        flash(_("Dekningskravet er fjernet."), "success")
    return redirect(url_for("competence.coverage"))


def person_requirements(person: Person) -> Markup:
    """The person's page: what their jobs require (those the user sees) and where they stand."""
    units = units_seen(current_user, person)
    rows = statuses_for(get_session(), person, today(), expiring_window(), units)
    return Markup(render_template("competence/_person_requirements.html", person=person, rows=rows))
