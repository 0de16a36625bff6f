"""store resource search vectors

Revision ID: 5b1e7c2d9a40
Revises: 0e6a874975ce
Create Date: 2026-11-29 11:05:00.000000

PostgreSQL only (SQLite searches with LIKE): the search document becomes a stored generated
column with its own GIN index, so ranking reads it instead of re-parsing every match. Adding a
stored column rewrites the table under an exclusive lock: about 4 s for 100,000 entries here.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b1e7c2d9a40'
down_revision = '0e6a874975ce'
branch_labels = None
depends_on = None

DOCUMENT = "to_tsvector('english'::regconfig, (name::text || ' '::text) || description::text)"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE resources ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED")
    op.execute("CREATE INDEX ix_resources_search_vector ON resources USING gin (search_vector)")
    op.execute("DROP INDEX ix_resources_search")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX ix_resources_search ON resources USING gin (({DOCUMENT}))")
    op.execute("DROP INDEX ix_resources_search_vector")
    op.execute("ALTER TABLE resources DROP COLUMN search_vector")
