"""Members: their private account and the public profile other members see."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, String, true
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, TimestampMixin, new_id


class Role(enum.StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"
    COACH = "coach"
    ADMIN = "admin"


ROLE_VALUES = tuple(role.value for role in Role)
DEFAULT_NOTIFICATION_PREFS = {"email_reminders": True, "in_app": True, "reminders": ["24h", "1h"]}


class Member(TimestampMixin, Base):
    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLE_VALUES!r}", name="role_known"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Stored lower-cased, so the unique key is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(60))
    pronouns: Mapped[str | None] = mapped_column(String(40))
    bio: Mapped[str | None] = mapped_column(String(500))
    legal_name: Mapped[str | None] = mapped_column(String(120))
    time_zone: Mapped[str] = mapped_column(String(64))
    # ISO 3166-1 alpha-2, chosen by the member: where crisis help is shown for (else the time zone's).
    country: Mapped[str | None] = mapped_column(String(2))
    recovery_start_date: Mapped[dt.date | None]
    show_recovery_counter: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER.value)
    is_trained_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    # A platform ban (admin): sign-in refused and every token revoked at once, on every worker.
    banned_at: Mapped[dt.datetime | None]
    notification_prefs: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=lambda: dict(DEFAULT_NOTIFICATION_PREFS)
    )

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def badges(self) -> list[str]:
        """Public badges: what others may know of this member's role, and nothing else."""
        badges = []
        if self.role == Role.FACILITATOR:
            badges.append("trained_facilitator" if self.is_trained_facilitator else "facilitator")
        if self.role == Role.COACH:
            badges.append("peer_coach")
        if self.role == Role.ADMIN:
            badges.append("staff")
        return badges


# What `PublicProfileSchema` shows: lists of other members load these columns only, never the
# password hashes, e-mail addresses or settings they do not show.
PUBLIC_PROFILE_COLUMNS = (
    Member.id,
    Member.display_name,
    Member.pronouns,
    Member.bio,
    Member.role,
    Member.is_trained_facilitator,
)
