"""iCalendar (RFC 5545) for one session or a member's bookings, with VTIMEZONE blocks."""

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import icalendar

from api.db import utcnow
from api.models.sessions import GroupSession

PRODID = "-//Peerway//Peer support sessions//EN"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_for(sessions: list[GroupSession], name: str) -> bytes:
    """A calendar of `sessions`; each must already carry `visible_location`/`visible_online_url`."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session))
    if sessions:
        first = min(session.starts_at for session in sessions).date() - dt.timedelta(days=366)
        last = max(session.ends_at for session in sessions).date() + dt.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def _event(session: GroupSession) -> icalendar.Event:
    zone = ZoneInfo(session.time_zone)
    event = icalendar.Event()
    event.add("uid", f"{session.id}@peerway")
    event.add("dtstamp", utcnow())
    event.add("last-modified", session.updated_at)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", f"{session.title} ({session.group.name})")
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    description = [session.description or ""]
    if session.content_warnings:
        description.append("Content notes: " + ", ".join(session.content_warnings))
    if getattr(session, "visible_online_url", None):
        description.append("Join online: " + session.visible_online_url)
        event.add("url", session.visible_online_url)
    event.add("description", "\n\n".join(part for part in description if part))
    location = getattr(session, "visible_location", None) or session.group.area
    if location:
        event.add("location", location)
    return event
