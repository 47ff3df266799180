"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command

from portal.cli import migrations_config


# SQLite cannot reflect an index on an expression (people by lower-cased name), so there that
# index goes unchecked; PostgreSQL compares it.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_models_and_migrations_agree(app):
    # The database under test was built by `upgrade heads`; check compares it to the models.
    with app.app_context():
        command.check(migrations_config())


def test_migrations_have_a_single_head(app):
    from alembic.script import ScriptDirectory

    with app.app_context():
        assert len(ScriptDirectory.from_config(migrations_config()).get_heads()) == 1


def test_db_upgrade_command_on_an_empty_database(app_config, tmp_path):
    from portal import create_app

    app = create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path}/new/portal.db"})
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    app.extensions["portal.engine"].dispose()
