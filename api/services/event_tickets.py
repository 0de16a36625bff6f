"""Tickets for the live-event stream: who may follow which channel, and the proof they carry.

An EventSource cannot send an Authorization header, and an access token must never travel in a
URL (logs, history, Referer). So the SPA trades its access token for a ticket: a JWT signed with
a key derived from JWT_SECRET_KEY for this one purpose (an access token does not verify as a
ticket, nor a ticket as an access token: its `aud` claim and key both differ), valid 60 seconds
to connect, bound to the member and their login session (checked again when the stream opens),
and carrying the channels authorised here.
"""

import datetime as dt
import hashlib
import hmac
import uuid
from dataclasses import dataclass

import jwt as pyjwt
from sqlalchemy import select

from api.db import Session, utcnow
from api.errors import DomainError, Forbidden, Invalid, NotFound
from api.models.auth import LoginSession
from api.models.coaching_plans import OPEN_RELATIONSHIP, CoachingRelationship
from api.models.groups import Group
from api.models.members import Member, Role
from api.services.events import channel_name, parse_channel
from api.services.groups import can_view, membership_of

TICKET_AUDIENCE = "peerway:live-events"
TICKET_LIFETIME = dt.timedelta(seconds=60)
MAX_CHANNELS = 20
ALGORITHM = "HS256"


class TicketRejected(DomainError):
    """The ticket is missing, forged, expired, or its sign-in has ended."""

    status = 401


@dataclass(frozen=True, slots=True)
class Ticket:
    ticket: str
    expires_at: dt.datetime
    channels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StreamGrant:
    """What a valid ticket allows: these channels, for this member's sign-in."""

    member_id: uuid.UUID
    login_session_id: uuid.UUID
    channels: frozenset[str]


def ticket_key(jwt_secret_key: str) -> bytes:
    """A key of its own for tickets, so nothing signed for another purpose verifies as one."""
    return hmac.new(jwt_secret_key.encode(), b"peerway live-event tickets", hashlib.sha256).digest()


def issue_ticket(
    member: Member, login_session_id: uuid.UUID, channels: list[str], jwt_secret_key: str
) -> Ticket:
    """Authorise every requested channel (plus the member's own) and sign a ticket for them."""
    wanted = list(dict.fromkeys([channel_name("member", member.id), *channels]))
    if len(wanted) > MAX_CHANNELS:
        raise Invalid(
            f"Follow at most {MAX_CHANNELS} channels per stream.",
            errors={"channels": [f"At most {MAX_CHANNELS} channels."]},
        )
    for channel in wanted:
        ensure_may_follow(member, channel)
    now = utcnow()
    expires_at = now + TICKET_LIFETIME
    claims = {
        "aud": TICKET_AUDIENCE,
        "sub": str(member.id),
        "sid": str(login_session_id),
        "channels": wanted,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "jti": uuid.uuid4().hex,
    }
    token = pyjwt.encode(claims, ticket_key(jwt_secret_key), algorithm=ALGORITHM)
    return Ticket(token, expires_at.replace(microsecond=0), tuple(wanted))


def ensure_may_follow(member: Member, channel: str) -> None:
    """Raise unless `member` may follow `channel` (the rules of each kind of channel)."""
    parsed = parse_channel(channel)
    if parsed is None:
        raise Invalid(
            f"Not a channel: {channel[:80]!r}.",
            errors={"channels": ["Use group:<id>, relationship:<id> or member:<your id>."]},
        )
    kind, entity_id = parsed
    if kind == "member":
        if entity_id != member.id:
            raise Forbidden("You can follow only your own member channel.")
    elif kind == "group":
        _ensure_reads_conversation(member, entity_id)
    else:
        _ensure_in_relationship(member, entity_id)


def _ensure_reads_conversation(member: Member, group_id: uuid.UUID) -> None:
    group = Session.get(Group, group_id)
    membership = membership_of(group_id, member) if group is not None else None
    if group is None or not can_view(group, membership, member):
        raise NotFound("No group with that id.")
    if member.has_role(Role.ADMIN) or (membership is not None and membership.is_active):
        return  # is_active covers facilitators, who are active members with that role
    raise Forbidden("Only this group's members can follow its conversation.")


def _ensure_in_relationship(member: Member, relationship_id: uuid.UUID) -> None:
    relationship = Session.get(CoachingRelationship, relationship_id)
    if relationship is not None:
        if relationship.member_id == member.id:
            return  # the member keeps their conversation, whatever became of the coaching
        if relationship.coach_id == member.id and relationship.status in OPEN_RELATIONSHIP:
            return
    raise NotFound("No coaching relationship with that id.")


def redeem_ticket(raw_ticket: str, jwt_secret_key: str) -> StreamGrant:
    """The grant of a valid ticket whose sign-in is still active and whose member is not banned."""
    try:
        claims = pyjwt.decode(
            raw_ticket,
            ticket_key(jwt_secret_key),
            algorithms=[ALGORITHM],
            audience=TICKET_AUDIENCE,
            options={"require": ["exp", "sub", "sid", "aud", "channels"]},
        )
        member_id, session_id = uuid.UUID(claims["sub"]), uuid.UUID(claims["sid"])
        channels = frozenset(str(channel) for channel in claims["channels"])
    except (pyjwt.InvalidTokenError, ValueError, TypeError):
        raise TicketRejected(
            "This ticket is not valid or has expired: ask for a new one.", kind="invalid-ticket"
        ) from None
    login_session = Session.scalars(select(LoginSession).where(LoginSession.id == session_id)).first()
    if login_session is None or login_session.member_id != member_id or not login_session.is_active():
        raise TicketRejected("This sign-in has ended. Sign in again.", kind="invalid-ticket")
    if login_session.member.banned_at is not None:
        raise Forbidden("This account is suspended.")
    return StreamGrant(member_id, session_id, channels)
