"""Scheduling: recurrence rules in the group's time zone, occurrences, edits and cancellations."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from flask_smorest import abort
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from api.db import Session, utcnow
from api.models.groups import Group, GroupRole, Membership, MembershipStatus
from api.models.members import Member
from api.models.notifications import NotificationKind
from api.models.sessions import GroupSession, Rsvp, RsvpStatus, SessionSeries, SessionStatus
from api.services.notifications import notify

MAX_OCCURRENCES = 200
MATERIALIZE_AHEAD = dt.timedelta(weeks=26)
ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
ALLOWED_RULE_PARTS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
DAYS_IN_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
UTC_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)
DETAIL_FIELDS = ("title", "description", "topic", "content_warnings", "capacity", "online_url", "location")


def to_utc(local: dt.datetime, time_zone: str) -> dt.datetime:
    """A wall-clock time in `time_zone` as a UTC instant (DST-aware)."""
    return local.replace(tzinfo=ZoneInfo(time_zone)).astimezone(dt.UTC)


def to_local(instant: dt.datetime, time_zone: str) -> dt.datetime:
    return instant.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)


def parse_rule(rule_text: str, local_start: dt.datetime, time_zone: str):
    """Parse an RFC 5545 RRULE anchored at `local_start`; 422 with a reason when it is unusable."""
    text = rule_text.strip().removeprefix("RRULE:")
    if any(part in text.upper() for part in ("DTSTART", "\n", "EXDATE", "RDATE")):
        abort(422, errors={"rrule": ["Give only the RRULE value, such as FREQ=WEEKLY;BYDAY=TU."]})
    text = UTC_UNTIL.sub(lambda match: "UNTIL=" + _local_until(match.group(1), time_zone), text)
    _ensure_possible(text)
    try:
        rule = rrulestr(text, dtstart=local_start)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        abort(422, errors={"rrule": [f"This is not a valid RFC 5545 RRULE: {error}"]})
    if getattr(rule, "_freq", None) not in ALLOWED_FREQUENCIES:
        abort(
            422, errors={"rrule": ["Sessions repeat at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)."]}
        )
    return rule


def _ensure_possible(text: str) -> None:
    """Refuse parts we do not schedule with, and month days no listed month has.

    dateutil searches up to year 9999 for a date that can never occur, so such rules are
    refused before they reach it.
    """
    parts = {}
    for part in text.upper().split(";"):
        key, _, value = part.partition("=")
        parts[key.strip()] = value.strip()
    unknown = set(parts) - ALLOWED_RULE_PARTS
    if unknown:
        abort(422, errors={"rrule": [f"Not supported here: {', '.join(sorted(unknown))}."]})
    try:
        month_days = [int(day) for day in parts.get("BYMONTHDAY", "").split(",") if day]
        months = [int(month) for month in parts.get("BYMONTH", "").split(",") if month] or list(range(1, 13))
        longest = max(DAYS_IN_MONTH[month] for month in months)
    except (ValueError, KeyError):
        abort(422, errors={"rrule": ["BYMONTH takes 1 to 12 and BYMONTHDAY -31 to 31."]})
    if any(day > longest for day in month_days):
        abort(422, errors={"rrule": ["No month in this rule has that day, so it never happens."]})
    if "BYSETPOS" in parts and not (parts.get("FREQ") == "MONTHLY" and "BYDAY" in parts and not month_days):
        abort(422, errors={"rrule": ["BYSETPOS is supported with FREQ=MONTHLY and BYDAY only."]})


def _local_until(utc_text: str, time_zone: str) -> str:
    """UNTIL=...Z is UTC; the rule runs in wall-clock time, so express it in the series' zone."""
    instant = dt.datetime.strptime(utc_text, "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
    return to_local(instant, time_zone).strftime("%Y%m%dT%H%M%S")


def local_occurrences(
    rule, after: dt.datetime, until: dt.datetime, inclusive: bool = False
) -> list[dt.datetime]:
    """Wall-clock starts after `after` up to `until`, honouring COUNT, at most MAX_OCCURRENCES.

    The rule is always bounded by `until` before iterating: dateutil otherwise walks to year 9999
    looking for an impossible date (FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31 took seconds).
    """
    until = min(rule._until, until) if rule._until else until
    bounded = rule.replace(count=None, until=until)
    if rule._count is not None:
        allowed = list(bounded)[: rule._count]
        return [start for start in allowed if start > after or (inclusive and start == after)][
            :MAX_OCCURRENCES
        ]
    return list(bounded.xafter(after, inc=inclusive, count=MAX_OCCURRENCES))


def create_one_off(
    group: Group, details: dict, starts_at: dt.datetime, minutes: int, time_zone: str
) -> GroupSession:
    session = GroupSession(
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        time_zone=time_zone,
        **details,
    )
    Session.add(session)
    return session


def create_series(
    group: Group, details: dict, starts_at: dt.datetime, minutes: int, time_zone: str, rule_text: str
) -> list[GroupSession]:
    """A series and its occurrences for the next 26 weeks (at most 200)."""
    local_start = to_local(starts_at, time_zone)
    rule = parse_rule(rule_text, local_start, time_zone)
    horizon = to_local(utcnow() + MATERIALIZE_AHEAD, time_zone)
    starts = local_occurrences(rule, local_start, horizon, inclusive=True)
    if not starts:
        abort(422, errors={"rrule": ["This rule gives no sessions in the next 26 weeks."]})
    series = SessionSeries(
        group_id=group.id,
        rrule=rule_text.strip().removeprefix("RRULE:"),
        local_start=local_start,
        time_zone=time_zone,
        duration_minutes=minutes,
        materialized_until=to_utc(horizon, time_zone),
        **details,
    )
    Session.add(series)
    Session.flush()
    return [_occurrence(group, series, start) for start in starts]


def _occurrence(group: Group, series: SessionSeries, local_start: dt.datetime) -> GroupSession:
    starts_at = to_utc(local_start, series.time_zone)
    session = GroupSession(
        group=group,
        series_id=series.id,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=series.duration_minutes),
        time_zone=series.time_zone,
        **{field: getattr(series, field) for field in DETAIL_FIELDS},
    )
    Session.add(session)
    return session


