"""Whether everyone may log in with a password, or only administrators."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.sso.models import Setting
from portal.audit.operations import record

PASSWORD_LOGIN = "password_login"  # "all" (the default) or "admins"


def password_login_for_all(session: Session, *, providers_configured: bool) -> bool:
    """Off only where an administrator turned it off and single sign-on is there to use:
    a portal without providers never locks its users out."""
    if not providers_configured:
        return True
    return session.scalar(select(Setting.value).where(Setting.key == PASSWORD_LOGIN)) != "admins"


def set_password_login_for_all(session: Session, *, allowed: bool, actor_id: int) -> None:
    setting = session.scalar(select(Setting).where(Setting.key == PASSWORD_LOGIN))
    if setting is None:
        setting = Setting(key=PASSWORD_LOGIN, value="all")
        session.add(setting)
    value = "all" if allowed else "admins"
    if setting.value != value or setting.id is None:
        setting.value = value
        record(
            session, actor_id=actor_id, action="settings.password_login", obj=setting, value=value
        )
    session.flush()
