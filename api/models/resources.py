"""A curated, verified directory of services, members' bookmarks and coaches' referrals."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from api.db import Base, TimestampMixin, enum_values, new_id, utcnow
from api.models.members import Member

STALE_AFTER = dt.timedelta(days=365)


class ResourceKind(enum.StrEnum):
    CRISIS_LINE = "crisis_line"
    HELPLINE = "helpline"
    TREATMENT_SERVICE = "treatment_service"
    SOBER_LIVING = "sober_living"
    MUTUAL_AID_MEETING = "mutual_aid_meeting"
    THERAPY = "therapy"
    PEER_COMMUNITY = "peer_community"
    ARTICLE = "article"
    APP = "app"
    HOUSING = "housing"
    EMPLOYMENT = "employment"
    BENEFITS = "benefits"
    LEGAL = "legal"


class Cost(enum.StrEnum):
    FREE = "free"
    LOW = "low"
    PAID = "paid"
    INSURANCE = "insurance"


class ResidenceGender(enum.StrEnum):
    """Who a recovery residence houses; `other` is described in the entry's eligibility."""

    MEN = "men"
    WOMEN = "women"
    ANY = "any"
    OTHER = "other"


NARR_LEVELS = range(1, 5)  # NARR standard levels I (peer-run) to IV (service provider)
RESIDENCE_ONLY = ("residence_gender", "narr_level", "accepts_mat")


class ReferralStatus(enum.StrEnum):
    SUGGESTED = "suggested"
    CONTACTED = "contacted"
    CONNECTED = "connected"
    NOT_SUITABLE = "not_suitable"


OPEN_REFERRAL = (ReferralStatus.SUGGESTED, ReferralStatus.CONTACTED)


