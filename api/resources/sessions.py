"""Sessions: a group's schedule, the sessions I can see, and editing or cancelling them."""

import datetime as dt

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api.conditional import IF_MATCH, ensure_if_match, etag_header
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.groups import Group
from api.models.sessions import GroupSession, SessionStatus
from api.pagination import page_schema, paginate
from api.permissions import (
    VISITOR_OR_MEMBER,
    current_member,
    current_viewer,
    ensure_facilitator,
    viewable_group,
    viewable_session,
    visitors_may_read,
)
from api.schemas.sessions import (
    SessionCreateSchema,
    SessionQuerySchema,
    SessionSchema,
    SessionScopeSchema,
    SessionUpdateSchema,
    WindowSchema,
)
from api.services import groups as group_service
from api.services import sessions as scheduling
from api.services import visitors
from api.services.rsvps import lock_session, promote_waitlisted

blp = Blueprint("sessions", __name__, url_prefix="/api/v1", description="Group sessions")
SessionPageSchema = page_schema(SessionSchema, "SessionPage")
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


def _window(stmt, query):
    stmt = stmt.where(GroupSession.starts_at >= (query.get("starts_after") or utcnow()))
    if query.get("starts_before"):
        stmt = stmt.where(GroupSession.starts_at < query["starts_before"])
    return stmt


@blp.route("/groups/<uuid:group_id>/sessions")
class GroupSessions(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="listGroupSessions", security=VISITOR_OR_MEMBER)
    @blp.arguments(WindowSchema, location="query")
    @blp.response(200, SessionPageSchema)
    @documents_errors(blp, 404, 422)
    def get(self, query, group_id):
        """A group's sessions in a time window, soonest first (cancelled ones included)

        Signed out: a public group's sessions, without online link, room or anything "my".
        """
        group, _membership = viewable_group(group_id)
        stmt = _window(select(GroupSession).where(GroupSession.group_id == group.id), query)
        page = paginate(stmt, query, GroupSession.starts_at, GroupSession.id)
        viewer = current_viewer()
        if viewer is None:
            return visitors.session_page(page)
        scheduling.decorate_sessions(page["items"], viewer)
        return page

    @blp.doc(operationId="createGroupSessions")
    @idempotent(blp)
    @blp.arguments(SessionCreateSchema)
    @blp.response(201, SessionPageSchema)
    @documents_errors(blp, 403, 404, 409)
    def post(self, data, group_id):
        """Schedule a one-off session, or a recurring series with an RRULE (its facilitators)

        A series keeps the wall-clock start in its time zone, so 19:00 stays 19:00 across
        daylight-saving changes. Occurrences are created for the next 26 weeks (at most 200).
        """
        group, membership = viewable_group(group_id)
        ensure_facilitator(membership)
        starts_at, minutes = data.pop("starts_at"), data.pop("duration_minutes")
        time_zone, rule = data.pop("time_zone", group.time_zone), data.pop("rrule", None)
        if rule:
            created = scheduling.create_series(group, data, starts_at, minutes, time_zone, rule)
        else:
            created = [scheduling.create_one_off(group, data, starts_at, minutes, time_zone)]
        Session.commit()
        scheduling.decorate_sessions(created, current_member())
        return {"items": created, "next_cursor": None}, 201


