"""Documents to read and confirm: the list, one document, its versions, who has confirmed it,
and the administrator's new-version deadline and retirement."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.accounts import operations as accounts
from portal.accounts.routes import login_policy
from portal.accounts.sso import reauth
from portal.authz import admin_required, employee_required, lead_required
from portal.clock import expiring_window, today
from portal.db import get_session, utcnow
from portal.documents import operations, queries, rules
from portal.documents.forms import ConfirmForm, RequireVersionForm, RetireForm
from portal.documents.models import Document
from portal.formatting import format_date, format_datetime, format_time
from portal.forms import add_error, validated
from portal.org.scope import scope_of

bp = Blueprint("documents", __name__, template_folder="templates", url_prefix="/documents")


@bp.get("/")
@employee_required
def index():
    db = get_session()
    return render_template(
        "documents/index.html",
        rows=queries.my_rows(db, current_user, today()),
        confirmations=queries.confirmations_of(db, current_user.id),
    )


def _show(
    document: Document,
    form: ConfirmForm,
    status: int = 200,
    require_form: RequireVersionForm | None = None,
):
    db = get_session()
    held = queries.held_version(db, current_user.id, document)
    current = document.current
    strong = document.is_strong and not document.is_retired
    return render_template(
        "documents/show.html",
        document=document,
        version=current,
        held=held,
        state=rules.state(held, queries.required(document), today()),
        may_confirm=rules.may_confirm(held, current.version, today(), expiring_window()),
        form=form,
        has_password=bool(current_user.password_hash),
        fresh_login=_fresh_login() if strong else None,
        reauth_providers=reauth.offered(db, current_user) if strong else [],
        fresh_minutes=int(reauth.FRESH_FOR.total_seconds() // 60),
        require_form=require_form or RequireVersionForm(formdata=None),
        retire_form=RetireForm(formdata=None),
    ), status


def _fresh_login() -> dict[str, str] | None:
    """The new login at a provider the person has in this session, to show."""
    login = reauth.peek_fresh(current_user.id, utcnow())
    if login is None:
        return None
    return {"label": reauth.label_of(login.provider), "time": format_time(login.at)}


@bp.get("/<slug>")
@employee_required
def show(slug: str):
    return _show(queries.document_or_404(get_session(), slug), ConfirmForm())


@bp.post("/<slug>/confirm")
@employee_required
def confirm(slug: str):
    db = get_session()
    document = queries.document_or_404(db, slug)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _show(document, form, 422)
    signed_with = _strong_proof(form) if document.is_strong else None
    if document.is_strong and signed_with is None:
        return _show(document, form, 422)
    try:
        operations.confirm(
            db,
            person_id=current_user.id,
            document=document,
            today=today(),
            window=expiring_window(),
            signed_with=signed_with,
        )
    except operations.AlreadyConfirmed:
        return web.refuse(
            _("Du har allerede bekreftet denne versjonen."), url_for("documents.show", slug=slug)
        )
    except operations.Retired:
        return web.refuse(
            _("Dokumentet er trukket tilbake og kan ikke bekreftes."),
            url_for("documents.show", slug=slug),
        )
    flash(
        _(
            "Du har bekreftet at du har lest og forstått «%(title)s», versjon %(version)d.",
            title=document.title,
            version=document.version,
        ),
        "success",
    )
    return redirect(url_for("documents.index"))


def _strong_proof(form: ConfirmForm) -> str | None:
    """How the person signs a strong confirmation: ``"sso"``, a new login at a provider in
    the last minutes (used up here), or ``"password"``, their own; None, with the reason
    added to the form, if neither holds."""
    freshness, _login = reauth.take_fresh(current_user.id, utcnow())
    if freshness is reauth.Freshness.FRESH:
        return "sso"
    if freshness is reauth.Freshness.STALE and not form.password.data:
        add_error(
            form.password,
            _(
                "Den nye innloggingen er mer enn %(minutes)d minutter gammel. Logg inn på nytt "
                "for å bekrefte. Ingenting er bekreftet.",
                minutes=int(reauth.FRESH_FOR.total_seconds() // 60),
            ),
        )
        return None
    if current_user.password_hash:
        return "password" if _password_given(form) else None
    if reauth.offered(get_session(), current_user):
        add_error(
            form.password,
            _(
                "Dette dokumentet bekreftes med en ny innlogging hos innloggingstjenesten. "
                "Logg inn på nytt med knappen under, og bekreft etterpå. Ingenting er bekreftet."
            ),
        )
        return None
    add_error(
        form.password,
        _(
            "Dette dokumentet krever at du bekrefter med passordet ditt, og du har ikke noe "
            "passord i portalen. Be administratoren om å sette et passord for deg."
        ),
    )
    return None


def _password_given(form: ConfirmForm) -> bool:
    """A strong confirmation: the person's own password, counted like a login attempt."""
    try:
        accounts.authenticate(
            get_session(),
            email=current_user.email,
            password=form.password.data or "",
            address=request.remote_addr,
            now=utcnow(),
            policy=login_policy(),
        )
    except accounts.LoginLocked as locked:
        web.keep_changes()
        add_error(
            form.password,
            _("For mange feil passord. Vent til %(time)s.", time=format_datetime(locked.until)),
        )
        return False
    except accounts.LoginRefused:
        web.keep_changes()  # a wrong password is counted, as at the login
        add_error(form.password, _("Feil passord. Ingenting er bekreftet."))
        return False
    return True


