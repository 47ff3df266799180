"""Single sign-on with OpenID Connect (ID-porten, HelseID, Entra ID, …) beside the passwords."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal.config import ConfigError


def init_app(app: Flask) -> None:
    """Read the providers (refusing to start on a wrong setting) and switch the feature on."""
    from portal import web
    from portal.accounts.sso import client, log_names, policy, providers
    from portal.accounts.sso.routes import bp
    from portal.db import get_session

    try:
        configured = providers.parse(app.config)
    except providers.ProviderConfigError as error:
        raise ConfigError(str(error)) from error
    if (
        configured
        and app.config.get("PORTAL_ENV") == "production"
        and not app.config.get("BASE_URL")
    ):
        raise ConfigError(
            "PORTAL_BASE_URL must be set when single sign-on is configured in "
            "production: redirect addresses are never taken from the request"
        )
    app.config.setdefault("SSO_CLOCK_SKEW_SECONDS", 60)
    app.extensions["portal.sso"] = {
        "providers": {p.name: p for p in configured},
        "oauth": client.make_oauth(app, configured),
    }
    app.register_blueprint(bp)
    log_names.register_names(app)
    web.add_nav(app, "sso.settings", _l("Innlogging"), level="admin", order=95)

    def sign_in_options() -> dict:
        # Read by the login page, so that its view needs to know nothing of single sign-on.
        return {
            "providers": list(app.extensions["portal.sso"]["providers"].values()),
            "password_for_all": policy.password_login_for_all(
                get_session(), providers_configured=bool(configured)
            ),
        }

    app.jinja_env.globals["sign_in_options"] = sign_in_options
