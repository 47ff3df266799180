"""The texts of notifications, kept as keys and shown in the reader's language.

A feature names each text it may store with :func:`N_`: the text (bokmål) is the key, kept
untranslated in the row; ``make messages`` extracts it like any other text, and the
translations test finds every ``N_`` so that each has English.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Message:
    """A text to write later, in the language of whoever reads it: a message key marked with
    :func:`N_` and what its ``%(name)s`` stand for. A parameter may be a message too, or a
    tuple of messages (a list, one ``- item`` a line); both are written in the same language.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        """The text in the current language."""
        values = {name: _written(value) for name, value in self.params.items()}
        return render(self.key, values, fallback=self.key)


def _written(value: Any) -> Any:
    if isinstance(value, Message):
        return str(value)
    if isinstance(value, tuple):
        return "\n".join(f"- {_written(item)}" for item in value)
    return value
