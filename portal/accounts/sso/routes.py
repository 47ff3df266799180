"""Single sign-on: the login through a provider and its callback, and the administrator's
pages for a person's links and for the password policy."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from portal import web
from portal.accounts.sessions import begin_session
from portal.accounts.sso import client, linking, policy, reauth
from portal.accounts.sso.forms import ConfirmForm, PasswordPolicyForm, PidForm
from portal.accounts.sso.models import SsoLink
from portal.accounts.sso.providers import Provider
from portal.authz import admin_required, public
from portal.clock import today
from portal.db import get_session, utcnow
from portal.forms import add_error
from portal.org.models import Person
from portal.web import select_locale

bp = Blueprint("sso", __name__, template_folder="templates")
logger = logging.getLogger(__name__)

# What the user is told, and with which status, for each reason a login is refused.
REFUSALS = {
    "unknown": (
        403,
        _l("Du finnes ikke i portalen ennå – kontakt lederen din"),
        _l(
            "Innloggingen virket, men ingen i portalen har denne e-postadressen eller "
            "dette fødselsnummeret. Lederen din eller administratoren kan legge deg inn."
        ),
    ),
    "inactive": (
        403,
        _l("Kontoen din er ikke aktiv"),
        _l("Du er registrert som sluttet. Kontakt lederen din hvis det er feil."),
    ),
    "acr": (
        403,
        _l("For lavt sikkerhetsnivå"),
        _l(
            "Denne tjenesten krever innlogging på et høyere sikkerhetsnivå. Logg inn igjen "
            "med for eksempel BankID."
        ),
    ),
    "state": (
        400,
        _l("Innloggingen kunne ikke fullføres"),
        _l(
            "Svaret fra innloggingstjenesten hørte ikke til en innlogging som er i gang "
            "her, eller den tok for lang tid. Start innloggingen på nytt."
        ),
    ),
    "replay": (
        400,
        _l("Innloggingen er allerede brukt"),
        _l("Dette svaret fra innloggingstjenesten er brukt før. Start innloggingen på nytt."),
    ),
    "token": (
        400,
        _l("Innloggingen kunne ikke godtas"),
        _l(
            "Svaret fra innloggingstjenesten var ugyldig eller utløpt. Start innloggingen "
            "på nytt; hjelper ikke det, kontakt administratoren."
        ),
    ),
    "provider": (
        400,
        _l("Innloggingen ble avbrutt"),
        _l("Innloggingstjenesten fullførte ikke innloggingen. Prøv igjen."),
    ),
    "unavailable": (
        502,
        _l("Innloggingstjenesten svarer ikke"),
        _l("Portalen får ikke kontakt med innloggingstjenesten akkurat nå. Prøv igjen om litt."),
    ),
    "other_person": (
        403,
        _l("Innloggingen var en annen person"),
        _l(
            "Du logget inn hos innloggingstjenesten som en annen enn den som er logget inn i "
            "portalen. Ingenting er bekreftet, og du er fortsatt logget inn som før."
        ),
    ),
    "not_fresh": (
        403,
        _l("Innloggingen var ikke ny"),
        _l(
            "Innloggingstjenesten sier at du ikke logget inn på nytt nå. Ingenting er "
            "bekreftet. Prøv igjen, og logg inn hos innloggingstjenesten når du blir spurt."
        ),
    ),
    "misconfigured": (
        502,
        _l("Innloggingstjenesten er feil satt opp"),
        _l(
            "Innloggingstjenesten svarer ikke slik portalen er satt opp til å "
            "vente. Kontakt administratoren."
        ),
    ),
}


def providers() -> dict[str, Provider]:
    return current_app.extensions["portal.sso"]["providers"]


def _provider_and_remote(name: str):
    provider = providers().get(name) or abort(404)
    return provider, current_app.extensions["portal.sso"]["oauth"].create_client(name)


def external_url(endpoint: str, **values) -> str:
    """An absolute address of this portal, from ``PORTAL_BASE_URL``: never from the request's
    Host header, which a client chooses (production refuses to start without the setting)."""
    base = current_app.config.get("BASE_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def refused(reason: str, name: str, back: str | None = None):
    """The page for a refused login; ``back``, for one asked for while logged in, is where
    its link goes instead of the login page."""
    status, title, message = REFUSALS[reason]
    logger.warning("single sign-on through %s refused: %s", name, reason)
    return render_template("sso/refused.html", title=title, message=message, back=back), status


@bp.get("/login/sso/<name>")
@public
def start(name: str):
    """The way to the provider's login. Logged in, only with ``reauth=1``: a new login that
    confirms it is still the same person (:mod:`portal.accounts.sso.reauth`)."""
    provider, remote = _provider_and_remote(name)
    params = {"ui_locales": select_locale()}
    if current_user.is_authenticated:
        if request.args.get("reauth") != "1":
            return redirect(url_for("home.index"))
        session["sso_reauth"] = current_user.id
        params.update(client.NEW_LOGIN)
    else:
        session.pop("sso_reauth", None)
    session["sso_next"] = web.local_path(request.args.get("next", "")) or ""
    try:
        return client.authorization_redirect(
            remote, provider, external_url("sso.callback", name=name), **params
        )
    except client.SignInFailed as failure:
        return refused(failure.reason, name, back=_back_for_reauth())


def _back_for_reauth() -> str | None:
    if "sso_reauth" not in session:
        return None
    return session.get("sso_next") or url_for("home.index")


@bp.get("/login/sso/<name>/callback")
@public
def callback(name: str):
    provider, remote = _provider_and_remote(name)
    if "sso_reauth" in session:
        return _reauthenticated(name, provider, remote, session.pop("sso_reauth"))
    db = get_session()
    try:
        identity = client.complete(
            remote, provider, db, now=utcnow(), skew=current_app.config["SSO_CLOCK_SKEW_SECONDS"]
        )
        person = linking.sign_in(
            db,
            identity=identity,
            secret=current_app.config["SECRET_KEY"],
            now=utcnow(),
            today=today(),
        )
    except client.SignInFailed as failure:
        logger.info("single sign-on detail: %s", failure)
        return refused(failure.reason, name)
    except linking.UnknownPerson:
        return refused("unknown", name)
    except linking.InactivePerson:
        return refused("inactive", name)
    target = session.get("sso_next") or url_for("home.index")
    begin_session(person)
    session["sso"] = {"provider": name, "id_token": identity.id_token}
    login_user(person)
    return redirect(target)


def _reauthenticated(name: str, provider: Provider, remote, person_id: int):
    """The callback of a new login asked for while logged in: the same person, just now, or
    a refusal that changes neither the session nor anything of the person's."""
    asked_from = session.pop("sso_next", None)
    back = asked_from or url_for("home.index")
    if not current_user.is_authenticated or current_user.id != person_id:
        return refused("state", name)
    db = get_session()
    skew = current_app.config["SSO_CLOCK_SKEW_SECONDS"]
    now = utcnow()
    try:
        identity = client.complete(remote, provider, db, now=now, skew=skew)
        if not reauth.is_recent(identity.auth_time, now, skew=skew):
            raise client.SignInFailed("not_fresh", f"auth_time {identity.auth_time}")
        linking.reauthenticate(
            db,
            identity=identity,
            person_id=person_id,
            secret=current_app.config["SECRET_KEY"],
            now=now,
        )
    except client.SignInFailed as failure:
        logger.info("single sign-on detail: %s", failure)
        return refused(failure.reason, name, back=back)
    except linking.OtherPerson:
        web.keep_changes()  # the used nonce and the audit of the refusal
        return refused("other_person", name, back=back)
    reauth.mark_fresh(person_id=person_id, provider=name, now=now)
    if not asked_from:  # the page it was asked from says so itself
        flash(
            _("Du har logget inn på nytt hos %(provider)s.", provider=provider.label),
            "success",
        )
    return redirect(back)


