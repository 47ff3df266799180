"""The texts of notifications, kept as keys and shown in the reader's language.

A feature names each text it may store with :func:`N_`: the text (bokmål) is the key, kept
untranslated in the row; ``make messages`` extracts it like any other text, and the
translations test finds every ``N_`` so that each has English.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext

logger = logging.getLogger(__name__)


def N_(text: str) -> str:  # noqa: N802 (the usual name of a gettext marker)
    """Mark ``text`` as a notification's message key; it is translated when shown."""
    return text


def render(key: str | None, params: Mapping[str, Any] | None, *, fallback: str = "") -> str:
    """``key`` in the current language with ``params`` filled in; without a key (a row from
    before keys were kept) or with parameters that do not fit, the text as it was stored."""
    if not key:
        return fallback
    try:
        return gettext(key, **dict(params or {})) if params else gettext(key)
    except (KeyError, TypeError, ValueError):
        logger.warning("notification text %r does not fit its parameters", key)
        return fallback or key
