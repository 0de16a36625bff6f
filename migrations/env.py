"""Alembic environment: the app's engine and the models' metadata."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

import api.models  # noqa: F401  (every table on Base.metadata)
from api.db import Base, UTCDateTime
from api.models.resources import is_compared_with_models

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")
target_metadata = Base.metadata


def render_item(type_, obj, autogen_context):
    """Render the UTC TypeDecorator as the plain timezone-aware DateTime it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def engine():
    return current_app.extensions["engine"]


def run_migrations_offline():
    context.configure(
        url=str(engine().url),
        target_metadata=target_metadata,
        literal_binds=True,
        render_item=render_item,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def skip_empty(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    with engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            process_revision_directives=skip_empty,
            render_item=render_item,
            include_object=is_compared_with_models,
            compare_type=True,
            # SQLite cannot ALTER most things; batch mode copies the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Two deploys upgrading at once: the second waits here, then finds nothing to do,
                # instead of failing half-way through creating the same tables.
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7403513091)")
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
