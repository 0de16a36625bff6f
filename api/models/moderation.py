"""Safety: reports of conduct, moderation actions with one appeal, the audit and access logs."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from api.db import Base, enum_values, new_id, utcnow
from api.models.clinics import Clinic
from api.models.members import Member


class ReportCategory(enum.StrEnum):
    HARASSMENT = "harassment"
    HATE = "hate"
    DOMINATING = "dominating"  # talking over others, pressuring, cross-talk
    TRIGGERING_CONTENT = "triggering_content"
    SELF_HARM_CONCERN = "self_harm_concern"
    PRIVACY = "privacy"
    SPAM = "spam"
    HARMFUL_ADVICE = "harmful_advice"  # a post that may mislead, e.g. about medication
    OTHER = "other"


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    ACTIONED = "actioned"
    DISMISSED = "dismissed"


class ActionKind(enum.StrEnum):
    WARN = "warn"
    MUTE = "mute"
    REMOVE = "remove"
    BAN = "ban"
    HIDE_POST = "hide_post"  # a conversation post hidden by a facilitator; appealable like the rest


class AppealStatus(enum.StrEnum):
    PENDING = "pending"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(f"category IN {enum_values(ReportCategory)!r}", name="category_known"),
        CheckConstraint(f"status IN {enum_values(ReportStatus)!r}", name="status_known"),
        Index("ix_reports_group_status_created", "group_id", "status", "created_at"),
        Index("ix_reports_status_created", "status", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Never shown to the reported member; kept (or set to NULL on erasure) for moderators.
    reporter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    subject_member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("group_sessions.id", ondelete="SET NULL"))
    # A report may be about one conversation post or one coach message.
    post_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"), index=True)
    message_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("coach_messages.id", ondelete="SET NULL"), index=True
    )
    category: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.OPEN.value)
    handled_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    handled_at: Mapped[dt.datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @declared_attr
    def subject(cls) -> Mapped[Member | None]:
        return relationship(Member, foreign_keys=[cls.subject_member_id], lazy="joined")


class ModerationAction(Base):
    __tablename__ = "moderation_actions"
    __table_args__ = (
        CheckConstraint(f"kind IN {enum_values(ActionKind)!r}", name="kind_known"),
        CheckConstraint(
            f"appeal_status IS NULL OR appeal_status IN {enum_values(AppealStatus)!r}",
            name="appeal_status_known",
        ),
        Index("ix_moderation_actions_member_created", "member_id", "created_at"),
        Index("ix_moderation_actions_appeal_status", "appeal_status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # SET NULL on erasure: the record of what was done stays, without whom it was done to.
    member_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    report_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    post_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(1000))
    expires_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    appeal_text: Mapped[str | None] = mapped_column(Text)
    appealed_at: Mapped[dt.datetime | None]
    appeal_status: Mapped[str | None] = mapped_column(String(20))
    appeal_decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    appeal_decided_at: Mapped[dt.datetime | None]


class AuditEntry(Base):
    """Who did what to what, when and from where. The API offers no way to edit or delete one."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_created", "created_at", "id"),
        Index("ix_audit_log_action_created", "action", "created_at"),
        Index("ix_audit_log_actor_created", "actor_id", "created_at"),
        Index("ix_audit_log_target", "target_type", "target_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AccessLogEntry(Base):
    """A read of a member's private data by someone else (a coach, a clinic, an admin)."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_member_created", "member_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    viewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    # A clinic's reads name the clinic; the member never learns which of its staff asked.
    clinic_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("clinics.id", ondelete="SET NULL"))
    viewer_role: Mapped[str] = mapped_column(String(20))  # coach, clinic, admin
    what: Mapped[str] = mapped_column(
        String(200)
    )  # the route read, e.g. "GET /api/v1/coaching-plans/<uuid:plan_id>"
    object_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    viewer: Mapped[Member | None] = relationship(foreign_keys=[viewer_id], lazy="joined")
    clinic: Mapped[Clinic | None] = relationship(lazy="joined")
