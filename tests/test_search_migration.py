"""Migration c14f75e2d0b9 builds the search index from the rows already there (both engines)."""

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import column, literal_column, select, table, text

from api import create_app
from api.config import MIGRATIONS_PATH, TestConfig
from api.services import search

NOW = "2026-12-01 10:00:00+00:00"


@pytest.fixture
def db_session():
    """Migrations use their own database, outside the per-test transaction."""
    yield None


def test_the_migration_indexes_rows_that_were_there_before(scratch_database_url, tmp_path):
    app = create_app(TestConfig(database_url=scratch_database_url, instance_path=tmp_path))
    config = AlembicConfig(str(MIGRATIONS_PATH / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_PATH))
    engine = app.extensions["engine"]
    with app.app_context():
        command.upgrade(config, "a14c0e7f3b21")
        with engine.begin() as connection:
            _insert_rows(connection)
        command.upgrade(config, "c14f75e2d0b9")
    with engine.connect() as connection:
        assert _matching(connection, "resources", "homeless") == ["Night shelter"]
        assert _matching(connection, "groups", "bereavement") == ["Sunday circle"]
    engine.dispose()


def _matching(connection, table_name: str, words: str) -> list[str]:
    query = search.parse(words)
    rows = table(table_name, column("name"))
    if connection.dialect.name == "postgresql":
        condition = literal_column(f"{table_name}.search_vector").op("@@")(search.postgres_tsquery(query))
    else:
        index = table(f"{table_name}_fts", column("rowid"))
        rows = rows.join(index, index.c.rowid == literal_column(f"{table_name}.rowid"))
        condition = literal_column(f"{table_name}_fts").op("MATCH")(search.fts5_match(query))
    names = select(literal_column(f"{table_name}.name")).select_from(rows).where(condition)
    return list(connection.scalars(names))


def _insert_rows(connection) -> None:
    # SQLite stores a UUID as 32 hex digits, PostgreSQL as a uuid.
    resource_id, group_id = (
        value if connection.dialect.name == "sqlite" else f"{value[:8]}-0000-0000-0000-{value[-12:]}"
        for value in ("0" * 31 + "1", "0" * 31 + "2")
    )
    connection.execute(
        text(
            "INSERT INTO resources (id, name, kind, description, is_online, region, is_24_7, cost, tags, "
            "created_at, updated_at) VALUES (:id, 'Night shelter', 'housing', 'Beds for tonight.', "
            "false, 'GB', true, 'free', '[\"accommodation\"]', :now, :now)"
        ),
        {"id": resource_id, "now": NOW},
    )
    connection.execute(
        text(
            "INSERT INTO groups (id, slug, name, description, format, language, region, time_zone, "
            "join_policy, visibility, is_free, guidelines_version, created_at, updated_at) VALUES "
            "(:id, 'sunday', 'Sunday circle', 'We meet weekly.', 'online', 'en', 'GB', 'Europe/London', "
            "'open', 'public', true, 1, :now, :now)"
        ),
        {"id": group_id, "now": NOW},
    )
    topic = text("INSERT INTO group_topics (group_id, topic) VALUES (:id, 'grief')")
    connection.execute(topic, {"id": group_id})
