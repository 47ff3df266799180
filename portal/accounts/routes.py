"""Login, logout and password change."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash

from portal import web
from portal.accounts import operations, throttle
from portal.accounts.forms import LoginForm, PasswordChangeForm, PasswordResetForm
from portal.accounts.sessions import begin_session
from portal.accounts.sso import routes as sso_routes
from portal.accounts.sso.policy import password_login_for_all
from portal.authz import employee_required, lead_required, public, require
from portal.db import get_session, utcnow
from portal.formatting import format_datetime
from portal.forms import validated
from portal.org.models import Person
from portal.org.policy import can_set_password
from portal.org.scope import scope_of

bp = Blueprint("accounts", __name__, template_folder="templates")


def login_policy() -> throttle.Policy:
    config = current_app.config
    return throttle.Policy(
        free_failures=config["LOGIN_FREE_FAILURES"],
        base_wait=timedelta(seconds=config["LOGIN_BASE_WAIT_SECONDS"]),
        max_wait=timedelta(seconds=config["LOGIN_MAX_WAIT_SECONDS"]),
        address_failures=config["LOGIN_ADDRESS_FAILURES_PER_WINDOW"],
        address_window=timedelta(seconds=config["LOGIN_ADDRESS_WINDOW_SECONDS"]),
        account_failures=config["LOGIN_ACCOUNT_FAILURES_PER_WINDOW"],
        account_window=timedelta(seconds=config["LOGIN_ACCOUNT_WINDOW_SECONDS"]),
    )


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), web.form_status(form)
    db = get_session()
    try:
        person = operations.authenticate(
            db,
            email=form.email.data,
            password=form.password.data,
            address=request.remote_addr,
            now=utcnow(),
            policy=login_policy(),
        )
    except operations.LoginLocked as locked:
        web.keep_changes()  # the failure that locked the account is counted all the same
        minutes = max(1, round((locked.until - utcnow()).total_seconds() / 60))
        flash(
            _(
                "For mange mislykkede innlogginger. Vent til %(time)s (om lag %(minutes)d min) "
                "før du prøver igjen.",
                time=format_datetime(locked.until),
                minutes=minutes,
            ),
            "error",
        )
        return render_template("accounts/login.html", form=form), 429
    except operations.LoginRefused:
        flash(_("Feil e-post eller passord."), "error")
        return render_template("accounts/login.html", form=form), 200
    if not person.is_admin and not password_login_for_all(
        db, providers_configured=bool(sso_routes.providers())
    ):
        flash(
            _("Innlogging med passord er slått av. Bruk en av innloggingstjenestene over."), "error"
        )
        return render_template("accounts/login.html", form=form), 403
    begin_session(person)
    login_user(person)
    return redirect(web.local_path(request.args.get("next", "")) or url_for("home.index"))


@bp.get("/logout")
@public
def logout_page():
    # A link or an image on another site must not end a session: GET only offers the button.
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render_template("accounts/logout.html")


@bp.post("/logout")
@public
def logout():
    provider_logout = sso_routes.end_session_url()
    if current_user.is_authenticated:
        operations.log_out(get_session(), current_user)
    logout_user()
    flash(_("Du er logget ut."), "info")
    return redirect(provider_logout or url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@employee_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash or "", form.current_password.data):
            form.current_password.errors.append(_("Nåværende passord er feil."))
        else:
            db = get_session()
            person = db.merge(current_user._get_current_object())
            operations.set_password(
                db, person=person, password=form.new_password.data, actor_id=current_user.id
            )
            login_user(person)  # the new password ended every session; this one goes on
            flash(_("Passordet er endret."), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/password.html", form=form), web.form_status(form)


@bp.route("/people/<int:person_id>/password", methods=["GET", "POST"])
@lead_required
def reset_password(person_id: int):
    """A temporary password, set by an administrator or by the person's lead; it ends every
    session the person has, and the audit log names who set it."""
    person = web.get_or_404(Person, person_id)
    require(
        can_set_password(
            current_user, person, scope_of(current_user), (unit.id for unit in person.led_units)
        )
    )
    form = PasswordResetForm()
    if form.validate_on_submit():
        db = get_session()
        operations.set_password(
            db, person=person, password=validated(form.new_password.data), actor_id=current_user.id
        )
        flash(
            _(
                "Nytt passord er satt for %(name)s. Gi det videre på en trygg måte.",
                name=person.name,
            ),
            "success",
        )
        return redirect(url_for("org.person", person_id=person.id))
    return render_template(
        "accounts/reset_password.html", form=form, person=person
    ), web.form_status(form)
