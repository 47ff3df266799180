"""Absolute links, from the configured ``PORTAL_BASE_URL`` only.

A request's ``Host`` header is whatever the sender typed; a link built from it in a mail or a
PDF would send the reader to any site (``Host: evil.example``). Pages link with relative paths;
what leaves the portal (mail, certificates) is made absolute here.
"""

from __future__ import annotations

from flask import current_app, url_for


def absolute(path: str) -> str:
    """``/funds/`` → ``https://portal.example/funds/``; a link that is absolute stays as it is."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    return current_app.config["BASE_URL"] + path


def external_url_for(endpoint: str, **values) -> str:
    """``url_for`` made absolute from the configured base, whatever the request's Host."""
    return absolute(url_for(endpoint, **values))
