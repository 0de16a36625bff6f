"""Calendars: one session as .ics, and a member's secret, revocable personal feed."""

import datetime as dt
import secrets

from flask import current_app, request
from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import delete, select

from api import privacy
from api.db import Session, utcnow
from api.errors import documents_errors
from api.models.members import Member
from api.models.sessions import CalendarFeed, GroupSession, Rsvp
from api.permissions import current_member, viewable_session
from api.schemas.calendars import CalendarFeedSchema, CalendarFeedStatusSchema, CalendarTokenQuerySchema
from api.services.calendars import calendar_for, token_hash
from api.services.rsvps import ACTIVE
from api.services.sessions import decorate_sessions

blp = Blueprint("calendars", __name__, url_prefix="/api/v1", description="Calendar feeds")
ICS = {
    "content": {
        "text/calendar": {"schema": {"type": "string"}, "example": "BEGIN:VCALENDAR\r\n...END:VCALENDAR\r\n"}
    }
}
FEED_LOOKBACK = dt.timedelta(days=60)
FEED_LIMIT = 500


def _ics_response(body: bytes, filename: str):
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@blp.route("/sessions/<uuid:session_id>/calendar.ics")
class SessionCalendar(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getSessionCalendar", responses={"200": {"description": "iCalendar file", **ICS}})
    @documents_errors(blp, 404)
    def get(self, session_id):
        """One session as an iCalendar file"""
        session, _membership = viewable_session(session_id)
        decorate_sessions([session], current_member())
        return _ics_response(calendar_for([session], session.title), "peerway-session.ics")


@blp.route("/members/me/calendar.ics")
class PersonalCalendar(MethodView):
    @blp.doc(
        operationId="getPersonalCalendarFeed",
        security=[],
        responses={"200": {"description": "iCalendar feed of my bookings", **ICS}},
    )
    @blp.arguments(CalendarTokenQuerySchema, location="query")
    @documents_errors(blp, 404)
    def get(self, query):
        """My bookings as a calendar feed, for calendar apps (secret token in the URL, no sign-in)"""
        feed = Session.scalars(
            select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(query["token"]))
        ).first()
        if feed is None:
            abort(404, message="No calendar feed for this token; it may have been revoked.")
        member = Session.get(Member, feed.member_id)
        sessions = list(
            Session.scalars(
                select(GroupSession)
                .join(Rsvp, Rsvp.session_id == GroupSession.id)
                .where(
                    Rsvp.member_id == member.id,
                    Rsvp.status.in_(ACTIVE),
                    GroupSession.starts_at > utcnow() - FEED_LOOKBACK,
                )
                .order_by(GroupSession.starts_at)
                .limit(FEED_LIMIT)
            )
        )
        decorate_sessions(sessions, member)
        response = _ics_response(calendar_for(sessions, "Peerway sessions"), "peerway.ics")
        response.headers["Cache-Control"] = "private, max-age=300"
        return response


@blp.route("/members/me/calendar-feed")
class CalendarFeedToken(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getCalendarFeedStatus")
    @blp.response(200, CalendarFeedStatusSchema)
    @documents_errors(blp, 401)
    def get(self):
        """Whether I have a personal feed, and since when (its URL is only shown when created)"""
        feed = Session.get(CalendarFeed, current_member().id)
        return {"exists": feed is not None, "created_at": feed.created_at if feed else None}

    @blp.doc(operationId="createCalendarFeed")
    @blp.response(201, CalendarFeedSchema)
    @documents_errors(blp, 401)
    def post(self):
        """Create (or replace) my personal feed URL; any earlier URL stops working"""
        member = current_member()
        token = secrets.token_urlsafe(32)
        Session.execute(delete(CalendarFeed).where(CalendarFeed.member_id == member.id))
        Session.add(CalendarFeed(member_id=member.id, token_hash=token_hash(token)))
        Session.commit()
        url = f"{request.host_url.rstrip('/')}/api/v1/members/me/calendar.ics?token={token}"
        return {"url": url, "token": token, "created_at": utcnow()}, 201

    @blp.doc(operationId="revokeCalendarFeed")
    @blp.response(204)
    @documents_errors(blp, 404)
    def delete(self):
        """Revoke my personal feed URL"""
        deleted = Session.execute(
            delete(CalendarFeed).where(CalendarFeed.member_id == current_member().id)
        ).rowcount
        if not deleted:
            abort(404, message="You have no calendar feed.")
        Session.commit()


def _export_calendar_feed(member) -> dict | None:
    feed = Session.get(CalendarFeed, member.id)
    return {"created_at": feed.created_at.isoformat(), "token": "(secret, not exported)"} if feed else None


privacy.register(privacy.PersonalData("calendar_feed", ("calendar_feeds",), _export_calendar_feed))
