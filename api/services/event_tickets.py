"""Tickets for the live-event stream: who may follow which channel, and the proof they carry.

An EventSource cannot send an Authorization header, and an access token must never travel in a
URL (logs, history, Referer). So the SPA trades its access token for a ticket: a JWT signed with
a key derived from JWT_SECRET_KEY for this one purpose (an access token does not verify as a
ticket, nor a ticket as an access token: its `aud` claim and key both differ), valid 60 seconds
to connect, bound to the member and their login session, and carrying the channels authorised
here.

Authorization is not settled once: redeeming a ticket (opening a stream, every poll) checks the
sign-in, the ban and every channel again, and an open stream repeats the check every
`StreamSettings.recheck_seconds` (`grant_still_valid`), so a coach whose relationship ended or a
member removed from a group stops receiving its events. A ticket opens ONE stream (its `jti` is
claimed for its lifetime: `claim_for_stream`); the polling fallback may reuse it within its 60
seconds, because each poll re-checks everything and holds nothing open.
"""

import datetime as dt
import hashlib
import hmac
import logging
import time
import uuid
from dataclasses import dataclass

import jwt as pyjwt
from sqlalchemy import and_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import lazyload

from api.db import Session, utcnow
from api.errors import DomainError, Forbidden, Invalid, NotFound
from api.models.auth import LoginSession
from api.models.coaching_plans import OPEN_RELATIONSHIP, CoachingRelationship
from api.models.groups import Group, Membership
from api.models.members import Member, Role
from api.services.events import channel_name, parse_channel
from api.services.groups import can_view

log = logging.getLogger(__name__)

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
    ticket_id: str = ""  # the ticket's `jti`: a stream claims it once
    expires_at: float = 0.0  # the ticket's `exp` (Unix time): how long the claim must be kept


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
    ensure_may_follow_all(member, wanted)
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
    ensure_may_follow_all(member, [channel])


def ensure_may_follow_all(member: Member, channels: list[str] | frozenset[str]) -> None:
    """Raise for the first of `channels` that `member` may not follow.

    At most one statement per kind of channel (groups with my memberships, relationships) however
    many channels: a ticket, each poll and each re-check of an open stream run this."""
    parsed = []
    for channel in channels:
        kind_and_id = parse_channel(channel)
        if kind_and_id is None:
            raise Invalid(
                f"Not a channel: {channel[:80]!r}.",
                errors={"channels": ["Use group:<id>, relationship:<id> or member:<your id>."]},
            )
        parsed.append(kind_and_id)
    group_ids = {entity_id for kind, entity_id in parsed if kind == "group"}
    relationship_ids = {entity_id for kind, entity_id in parsed if kind == "relationship"}
    groups = _groups_with_my_membership(member, group_ids) if group_ids else {}
    relationships = _relationships(relationship_ids) if relationship_ids else {}
    for kind, entity_id in parsed:
        if kind == "member":
            if entity_id != member.id:
                raise Forbidden("You can follow only your own member channel.")
        elif kind == "group":
            _ensure_reads_conversation(member, *groups.get(entity_id, (None, None)))
        else:
            _ensure_in_relationship(member, relationships.get(entity_id))


def _groups_with_my_membership(
    member: Member, group_ids: set[uuid.UUID]
) -> dict[uuid.UUID, tuple[Group, Membership | None]]:
    rows = Session.execute(
        select(Group, Membership)
        .outerjoin(Membership, and_(Membership.group_id == Group.id, Membership.member_id == member.id))
        .where(Group.id.in_(group_ids))
        # Neither the topics nor the member (the viewer, already loaded) are needed here.
        .options(lazyload(Group.topic_rows), lazyload(Membership.member))
    ).all()
    return {group.id: (group, membership) for group, membership in rows}


def _relationships(relationship_ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple]:
    rows = Session.execute(
        select(
            CoachingRelationship.id,
            CoachingRelationship.member_id,
            CoachingRelationship.coach_id,
            CoachingRelationship.status,
        ).where(CoachingRelationship.id.in_(relationship_ids))
    ).all()
    return {row.id: row for row in rows}


def _ensure_reads_conversation(member: Member, group: Group | None, membership: Membership | None) -> None:
    if group is None or not can_view(group, membership, member):
        raise NotFound("No group with that id.")
    if member.has_role(Role.ADMIN) or (membership is not None and membership.is_active):
        return  # is_active covers facilitators, who are active members with that role
    raise Forbidden("Only this group's members can follow its conversation.")


def _ensure_in_relationship(member: Member, relationship) -> None:
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
    _ensure_grant_holds(member_id, session_id, channels)
    return StreamGrant(member_id, session_id, channels, str(claims.get("jti") or ""), float(claims["exp"]))


def _ensure_grant_holds(member_id: uuid.UUID, session_id: uuid.UUID, channels: frozenset[str]) -> None:
    """Raise unless the sign-in is still active, its member not banned, and every channel allowed."""
    login_session = Session.scalars(select(LoginSession).where(LoginSession.id == session_id)).first()
    if login_session is None or login_session.member_id != member_id or not login_session.is_active():
        raise TicketRejected("This sign-in has ended. Sign in again.", kind="invalid-ticket")
    if login_session.member.banned_at is not None:
        raise Forbidden("This account is suspended.")
    ensure_may_follow_all(login_session.member, sorted(channels))


def claim_for_stream(grant: StreamGrant, broker) -> None:
    """Spend the ticket on this stream: a second stream with the same ticket is refused.

    The claim is kept until the ticket expires (after that it is refused anyway), in Redis when
    the broker has it (every instance sees it), in this process otherwise."""
    ttl_seconds = max(1, int(grant.expires_at - time.time()) + 1)
    if not grant.ticket_id or not broker.claim_once("ticket:" + grant.ticket_id, ttl_seconds):
        raise TicketRejected(
            "This ticket has already opened a stream: ask for a new one.", kind="invalid-ticket"
        )


def grant_still_valid(grant: StreamGrant) -> bool:
    """Whether an open stream may go on: its sign-in, member and every channel pass again.

    Runs in a short-lived database session, removed at once, so a waiting stream holds no
    connection. Any failure (a refusal, or the database away) ends the stream: the client
    reconnects with a new ticket, whose issue says what is still allowed."""
    try:
        _ensure_grant_holds(grant.member_id, grant.login_session_id, grant.channels)
        return True
    except DomainError:
        return False
    except SQLAlchemyError as error:
        log.warning("live stream re-check failed (%s); ending the stream", type(error).__name__)
        return False
    finally:
        Session.remove()
