"""The portal's settings by name in the audit log."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.sso.models import Setting
from portal.accounts.sso.policy import PASSWORD_LOGIN
from portal.audit.names import Named, register


def settings(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(Setting.id, Setting.key).where(Setting.id.in_(ids)))
    words = {PASSWORD_LOGIN: _("Innlogging med passord")}
    return {id_: Named(str(words.get(key, key)), url_for("sso.settings")) for id_, key in rows}


def register_names(app: Flask) -> None:
    register(app, "Setting", settings)
