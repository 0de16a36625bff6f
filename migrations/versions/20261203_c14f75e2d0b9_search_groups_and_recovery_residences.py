"""search names, topics and descriptions of resources and groups; recovery residence details

Revision ID: c14f75e2d0b9
Revises: a14c0e7f3b21
Create Date: 2026-12-03 12:00:00.000000

Directory entries gain a cost note, a certification and, for recovery residences (kind
sober_living), the NARR level, whom the residence houses and whether it accepts residents on
medication-assisted treatment.

Search documents now hold the name (weight A), the topics (B: an entry's kind and tags, a group's
topics) and the description (C: with an entry's certification).
- PostgreSQL: the resources' stored generated vector is rebuilt with those parts (the table is
  rewritten under an exclusive lock: about 4 s for 100,000 entries), and groups get a stored vector
  kept by triggers (a generated column cannot read group_topics) with a GIN index, replacing the
  expression index on name and description.
- SQLite (embedded), which searched with LIKE: FTS5 tables with the porter tokenizer, keyed by
  each row's rowid, kept by triggers and filled here. A later migration that recreates `resources`,
  `groups` or `group_topics` in batch mode drops these triggers: it must create them again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c14f75e2d0b9'
down_revision = 'a14c0e7f3b21'
branch_labels = None
depends_on = None

RESIDENCE_COLUMNS = ("residence_gender", "narr_level", "accepts_mat")
CHECKS = {
    "ck_resources_residence_gender_known": "residence_gender IN ('men', 'women', 'any', 'other')",
    "ck_resources_narr_level_known": "narr_level BETWEEN 1 AND 4",
    "ck_resources_residence_details_for_residences": (
        "kind = 'sober_living' OR (residence_gender IS NULL AND narr_level IS NULL AND accepts_mat IS NULL)"
    ),
}

# --- PostgreSQL ------------------------------------------------------------------------------
OLD_DOCUMENT = "to_tsvector('english'::regconfig, (name::text || ' '::text) || description::text)"
JSON_WORDS = (
    "CREATE OR REPLACE FUNCTION search_json_words(words json) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN json_typeof(words) = 'array' THEN "
    "(SELECT string_agg(value, ' ') FROM json_array_elements_text(words)) END $$"
)
RESOURCE_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, name::text), 'A') || "
    "setweight(to_tsvector('english'::regconfig, replace(kind::text, '_', ' ') || ' ' || "
    "coalesce(search_json_words(tags), '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, description::text || ' ' || "
    "coalesce(certification::text, '')), 'C')"
)
GROUP_SEARCH = (
    "ALTER TABLE groups ADD COLUMN search_vector tsvector",
    "CREATE OR REPLACE FUNCTION group_search_document(group_name text, group_description text, "
    "group_id uuid) RETURNS tsvector LANGUAGE sql STABLE AS $$ "
    "SELECT setweight(to_tsvector('english'::regconfig, group_name), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce((SELECT string_agg(replace(topic, '_', ' '), ' ') "
    "FROM group_topics WHERE group_topics.group_id = $3), '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, group_description), 'C') $$",
    "CREATE OR REPLACE FUNCTION groups_search_vector_refresh() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN NEW.search_vector := group_search_document(NEW.name, NEW.description, NEW.id); RETURN NEW; END $$",
    "CREATE TRIGGER groups_search_vector BEFORE INSERT OR UPDATE OF name, description ON groups "
    "FOR EACH ROW EXECUTE FUNCTION groups_search_vector_refresh()",
    "CREATE OR REPLACE FUNCTION group_topics_search_vector_refresh() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE groups SET search_vector = group_search_document(name, description, id) "
    "WHERE id IN (NEW.group_id, OLD.group_id); RETURN NULL; END $$",
    "CREATE TRIGGER group_topics_search_vector AFTER INSERT OR UPDATE OR DELETE ON group_topics "
    "FOR EACH ROW EXECUTE FUNCTION group_topics_search_vector_refresh()",
    "UPDATE groups SET search_vector = group_search_document(name, description, id)",
    "CREATE INDEX ix_groups_search_vector ON groups USING gin (search_vector)",
    "DROP INDEX ix_groups_search",
)
GROUP_SEARCH_DOWN = (
    f"CREATE INDEX ix_groups_search ON groups USING gin (({OLD_DOCUMENT}))",
    "DROP TRIGGER group_topics_search_vector ON group_topics",
    "DROP TRIGGER groups_search_vector ON groups",
    "DROP FUNCTION group_topics_search_vector_refresh()",
    "DROP FUNCTION groups_search_vector_refresh()",
    "DROP FUNCTION group_search_document(text, text, uuid)",
    "DROP INDEX ix_groups_search_vector",
    "ALTER TABLE groups DROP COLUMN search_vector",
)

# --- SQLite ----------------------------------------------------------------------------------
RESOURCE_TOPICS = (
    "replace({row}.kind, '_', ' ') || ' ' || "
    "coalesce((SELECT group_concat(value, ' ') FROM json_each({row}.tags)), '')"
)
RESOURCE_DESCRIPTION = "{row}.description || ' ' || coalesce({row}.certification, '')"
RESOURCE_INSERT = (
    "INSERT INTO resources_fts (rowid, name, topics, description) "
    f"VALUES (new.rowid, new.name, {RESOURCE_TOPICS.format(row='new')}, "
    f"{RESOURCE_DESCRIPTION.format(row='new')});"
)
GROUP_TOPICS = "(SELECT group_concat(replace(topic, '_', ' '), ' ') FROM group_topics WHERE group_id = {group_id})"
FTS5_TABLES = (
    "CREATE VIRTUAL TABLE resources_fts USING fts5(name, topics, description, tokenize = 'porter unicode61')",
    "CREATE VIRTUAL TABLE groups_fts USING fts5(name, topics, description, tokenize = 'porter unicode61')",
)
FTS5_FILL = (
    "INSERT INTO resources_fts (rowid, name, topics, description) SELECT rowid, name, "
    f"{RESOURCE_TOPICS.format(row='resources')}, {RESOURCE_DESCRIPTION.format(row='resources')} FROM resources",
    "INSERT INTO groups_fts (rowid, name, topics, description) SELECT rowid, name, "
    f"{GROUP_TOPICS.format(group_id='groups.id')}, description FROM groups",
)
FTS5_TRIGGERS = {
    "resources_fts_insert": f"AFTER INSERT ON resources BEGIN {RESOURCE_INSERT} END",
    "resources_fts_update": "AFTER UPDATE OF name, kind, tags, description, certification ON resources "
    f"BEGIN DELETE FROM resources_fts WHERE rowid = old.rowid; {RESOURCE_INSERT} END",
    "resources_fts_delete": "AFTER DELETE ON resources BEGIN DELETE FROM resources_fts WHERE rowid = old.rowid; END",
    "groups_fts_insert": "AFTER INSERT ON groups BEGIN INSERT INTO groups_fts (rowid, name, topics, description) "
    f"VALUES (new.rowid, new.name, {GROUP_TOPICS.format(group_id='new.id')}, new.description); END",
    "groups_fts_update": "AFTER UPDATE OF name, description ON groups BEGIN "
    "UPDATE groups_fts SET name = new.name, description = new.description WHERE rowid = new.rowid; END",
    "groups_fts_delete": "AFTER DELETE ON groups BEGIN DELETE FROM groups_fts WHERE rowid = old.rowid; END",
    **{
        f"group_topics_fts_{when.lower()}": f"AFTER {when} ON group_topics BEGIN "
        + " ".join(
            f"UPDATE groups_fts SET topics = {GROUP_TOPICS.format(group_id=f'{row}.group_id')} "
            f"WHERE rowid = (SELECT rowid FROM groups WHERE id = {row}.group_id);"
            for row in rows
        )
        + " END"
        for when, rows in (("INSERT", ("new",)), ("UPDATE", ("old", "new")), ("DELETE", ("old",)))
    },
}


def upgrade():
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost_note', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('certification', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('narr_level', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('residence_gender', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('accepts_mat', sa.Boolean(), nullable=True))
        for name, condition in CHECKS.items():
            batch_op.create_check_constraint(op.f(name), condition)
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def _upgrade_postgresql():
    op.execute(JSON_WORDS)
    op.execute("DROP INDEX ix_resources_search_vector")
    op.execute("ALTER TABLE resources DROP COLUMN search_vector")
    op.execute(f"ALTER TABLE resources ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({RESOURCE_DOCUMENT}) STORED")
    op.execute("CREATE INDEX ix_resources_search_vector ON resources USING gin (search_vector)")
    for statement in GROUP_SEARCH:
        op.execute(statement)


def _upgrade_sqlite():
    for statement in FTS5_TABLES + FTS5_FILL:
        op.execute(statement)
    for name, body in FTS5_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in GROUP_SEARCH_DOWN:
            op.execute(statement)
        op.execute("DROP INDEX ix_resources_search_vector")
        op.execute("ALTER TABLE resources DROP COLUMN search_vector")
        op.execute(f"ALTER TABLE resources ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({OLD_DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_resources_search_vector ON resources USING gin (search_vector)")
        op.execute("DROP FUNCTION search_json_words(json)")
    else:
        for name in FTS5_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute("DROP TABLE groups_fts")
        op.execute("DROP TABLE resources_fts")
    with op.batch_alter_table('resources', schema=None) as batch_op:
        for name in CHECKS:
            batch_op.drop_constraint(op.f(name), type_='check')
        batch_op.drop_column('accepts_mat')
        batch_op.drop_column('residence_gender')
        batch_op.drop_column('narr_level')
        batch_op.drop_column('certification')
        batch_op.drop_column('cost_note')
