"""Coach messages: a private conversation between a member and their peer coach.

Who reaches it is decided by the coaching relationship's status:
- the member reads it whatever became of the relationship (their history is theirs), and writes
  while it is active;
- the coach reads it while the relationship is open (requested, invited, active) and writes while
  it is active; a former coach gets 404, as does everyone else, admins included (an admin reads a
  message only through a report review, which goes to the member's access log).

There are no private messages between members: peer contact stays in moderated group spaces.
Bodies never reach logs, notifications or live events (those carry ids only).
"""

import datetime as dt
import uuid
from dataclasses import dataclass, fields

from sqlalchemy import and_, or_, select

from api.db import Session, utcnow
from api.errors import Conflict, Invalid, NotFound
from api.models.coach_messages import CoachMessage
from api.models.coaching_plans import OPEN_RELATIONSHIP, CoachingRelationship, RelationshipStatus
from api.models.members import Member
from api.models.notifications import Notification, NotificationKind
from api.models.resources import STALE_AFTER, Resource
from api.pagination import decode_cursor, encode_cursor
from api.services.crisis import CrisisHelp, crisis_help_for_member
from api.services.events import channel_name, publish
from api.services.notifications import notify
from api.services.risk_language import find_risk_signs

MEMBER, COACH = "member", "coach"
CLOSED_DETAIL = {
    "pending": "Messages open once the coaching relationship has been accepted.",
    "ended": "This coaching relationship has ended: the conversation is kept for you to read, "
    "but no new messages can be sent.",
    "declined": "This coaching request was declined: no messages can be sent.",
}


@dataclass(frozen=True, slots=True)
class Conversation:
    """One viewer's access to one relationship's conversation."""

    relationship: CoachingRelationship
    viewer_role: str  # MEMBER or COACH
    closed_reason: str | None  # None while the viewer may write

    @property
    def can_write(self) -> bool:
        return self.closed_reason is None

    @property
    def other_party_id(self) -> uuid.UUID | None:
        rel = self.relationship
        return rel.coach_id if self.viewer_role == MEMBER else rel.member_id

    @property
    def link(self) -> str:
        return conversation_link(self.relationship.id)


@dataclass(frozen=True, slots=True)
class ResourceCard:
    id: uuid.UUID
    name: str
    kind: str
    phone: str | None
    url: str | None
    verified: bool


@dataclass(frozen=True, slots=True)
class MessageView:
    id: uuid.UUID
    author_role: str
    is_mine: bool
    author: Member | None
    author_left: bool
    body: str | None
    resource: ResourceCard | None
    shows_risk_signs: bool
    created_at: dt.datetime
    read_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SentMessage(MessageView):
    crisis_resources: CrisisHelp | None


@dataclass(frozen=True, slots=True)
class MessagePage:
    items: tuple[MessageView, ...]
    next_cursor: str | None
    relationship_id: uuid.UUID
    can_write: bool
    closed_reason: str | None


def conversation_link(relationship_id: uuid.UUID) -> str:
    """Where the SPA opens the conversation (notifications and the coach dashboard's risk flag)."""
    return f"/coaching/relationships/{relationship_id}/messages"


def open_conversation(relationship_id: uuid.UUID, viewer: Member) -> Conversation:
    """The viewer's access, or NotFound when they may not even know the conversation exists."""
    rel = Session.get(CoachingRelationship, relationship_id)
    if rel is not None and rel.member_id == viewer.id:
        role = MEMBER
    elif rel is not None and rel.coach_id == viewer.id and rel.status in OPEN_RELATIONSHIP:
        role = COACH
    else:
        raise NotFound("No coaching conversation with that id.")
    return Conversation(rel, role, _closed_reason(rel.status))


def _closed_reason(status: str) -> str | None:
    if status == RelationshipStatus.ACTIVE:
        return None
    if status in (RelationshipStatus.REQUESTED, RelationshipStatus.INVITED):
        return "pending"
    return "declined" if status == RelationshipStatus.DECLINED else "ended"


def list_messages(relationship_id: uuid.UUID, viewer: Member, page_args: dict) -> MessagePage:
    """One page, newest first, in one statement (the resource card is joined as columns)."""
    conversation = open_conversation(relationship_id, viewer)
    limit = page_args["limit"]
    stmt = (
        select(CoachMessage, Resource.name, Resource.kind, Resource.phone, Resource.url, Resource.verified_at)
        .outerjoin(Resource, Resource.id == CoachMessage.resource_id)
        .where(CoachMessage.relationship_id == conversation.relationship.id)
    )
    if page_args.get("cursor"):
        created_at, message_id = decode_cursor(page_args["cursor"])
        stmt = stmt.where(
            or_(
                CoachMessage.created_at < created_at,
                and_(CoachMessage.created_at == created_at, CoachMessage.id < message_id),
            )
        )
    rows = Session.execute(
        stmt.order_by(CoachMessage.created_at.desc(), CoachMessage.id.desc()).limit(limit + 1)
    ).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1][0]
        next_cursor = encode_cursor(last.created_at, last.id)
    items = tuple(_view(conversation, message, _card(message, *card)) for message, *card in rows)
    return MessagePage(
        items, next_cursor, conversation.relationship.id, conversation.can_write, conversation.closed_reason
    )


