from tests.web.funds.conftest import _own_context_per_request  # noqa: F401
