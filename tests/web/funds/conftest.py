"""Every request of a test in its own app context, as in production.

pytest-flask pushes one request context for a whole test, and every ``client`` request reuses
its app context; ``g`` then carries the logged-in user (detached from its closed session) and
their cached scope from one request into the next (STYLE.md pitfall 1). Stepping out of that
context makes each request start clean.
"""

from __future__ import annotations

import pytest
from flask.globals import _cv_request


@pytest.fixture(autouse=True)
def _own_context_per_request(_push_request_context, app):
    ctx = _cv_request.get(None)
    if ctx is not None:
        ctx.pop()
    yield
    if ctx is not None:
        ctx.push()
