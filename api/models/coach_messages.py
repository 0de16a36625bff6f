"""Private messages between a member and their peer recovery coach.

There are no private messages between members: peer contact stays in moderated group spaces.
"""

import datetime as dt
import uuid

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, new_id, utcnow


class CoachMessage(Base):
    __tablename__ = "coach_messages"
    __table_args__ = (
        CheckConstraint(
            "body IS NOT NULL OR resource_id IS NOT NULL OR erased_at IS NOT NULL", name="has_content"
        ),
        Index("ix_coach_messages_relationship_created", "relationship_id", "created_at", "id"),
        Index("ix_coach_messages_author", "author_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    relationship_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("coaching_relationships.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    body: Mapped[str | None] = mapped_column(Text)
    # A directory entry the coach shares as a card.
    resource_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("resources.id", ondelete="SET NULL"))
    shows_risk_signs: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]  # by the other party
    erased_at: Mapped[dt.datetime | None]  # its author's account was erased