def end_session_url() -> str | None:
    """Where logout goes to end the provider's session too, if the user came through one
    that offers it; forgets the ID token either way. Call before the session is cleared."""
    state = session.pop("sso", None)
    if not state or state.get("provider") not in providers():
        return None
    _, remote = _provider_and_remote(state["provider"])
    return client.logout_url(remote, state["id_token"], external_url("accounts.login"))


@bp.route("/people/<int:person_id>/sign-in", methods=["GET", "POST"])
@admin_required
def person(person_id: int):
    db = get_session()
    person = web.get_or_404(Person, person_id)
    form = PidForm()
    if form.validate_on_submit():
        try:
            linking.set_pid(
                db,
                person=person,
                pid=form.pid.data,
                actor_id=current_user.id,
                secret=current_app.config["SECRET_KEY"],
            )
        except linking.PidTaken:
            add_error(form.pid, _("En annen person har allerede dette fødselsnummeret."))
        else:
            flash(_("Fødselsnummeret er lagret."), "success")
            return redirect(url_for("sso.person", person_id=person.id))
    return render_template(
        "sso/person.html",
        person=person,
        form=form,
        confirm=ConfirmForm(),
        links=linking.links_of(db, person.id),
        providers=providers(),
    ), web.form_status(form)


@bp.post("/people/<int:person_id>/sign-in/pid/remove")
@admin_required
def remove_pid(person_id: int):
    db = get_session()
    person = web.get_or_404(Person, person_id)
    if ConfirmForm().validate_on_submit():
        linking.set_pid(
            db,
            person=person,
            pid=None,
            actor_id=current_user.id,
            secret=current_app.config["SECRET_KEY"],
        )
        flash(_("Fødselsnummeret er fjernet."), "success")
    return redirect(url_for("sso.person", person_id=person.id))


@bp.post("/people/<int:person_id>/sign-in/links/<int:link_id>/remove")
@admin_required
def remove_link(person_id: int, link_id: int):
    db = get_session()
    link = db.get(SsoLink, link_id)
    if link is None or link.person_id != person_id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        linking.remove_link(db, link=link, actor_id=current_user.id)
        flash(_("Koblingen er fjernet."), "success")
    return redirect(url_for("sso.person", person_id=person_id))


@bp.route("/admin/sign-in", methods=["GET", "POST"])
@admin_required
def settings():
    db = get_session()
    configured = bool(providers())
    form = PasswordPolicyForm()
    if request.method == "GET":
        form.password_login.data = (
            "all"
            if policy.password_login_for_all(db, providers_configured=configured)
            else "admins"
        )
    if form.validate_on_submit():
        if not configured and form.password_login.data == "admins":
            add_error(
                form.password_login,
                _("Sett opp minst én innloggingstjeneste før du slår av passordinnlogging."),
            )
        else:
            policy.set_password_login_for_all(
                db, allowed=form.password_login.data == "all", actor_id=current_user.id
            )
            flash(_("Innstillingen er lagret."), "success")
            return redirect(url_for("sso.settings"))
    return render_template("sso/settings.html", form=form, providers=providers()), web.form_status(
        form
    )
