"""Group conversations: threads, their posts, supportive reactions and each group's settings.

A thread's opening post is a `Post` like its replies (`is_opening`), so content notes, anonymity,
reactions, hiding, approval and reports work the same on both.
"""

import datetime as dt
import enum
import uuid

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, enum_values, new_id, utcnow

# Topics a post can be marked with; its body stays folded until the reader opens it.
CONTENT_NOTES = (
    "self_harm",
    "suicide",
    "substance_use_detail",
    "abuse",
    "eating",
    "loss",
    "violence",
    "medical",
)

# Supportive reactions only: nothing to disagree or down-vote with.
REACTIONS = ("sending_support", "me_too", "thank_you", "proud_of_you")


class PostStatus(enum.StrEnum):
    PUBLISHED = "published"
    HELD = "held"  # a new member's first post, waiting for a facilitator
    DECLINED = "declined"  # a held post a facilitator did not approve
    HIDDEN = "hidden"  # hidden by a facilitator, with a reason the author is told
    DELETED = "deleted"  # by its author, or its author's account was erased


class ConversationSettings(Base):
    """A group's conversation rules. A group without a row has the defaults."""

    __tablename__ = "conversation_settings"
    __table_args__ = (
        CheckConstraint("slow_mode_seconds BETWEEN 0 AND 86400", name="slow_mode_range"),
        CheckConstraint(
            "daily_post_cap IS NULL OR daily_post_cap BETWEEN 1 AND 1000", name="daily_cap_range"
        ),
    )

    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True)
    slow_mode_seconds: Mapped[int] = mapped_column(Integer, default=0)
    daily_post_cap: Mapped[int | None] = mapped_column(Integer)
    hold_first_posts: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Thread(Base):
    __tablename__ = "threads"
    __table_args__ = (
        CheckConstraint("slow_mode_seconds BETWEEN 0 AND 86400", name="slow_mode_range"),
        CheckConstraint("reply_count >= 0", name="reply_count_positive"),
        # The list: pinned first, then the most recently active, walked backwards one page at a time.
        Index("ix_threads_group_listing", "group_id", "is_pinned", "last_post_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    # SET NULL on erasure: the thread keeps its shape, "removed when its author left".
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    is_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    locked_at: Mapped[dt.datetime | None]
    slow_mode_seconds: Mapped[int] = mapped_column(Integer, default=0)
    # Published replies only, kept in the same transaction as the reply.
    reply_count: Mapped[int] = mapped_column(Integer, default=0)
    last_post_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(PostStatus)!r}", name="status_known"),
        CheckConstraint("hidden_reason IS NOT NULL OR status <> 'hidden'", name="hidden_has_reason"),
        # A thread has exactly one opening post.
        Index(
            "uq_posts_thread_opening",
            "thread_id",
            unique=True,
            postgresql_where=text("is_opening"),
            sqlite_where=text("is_opening"),
        ),
        Index("ix_posts_thread_created", "thread_id", "created_at", "id"),
        # The approval queue, and a member's recent posts for slow mode and the daily cap.
        Index("ix_posts_group_status_created", "group_id", "status", "created_at"),
        Index("ix_posts_author_group_created", "author_id", "group_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    thread_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    is_opening: Mapped[bool] = mapped_column(Boolean, default=False)
    # NULL once deleted or erased: the content goes, the place in the thread stays.
    body: Mapped[str | None] = mapped_column(Text)
    # Shown to peers as "a member of this group"; facilitators and admins still see who.
    anonymous_to_peers: Mapped[bool] = mapped_column(Boolean, default=False)
    content_notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The notes a facilitator added (also in content_notes, which readers see): an author's edit
    # keeps them, whatever notes the author sends.
    facilitator_content_notes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    status: Mapped[str] = mapped_column(String(20), default=PostStatus.PUBLISHED.value)
    shows_risk_signs: Mapped[bool] = mapped_column(Boolean, default=False)
    edited_at: Mapped[dt.datetime | None]
    deleted_at: Mapped[dt.datetime | None]
    author_left: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_at: Mapped[dt.datetime | None]
    hidden_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str | None] = mapped_column(String(1000))
    decided_at: Mapped[dt.datetime | None]  # approval or decline of a held post
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    # A facilitator's visible note, e.g. "Questions about medication belong with a prescriber".
    facilitator_note: Mapped[str | None] = mapped_column(String(1000))
    facilitator_note_resource_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("resources.id", ondelete="SET NULL")
    )
    facilitator_note_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL")
    )
    facilitator_note_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Reaction(Base):
    """One member's supportive reaction to a post. Readers see counts, never who."""

    __tablename__ = "post_reactions"
    __table_args__ = (
        CheckConstraint(f"kind IN {REACTIONS!r}", name="kind_known"),
        Index("ix_post_reactions_member", "member_id"),
    )

    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HiddenContentNote(Base):
    """A topic a member always wants folded, whatever the post."""

    __tablename__ = "hidden_content_notes"
    __table_args__ = (CheckConstraint(f"note IN {CONTENT_NOTES!r}", name="note_known"),)

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    note: Mapped[str] = mapped_column(String(30), primary_key=True)
