"""Onboarding pages: my checklist, sign-offs waiting for me, a lead's new hires, templates."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import employee_required, has_access, lead_required, require
from portal.clock import today
from portal.db import get_session
from portal.documents.queries import listed as listed_documents
from portal.onboarding import operations, pdf, policy, queries, rules, todo
from portal.onboarding.forms import (
    AddItemForm,
    ConfirmForm,
    HelpersForm,
    MissingHelpersForm,
    OnBehalfForm,
    ReasonForm,
    SignOffForm,
)
from portal.onboarding.labels import ROLE_LABELS
from portal.onboarding.models import Checklist, ChecklistItem
from portal.org.scope import scope_of

bp = Blueprint("onboarding", __name__, template_folder="templates", url_prefix="/onboarding")


@bp.get("/")
@employee_required
def index():
    db, day, scope = get_session(), today(), scope_of(current_user)
    mine = queries.views(db, queries.checklists_of(db, current_user.id, day), day)
    return render_template(
        "onboarding/index.html",
        mine=[(view, todo.plan_ranked([view])) for view in mine],
        today=day,
        can_confirm=lambda item: policy.can_confirm(current_user, item, scope),
        waiting=queries.awaiting_signoff(db, current_user, scope, day),
        hires=queries.new_hires(db, scope, day) if has_access(current_user, "lead") else None,
    )


# Checklists ---------------------------------------------------------------------------------


def load_checklist(checklist_id: int) -> Checklist:
    checklist = queries.checklist_by_id(get_session(), checklist_id) or abort(404)
    require(policy.can_view_checklist(current_user, checklist, scope_of(current_user)))
    return checklist


def load_item(item_id: int) -> ChecklistItem:
    item = web.get_or_404(ChecklistItem, item_id)
    load_checklist(item.checklist_id)
    return item


@bp.get("/checklists/<int:checklist_id>")
@employee_required
def checklist(checklist_id: int):
    checklist = load_checklist(checklist_id)
    return _render_checklist(checklist, helpers_form(checklist))


def _render_checklist(checklist: Checklist, form: HelpersForm | None, status: int = 200):
    scope = scope_of(current_user)
    return render_template(
        "onboarding/checklist.html",
        view=queries.view(get_session(), checklist, today()),
        helpers_form=form,
        can_confirm=lambda item: policy.can_confirm(current_user, item, scope),
        on_behalf=lambda item: policy.can_sign_on_behalf(current_user, item, scope),
        can_remind=lambda item: policy.can_remind(current_user, item, scope),
        can_manage=policy.can_manage_checklist(current_user, checklist, scope),
    ), status


def helpers_form(checklist: Checklist) -> HelpersForm | None:
    """The form to assign mentor and IT contact, for those who manage the checklist."""
    if not policy.can_manage_checklist(current_user, checklist, scope_of(current_user)):
        return None
    form = HelpersForm(
        data=None
        if request.method == "POST"
        else {"mentor_id": checklist.mentor_id or 0, "it_contact_id": checklist.it_contact_id or 0}
    )
    people = queries.helper_candidates(get_session(), scope_of(current_user), checklist)
    people += [
        p for p in (checklist.mentor, checklist.it_contact) if p is not None and p not in people
    ]
    return form.with_people(people)


@bp.post("/checklists/<int:checklist_id>/helpers")
@lead_required
def assign_helpers(checklist_id: int):
    checklist = load_checklist(checklist_id)
    form = helpers_form(checklist)
    if form is None:
        abort(403)
    if not form.validate_on_submit():
        return _render_checklist(checklist, form, 422)
    db = get_session()
    found = queries.people(db, [form.mentor_id.data, form.it_contact_id.data])
    operations.assign_helpers(
        db,
        actor_id=current_user.id,
        checklist=checklist,
        mentor=found.get(form.mentor_id.data),
        it_contact=found.get(form.it_contact_id.data),
    )
    flash(_("Fadder og IT-kontakt er lagret."), "success")
    return redirect(url_for("onboarding.checklist", checklist_id=checklist.id))


@bp.post("/checklists/<int:checklist_id>/missing-helpers")
@lead_required
def assign_missing_helpers(checklist_id: int):
    """From the start page: the mentor or IT contact a new hire still lacks."""
    checklist = load_checklist(checklist_id)
    scope = scope_of(current_user)
    require(policy.can_manage_checklist(current_user, checklist, scope))
    db = get_session()
    people = queries.helper_candidates(db, scope, checklist)
    form = MissingHelpersForm(prefix=f"hire{checklist.id}").with_people(people)
    home = url_for("home.index")
    if not form.validate_on_submit():
        return web.refuse(_("Velg en person fra listen. Ingenting er lagret."), home)
    found = {p.id: p for p in people}
    mentor, it_contact = found.get(form.mentor_id.data), found.get(form.it_contact_id.data)
    missing_mentor = checklist.mentor is None and mentor is not None
    missing_it = checklist.it_contact is None and it_contact is not None
    if not missing_mentor and not missing_it:
        return web.refuse(
            _(
                "Velg en fadder eller en IT-kontakt for %(name)s. Ingenting er lagret.",
                name=checklist.person.name,
            ),
            home,
        )
    operations.assign_missing_helpers(
        db, actor_id=current_user.id, checklist=checklist, mentor=mentor, it_contact=it_contact
    )
    names = [
        p.name
        for p, ok in ((mentor, missing_mentor), (it_contact, missing_it))
        if ok and p is not None
    ]
    flash(
        _(
            "%(people)s er tildelt %(name)s, og har fått beskjed.",
            people=_(" og ").join(names),
            name=checklist.person.name,
        ),
        "success",
    )
    return redirect(home)


@bp.route("/checklists/<int:checklist_id>/items/new", methods=["GET", "POST"])
@lead_required
def add_item(checklist_id: int):
    checklist = load_checklist(checklist_id)
    require(policy.can_manage_checklist(current_user, checklist, scope_of(current_user)))
    db = get_session()
    form = (
        AddItemForm().with_competences(queries.competences(db)).with_documents(listed_documents(db))
    )
    if form.validate_on_submit():
        operations.add_item(
            db,
            actor_id=current_user.id,
            checklist=checklist,
            data=form.item_data(),
            reason=form.reason.data,
        )
        flash(_("Punktet er lagt til i %(name)s sin plan.", name=checklist.person.name), "success")
        return redirect(url_for("onboarding.checklist", checklist_id=checklist.id))
    return render_template(
        "onboarding/add_item.html", form=form, checklist=checklist
    ), web.form_status(form)


@bp.get("/items/<int:item_id>")
@employee_required
def item(item_id: int):
    item = load_item(item_id)
    return _render_item(item, confirm_form_for(item))


Form = ConfirmForm | SignOffForm | OnBehalfForm


def confirm_form_for(item: ChecklistItem) -> Form:
    if policy.can_sign_on_behalf(current_user, item, scope_of(current_user)):
        return OnBehalfForm()
    return ConfirmForm() if item.kind == "acknowledgement" else SignOffForm()


def item_view(item: ChecklistItem) -> queries.ItemView:
    return next(
        v
        for v in queries.view(get_session(), item.checklist, today()).items
        if v.item.id == item.id
    )


def _render_item(item: ChecklistItem, form: Form, status: int = 200):
    scope = scope_of(current_user)
    view = item_view(item)
    return render_template(
        "onboarding/item.html",
        view=view,
        checklist=item.checklist,
        confirm_form=form,
        can_confirm=policy.can_confirm(current_user, item, scope),
        on_behalf=policy.can_sign_on_behalf(current_user, item, scope),
        can_remind=view.state is rules.ItemState.OVERDUE
        and policy.can_remind(current_user, item, scope),
        responsible_person=policy.responsible_person(item),
        can_undo=policy.can_undo(current_user, item, scope),
        can_manage=policy.can_manage_checklist(current_user, item.checklist, scope),
    ), status


def back_to(default: str) -> str:
    """Where a one-click form came from (its ``next`` field), if on this site."""
    return web.local_path(request.form.get("next", "")) or default


@bp.post("/items/<int:item_id>/confirm")
@employee_required
def confirm(item_id: int):
    item = load_item(item_id)
    scope = scope_of(current_user)
    on_behalf = policy.can_sign_on_behalf(current_user, item, scope)
    if not on_behalf and not policy.can_confirm(current_user, item, scope):
        return refused(item)
    form = confirm_form_for(item)
    if not form.validate_on_submit():
        return _render_item(item, form, 422)
    db = get_session()
    reason = form.reason.data if isinstance(form, OnBehalfForm) else None
    try:
        operations.confirm_item(db, actor_id=current_user.id, item=item, reason=reason)
    except operations.OnboardingError:
        flash(_("Punktet kan ikke kvitteres nå: det er allerede gjort eller tatt ut."), "warning")
        return redirect(url_for("onboarding.item", item_id=item.id))
    flash(_("«%(title)s» er kvittert.", title=item.title), "success")
    return redirect(back_to(url_for("onboarding.checklist", checklist_id=item.checklist_id)))


@bp.post("/items/<int:item_id>/remind")
@lead_required
def remind(item_id: int):
    """Remind the responsible person of an overdue item, at most once a day per item."""
    item = load_item(item_id)
    scope = scope_of(current_user)
    require(policy.can_remind(current_user, item, scope))
    back = back_to(url_for("onboarding.item", item_id=item.id))
    if item_view(item).state is not rules.ItemState.OVERDUE:
        return web.refuse(_("Bare punkter som har passert fristen, kan purres."), back)
    if not SignOffForm().validate_on_submit():
        return web.refuse(_("Skjemaet er utløpt. Prøv igjen."), back)
    person = policy.responsible_person(item)
    assert person is not None  # can_remind said so
    try:
        operations.remind_responsible(
            get_session(), actor_id=current_user.id, item=item, responsible=person, today=today()
        )
    except operations.AlreadyReminded:
        return web.refuse(
            _(
                "%(name)s har allerede fått en påminnelse om «%(title)s» i dag. Ingen ny "
                "påminnelse er sendt.",
                name=person.name,
                title=item.title,
            ),
            back,
        )
    flash(_("Påminnelse sendt til %(name)s.", name=person.name), "success")
    return redirect(back)


def refused(item: ChecklistItem):
    """403 with a message that says who signs the item off instead."""
    if item.kind == "signoff":
        message = _(
            "Bare den ansvarlige (%(role)s) kan kvittere ut dette punktet.",
            role=ROLE_LABELS.get(item.responsible_role or "", ""),
        )
    elif item.kind == "acknowledgement":
        message = _("Bare den nyansatte selv kan bekrefte dette punktet.")
    else:
        message = _("Kurspunkter krysses av når kompetansen er registrert.")
    return render_template("errors/error.html", code=403, message=message), 403


@bp.route("/items/<int:item_id>/undo", methods=["GET", "POST"])
@employee_required
def undo(item_id: int):
    item = load_item(item_id)
    require(policy.can_undo(current_user, item, scope_of(current_user)))
    return _with_reason(
        item,
        "undo",
        operations.undo_item,
        _("Kvitteringen av «%(title)s» er angret.", title=item.title),
    )


@bp.route("/items/<int:item_id>/drop", methods=["GET", "POST"])
@lead_required
def drop(item_id: int):
    item = load_item(item_id)
    require(policy.can_manage_checklist(current_user, item.checklist, scope_of(current_user)))
    return _with_reason(
        item, "drop", operations.drop_item, _("«%(title)s» er tatt ut av planen.", title=item.title)
    )


def _with_reason(item: ChecklistItem, action: str, operation, done_message: str):
    """A form asking why, then ``operation`` (undo or drop) on the item."""
    form = ReasonForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            operation(db, actor_id=current_user.id, item=item, reason=form.reason.data)
        except operations.OnboardingError:
            flash(_("Det er ingenting å angre eller ta ut her."), "warning")
            return redirect(url_for("onboarding.item", item_id=item.id))
        flash(done_message, "success")
        return redirect(url_for("onboarding.checklist", checklist_id=item.checklist_id))
    return render_template(
        "onboarding/reason.html", form=form, item=item, action=action
    ), web.form_status(form)


@bp.get("/checklists/<int:checklist_id>/print")
@employee_required
def print_checklist(checklist_id: int):
    checklist = load_checklist(checklist_id)
    return render_template(
        "onboarding/print.html", view=queries.view(get_session(), checklist, today())
    )


@bp.get("/checklists/<int:checklist_id>.pdf")
@employee_required
def checklist_pdf(checklist_id: int):
    checklist = load_checklist(checklist_id)
    data = pdf.render(queries.view(get_session(), checklist, today()), today())
    return web.download(data, f"opplaeringsplan-{checklist.id}.pdf", "application/pdf")
