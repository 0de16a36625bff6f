"""Group sessions: recurring series, their occurrences, RSVPs and personal calendar feeds."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.db import Base, TimestampMixin, enum_values, new_id, utcnow
from api.models.groups import Group
from api.models.members import Member


class SessionStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RsvpStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Attendance(enum.StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class SessionDetails:
    """What a series and each of its occurrences share."""

    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(4000))
    topic: Mapped[str | None] = mapped_column(String(120))
    content_warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer)
    online_url: Mapped[str | None] = mapped_column(String(500))
    location: Mapped[str | None] = mapped_column(String(300))


class SessionSeries(SessionDetails, TimestampMixin, Base):
    """A recurring session: an RFC 5545 RRULE anchored at a local wall-clock start."""

    __tablename__ = "session_series"
    __table_args__ = (CheckConstraint("duration_minutes BETWEEN 5 AND 1440", name="duration_sane"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    rrule: Mapped[str] = mapped_column(String(500))
    # Wall-clock time in `time_zone`, so 19:00 stays 19:00 across daylight-saving changes.
    local_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=False))
    time_zone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int]
    # Occurrences exist as rows up to here; `flask extend-series` moves it forward.
    materialized_until: Mapped[dt.datetime]


class GroupSession(SessionDetails, TimestampMixin, Base):
    """One meeting of a group: a one-off session or an occurrence of a series."""

    __tablename__ = "group_sessions"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        # The database itself refuses an overbooked session, whatever the application does.
        CheckConstraint("confirmed_count >= 0 AND confirmed_count <= capacity", name="within_capacity"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(f"status IN {enum_values(SessionStatus)!r}", name="status_known"),
        Index("ix_group_sessions_group_start", "group_id", "starts_at"),
        Index("ix_group_sessions_start", "starts_at", "id"),
        Index("ix_group_sessions_series_start", "series_id", "starts_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    series_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("session_series.id", ondelete="SET NULL"))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    time_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=SessionStatus.SCHEDULED.value)
    confirmed_count: Mapped[int] = mapped_column(Integer, default=0)
    # Edited on its own: later edits of the whole series leave it alone.
    is_modified: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_at: Mapped[dt.datetime | None]

    group: Mapped[Group] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    def has_ended(self, now: dt.datetime | None = None) -> bool:
        return self.ends_at <= (now or utcnow())


class Rsvp(TimestampMixin, Base):
    __tablename__ = "rsvps"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(RsvpStatus)!r}", name="status_known"),
        CheckConstraint(
            f"attendance IS NULL OR attendance IN {enum_values(Attendance)!r}", name="attendance_known"
        ),
        Index("uq_rsvps_session_member", "session_id", "member_id", unique=True),
        Index("ix_rsvps_session_status_requested", "session_id", "status", "requested_at"),
        Index("ix_rsvps_member_created", "member_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("group_sessions.id", ondelete="CASCADE"))
    # SET NULL on erasure: past attendance still counts, without saying whose it was.
    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))
    # When the member asked: the waitlist is first come, first served on this.
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    attendance: Mapped[str | None] = mapped_column(String(20))
    checked_in_at: Mapped[dt.datetime | None]

    member: Mapped[Member | None] = relationship(lazy="joined")
    session: Mapped[GroupSession] = relationship(lazy="joined", innerjoin=True)


class CalendarFeed(Base):
    """A member's secret personal iCalendar feed; only the token's hash is stored."""

    __tablename__ = "calendar_feeds"

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = [
    "Attendance",
    "CalendarFeed",
    "GroupSession",
    "Rsvp",
    "RsvpStatus",
    "SessionSeries",
    "SessionStatus",
]
