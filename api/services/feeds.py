"""The Meeting Guide feed (code4recovery/spec): public groups' weekly series, as meeting finders read them.

A meeting here is a recurring series of a public, live group that still has an upcoming session
to book. Only what a signed-out visitor may read goes out: the group's area (never its address,
which is for approved members), the public group and session pages (never the online link, which
Peerway sends to booked members), and no person at all, so no names, last or first.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from api.db import Session, utcnow
from api.models.groups import Group, GroupFormat, JoinPolicy
from api.models.sessions import GroupSession, SessionSeries, SessionStatus
from api.services.groups import open_to_visitors_filter

# Monthly and one-off series are skipped after the query, so this bounds the work, not the answer.
FEED_LIMIT = 5000
SLUG_MAX_LENGTH = 64
SPEC_TIMESTAMP = "%Y-%m-%d %H:%M:%S"  # the spec's `updated`, in UTC
# RFC 5545 weekdays as Meeting Guide days (0 is Sunday).
RRULE_DAYS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}
# Parts that make a rule something other than "every week on these days" (e.g. the 2nd Tuesday).
NOT_WEEKLY_PARTS = {"BYMONTH", "BYMONTHDAY", "BYSETPOS"}
ONLINE_NOTES = (
    "This link opens the session's page on Peerway, not the call: Peerway sends the joining link "
    "to members with a confirmed booking. Join the group and book a place there."
)

# Peerway's values mapped to the spec's `types` codes, only where a code means the same thing. The
# spec has no code for "online" (a meeting is online because it has a `conference_url`), and none
# for most topics (anxiety, grief, ...), which therefore go unmapped.
TOPIC_TYPES = {"lgbtq": "LGBTQ", "young_people": "Y"}
# A group's language tag (its primary subtag, ISO 639-1) as the spec's language code.
LANGUAGE_TYPES = {
    "am": "AM",
    "da": "DA",
    "de": "DE",
    "el": "EL",
    "en": "EN",
    "es": "S",
    "fa": "FA",
    "fr": "FR",
    "he": "HE",
    "hi": "HI",
    "hr": "HR",
    "hu": "HU",
    "it": "ITA",
    "ja": "JA",
    "ko": "KOR",
    "lt": "LT",
    "ml": "ML",
    "nb": "NO",
    "nn": "NO",
    "no": "NO",
    "pa": "PUN",
    "pl": "POL",
    "pt": "POR",
    "ru": "RUS",
    "sk": "SK",
    "sv": "SV",
    "th": "TH",
    "tl": "TL",
    "uk": "UK",
}
# "Open" is open to anyone; a group that approves or invites its members is "Closed" to drop-ins.
OPEN_TYPE, CLOSED_TYPE = "O", "C"


@dataclass(frozen=True, slots=True)
class MeetingGuideMeeting:
    """One meeting of the feed, field for field as the spec names them; None means "omit"."""

    name: str
    slug: str
    day: int | tuple[int, ...]
    time: str
    end_time: str
    timezone: str
    types: tuple[str, ...]
    group: str
    url: str
    updated: str
    country: str
    approximate: str
    region: str | None = None
    notes: str | None = None
    group_notes: str | None = None
    conference_url: str | None = None
    conference_url_notes: str | None = None


def meeting_guide_feed(base_url: str, now: dt.datetime | None = None) -> list[MeetingGuideMeeting]:
    """Every weekly series of a group open to visitors, with an upcoming session; two statements.

    `base_url` is where visitors open the SPA (no trailing slash): `url` and `conference_url`
    are absolute links to its public group and session pages.
    """
    next_session = _next_session_id(now or utcnow())
    rows = Session.execute(
        select(SessionSeries, Group, next_session)
        .join(Group, SessionSeries.group_id == Group.id)
        .where(
            # Only groups a visitor can open: the feed's links lead to their public pages.
            open_to_visitors_filter(),
            # A cancelled or finished series has no upcoming session left, so it leaves the feed.
            next_session.is_not(None),
        )
        .order_by(SessionSeries.created_at, SessionSeries.id)
        .limit(FEED_LIMIT)
    ).all()
    return [
        _meeting(series, group, days, base_url, session_id)
        for series, group, session_id in rows
        if (days := weekly_days(series.rrule, series.local_start)) is not None
    ]


def _next_session_id(now: dt.datetime):
    """The series' next scheduled occurrence (its public page is the meeting's joining page)."""
    return (
        select(GroupSession.id)
        .where(
            GroupSession.series_id == SessionSeries.id,
            GroupSession.status == SessionStatus.SCHEDULED,
            GroupSession.starts_at > now,
        )
        .order_by(GroupSession.starts_at, GroupSession.id)
        .limit(1)
        .correlate(SessionSeries)
        .scalar_subquery()
    )


def weekly_days(rrule: str, local_start: dt.datetime) -> tuple[int, ...] | None:
    """The Meeting Guide days of a rule that repeats every week, or None for any other rule.

    Days are read in the series' own time zone (the rule runs on the wall clock there), so a
    Monday 07:00 meeting in Sydney is a Monday even though it is a Sunday in UTC.
    """
    parts = {}
    for part in rrule.upper().removeprefix("RRULE:").split(";"):
        key, _, value = part.partition("=")
        parts[key.strip()] = value.strip()
    frequency, by_day = parts.get("FREQ"), [day for day in parts.get("BYDAY", "").split(",") if day]
    if frequency not in ("WEEKLY", "DAILY") or parts.get("INTERVAL", "1") != "1":
        return None
    if NOT_WEEKLY_PARTS & parts.keys() or any(day not in RRULE_DAYS for day in by_day):
        return None  # BYDAY=1TU and the like count weeks within a month
    if by_day:
        return tuple(sorted({RRULE_DAYS[day] for day in by_day}))
    if frequency == "DAILY":
        return tuple(range(7))
    return (local_start.isoweekday() % 7,)


def meeting_slug(group_slug: str, series_id: uuid.UUID) -> str:
    """Unique (the series id) and stable (group slugs never change), at most 64 characters."""
    suffix = series_id.hex
    prefix = group_slug[: SLUG_MAX_LENGTH - len(suffix) - 1].strip("-") or "group"
    return f"{prefix}-{suffix}"


def meeting_types(group: Group) -> tuple[str, ...]:
    codes = [OPEN_TYPE if group.join_policy == JoinPolicy.OPEN else CLOSED_TYPE]
    language = LANGUAGE_TYPES.get(group.language.split("-")[0].lower())
    if language:
        codes.append(language)
    codes += [TOPIC_TYPES[topic] for topic in group.topics if topic in TOPIC_TYPES]
    return tuple(dict.fromkeys(codes))


def _meeting(
    series: SessionSeries, group: Group, days: tuple[int, ...], base_url: str, session_id: uuid.UUID
) -> MeetingGuideMeeting:
    # The series keeps its wall-clock start, so 19:00 stays 19:00 across daylight-saving changes.
    start = series.local_start
    end = start + dt.timedelta(minutes=series.duration_minutes)
    online = group.format in (GroupFormat.ONLINE, GroupFormat.HYBRID)
    return MeetingGuideMeeting(
        name=series.title,
        slug=meeting_slug(group.slug, series.id),
        day=days[0] if len(days) == 1 else days,
        time=start.strftime("%H:%M"),
        end_time=end.strftime("%H:%M"),
        timezone=series.time_zone,
        types=meeting_types(group),
        group=group.name,
        url=f"{base_url}/groups/{group.id}",
        updated=max(series.updated_at, group.updated_at).astimezone(dt.UTC).strftime(SPEC_TIMESTAMP),
        # Peerway publishes an area at most, never an address: every location is approximate.
        country=group.region,
        approximate="yes",
        region=group.area or None,
        notes=series.description or None,
        group_notes=group.description or None,
        conference_url=f"{base_url}/sessions/{session_id}" if online else None,
        conference_url_notes=ONLINE_NOTES if online else None,
    )
