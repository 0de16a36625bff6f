"""Alembic migrations run up, down and up again, and match the models."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from api import create_app
from api.config import MIGRATIONS_PATH, TestConfig
from api.db import Base
from api.models.resources import is_compared_with_models


@pytest.fixture
def db_session():
    """Migrations use their own database, outside the per-test transaction."""
    yield None


def run(app, *steps):
    config = AlembicConfig(str(MIGRATIONS_PATH / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_PATH))
    with app.app_context():
        for step, revision in steps:
            getattr(command, step)(config, revision)


def test_migrations_run_up_down_up_and_match_the_models(scratch_database_url, tmp_path):
    app = create_app(TestConfig(database_url=scratch_database_url, instance_path=tmp_path))
    engine = app.extensions["engine"]
    run(app, ("upgrade", "head"))
    assert "members" in inspect(engine).get_table_names()
    run(app, ("downgrade", "base"))
    assert inspect(engine).get_table_names() == ["alembic_version"]
    run(app, ("upgrade", "head"))
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": is_compared_with_models}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], "models and migrations differ: run `flask db migrate`"
    engine.dispose()
