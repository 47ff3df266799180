"""Refusals that the user can act on, shared by every feature's operations."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """An operation refused what was asked; ``message`` says why, in words for the user.

    Nothing of the request that met it is kept: the web layer rolls back a refused request.
    """

    message: Any = ""

    def __init__(self, message: Any = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
