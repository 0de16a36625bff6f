"""Peer support groups: their public listing, guidelines, memberships and invitations."""

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    DDL,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, TimestampMixin, enum_values, new_id, utcnow
from api.models.members import Member


class GroupFormat(enum.StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    HYBRID = "hybrid"


class JoinPolicy(enum.StrEnum):
    OPEN = "open"
    APPROVAL = "approval"
    INVITE = "invite"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"  # listed and readable only by its members


class MembershipStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DECLINED = "declined"
    REMOVED = "removed"


class GroupRole(enum.StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"


TOPICS = (
    "addiction_recovery",
    "alcohol",
    "drugs",
    "gambling",
    "anxiety",
    "depression",
    "grief",
    "family_and_friends",
    "trauma",
    "eating_disorders",
    "lgbtq",
    "young_people",
    "veterans",
    "wellbeing",
)


class Group(TimestampMixin, Base):
    __tablename__ = "groups"
    __table_args__ = (
        CheckConstraint(f"format IN {enum_values(GroupFormat)!r}", name="format_known"),
        CheckConstraint(f"join_policy IN {enum_values(JoinPolicy)!r}", name="join_policy_known"),
        CheckConstraint(f"visibility IN {enum_values(Visibility)!r}", name="visibility_known"),
        # Listings are newest first: walking this index backwards stops after one page.
        Index("ix_groups_created", "created_at", "id"),
        Index("ix_groups_language", "language"),
        Index("ix_groups_region", "region"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(4000))
    format: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(16))
    region: Mapped[str] = mapped_column(String(8))  # ISO 3166-1 alpha-2
    area: Mapped[str | None] = mapped_column(String(120))  # public: "Camden, London"
    address: Mapped[str | None] = mapped_column(String(300))  # approved members only
    time_zone: Mapped[str] = mapped_column(String(64))
    join_policy: Mapped[str] = mapped_column(String(20), default=JoinPolicy.OPEN.value)
    visibility: Mapped[str] = mapped_column(String(20), default=Visibility.PUBLIC.value)
    is_free: Mapped[bool] = mapped_column(Boolean, default=True)
    cost_note: Mapped[str | None] = mapped_column(String(200))
    guidelines_version: Mapped[int] = mapped_column(Integer, default=1)
    archived_at: Mapped[dt.datetime | None]

    topic_rows: Mapped[list["GroupTopic"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GroupTopic.topic"
    )

    @property
    def topics(self) -> list[str]:
        return [row.topic for row in self.topic_rows]

    @topics.setter
    def topics(self, topics: list[str]) -> None:
        self.topic_rows = [GroupTopic(topic=topic) for topic in dict.fromkeys(topics)]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class GroupTopic(Base):
    __tablename__ = "group_topics"
    __table_args__ = (
        CheckConstraint(f"topic IN {TOPICS!r}", name="topic_known"),
        Index("ix_group_topics_topic", "topic", "group_id"),
    )

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(40), primary_key=True)


# The search document of a group: its name (weight A), topics (B) and description (C), outside
# the ORM (see `api.models.resources.is_compared_with_models`). Topics live in their own table, so
# PostgreSQL keeps a trigger-maintained tsvector column with a GIN index (a generated column cannot
# read another table), and SQLite an FTS5 table keyed by the group's rowid, both refreshed when a
# group's name or description or its topics change.
POSTGRES_GROUP_SEARCH_DDL = (
    "ALTER TABLE groups ADD COLUMN search_vector tsvector",
    "CREATE INDEX ix_groups_search_vector ON groups USING gin (search_vector)",
)
# PostgreSQL checks a function's body when it is created: these wait for group_topics.
POSTGRES_TOPIC_SEARCH_DDL = (
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
    "WHERE id IN (NEW.group_id, OLD.group_id); RETURN NULL; END $$",  # NEW or OLD is NULL
    "CREATE TRIGGER group_topics_search_vector AFTER INSERT OR UPDATE OR DELETE ON group_topics "
    "FOR EACH ROW EXECUTE FUNCTION group_topics_search_vector_refresh()",
)
SQLITE_GROUP_TOPICS = (
    "(SELECT group_concat(replace(topic, '_', ' '), ' ') FROM group_topics WHERE group_id = {group_id})"
)
SQLITE_GROUP_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS groups_fts "
    "USING fts5(name, topics, description, tokenize = 'porter unicode61')",
    "CREATE TRIGGER groups_fts_insert AFTER INSERT ON groups BEGIN "
    "INSERT INTO groups_fts (rowid, name, topics, description) VALUES "
    f"(new.rowid, new.name, {SQLITE_GROUP_TOPICS.format(group_id='new.id')}, new.description); END",
    "CREATE TRIGGER groups_fts_update AFTER UPDATE OF name, description ON groups BEGIN "
    "UPDATE groups_fts SET name = new.name, description = new.description WHERE rowid = new.rowid; END",
    "CREATE TRIGGER groups_fts_delete AFTER DELETE ON groups BEGIN "
    "DELETE FROM groups_fts WHERE rowid = old.rowid; END",
)
SQLITE_TOPIC_SEARCH_DDL = tuple(
    f"CREATE TRIGGER group_topics_fts_{when.lower()} AFTER {when} ON group_topics BEGIN "
    + " ".join(
        f"UPDATE groups_fts SET topics = {SQLITE_GROUP_TOPICS.format(group_id=f'{row}.group_id')} "
        f"WHERE rowid = (SELECT rowid FROM groups WHERE id = {row}.group_id);"
        for row in rows
    )
    + " END"
    for when, rows in (("INSERT", ("new",)), ("UPDATE", ("old", "new")), ("DELETE", ("old",)))
)
for table, postgres, sqlite in (
    (Group.__table__, POSTGRES_GROUP_SEARCH_DDL, SQLITE_GROUP_SEARCH_DDL),
    (GroupTopic.__table__, POSTGRES_TOPIC_SEARCH_DDL, SQLITE_TOPIC_SEARCH_DDL),
):
    for statement in postgres:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    for statement in sqlite:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
event.listen(
    Group.__table__, "before_drop", DDL("DROP TABLE IF EXISTS groups_fts").execute_if(dialect="sqlite")
)


class GroupGuidelines(Base):
    __tablename__ = "group_guidelines"
    __table_args__ = (
        UniqueConstraint("group_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    version: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Membership(TimestampMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("group_id", "member_id"),
        CheckConstraint(f"status IN {enum_values(MembershipStatus)!r}", name="status_known"),
        CheckConstraint(f"role IN {enum_values(GroupRole)!r}", name="role_known"),
        Index("ix_memberships_member", "member_id", "status"),
        Index("ix_memberships_group_status", "group_id", "status", "created_at"),
        # Each listed group shows its facilitators: a few rows among a group's many memberships.
        Index(
            "ix_memberships_group_facilitators",
            "group_id",
            "created_at",
            postgresql_where=text("role = 'facilitator' AND status = 'active'"),
            sqlite_where=text("role = 'facilitator' AND status = 'active'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), default=GroupRole.MEMBER.value)
    is_muted: Mapped[bool] = mapped_column(Boolean, default=False)
    muted_until: Mapped[dt.datetime | None]
    accepted_guidelines_version: Mapped[int]
    decided_at: Mapped[dt.datetime | None]

    member: Mapped[Member] = relationship(lazy="joined", innerjoin=True)
    group: Mapped[Group] = relationship(lazy="raise")

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_muted_now(self) -> bool:
        return self.is_muted and (self.muted_until is None or self.muted_until > utcnow())

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == GroupRole.FACILITATOR


class Invitation(Base):
    __tablename__ = "group_invitations"
    __table_args__ = (
        CheckConstraint("uses <= max_uses", name="uses_within_limit"),
        CheckConstraint("max_uses >= 1", name="max_uses_positive"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    # Only a hash of the code is kept; the code itself is shown once, to the facilitator.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[dt.datetime]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
