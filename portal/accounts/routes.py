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
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash

from portal.accounts import operations, throttle
from portal.accounts.forms import LoginForm, PasswordChangeForm
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
        account_failures=config["LOGIN_ACCOUNT_FAILURES_PER_WINDOW"],
        account_window=timedelta(seconds=config["LOGIN_ACCOUNT_WINDOW_SECONDS"]),
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
    db.commit()
    language = session.get("language")
    session.clear()  # a fresh session at login, so a planted one is worth nothing
    if language:
        session["language"] = language
    login_user(person)
    return redirect(local_path(request.args.get("next", "")) or url_for("home.index"))


@bp.get("/logout")
def logout_page():
    # A link or an image on another site must not end a session: GET only offers the button.
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    return render_template("accounts/logout.html")


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        db = get_session()
        operations.log_out(db, current_user)
        db.commit()
    logout_user()
    flash(_("Du er logget ut."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
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
            db.commit()
            login_user(person)  # the new password ended every session; this one goes on
            flash(_("Passordet er endret."), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/password.html", form=form), 422 if form.errors else 200