def _card(message: CoachMessage, name, kind, phone, url, verified_at) -> ResourceCard | None:
    if message.resource_id is None or name is None:
        return None
    verified = verified_at is not None and verified_at >= utcnow() - STALE_AFTER
    return ResourceCard(message.resource_id, name, kind, phone, url, verified)


def _view(conversation: Conversation, message: CoachMessage, card: ResourceCard | None) -> MessageView:
    rel = conversation.relationship
    # A member's erasure removes the whole relationship, so an author who left was the coach.
    author_role = MEMBER if message.author_id is not None and message.author_id == rel.member_id else COACH
    author = rel.member if author_role == MEMBER else rel.coach
    if message.author_id is None or message.erased_at is not None:
        author = None
    return MessageView(
        id=message.id,
        author_role=author_role,
        is_mine=author_role == conversation.viewer_role,
        author=author,
        author_left=message.erased_at is not None,
        body=message.body,
        resource=card,
        shows_risk_signs=message.shows_risk_signs,
        created_at=message.created_at,
        read_at=message.read_at,
    )


def send_message(
    relationship_id: uuid.UUID, author: Member, body: str | None, resource_id: uuid.UUID | None
) -> SentMessage:
    """Post a message; risk signs publish it as usual, answer with crisis lines, alert the coach."""
    conversation = open_conversation(relationship_id, author)
    if not conversation.can_write:
        raise Conflict(CLOSED_DETAIL[conversation.closed_reason], kind="conversation-closed")
    card = _shared_card(conversation, resource_id) if resource_id is not None else None
    signs = find_risk_signs(body)
    rel = conversation.relationship
    message = CoachMessage(
        relationship_id=rel.id,
        author_id=author.id,
        body=body,
        resource_id=resource_id,
        shows_risk_signs=signs.matched,
        created_at=utcnow(),
    )
    Session.add(message)
    Session.flush()
    _tell_other_party(conversation, author)
    if signs.matched and conversation.viewer_role == MEMBER:
        _alert_coach(conversation)
    publish(channel_name("relationship", rel.id), "message.created", {"message_id": message.id})
    view = _view(conversation, message, card)
    crisis = crisis_help_for_member(author.country, author.time_zone) if signs.matched else None
    return SentMessage(
        **{item.name: getattr(view, item.name) for item in fields(view)}, crisis_resources=crisis
    )


def _shared_card(conversation: Conversation, resource_id: uuid.UUID) -> ResourceCard:
    if conversation.viewer_role != COACH:
        raise Invalid(
            "Only coaches share directory cards.",
            errors={"resource_id": ["Only coaches share directory cards here."]},
        )
    resource = Session.get(Resource, resource_id)
    if resource is None or resource.retired_at is not None:
        raise Invalid("No such directory entry.", errors={"resource_id": ["No such directory entry."]})
    return ResourceCard(
        resource.id, resource.name, resource.kind, resource.phone, resource.url, not resource.is_stale
    )


def _tell_other_party(conversation: Conversation, author: Member) -> None:
    """One unread COACH_MESSAGE notification per conversation and reader, never a stack of them."""
    recipient = conversation.other_party_id
    if recipient is None:
        return
    already_told = Session.scalar(
        select(Notification.id)
        .where(
            Notification.member_id == recipient,
            Notification.kind == NotificationKind.COACH_MESSAGE,
            Notification.link == conversation.link,
            Notification.read_at.is_(None),
        )
        .limit(1)
    )
    if already_told is not None:
        return
    title = (
        "A message from your coach"
        if conversation.viewer_role == COACH
        else f"A message from {author.display_name}"
    )
    notify(
        [recipient],
        NotificationKind.COACH_MESSAGE,
        title=title,
        body="Open the conversation to read it.",
        link=conversation.link,
        relationship_id=str(conversation.relationship.id),
    )


def _alert_coach(conversation: Conversation) -> None:
    rel = conversation.relationship
    if rel.coach_id is None:
        return
    notify(
        [rel.coach_id],
        NotificationKind.MESSAGE_RISK,
        title="A member you coach may need support now",
        body="A message they sent suggests they may not be safe. They were shown crisis lines. "
        "Open the conversation to reach out.",
        link=conversation.link,
        relationship_id=str(rel.id),
        urgent=True,
    )
