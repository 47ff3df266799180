"""Every model module, imported so that ``Base.metadata`` knows all tables (Alembic, backup)."""

from portal.accounts import models as accounts_models  # noqa: F401
from portal.accounts.sso import models as sso_models  # noqa: F401
from portal.audit import models as audit_models  # noqa: F401
from portal.catalog import models as catalog_models  # noqa: F401
from portal.certificates import models as certificates_models  # noqa: F401
from portal.competence import models as competence_models  # noqa: F401
from portal.documents import models as documents_models  # noqa: F401
from portal.funds import models as funds_models  # noqa: F401
from portal.needs import models as needs_models  # noqa: F401
from portal.notify import models as notify_models  # noqa: F401
from portal.onboarding import models as onboarding_models  # noqa: F401
from portal.once import OnceKey  # noqa: F401
from portal.org import models as org_models  # noqa: F401
from portal.quiz import models as quiz_models  # noqa: F401
from portal.sessions import models as sessions_models  # noqa: F401
