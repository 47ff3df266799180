"""The requirement grid: positions × competences, each cell mandatory, recommended or none.

Positions are shared by every unit, so only an administrator changes a cell; a lead reads the
grid. Setting a cell to none removes a requirement for everyone in the position, so it goes
through a page that says how many people it reaches before anything is removed.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal import web
from portal.authz import admin_required, lead_required, require
from portal.competence import operations
from portal.competence.blueprint import bp
from portal.competence.forms import RemoveForm, RequirementForm
from portal.competence.models import Competence, Requirement
from portal.competence.queries import active_in_position, requirement_grid
from portal.db import get_session
from portal.org.models import Position


def cell_anchor(position_id: int, competence_id: int) -> str:
    """The id of a cell in the grid, for links back to it."""
    return f"krav-{position_id}-{competence_id}"


def _grid_page(form: RequirementForm | None, status: int = 200):
    return render_template(
        "competence/requirements.html",
        grid=requirement_grid(get_session()),
        form=form,
        cell_anchor=cell_anchor,
    ), status


@bp.route("/requirements", methods=["GET", "POST"])
@lead_required
def requirements():
    if request.method == "GET":
        return _grid_page(RequirementForm(formdata=None) if current_user.is_admin else None)
    require(current_user.is_admin)
    form = RequirementForm()
    if not form.validate_on_submit():
        return _grid_page(form, 422)
    db = get_session()
    position = db.get(Position, form.position_id.data)
    competence = db.get(Competence, form.competence_id.data)
    if position is None:
        form.position_id.errors.append(_("Stillingen finnes ikke. Last siden på nytt."))
    if competence is None:
        form.competence_id.errors.append(_("Kompetansen finnes ikke. Last siden på nytt."))
    if position is None or competence is None:
        return _grid_page(form, 422)
    back = url_for("competence.requirements", _anchor=f"stilling-{position.id}")
    names = {"competence": competence.name, "position": position.name}
    current = db.scalar(
        select(Requirement).filter_by(position_id=position.id, competence_id=competence.id)
    )
    if form.is_removal:
        if current is None:
            flash(_("%(position)s har ikke noe krav om %(competence)s.", **names), "info")
            return redirect(back)
        return redirect(url_for("competence.requirement_remove", requirement_id=current.id))
    is_mandatory = form.requirement.data == "mandatory"
    if current and (current.is_mandatory, current.due_days) == (is_mandatory, form.due_days.data):
        flash(_("Ingen endring: kravet om %(competence)s i %(position)s er som før.", **names))
        return redirect(back)
    operations.set_requirement(
        db,
        actor_id=current_user.id,
        position_id=position.id,
        competence_id=competence.id,
        is_mandatory=is_mandatory,
        due_days=form.due_days.data,
    )
    flash(_("Kravet om %(competence)s i %(position)s er lagret.", **names), "success")
    return redirect(back)


@bp.route("/requirements/<int:requirement_id>/remove", methods=["GET", "POST"])
@admin_required
def requirement_remove(requirement_id: int):
    requirement = web.get_or_404(Requirement, requirement_id)
    form = RemoveForm()
    back = url_for(
        "competence.requirements",
        _anchor=cell_anchor(requirement.position_id, requirement.competence_id),
    )
    if form.validate_on_submit():
        names = {"competence": requirement.competence.name, "position": requirement.position.name}
        position_id = requirement.position_id
        operations.remove_requirement(
            get_session(), actor_id=current_user.id, requirement=requirement
        )
        flash(_("Kravet om %(competence)s er fjernet fra %(position)s.", **names), "success")
        return redirect(url_for("competence.requirements", _anchor=f"stilling-{position_id}"))
    return render_template(
        "competence/requirement_remove.html",
        requirement=requirement,
        affected=active_in_position(get_session(), requirement.position_id),
        form=form,
        back=back,
    )
