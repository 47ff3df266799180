"""Stand-ins: a lead names, ends and removes theirs; an administrator sees and manages all."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import lead_required, require
from portal.clock import today
from portal.db import get_session, page_of
from portal.forms import add_error, choices
from portal.org import deputies, queries
from portal.org.forms import DeputyForm
from portal.org.models import Deputyship, Person
from portal.org.scope import scope_of
from portal.web import int_arg

bp = Blueprint("deputies", __name__, template_folder="templates", url_prefix="/deputies")


def names_deputies(user: Any) -> bool:
    """Leads in their own right name stand-ins (a stand-in hands nothing on); administrators
    manage everyone's."""
    return bool(user.is_admin or user.access == "lead")


def can_change(user: Any, deputyship: Deputyship) -> bool:
    return bool(user.is_admin or deputyship.lead_id == user.id)


def deputy_form() -> DeputyForm:
    form = DeputyForm()
    db = get_session()
    if current_user.is_admin:
        units = queries.units_in(db, scope_of(current_user))
    else:
        del form.lead_email
        units = deputies.own_units(db, current_user, today())
    form.unit_ids.choices = choices((unit.id, unit.name) for unit in units)
    return form


REASONS = {
    "unknown": lambda: _("Fant ingen aktiv person med denne e-postadressen."),
    "oneself": lambda: _("En leder kan ikke være sin egen stedfortreder."),
    "before_start": lambda: _("Siste dag kan ikke være før første dag."),
    "past": lambda: _("Siste dag har allerede vært. Velg en dag fra og med i dag."),
    "none": lambda: _("Velg minst én enhet."),
    "not_own": lambda: _("Velg bare enheter som lederen selv leder."),
    "not_lead": lambda: _("Denne personen leder ingen enheter og kan ikke ha stedfortreder."),
    "over": lambda: _("Denne stedfortrederperioden er allerede over."),
}


@bp.route("/", methods=["GET", "POST"])
@lead_required
def index():
    require(names_deputies(current_user))
    db, day = get_session(), today()
    form = deputy_form()
    if form.validate_on_submit():
        lead: Person | None = current_user
        if form.lead_email is not None:
            lead = deputies.active_person_by_email(db, form.lead_email.data)
            if lead is None:
                add_error(form.lead_email, REASONS["unknown"]())
            elif lead.access != "lead":
                add_error(form.lead_email, REASONS["not_lead"]())
                lead = None
        if lead is not None:
            try:
                deputies.name_deputy(
                    db,
                    actor_id=current_user.id,
                    lead=lead,
                    deputy=deputies.active_person_by_email(db, form.deputy_email.data),
                    unit_ids=form.unit_ids.data,
                    starts_on=form.starts_on.data,
                    ends_on=form.ends_on.data,
                    today=day,
                )
            except deputies.DeputyRefused as refused:
                field = getattr(form, refused.field, form.deputy_email)
                add_error(field, REASONS[refused.reason]())
            else:
                flash(_("Stedfortrederen er oppnevnt."), "success")
                return redirect(url_for("deputies.index"))
    elif not form.is_submitted():
        if form.lead_email is None:  # a lead hands on all their units unless they choose
            form.unit_ids.data = [choice.value for choice in form.unit_ids.choices]
        form.starts_on.data = day
    page = int_arg("page", 1)
    query = deputies.deputyships_query(lead_id=None if current_user.is_admin else current_user.id)
    items, pages = page_of(db, query, page)
    return render_template(
        "org/deputies.html", form=form, deputyships=items, page=page, pages=pages, today=day
    ), web.form_status(form)


@bp.post("/<int:deputyship_id>/end")
@lead_required
def end(deputyship_id: int):
    deputyship = web.get_or_404(Deputyship, deputyship_id)
    require(names_deputies(current_user) and can_change(current_user, deputyship))
    try:
        left = deputies.end_deputyship(
            get_session(), actor_id=current_user.id, deputyship=deputyship, today=today()
        )
    except deputies.DeputyRefused as refused:
        return web.refuse(REASONS[refused.reason](), url_for("deputies.index"))
    if left is None:
        flash(_("Stedfortrederen er fjernet."), "success")
    else:
        flash(_("Stedfortrederen har ikke lenger tilgang fra i dag."), "success")
    return redirect(url_for("deputies.index"))
