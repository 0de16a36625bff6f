"""Public feeds for meeting-finder apps: public groups' weekly sessions in Meeting Guide JSON."""

import datetime as dt

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from api.db import Session
from api.errors import documents_errors
from api.models.groups import Group, GroupFormat, JoinPolicy, Visibility
from api.models.sessions import SessionSeries
from api.schemas.feeds import MeetingGuideEntrySchema

blp = Blueprint("feeds", __name__, url_prefix="/api/v1/feeds", description="Public feeds")
WEEKDAYS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}
FEED_LIMIT = 5000
TOPIC_TYPES = {"lgbtq": "LGBTQ", "young_people": "Y"}


@blp.route("/meeting-guide.json")
class MeetingGuide(MethodView):
    @blp.doc(operationId="getMeetingGuideFeed", security=[])
    @blp.response(200, MeetingGuideEntrySchema(many=True))
    @documents_errors(blp, 429)
    def get(self):
        """Public groups' weekly sessions in the Meeting Guide format (code4recovery)

        No online links and no street addresses: those are for the group's members. The area
        is given as `formatted_address` for in-person meetings.
        """
        rows = Session.execute(
            select(SessionSeries, Group)
            .join(Group, SessionSeries.group_id == Group.id)
            .where(
                Group.visibility == Visibility.PUBLIC,
                Group.archived_at.is_(None),
                SessionSeries.materialized_until > dt.datetime.now(dt.UTC),
            )
            .order_by(SessionSeries.created_at, SessionSeries.id)
            .limit(FEED_LIMIT)
        ).all()
        return [entry for series, group in rows if (entry := meeting_entry(series, group))]


def meeting_entry(series: SessionSeries, group: Group) -> dict | None:
    """One Meeting Guide entry, or None when the series is not weekly or daily."""
    rule = dict(part.split("=", 1) for part in series.rrule.upper().split(";") if "=" in part)
    if rule.get("FREQ") == "DAILY" and "BYDAY" not in rule:
        days = list(range(7))
    elif rule.get("FREQ") in ("WEEKLY", "DAILY"):
        by_day = rule.get("BYDAY") or series.local_start.strftime("%a").upper()[:2]
        days = sorted({WEEKDAYS[day[-2:]] for day in by_day.split(",") if day[-2:] in WEEKDAYS})
    else:
        return None
    end = series.local_start + dt.timedelta(minutes=series.duration_minutes)
    types = ["O" if group.join_policy == JoinPolicy.OPEN else "C"]
    if group.format in (GroupFormat.ONLINE, GroupFormat.HYBRID):
        types.append("ONL")
    types += [TOPIC_TYPES[topic] for topic in group.topics if topic in TOPIC_TYPES]
    entry = {
        "name": series.title if series.title != group.name else group.name,
        "slug": f"{group.slug[:50]}-{series.id.hex[:12]}",
        "day": days[0] if len(days) == 1 else days,
        "time": series.local_start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "timezone": series.time_zone,
        "types": types,
        "notes": group.description,
        "group": group.name,
        "url": f"{request.host_url.rstrip('/')}/groups/{group.id}",
        "updated": series.updated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }
    if group.format != GroupFormat.ONLINE and group.area:
        entry["formatted_address"] = f"{group.area}, {group.region}"
    if group.format != GroupFormat.IN_PERSON:
        entry["conference_url_notes"] = "Join the group on Peerway to receive the link."
    return entry