@bp.get("/<slug>/v<int:number>")
@employee_required
def version(slug: str, number: int):
    document = queries.document_or_404(get_session(), slug)
    return render_template(
        "documents/version.html",
        document=document,
        version=queries.version_or_404(document, number),
    )


@bp.get("/<slug>/v<int:number>.md")
@employee_required
def download(slug: str, number: int):
    document = queries.document_or_404(get_session(), slug)
    found = queries.version_or_404(document, number)
    body = (
        f"# {found.title}\n\n"
        + _(
            "Versjon %(version)d, lastet inn %(date)s",
            version=number,
            date=format_date(found.created_dt),
        )
        + f"\n\n{found.text}\n"
    )
    return web.download(body, f"{slug}-v{number}.md", "text/markdown; charset=utf-8")


@bp.get("/<slug>/people")
@lead_required
def people(slug: str):
    document = queries.document_or_404(get_session(), slug)
    rows = queries.people_rows(get_session(), document, scope_of(current_user), today())
    return render_template(
        "documents/people.html",
        document=document,
        rows=rows,
        required=queries.required(document),
    )


@bp.post("/<slug>/require")
@admin_required
def require_version(slug: str):
    db = get_session()
    document = queries.document_or_404(db, slug)
    form = RequireVersionForm()
    if not form.validate_on_submit():
        return _admin_form_error(document, form)
    by = validated(form.by.data)
    if by < today():
        add_error(form.by, _("Fristen kan ikke være før i dag."))
        return _admin_form_error(document, form)
    if document.is_retired or not document.current.is_material:
        return web.refuse(
            _("Bare en vesentlig endret versjon av et gjeldende dokument kan kreves på nytt."),
            url_for("documents.show", slug=slug),
        )
    corrections = operations.require_version(db, actor_id=current_user.id, document=document, by=by)
    flash(
        _(
            "Alle må bekrefte versjon %(version)d innen %(date)s. %(count)d bekreftelser av "
            "eldre versjoner gjelder til da.",
            version=document.version,
            date=format_date(by),
            count=len(corrections),
        ),
        "success",
    )
    return redirect(url_for("documents.show", slug=slug))


def _admin_form_error(document: Document, form: RequireVersionForm):
    return _show(document, ConfirmForm(formdata=None), 422, require_form=form)


@bp.post("/<slug>/retire")
@admin_required
def retire(slug: str):
    db = get_session()
    document = queries.document_or_404(db, slug)
    if not RetireForm().validate_on_submit():
        return web.refuse(_("Skjemaet var ugyldig."), url_for("documents.show", slug=slug))
    operations.retire(db, actor_id=current_user.id, document=document)
    flash(_("«%(title)s» er trukket tilbake.", title=document.title), "success")
    return redirect(url_for("documents.index"))
