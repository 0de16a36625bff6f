"""A curated, verified directory of services, members' bookmarks and coaches' referrals."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import DDL, JSON, Boolean, CheckConstraint, ForeignKey, Index, String, Text, event
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


# PostgreSQL keeps each entry's search document in a stored generated column with a GIN index.
# Ranking then reads the stored vector instead of re-parsing the text of every match: a broad query
# ranking 4,000 of 100,000 entries took 100 ms with an expression index and 15-30 ms with this
# (bench/README.md). The column is not mapped: SQLite has no tsvector, and the ORM never reads it.
SEARCH_VECTOR = "resources.search_vector"
event.listen(
    Resource.__table__,
    "after_create",
    DDL(
        "ALTER TABLE resources ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('english'::regconfig, (name::text || ' '::text) || description::text)) STORED; "
        "CREATE INDEX ix_resources_search_vector ON resources USING gin (search_vector)"
    ).execute_if(dialect="postgresql"),
)


def is_compared_with_models(_obj, name, _type, reflected, compare_to) -> bool:
    """Alembic `include_object`: compare everything but the unmapped search vector and its index."""
    unmapped = reflected and compare_to is None
    return not (unmapped and name in ("search_vector", "ix_resources_search_vector"))


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