def extend_series(series: SessionSeries, group: Group, until: dt.datetime) -> int:
    """Materialise occurrences of an open-ended series up to `until` (UTC); returns how many."""
    rule = parse_rule(series.rrule, series.local_start, series.time_zone)
    after = to_local(series.materialized_until, series.time_zone)
    starts = local_occurrences(rule, after, to_local(until, series.time_zone))
    for start in starts:
        _occurrence(group, series, start)
    series.materialized_until = until
    return len(starts)


def future_occurrences(series_id: uuid.UUID, from_start: dt.datetime) -> list[GroupSession]:
    return list(
        Session.scalars(
            select(GroupSession)
            .where(
                GroupSession.series_id == series_id,
                GroupSession.starts_at >= from_start,
                GroupSession.status == SessionStatus.SCHEDULED,
            )
            .order_by(GroupSession.starts_at)
            .with_for_update()
        )
    )


def cancel_sessions(sessions: list[GroupSession], reason: str) -> None:
    """Cancel and tell everyone booked or waiting; one query for all their RSVPs."""
    if not sessions:
        return
    now = utcnow()
    for session in sessions:
        session.status = SessionStatus.CANCELLED.value
        session.cancelled_at = now
    rsvps = Session.scalars(
        select(Rsvp).where(
            Rsvp.session_id.in_([session.id for session in sessions]),
            Rsvp.status.in_([RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED]),
        )
    )
    for rsvp in rsvps:
        session = rsvp.session
        notify(
            [rsvp.member_id],
            NotificationKind.SESSION_CANCELLED,
            title=f"Cancelled: {session.title}",
            body=f"{session.group.name} on {_local_label(session)} is cancelled. {reason}".strip(),
            link=f"/sessions/{session.id}",
            session_id=str(session.id),
        )


def cancel_future_sessions(group: Group, reason: str) -> None:
    cancel_sessions(
        list(
            Session.scalars(
                select(GroupSession).where(
                    GroupSession.group_id == group.id,
                    GroupSession.starts_at > utcnow(),
                    GroupSession.status == SessionStatus.SCHEDULED,
                )
            )
        ),
        reason,
    )


