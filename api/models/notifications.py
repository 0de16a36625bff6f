"""In-app notifications, stored until the member reads (and keeps) them."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, new_id, utcnow


class NotificationKind(enum.StrEnum):
    WAITLIST_PROMOTED = "waitlist_promoted"
    SESSION_CANCELLED = "session_cancelled"
    SESSION_MOVED = "session_moved"
    JOIN_REQUEST_DECIDED = "join_request_decided"
    GUIDELINES_CHANGED = "guidelines_changed"
    MEMBERSHIP_CHANGED = "membership_changed"
    CHECKIN_RISK = "checkin_risk"
    REFERRAL_SUGGESTED = "referral_suggested"
    REFERRAL_FOLLOW_UP = "referral_follow_up"
    MODERATION_ACTION = "moderation_action"
    APPEAL_RECEIVED = "appeal_received"
    APPEAL_DECIDED = "appeal_decided"
    REPORT_RECEIVED = "report_received"
    SESSION_REMINDER = "session_reminder"
    THREAD_REPLY = "thread_reply"
    POST_HELD = "post_held"  # to the author: waiting for a facilitator
    POST_AWAITING_APPROVAL = "post_awaiting_approval"  # to facilitators
    POST_APPROVED = "post_approved"
    POST_DECLINED = "post_declined"  # a held post a facilitator did not publish (gently worded)
    POST_HIDDEN = "post_hidden"
    POST_RISK = "post_risk"  # urgent, to the group's facilitators
    COACH_MESSAGE = "coach_message"
    MESSAGE_RISK = "message_risk"  # urgent, to the coach


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_member_created", "member_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(1000))
    # Where the SPA should take the member: "/sessions/<id>", "/groups/<slug>".
    link: Mapped[str | None] = mapped_column(String(300))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]
    # Shown first and marked in the SPA: signs of risk in a post or message.
    urgent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
