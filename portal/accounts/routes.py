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
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash

from portal.accounts import operations, throttle
from portal.accounts.forms import LoginForm, PasswordChangeForm
from portal.accounts.sessions import begin_session
from portal.accounts.sso import routes as sso_routes
from portal.accounts.sso.policy import password_login_for_all
from portal.db import get_session, utcnow
from portal.home.routes import local_path
from portal.web import format_datetime

bp = Blueprint("accounts", __name__, template_folder="templates")


def login_policy() -> throttle.Policy:
    config = current_app.config
    return throttle.Policy(
        free_failures=config["LOGIN_FREE_FAILURES"],
        base_wait=timedelta(seconds=config["LOGIN_BASE_WAIT_SECONDS"]),
        max_wait=timedelta(seconds=config["LOGIN_MAX_WAIT_SECONDS"]),
        address_failures=config["LOGIN_ADDRESS_FAILURES_PER_WINDOW"],
        address_window=timedelta(seconds=config["LOGIN_ADDRESS_WINDOW_SECONDS"]),
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), 422 if form.errors else 200
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
        db.commit()
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
        db.commit()
        flash(_("Feil e-post eller passord."), "error")
        return render_template("accounts/login.html", form=form), 200
    if not person.is_admin and not password_login_for_all(
        db, providers_configured=bool(sso_routes.providers())
    ):
        db.commit()
        flash(
            _("Innlogging med passord er slått av. Bruk en av innloggingstjenestene over."), "error"
        )
        return render_template("accounts/login.html", form=form), 403
    db.commit()
    begin_session()
    login_user(person)
    return redirect(local_path(request.args.get("next", "")) or url_for("home.index"))


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    # GET is accepted too, so a bookmarked or typed /logout works; it can only end a session.
    provider_logout = sso_routes.end_session_url()
    logout_user()
    flash(_("Du er logget ut."), "info")
    return redirect(provider_logout or url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash or "", form.current_password.data):
            form.current_password.errors.append(_("Nåværende passord er feil."))
        else:
            db = get_session()
            operations.set_password(
                db,
                person=db.merge(current_user._get_current_object()),
                password=form.new_password.data,
                actor_id=current_user.id,
            )
            db.commit()
            flash(_("Passordet er endret."), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200
