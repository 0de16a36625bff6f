"""Coach messages read: the read marker and unread counts (the coach dashboard's badge)."""

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, update

from api.db import Session, utcnow
from api.errors import Invalid
from api.models.coach_messages import CoachMessage
from api.models.members import Member
from api.models.notifications import Notification, NotificationKind
from api.services.coach_messages import open_conversation
from api.services.events import channel_name, publish


@dataclass(frozen=True, slots=True)
class ReadReceipt:
    marked_read: int
    unread_count: int


def mark_read(relationship_id: uuid.UUID, reader: Member, up_to: uuid.UUID | None) -> ReadReceipt:
    """Mark the other party's messages read (up to `up_to`, when given) and this conversation's
    COACH_MESSAGE notification with them."""
    conversation = open_conversation(relationship_id, reader)
    rel = conversation.relationship
    theirs = and_(
        CoachMessage.relationship_id == rel.id,
        or_(CoachMessage.author_id.is_(None), CoachMessage.author_id != reader.id),
        CoachMessage.read_at.is_(None),
    )
    condition = theirs
    if up_to is not None:
        last = Session.get(CoachMessage, up_to)
        if last is None or last.relationship_id != rel.id:
            raise Invalid(
                "No such message here.", errors={"up_to": ["No such message in this conversation."]}
            )
        condition = and_(
            theirs,
            or_(
                CoachMessage.created_at < last.created_at,
                and_(CoachMessage.created_at == last.created_at, CoachMessage.id <= last.id),
            ),
        )
    now = utcnow()
    marked = Session.execute(
        update(CoachMessage).where(condition).values(read_at=now).execution_options(synchronize_session=False)
    ).rowcount
    Session.execute(
        update(Notification)
        .where(
            Notification.member_id == reader.id,
            Notification.kind == NotificationKind.COACH_MESSAGE,
            Notification.link == conversation.link,
            Notification.read_at.is_(None),
        )
        .values(read_at=now)
        .execution_options(synchronize_session=False)
    )
    if marked:
        publish(channel_name("relationship", rel.id), "message.read", {"relationship_id": rel.id})
    remaining = Session.scalar(select(func.count()).select_from(CoachMessage).where(theirs)) or 0
    return ReadReceipt(marked or 0, remaining)


def unread_counts(relationship_ids: list[uuid.UUID], reader: Member) -> dict[uuid.UUID, int]:
    """Messages from the other party the reader has not read, per relationship: one query."""
    if not relationship_ids:
        return {}
    rows = Session.execute(
        select(CoachMessage.relationship_id, func.count())
        .where(
            CoachMessage.relationship_id.in_(relationship_ids),
            or_(CoachMessage.author_id.is_(None), CoachMessage.author_id != reader.id),
            CoachMessage.read_at.is_(None),
        )
        .group_by(CoachMessage.relationship_id)
    )
    return {relationship_id: count for relationship_id, count in rows}