@blp.route("/sessions")
class VisibleSessions(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="listSessions", security=VISITOR_OR_MEMBER)
    @blp.arguments(SessionQuerySchema, location="query")
    @blp.response(200, SessionPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """Upcoming sessions I can see, soonest first, filtered like groups

        Signed out: sessions of public groups, without online link, room or anything "my".
        """
        member = current_viewer()
        stmt = (
            select(GroupSession)
            .join(Group, GroupSession.group_id == Group.id)
            .where(
                group_service.visible_groups_filter(member), GroupSession.status == SessionStatus.SCHEDULED
            )
        )
        stmt = group_service.apply_group_filters(stmt, query, member, Session.get_bind().dialect.name)
        page = paginate(_window(stmt, query), query, GroupSession.starts_at, GroupSession.id)
        if member is None:
            return visitors.session_page(page)
        scheduling.decorate_sessions(page["items"], member)
        return page


@blp.route("/sessions/<uuid:session_id>")
class SessionById(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="getSession", security=VISITOR_OR_MEMBER)
    @blp.response(200, SessionSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 404)
    def get(self, session_id):
        """Read a session; the online link shows once your place is confirmed

        Signed out: a public group's session (others are 404), with its area but no link or room.
        """
        session, _membership = viewable_session(session_id)
        viewer = current_viewer()
        if viewer is None:
            return visitors.session_detail(session), 200, etag_header()
        scheduling.decorate_sessions([session], viewer)
        return session, 200, etag_header()

    @blp.doc(operationId="updateSession", **IF_MATCH)
    @blp.arguments(SessionScopeSchema, location="query")
    @blp.arguments(SessionUpdateSchema)
    @blp.response(200, SessionSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 403, 404, 409, 412)
    def patch(self, scope, changes, session_id):
        """Edit one session, or (scope=series) it and every later one in its series"""
        session, membership = viewable_session(session_id)
        ensure_facilitator(membership)
        scheduling.decorate_sessions([session], current_member())
        ensure_if_match(SessionSchema(), session)
        if session.is_cancelled:
            abort(409, message="This session is cancelled.")
        targets = [session]
        if scope["scope"] == "series" and session.series_id:
            targets = scheduling.future_occurrences(session.series_id, session.starts_at)
            targets = [target for target in targets if target.id == session.id or not target.is_modified]
            scheduling.update_series_template(session.series_id, changes)
        for target in targets:
            _apply_changes(target, changes, whole_series=len(targets) > 1 or scope["scope"] == "series")
        Session.commit()
        scheduling.decorate_sessions([session], current_member())
        return session, 200, etag_header()

    @blp.doc(operationId="cancelSession", **IF_MATCH)
    @blp.arguments(SessionScopeSchema, location="query")
    @blp.response(204)
    @documents_errors(blp, 403, 404, 412)
    def delete(self, scope, session_id):
        """Cancel a session, or (scope=series) it and every later one; everyone booked is told"""
        session, membership = viewable_session(session_id)
        ensure_facilitator(membership)
        scheduling.decorate_sessions([session], current_member())
        ensure_if_match(SessionSchema(), session)
        targets = [session]
        if scope["scope"] == "series" and session.series_id:
            targets = scheduling.future_occurrences(session.series_id, session.starts_at)
            scheduling.end_series(session.series_id)
        scheduling.cancel_sessions([target for target in targets if not target.is_cancelled], reason="")
        Session.commit()


def _apply_changes(session: GroupSession, changes: dict, whole_series: bool) -> None:
    """Apply one edit to one occurrence; moving it tells everyone booked; more seats promote."""
    lock_session(session.id)
    changes = dict(changes)
    previous_start = session.starts_at
    if "starts_at" in changes:
        new_start = changes.pop("starts_at")
        if whole_series:  # keep each occurrence's date, take the new wall-clock time
            local_time = scheduling.to_local(new_start, session.time_zone).time()
            local_date = scheduling.to_local(session.starts_at, session.time_zone).date()
            new_start = scheduling.to_utc(dt.datetime.combine(local_date, local_time), session.time_zone)
        session.starts_at = new_start
    minutes = changes.pop("duration_minutes", None)
    duration = dt.timedelta(minutes=minutes) if minutes else session.ends_at - previous_start
    session.ends_at = session.starts_at + duration
    if "capacity" in changes and changes["capacity"] < session.confirmed_count:
        abort(
            409,
            message=f"{session.confirmed_count} people already have a place; capacity cannot go below that.",
        )
    for field, value in changes.items():
        setattr(session, field, value)
    session.is_modified = session.is_modified or not whole_series
    session.updated_at = utcnow()
    Session.flush()
    promote_waitlisted(session)
    if session.starts_at != previous_start:
        scheduling.notify_moved(session, previous_start)
