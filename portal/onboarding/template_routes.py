"""Onboarding templates: an administrator edits the organisation-wide template of a position,
a lead the templates of their own units (which start as a copy of the one that applied)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import web
from portal.authz import lead_required, require
from portal.db import get_session
from portal.documents.queries import listed as listed_documents
from portal.forms import choices
from portal.onboarding import operations, policy, queries
from portal.onboarding.forms import ItemForm, TemplateForm
from portal.onboarding.models import OnboardingTemplate, TemplateItem
from portal.org import queries as org_queries
from portal.org.scope import scope_of

bp = Blueprint(
    "onboarding_templates",
    __name__,
    template_folder="templates",
    url_prefix="/onboarding/templates",
)

WHOLE_ORGANISATION = 0


def template_form() -> TemplateForm:
    db, scope = get_session(), scope_of(current_user)
    form = TemplateForm()
    form.position_id.choices = choices((p.id, p.name) for p in org_queries.positions(db))
    units = [(u.id, u.name) for u in org_queries.units_in(db, scope)]
    if current_user.is_admin:
        units.insert(0, (WHOLE_ORGANISATION, _l("Hele organisasjonen")))
    form.unit_id.choices = choices(units)
    return form


@bp.route("/", methods=["GET", "POST"])
@lead_required
def index():
    form, db = template_form(), get_session()
    if form.validate_on_submit():
        unit_id = form.unit_id.data or None
        require(policy.can_edit_template_for(current_user, unit_id, scope_of(current_user)))
        try:
            template = operations.create_template(
                db, actor_id=current_user.id, position_id=form.position_id.data, unit_id=unit_id
            )
        except operations.TemplateExists:
            form.position_id.errors.append(_("Stillingen har allerede en mal her."))
        else:
            flash(_("Malen er opprettet."), "success")
            return redirect(url_for(".show", template_id=template.id))
    scope = scope_of(current_user)
    visible = [t for t in queries.templates(db) if policy.can_view_template(current_user, t, scope)]
    return render_template(
        "onboarding/templates.html",
        form=form,
        templates=visible,
        can_edit=lambda t: policy.can_edit_template(current_user, t, scope),
    ), (web.form_status(form))


def load_template(template_id: int, *, edit: bool = False) -> OnboardingTemplate:
    template = web.get_or_404(OnboardingTemplate, template_id)
    scope = scope_of(current_user)
    require(policy.can_view_template(current_user, template, scope))
    if edit:
        require(policy.can_edit_template(current_user, template, scope))
    return template


def load_template_item(item_id: int) -> TemplateItem:
    item = web.get_or_404(TemplateItem, item_id)
    load_template(item.template_id, edit=True)
    return item


def item_form() -> ItemForm:
    return (
        ItemForm()
        .with_competences(queries.competences(get_session()))
        .with_documents(listed_documents(get_session()))
    )


@bp.get("/<int:template_id>")
@lead_required
def show(template_id: int):
    return _render_template_page(load_template(template_id), item_form())


def _render_template_page(template: OnboardingTemplate, form: ItemForm, status: int = 200):
    can_edit = policy.can_edit_template(current_user, template, scope_of(current_user))
    return render_template(
        "onboarding/template.html",
        template=template,
        form=form if can_edit else None,
        can_edit=can_edit,
    ), status


@bp.post("/<int:template_id>/items")
@lead_required
def add_item(template_id: int):
    template, form = load_template(template_id, edit=True), item_form()
    if not form.validate_on_submit():
        return _render_template_page(template, form, 422)
    db = get_session()
    operations.add_template_item(
        db, actor_id=current_user.id, template=template, data=form.item_data()
    )
    flash(_("Punktet er lagt til i malen."), "success")
    return redirect(url_for(".show", template_id=template.id))


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@lead_required
def edit_item(item_id: int):
    item = load_template_item(item_id)
    form = (
        ItemForm(obj=item)
        .with_competences(queries.competences(get_session()))
        .with_documents(listed_documents(get_session()))
    )
    if form.validate_on_submit():
        db = get_session()
        operations.update_template_item(
            db, actor_id=current_user.id, item=item, data=form.item_data()
        )
        flash(_("Punktet er endret. Planer som allerede er i gang, endres ikke."), "success")
        return redirect(url_for(".show", template_id=item.template_id))
    return render_template("onboarding/template_item.html", form=form, item=item), web.form_status(
        form
    )


@bp.post("/items/<int:item_id>/delete")
@lead_required
def delete_item(item_id: int):
    item = load_template_item(item_id)
    template_id, db = item.template_id, get_session()
    operations.delete_template_item(db, actor_id=current_user.id, item=item)
    flash(_("Punktet er fjernet fra malen."), "success")
    return redirect(url_for(".show", template_id=template_id))


@bp.post("/<int:template_id>/delete")
@lead_required
def delete(template_id: int):
    template, db = load_template(template_id, edit=True), get_session()
    operations.delete_template(db, actor_id=current_user.id, template=template)
    flash(_("Malen er slettet. Planer som allerede er i gang, beholder punktene sine."), "success")
    return redirect(url_for(".index"))
