"""Session reminders (24 hours and 1 hour before, as each member prefers), sent exactly once.

`flask send-due-reminders` (run every few minutes) enqueues a job per due reminder; any number of
schedulers and workers may overlap: a job first claims the (booking, kind) row, whose unique key
lets only one claim win, and releases it if sending fails so a retry can try again.
"""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, exists, select
from sqlalchemy.exc import IntegrityError

from api.db import Session, utcnow
from api.jobs import enqueue, job_app
from api.mail import send_email
from api.models.notifications import NotificationKind
from api.models.reminders import ReminderDelivery
from api.models.sessions import GroupSession, Rsvp, RsvpStatus, SessionStatus
from api.services.notifications import notify

LEADS = {"24h": dt.timedelta(hours=24), "1h": dt.timedelta(hours=1)}
# A reminder is due from its lead time until the session starts; the scheduler runs often.
WINDOW_END = dt.timedelta(minutes=0)


def due_reminders(now: dt.datetime | None = None) -> list[tuple[uuid.UUID, str]]:
    """(booking, kind) pairs whose time has come and that have not gone out yet."""
    now = now or utcnow()
    pairs = []
    for kind, lead in LEADS.items():
        already = exists().where(ReminderDelivery.rsvp_id == Rsvp.id, ReminderDelivery.kind == kind)
        rows = Session.execute(
            select(Rsvp.id, Rsvp.member_id)
            .join(GroupSession, Rsvp.session_id == GroupSession.id)
            .where(
                Rsvp.status == RsvpStatus.CONFIRMED,
                GroupSession.status == SessionStatus.SCHEDULED,
                and_(GroupSession.starts_at > now, GroupSession.starts_at <= now + lead),
                ~already,
            )
        ).all()
        pairs += [(rsvp_id, kind) for rsvp_id, _member_id in rows]
    return pairs


def enqueue_due_reminders(now: dt.datetime | None = None) -> int:
    due = due_reminders(now)
    for rsvp_id, kind in due:
        enqueue(deliver_reminder, str(rsvp_id), kind)
    return len(due)


def deliver_reminder(rsvp_id: str, kind: str) -> bool:
    """Job: send one reminder if nobody has; True when this call sent it."""
    with job_app().app_context():
        rsvp = Session.get(Rsvp, uuid.UUID(rsvp_id))
        if rsvp is None or rsvp.status != RsvpStatus.CONFIRMED:
            return False
        prefs = rsvp.member.notification_prefs or {}
        if kind not in prefs.get("reminders", list(LEADS)):
            return False
        claim = ReminderDelivery(rsvp_id=rsvp.id, kind=kind)
        Session.add(claim)
        try:
            Session.commit()
        except IntegrityError:
            Session.rollback()
            return False
        try:
            _send(rsvp, kind, prefs)
        except Exception:
            Session.rollback()
            Session.execute(delete(ReminderDelivery).where(ReminderDelivery.id == claim.id))
            Session.commit()
            raise
        Session.commit()
        return True


def _send(rsvp: Rsvp, kind: str, prefs: dict) -> None:
    session = rsvp.session
    local = session.starts_at.astimezone(ZoneInfo(rsvp.member.time_zone))
    when = local.strftime("%a %d %b, %H:%M")
    title = f"{'Tomorrow' if kind == '24h' else 'In an hour'}: {session.title}"
    body = f"{session.group.name} starts {when} ({rsvp.member.time_zone})."
    notify(
        [rsvp.member_id],
        NotificationKind.SESSION_REMINDER,
        title=title,
        body=body,
        link=f"/sessions/{session.id}",
        session_id=str(session.id),
    )
    if prefs.get("email_reminders", True):
        send_email(rsvp.member.email, title, f"{body}\n\nSee the session: /sessions/{session.id}\n")
