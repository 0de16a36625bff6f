"""Booking seats: capacity is enforced by the database, the waitlist is first come, first served.

Every change to a session's bookings first locks the session row (`SELECT ... FOR UPDATE` on
PostgreSQL; SQLite takes its write lock at BEGIN IMMEDIATE), so bookings for one session are
serialised across workers and instances. A seat is then claimed with a conditional UPDATE, and a
CHECK constraint (`confirmed_count <= capacity`) refuses any overbooking that slipped past both.
"""

import datetime as dt
import uuid

from sqlalchemy import and_, func, or_, select, update

from api.db import Session, utcnow
from api.models.notifications import NotificationKind
from api.models.sessions import GroupSession, Rsvp, RsvpStatus
from api.services.notifications import notify

CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=15)
ACTIVE = (RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED)


def lock_session(session_id: uuid.UUID) -> GroupSession:
    return Session.scalars(
        select(GroupSession)
        .where(GroupSession.id == session_id)
        .with_for_update(of=GroupSession)
        .execution_options(populate_existing=True)
    ).one()


def rsvp_of(session_id: uuid.UUID, member_id: uuid.UUID) -> Rsvp | None:
    return Session.scalars(
        select(Rsvp).where(Rsvp.session_id == session_id, Rsvp.member_id == member_id)
    ).first()


def _claim_seat(session_id: uuid.UUID) -> bool:
    claimed = Session.execute(
        update(GroupSession)
        .where(GroupSession.id == session_id, GroupSession.confirmed_count < GroupSession.capacity)
        .values(confirmed_count=GroupSession.confirmed_count + 1)
    ).rowcount
    return claimed == 1


def _release_seat(session_id: uuid.UUID) -> None:
    Session.execute(
        update(GroupSession)
        .where(GroupSession.id == session_id, GroupSession.confirmed_count > 0)
        .values(confirmed_count=GroupSession.confirmed_count - 1)
    )


def book(session: GroupSession, member_id: uuid.UUID) -> Rsvp:
    """Confirm a seat if one is free, else join the waitlist; repeating it changes nothing."""
    lock_session(session.id)
    rsvp = rsvp_of(session.id, member_id)
    if rsvp is not None and rsvp.status in ACTIVE:
        return rsvp
    status = RsvpStatus.CONFIRMED if _claim_seat(session.id) else RsvpStatus.WAITLISTED
    if rsvp is None:
        rsvp = Rsvp(session_id=session.id, member_id=member_id, status=status.value, requested_at=utcnow())
        Session.add(rsvp)
    else:
        rsvp.status, rsvp.requested_at, rsvp.attendance = status.value, utcnow(), None
    Session.flush()
    return rsvp


def cancel(session: GroupSession, rsvp: Rsvp) -> None:
    """Give up a seat or a waitlist place; a freed seat goes to the first on the waitlist."""
    lock_session(session.id)
    was_confirmed = rsvp.status == RsvpStatus.CONFIRMED
    rsvp.status = RsvpStatus.CANCELLED.value
    Session.flush()
    if was_confirmed:
        _release_seat(session.id)
        promote_waitlisted(session)


def promote_waitlisted(session: GroupSession) -> list[Rsvp]:
    """Fill free seats from the waitlist in the order people asked (call with the row locked)."""
    promoted = []
    while True:
        first = Session.scalars(
            select(Rsvp)
            .where(Rsvp.session_id == session.id, Rsvp.status == RsvpStatus.WAITLISTED)
            .order_by(Rsvp.requested_at, Rsvp.id)
            .limit(1)
        ).first()
        if first is None or not _claim_seat(session.id):
            break
        first.status = RsvpStatus.CONFIRMED.value
        Session.flush()
        promoted.append(first)
        notify(
            [first.member_id],
            NotificationKind.WAITLIST_PROMOTED,
            title=f"You have a place: {session.title}",
            body=f"A seat opened up at {session.group.name} and it is yours.",
            link=f"/sessions/{session.id}",
            session_id=str(session.id),
        )
    return promoted


def cancel_member_bookings(member_id: uuid.UUID, group_id: uuid.UUID) -> None:
    """A member who leaves or is removed gives up future bookings in that group's sessions."""
    rsvps = Session.scalars(
        select(Rsvp)
        .join(GroupSession, Rsvp.session_id == GroupSession.id)
        .where(
            Rsvp.member_id == member_id,
            GroupSession.group_id == group_id,
            GroupSession.starts_at > utcnow(),
            Rsvp.status.in_(ACTIVE),
        )
    )
    for rsvp in list(rsvps):
        cancel(rsvp.session, rsvp)


def waitlist_positions(rsvps: list[Rsvp]) -> dict[uuid.UUID, int]:
    """1-based waitlist position of each waitlisted RSVP given; one query however many."""
    waiting = [rsvp for rsvp in rsvps if rsvp.status == RsvpStatus.WAITLISTED]
    if not waiting:
        return {}
    ahead = Rsvp.__table__.alias("ahead")
    counts = Session.execute(
        select(Rsvp.id, func.count(ahead.c.id))
        .select_from(Rsvp)
        .outerjoin(
            ahead,
            and_(
                ahead.c.session_id == Rsvp.session_id,
                ahead.c.status == RsvpStatus.WAITLISTED,
                or_(
                    ahead.c.requested_at < Rsvp.requested_at,
                    and_(ahead.c.requested_at == Rsvp.requested_at, ahead.c.id < Rsvp.id),
                ),
            ),
        )
        .where(Rsvp.id.in_([rsvp.id for rsvp in waiting]))
        .group_by(Rsvp.id)
    ).all()
    return {rsvp_id: count + 1 for rsvp_id, count in counts}


def check_in_window(session: GroupSession) -> tuple[dt.datetime, dt.datetime]:
    return session.starts_at - CHECK_IN_OPENS_BEFORE, session.ends_at