class Resource(TimestampMixin, Base):
    __tablename__ = "resources"
    __table_args__ = (
        CheckConstraint(f"kind IN {enum_values(ResourceKind)!r}", name="kind_known"),
        CheckConstraint(f"cost IN {enum_values(Cost)!r}", name="cost_known"),
        CheckConstraint(
            f"residence_gender IN {enum_values(ResidenceGender)!r}", name="residence_gender_known"
        ),
        CheckConstraint("narr_level BETWEEN 1 AND 4", name="narr_level_known"),
        CheckConstraint(
            f"kind = '{ResourceKind.SOBER_LIVING}' OR ("
            + " AND ".join(f"{column} IS NULL" for column in RESIDENCE_ONLY)
            + ")",
            name="residence_details_for_residences",
        ),
        Index("ix_resources_name", "name", "id"),
        Index("ix_resources_region_kind", "region", "kind"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(String(4000))
    url: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    sms: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(300))
    is_online: Mapped[bool] = mapped_column(Boolean, default=False)
    region: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    subdivision: Mapped[str | None] = mapped_column(String(6))  # ISO 3166-2, e.g. GB-SCT
    hours: Mapped[str | None] = mapped_column(String(200))
    is_24_7: Mapped[bool] = mapped_column(Boolean, default=False)
    cost: Mapped[str] = mapped_column(String(20), default=Cost.FREE.value)
    cost_note: Mapped[str | None] = mapped_column(String(200))  # "$150 a week, utilities included"
    certification: Mapped[str | None] = mapped_column(String(200))  # "FARR certified (NARR affiliate)"
    # Recovery residences (kind sober_living) only:
    narr_level: Mapped[int | None] = mapped_column(SmallInteger)
    residence_gender: Mapped[str | None] = mapped_column(String(10))
    accepts_mat: Mapped[bool | None] = mapped_column(Boolean)  # medication-assisted treatment
    eligibility: Mapped[str | None] = mapped_column(String(1000))
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source_url: Mapped[str | None] = mapped_column(String(500))
    verified_at: Mapped[dt.datetime | None]
    verified_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    retired_at: Mapped[dt.datetime | None]

    verified_by: Mapped[Member | None] = relationship(foreign_keys=[verified_by_id], lazy="joined")
    language_rows: Mapped[list["ResourceLanguage"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ResourceLanguage.language"
    )

    @property
    def languages(self) -> list[str]:
        return [row.language for row in self.language_rows]

    @languages.setter
    def languages(self, languages: list[str]) -> None:
        self.language_rows = [ResourceLanguage(language=language) for language in dict.fromkeys(languages)]

    @property
    def verification(self) -> dict:
        return {"verified_at": self.verified_at, "verified_by": self.verified_by, "stale": self.is_stale}

    @property
    def is_stale(self) -> bool:
        return self.verified_at is None or self.verified_at < utcnow() - STALE_AFTER

    @property
    def is_residence(self) -> bool:
        return self.kind == ResourceKind.SOBER_LIVING


# The search document: the name (weight A), the kind and topics (B), the description and any
# certification (C). PostgreSQL keeps it in a stored generated column with a GIN index, so ranking
# reads the stored vector instead of re-parsing the text of every match (a broad query ranking 4,000
# of 100,000 entries: 100 ms with an expression index, 15-30 ms with this; bench/README.md). Tags are
# JSON, written with escaped non-ASCII characters, so an immutable helper reads their values.
# The column is not mapped: SQLite has no tsvector, and the ORM never reads it.
SEARCH_VECTOR = "resources.search_vector"
POSTGRES_SEARCH_DDL = (
    "CREATE OR REPLACE FUNCTION search_json_words(words json) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN json_typeof(words) = 'array' THEN "
    "(SELECT string_agg(value, ' ') FROM json_array_elements_text(words)) END $$",
    "ALTER TABLE resources ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, name::text), 'A') || "
    "setweight(to_tsvector('english'::regconfig, replace(kind::text, '_', ' ') || ' ' || "
    "coalesce(search_json_words(tags), '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, description::text || ' ' || "
    "coalesce(certification::text, '')), 'C')) STORED",
    "CREATE INDEX ix_resources_search_vector ON resources USING gin (search_vector)",
)
# SQLite (the embedded default): an FTS5 table with the same three parts, porter-stemmed, whose
# rowid is the entry's rowid, kept in step by triggers. SQLite keeps rowids through VACUUM and the
# backup API, but a migration that recreates `resources` (Alembic batch mode) drops the triggers:
# it must create them again and refill the table (see migration c14f75e2d0b9).
SQLITE_TOPICS = (
    "replace({row}.kind, '_', ' ') || ' ' || "
    "coalesce((SELECT group_concat(value, ' ') FROM json_each({row}.tags)), '')"
)
SQLITE_DESCRIPTION = "{row}.description || ' ' || coalesce({row}.certification, '')"
SQLITE_INSERT = (
    "INSERT INTO resources_fts (rowid, name, topics, description) "
    f"VALUES (new.rowid, new.name, {SQLITE_TOPICS.format(row='new')}, "
    f"{SQLITE_DESCRIPTION.format(row='new')});"
)
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS resources_fts "
    "USING fts5(name, topics, description, tokenize = 'porter unicode61')",
    f"CREATE TRIGGER resources_fts_insert AFTER INSERT ON resources BEGIN {SQLITE_INSERT} END",
    "CREATE TRIGGER resources_fts_update AFTER UPDATE OF name, kind, tags, description, certification "
    f"ON resources BEGIN DELETE FROM resources_fts WHERE rowid = old.rowid; {SQLITE_INSERT} END",
    "CREATE TRIGGER resources_fts_delete AFTER DELETE ON resources "
    "BEGIN DELETE FROM resources_fts WHERE rowid = old.rowid; END",
)
for statement in POSTGRES_SEARCH_DDL:
    event.listen(Resource.__table__, "after_create", DDL(statement).execute_if(dialect="postgresql"))
for statement in SQLITE_SEARCH_DDL:
    event.listen(Resource.__table__, "after_create", DDL(statement).execute_if(dialect="sqlite"))
event.listen(
    Resource.__table__, "before_drop", DDL("DROP TABLE IF EXISTS resources_fts").execute_if(dialect="sqlite")
)
# The search index lives beside the models' tables, outside the ORM: Alembic must not compare it.
SEARCH_COLUMNS = {"search_vector"}
SEARCH_INDEXES = {"ix_resources_search_vector", "ix_groups_search_vector"}
SEARCH_TABLES = ("resources_fts", "groups_fts")  # and FTS5's shadow tables: resources_fts_data, ...


def is_compared_with_models(_obj, name, type_, reflected, compare_to) -> bool:
    """Alembic `include_object`: compare everything but the search index (vectors, FTS5 tables)."""
    if not (reflected and compare_to is None):
        return True
    if type_ == "table":
        return not name.startswith(SEARCH_TABLES)
    return name not in (SEARCH_COLUMNS if type_ == "column" else SEARCH_INDEXES)


class ResourceLanguage(Base):
    __tablename__ = "resource_languages"
    __table_args__ = (Index("ix_resource_languages_language", "language", "resource_id"),)

    resource_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)


class ResourceChange(Base):
    """Every curation change: who created, edited, verified or retired an entry, and when."""

    __tablename__ = "resource_changes"
    __table_args__ = (Index("ix_resource_changes_resource_created", "resource_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    resource_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    fields: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Bookmark(Base):
    __tablename__ = "bookmarks"
    __table_args__ = (Index("ix_bookmarks_member_created", "member_id", "created_at"),)

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    resource_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    resource: Mapped[Resource] = relationship(lazy="joined", innerjoin=True)


class Referral(TimestampMixin, Base):
    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(ReferralStatus)!r}", name="status_known"),
        CheckConstraint("status <> 'not_suitable' OR reason IS NOT NULL", name="not_suitable_has_reason"),
        Index("ix_referrals_member_created", "member_id", "created_at"),
        Index("ix_referrals_referrer_follow_up", "referred_by_id", "follow_up_on"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    resource_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"))
    referred_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    follow_up_on: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(20), default=ReferralStatus.SUGGESTED.value)
    reason: Mapped[str | None] = mapped_column(String(500))
    reminded_at: Mapped[dt.datetime | None]

    resource: Mapped[Resource] = relationship(lazy="joined", innerjoin=True)

    @declared_attr
    def member(cls) -> Mapped[Member]:
        return relationship(Member, foreign_keys=[cls.member_id], lazy="joined", innerjoin=True)

    @declared_attr
    def referred_by(cls) -> Mapped[Member | None]:
        return relationship(Member, foreign_keys=[cls.referred_by_id], lazy="joined")
