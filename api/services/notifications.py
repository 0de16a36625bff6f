"""In-app notifications: rows in the same transaction as the change itself, and a live signal
(`notification.created` with the unread count) to each recipient once that transaction commits."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update

from api.db import Session, utcnow
from api.errors import NotFound
from api.models.members import Member
from api.models.notifications import Notification, NotificationKind
from api.services.events import channel_name, publish

# Above this many recipients the live signal goes without counts (one grouped query is enough
# below it; a group-wide announcement to thousands should not wait for a count each).
COUNTED_RECIPIENTS = 200


@dataclass(frozen=True, slots=True)
class UnreadCount:
    count: int


def notify(
    member_ids: Iterable[uuid.UUID],
    kind: NotificationKind,
    title: str,
    body: str,
    link: str | None = None,
    *,
    urgent: bool = False,
    **data,
) -> None:
    """Notify each member once; `urgent` marks a safety alert (shown first in the SPA)."""
    recipients = list(dict.fromkeys(member_ids))
    Session.add_all(
        Notification(
            member_id=member_id, kind=kind.value, title=title, body=body, link=link, data=data, urgent=urgent
        )
        for member_id in recipients
    )
    if not recipients:
        return
    counts = _unread_counts(recipients) if len(recipients) <= COUNTED_RECIPIENTS else {}
    for member_id in recipients:
        signal = {"kind": kind.value, "urgent": urgent}
        if member_id in counts:
            signal["unread_count"] = counts[member_id]
        publish(channel_name("member", member_id), "notification.created", signal)


def _unread_counts(member_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    Session.flush()
    rows = Session.execute(
        select(Notification.member_id, func.count())
        .where(Notification.member_id.in_(member_ids), Notification.read_at.is_(None))
        .group_by(Notification.member_id)
    )
    return {member_id: count for member_id, count in rows}


def unread_count(member: Member) -> UnreadCount:
    count = Session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.member_id == member.id, Notification.read_at.is_(None))
    )
    return UnreadCount(count or 0)


def mark_read(member: Member, notification_id: uuid.UUID) -> Notification:
    """Mark one of the member's notifications read (idempotent); another member's is not found."""
    notification = Session.get(Notification, notification_id)
    if notification is None or notification.member_id != member.id:
        raise NotFound("No such notification.")
    notification.read_at = notification.read_at or utcnow()
    return notification


def mark_all_read(member: Member) -> UnreadCount:
    """Mark every unread notification of the member read, in one statement."""
    Session.execute(
        update(Notification)
        .where(Notification.member_id == member.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return UnreadCount(0)
