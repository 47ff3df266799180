"""The HR sync from the *Personer* page: administrators send the file, see the plan (a dry
run), and send it again to apply exactly that plan."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import admin_required
from portal.clock import today
from portal.db import get_session
from portal.forms import add_error
from portal.org import importer, sync
from portal.org.forms import SyncForm
from portal.org.routes import bp

#: Lines of each kind shown in the plan; the counts say how many there are in all.
PREVIEW_ROWS = 200


def _plan(form: SyncForm) -> sync.Plan | None:
    """The plan of the uploaded file, or None with the problem on the file field."""
    upload = form.file.data.stream
    refused = importer.refusal(web.upload_size(upload), web.upload_start(upload))
    if refused:
        add_error(form.file, refused)
        return None
    with web.upload_lines(upload) as lines:
        try:
            return sync.plan(get_session(), lines, today=today())
        except UnicodeDecodeError:
            add_error(form.file, _("Filen må være tekst i UTF-8."))
            return None


def _page(form: SyncForm, plan: sync.Plan | None, status: int = 200):
    limit = float(current_app.config["SYNC_MAX_LEAVE_PERCENT"])
    if plan is not None and not plan.errors:
        form.digest.data = plan.digest()
    return render_template(
        "org/sync.html",
        form=form,
        plan=plan,
        limit=limit,
        too_many=bool(plan and plan.leaves_too_many(limit)),
        preview_rows=PREVIEW_ROWS,
    ), (422 if form.errors or (plan and plan.errors) else status)


@bp.route("/sync", methods=["GET", "POST"])
@admin_required
def sync_people():
    """Send the file: the plan, and nothing changed."""
    form, plan = SyncForm(), None
    if form.validate_on_submit():
        plan = _plan(form)
        web.discard_changes()
    return _page(form, plan)


@bp.post("/sync/apply")
@admin_required
def sync_apply():
    """Send the file again with the plan's fingerprint: applied when the plan is the same."""
    form = SyncForm()
    if not form.validate_on_submit():
        return _page(form, None)
    plan = _plan(form)
    if plan is None or plan.errors:
        return _page(form, plan)
    limit = float(current_app.config["SYNC_MAX_LEAVE_PERCENT"])
    if plan.digest() != form.digest.data:
        flash(
            _(
                "Filen eller personene i portalen er endret siden planen ble vist. "
                "Ingenting er endret; se over den nye planen."
            ),
            "warning",
        )
        web.discard_changes()
        return _page(form, plan, 409)
    if plan.leaves_too_many(limit) and not form.allow_mass_leave.data:
        add_error(
            form.allow_mass_leave,
            _(
                "Filen deaktiverer %(share)d %% av de aktive, mer enn grensen på %(limit)s %%. "
                "Kryss av her om det er riktig.",
                share=plan.leave_percent,
                limit=f"{limit:g}",
            ),
        )
        return _page(form, plan)
    sync.apply(get_session(), actor_id=current_user.id, plan=plan, today=today())
    flash(
        _(
            "Synkroniseringen er utført: %(new)d nye, %(changed)d endret, "
            "%(deactivated)d deaktivert.",
            new=len(plan.new),
            changed=len(plan.changed),
            deactivated=len(plan.deactivated),
        ),
        "success",
    )
    return redirect(url_for("org.people"))
