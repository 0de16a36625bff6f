"""Booking: RSVP and waitlist, attendance, and a member's own sessions."""

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api import privacy
from api.db import Session, utcnow
from api.errors import documents_errors
from api.models.sessions import Attendance, GroupSession, Rsvp, RsvpStatus
from api.pagination import page_schema, paginate
from api.permissions import current_member, ensure_active_member, ensure_facilitator, viewable_session
from api.schemas.sessions import (
    AttendanceSchema,
    AttendeeQuerySchema,
    AttendeeSchema,
    MySessionsQuerySchema,
    RsvpSchema,
)
from api.services import rsvps as booking
from api.services.groups import ensure_current_guidelines_accepted
from api.services.sessions import decorate_sessions
from api.services.webhooks import publish_attended

blp = Blueprint("rsvps", __name__, url_prefix="/api/v1", description="Booking and attendance")
AttendeePageSchema = page_schema(AttendeeSchema, "AttendeePage")
RsvpPageSchema = page_schema(RsvpSchema, "RsvpPage")


@blp.route("/sessions/<uuid:session_id>/rsvp")
class MyRsvp(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="rsvpToSession")
    @blp.response(200, RsvpSchema)
    @documents_errors(blp, 403, 404, 409)
    def put(self, session_id):
        """Book a place: confirmed if one is free, else you join the waitlist

        Needs an approved, unmuted membership and acceptance of the group's current guidelines
        (409 with `errors.accepted_guidelines_version` when they changed). Repeating it is harmless.
        """
        session, membership = viewable_session(session_id)
        ensure_active_member(membership)
        if membership is not None and membership.is_muted_now:
            abort(403, message="You are muted in this group and cannot book sessions for now.")
        if session.is_cancelled or session.has_ended():
            abort(409, message="This session is no longer open for booking.")
        if membership is not None:
            ensure_current_guidelines_accepted(session.group, membership)
        rsvp = booking.book(session, current_member().id)
        Session.commit()
        return _with_details(rsvp)

    @blp.doc(operationId="cancelRsvp")
    @blp.response(204)
    @documents_errors(blp, 404)
    def delete(self, session_id):
        """Give up your place or leave the waitlist; the first waiting member gets the place"""
        session, _membership = viewable_session(session_id)
        rsvp = booking.rsvp_of(session.id, current_member().id)
        if rsvp is None or rsvp.status not in booking.ACTIVE:
            abort(404, message="You have no booking for this session.")
        booking.cancel(session, rsvp)
        Session.commit()


@blp.route("/sessions/<uuid:session_id>/attendees")
class Attendees(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listSessionAttendees")
    @blp.arguments(AttendeeQuerySchema, location="query")
    @blp.response(200, AttendeePageSchema)
    @documents_errors(blp, 403, 404)
    def get(self, query, session_id):
        """Who booked and who is waiting, in booking order (this group's facilitators)"""
        session, membership = viewable_session(session_id)
        ensure_facilitator(membership)
        statuses = [query["status"]] if query.get("status") else list(booking.ACTIVE)
        stmt = select(Rsvp).where(Rsvp.session_id == session.id, Rsvp.status.in_(statuses))
        page = paginate(stmt, query, Rsvp.requested_at, Rsvp.id)
        positions = booking.waitlist_positions(page["items"])
        for rsvp in page["items"]:
            rsvp.waitlist_position = positions.get(rsvp.id)
        return page


@blp.route("/sessions/<uuid:session_id>/attendance")
class AttendanceRecord(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="recordAttendance")
    @blp.arguments(AttendanceSchema)
    @blp.response(200, AttendeeSchema)
    @documents_errors(blp, 403, 404, 409)
    def post(self, data, session_id):
        """Check yourself in during the session, or (facilitators) mark attendance or a no-show"""
        session, membership = viewable_session(session_id)
        me = current_member()
        member_id = data.get("member_id") or me.id
        if member_id != me.id:
            ensure_facilitator(membership)
        elif not _can_self_check_in(session):
            opens, closes = booking.check_in_window(session)
            abort(409, message=f"Check-in is open from {opens.isoformat()} to {closes.isoformat()}.")
        rsvp = booking.rsvp_of(session.id, member_id)
        if rsvp is None or rsvp.status != RsvpStatus.CONFIRMED:
            abort(404, message="No confirmed place for that member in this session.")
        newly_attended = data["attended"] and rsvp.attendance != Attendance.ATTENDED
        rsvp.attendance = (Attendance.ATTENDED if data["attended"] else Attendance.NO_SHOW).value
        rsvp.checked_in_at = utcnow() if data["attended"] else None
        if newly_attended:
            publish_attended(rsvp)
        Session.commit()
        rsvp.waitlist_position = None
        return rsvp


@blp.route("/members/me/sessions")
class MySessions(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listMySessions")
    @blp.arguments(MySessionsQuerySchema, location="query")
    @blp.response(200, RsvpPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """My bookings: upcoming (soonest first) or past (latest first)"""
        member = current_member()
        now = utcnow()
        upcoming = query["when"] == "upcoming"
        stmt = (
            select(Rsvp)
            .join(GroupSession, Rsvp.session_id == GroupSession.id)
            .where(
                Rsvp.member_id == member.id,
                Rsvp.status.in_(booking.ACTIVE),
                GroupSession.ends_at > now if upcoming else GroupSession.ends_at <= now,
            )
        )
        page = paginate(
            stmt,
            query,
            GroupSession.starts_at,
            Rsvp.id,
            descending=not upcoming,
            cursor_of=lambda rsvp: (rsvp.session.starts_at, rsvp.id),
        )
        positions = booking.waitlist_positions(page["items"])
        decorate_sessions([rsvp.session for rsvp in page["items"]], member)
        for rsvp in page["items"]:
            rsvp.waitlist_position = positions.get(rsvp.id)
        return page


def _can_self_check_in(session: GroupSession) -> bool:
    opens, closes = booking.check_in_window(session)
    return opens <= utcnow() <= closes


def _with_details(rsvp: Rsvp) -> Rsvp:
    rsvp.waitlist_position = booking.waitlist_positions([rsvp]).get(rsvp.id)
    decorate_sessions([rsvp.session], current_member())
    return rsvp


def _export_rsvps(member) -> list[dict]:
    rsvps = Session.scalars(select(Rsvp).where(Rsvp.member_id == member.id).order_by(Rsvp.created_at))
    return [
        {
            "session_id": str(rsvp.session_id),
            "session_title": rsvp.session.title,
            "starts_at": rsvp.session.starts_at.isoformat(),
            "status": rsvp.status,
            "attendance": rsvp.attendance,
            "requested_at": rsvp.requested_at.isoformat(),
        }
        for rsvp in rsvps
    ]


def _erase_rsvps(member) -> None:
    """Upcoming bookings are cancelled (the waitlist moves up) and deleted; past ones stay,
    anonymised by the foreign key (SET NULL), so sessions keep their attendance counts."""
    upcoming = Session.scalars(
        select(Rsvp)
        .join(GroupSession, Rsvp.session_id == GroupSession.id)
        .where(Rsvp.member_id == member.id, GroupSession.ends_at > utcnow())
    )
    for rsvp in list(upcoming):
        if rsvp.status in booking.ACTIVE:
            booking.cancel(rsvp.session, rsvp)
        Session.delete(rsvp)
    Session.flush()


privacy.register(
    privacy.PersonalData("session_bookings", ("rsvps", "reminder_deliveries"), _export_rsvps, _erase_rsvps)
)
