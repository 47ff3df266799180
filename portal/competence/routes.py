"""Managing competences, requirements per position and coverage rules per unit.

Who does what: an administrator manages competences and what each position requires (positions
are shared by every unit, so a lead may only read them); a lead manages the coverage rules of
their own units; both see the lists. Records and submissions are in ``record_routes``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import web
from portal.authz import admin_required, can_manage_unit, lead_required, require, scope_of
from portal.competence import operations
from portal.competence.forms import CompetenceForm, CoverageRuleForm, RemoveForm, RequirementForm
from portal.competence.models import Competence, CoverageRule, Requirement
from portal.db import get_session
from portal.forms import choices
from portal.org.models import Position
from portal.org.queries import positions, units_in

bp = Blueprint("competence", __name__, template_folder="templates", url_prefix="/competence")


@bp.record_once
def _setup(state) -> None:
    web.add_nav(state.app, "competence.index", _l("Kompetanser"), level="lead", order=40)


def load(model, object_id: int):
    """The object with this id, or 404."""
    return get_session().get(model, object_id) or abort(404)


def all_competences() -> list[Competence]:
    return list(get_session().scalars(select(Competence).order_by(Competence.name)))


@bp.get("/")
@lead_required
def index():
    return render_template("competence/index.html", competences=all_competences())


def _competence_data(form: CompetenceForm) -> operations.CompetenceData:
    return operations.CompetenceData(
        name=form.name.data,
        description=form.description.data or "",
        kind=form.kind.data,
        validity_months=form.validity_months.data,
        typical_cost_ore=form.cost_ore(),
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
            db.commit()
            flash(_("%(name)s er lagt til.", name=competence.name), "success")
            return redirect(url_for("competence.index"))
    return render_template("competence/edit.html", form=form, competence=None), (
        422 if form.errors else 200
    )


@bp.route("/<int:competence_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(competence_id: int):
    competence = load(Competence, competence_id)
    form = CompetenceForm(obj=competence)
    form.code.data = competence.code  # the code cannot be changed
    if request.method == "GET" and competence.typical_cost_ore is not None:
        form.typical_cost_kroner.data = competence.typical_cost_ore / 100
    if form.validate_on_submit():
        db = get_session()
        operations.update_competence(
            db, actor_id=current_user.id, competence=competence, data=_competence_data(form)
        )
        db.commit()
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("competence.index"))
    return render_template("competence/edit.html", form=form, competence=competence), (
        422 if form.errors else 200
    )


def requirement_form() -> RequirementForm:
    form = RequirementForm()
    form.position_id.choices = choices((p.id, p.name) for p in positions(get_session()))
    form.competence_id.choices = choices((c.id, c.name) for c in all_competences())
    return form


@bp.route("/requirements", methods=["GET", "POST"])
@lead_required
def requirements():
    form = requirement_form() if current_user.is_admin else None
    if form is not None and form.validate_on_submit():
        db = get_session()
        operations.set_requirement(
            db,
            actor_id=current_user.id,
            position_id=form.position_id.data,
            competence_id=form.competence_id.data,
            is_mandatory=form.requirement.data == "mandatory",
            due_days=form.due_days.data,
        )
        db.commit()
        flash(_("Kravet er lagret."), "success")
        return redirect(url_for("competence.requirements"))
    if request.method == "POST":
        require(form is not None)
    rows = list(
        get_session().scalars(
            select(Requirement)
            .join(Requirement.position)
            .join(Requirement.competence)
            .options(selectinload(Requirement.position), selectinload(Requirement.competence))
            .order_by(Position.name, Requirement.is_mandatory.desc(), Competence.name)
        )
    )
    return render_template(
        "competence/requirements.html", rows=rows, form=form, remove_form=RemoveForm()
    ), 422 if form and form.errors else 200


@bp.post("/requirements/<int:requirement_id>/remove")
@admin_required
def requirement_remove(requirement_id: int):
    requirement = load(Requirement, requirement_id)
    if RemoveForm().validate_on_submit():
        db = get_session()
        operations.remove_requirement(db, actor_id=current_user.id, requirement=requirement)
        db.commit()
        flash(_("Kravet er fjernet."), "success")
    return redirect(url_for("competence.requirements"))


def coverage_form() -> CoverageRuleForm:
    form = CoverageRuleForm()
    db = get_session()
    form.unit_id.choices = choices((u.id, u.name) for u in units_in(db, scope_of(current_user)))
    form.competence_id.choices = choices((c.id, c.name) for c in all_competences())
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
        db.commit()
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
    ), 422 if form.errors else 200


@bp.post("/coverage/<int:rule_id>/remove")
@lead_required
def coverage_remove(rule_id: int):
    rule = load(CoverageRule, rule_id)
    require(can_manage_unit(current_user, rule.unit_id, scope_of(current_user)))
    if RemoveForm().validate_on_submit():
        db = get_session()
        operations.remove_coverage_rule(db, actor_id=current_user.id, rule=rule)
        db.commit()
        flash(_("Dekningskravet er fjernet."), "success")
    return redirect(url_for("competence.coverage"))


from portal.competence import record_routes  # noqa: E402, F401  (routes on the same bp)