def notify_moved(session: GroupSession, previous_start: dt.datetime) -> None:
    member_ids = Session.scalars(
        select(Rsvp.member_id).where(
            Rsvp.session_id == session.id, Rsvp.status.in_([RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED])
        )
    )
    notify(
        member_ids,
        NotificationKind.SESSION_MOVED,
        title=f"Moved: {session.title}",
        body=f"{session.group.name} now starts {_local_label(session)}.",
        link=f"/sessions/{session.id}",
        session_id=str(session.id),
        previous_starts_at=previous_start.isoformat(),
    )


def _local_label(session: GroupSession) -> str:
    local = session.starts_at.astimezone(ZoneInfo(session.time_zone))
    return local.strftime("%a %d %b %Y, %H:%M ") + (local.tzname() or "")


def is_facilitator(group_id: uuid.UUID, member: Member) -> bool:
    return bool(
        Session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(
                Membership.group_id == group_id,
                Membership.member_id == member.id,
                Membership.status == MembershipStatus.ACTIVE,
                Membership.role == GroupRole.FACILITATOR,
            )
        )
    )


# The viewer's own RSVPs refer to the viewer and to sessions already on the page: resolved from the
# session's identity map on access, instead of joining members, sessions and groups again.
ALREADY_LOADED_BY_RSVP = (lazyload(Rsvp.member), lazyload(Rsvp.session))


def decorate_sessions(sessions: list[GroupSession], member: Member) -> list[GroupSession]:
    """Attach what this viewer may see of each session: at most three queries per page."""
    from api.services.rsvps import waitlist_positions

    if not sessions:
        return sessions
    rsvps = {
        rsvp.session_id: rsvp
        for rsvp in Session.scalars(
            select(Rsvp)
            .where(
                Rsvp.session_id.in_([session.id for session in sessions]),
                Rsvp.member_id == member.id,
                Rsvp.status.in_([RsvpStatus.CONFIRMED, RsvpStatus.WAITLISTED]),
            )
            .options(*ALREADY_LOADED_BY_RSVP)
        )
    }
    positions = waitlist_positions(list(rsvps.values()))
    memberships = {
        membership.group_id: membership
        for membership in Session.scalars(
            select(Membership)
            .where(
                Membership.group_id.in_({session.group_id for session in sessions}),
                Membership.member_id == member.id,
            )
            .options(lazyload(Membership.member))
        )
    }
    is_admin = member.has_role("admin")
    for session in sessions:
        membership = memberships.get(session.group_id)
        rsvp = rsvps.get(session.id)
        manages = is_admin or (membership is not None and membership.is_facilitator)
        is_member = manages or (membership is not None and membership.is_active)
        confirmed = rsvp is not None and rsvp.status == RsvpStatus.CONFIRMED
        session.can_manage = manages
        session.visible_online_url = session.online_url if (manages or (confirmed and is_member)) else None
        session.visible_location = session.location if is_member else None
        session.my_rsvp = (
            {
                "status": rsvp.status,
                "waitlist_position": positions.get(rsvp.id),
                "attendance": rsvp.attendance,
            }
            if rsvp
            else None
        )
    return sessions


def update_series_template(series_id: uuid.UUID, changes: dict) -> None:
    """Later occurrences materialised by `extend_series` take the edited details."""
    series = Session.get(SessionSeries, series_id)
    for field in DETAIL_FIELDS:
        if field in changes:
            setattr(series, field, changes[field])
    if "duration_minutes" in changes:
        series.duration_minutes = changes["duration_minutes"]
    if "starts_at" in changes:
        local_time = to_local(changes["starts_at"], series.time_zone).time()
        series.local_start = dt.datetime.combine(series.local_start.date(), local_time)


def end_series(series_id: uuid.UUID) -> None:
    """Stop materialising a cancelled series (its rule is kept for the record)."""
    series = Session.get(SessionSeries, series_id)
    series.materialized_until = dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(days=1)
