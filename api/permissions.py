"""Who may do what: named checks called at the top of a view."""

import uuid
from functools import wraps

from flask import g, request
from flask_jwt_extended import get_current_user, verify_jwt_in_request
from flask_smorest import abort

from api.db import Session
from api.models.coaching_plans import CoachingPlan
from api.models.groups import Group, Membership
from api.models.members import Member, Role
from api.models.sessions import GroupSession
from api.ratelimits import ensure_visitor_read_allowed
from api.services.audit import record_access

# The security of a read that signed-out visitors may make: no token, or a member's token.
VISITOR_OR_MEMBER = [{}, {"bearerAuth": []}]


def current_member() -> Member:
    """The signed-in member (the view must be behind `jwt_required`).

    The object itself, not flask-jwt-extended's `current_user` proxy: every attribute read through
    the proxy looks the user up again, about 85 times a request once serialization is counted."""
    return get_current_user()


def current_viewer() -> Member | None:
    """The signed-in member, or None for a signed-out visitor (views behind `visitors_may_read`)."""
    return get_current_user()


def visitors_may_read(view):
    """GET without a token answers as a signed-out visitor; every other method needs a member's token.

    A credential that is sent must be valid: flask-jwt-extended's `optional=True` reads an
    Authorization header it cannot parse (`Basic ...`, a bare `Bearer`) as no token at all, so
    here any Authorization header makes the token required. An invalid, expired or revoked token is
    a 401, never silently the visitor's answer. Visitors' reads are rate limited per address.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        g.visitor_readable = request.method in ("GET", "HEAD")
        anonymous_allowed = g.visitor_readable and "Authorization" not in request.headers
        verify_jwt_in_request(optional=anonymous_allowed)
        if current_viewer() is None:
            ensure_visitor_read_allowed()
            g.answered_visitor = True
        return view(*args, **kwargs)

    return wrapper


def require_role(*roles: str):
    """Allow the view only to members holding one of `roles`; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_member().has_role(*roles):
                abort(403, message="Your role does not allow this.")
            return view(*args, **kwargs)

        return wrapper

    return decorator


def _visible(group_id: uuid.UUID) -> tuple[Group, Membership | None] | None:
    from api.services.groups import can_view, membership_of

    group = Session.get(Group, group_id)
    if group is None:
        return None
    viewer = current_viewer()
    membership = membership_of(group_id, viewer) if viewer is not None else None
    return (group, membership) if can_view(group, membership, viewer) else None


# Methods that add to or change a group (DELETE stays possible: archiving again, leaving).
CHANGES = ("POST", "PUT", "PATCH")


def viewable_group(group_id: uuid.UUID, *, changes_group: bool = True) -> tuple[Group, Membership | None]:
    """The group and the viewer's membership; 404 when the viewer may not see the group, and 409
    for a change to an archived one (`changes_group=False` when the request only refers to it)."""
    found = _visible(group_id)
    if found is None:
        abort(404, message="No group with that id.")
    if changes_group and request.method in CHANGES:
        ensure_open(found[0])
    return found


def ensure_open(group: Group) -> None:
    """An archived group keeps its history readable to its facilitators, and takes no changes."""
    if group.is_archived:
        abort(409, message="This group is archived: it takes no more changes.")


def ensure_facilitator(membership: Membership | None) -> None:
    """Facilitators of this group (and admins) only; others get 403."""
    if current_member().has_role(Role.ADMIN):
        return
    if membership is None or not membership.is_facilitator:
        abort(403, message="Only this group's facilitators can do this.")


def ensure_active_member(membership: Membership | None) -> None:
    """Approved, not removed, members of this group (and admins) only; others get 403."""
    if current_member().has_role(Role.ADMIN):
        return
    if membership is None or not membership.is_active:
        abort(403, message="Only members of this group can do this.")


def viewable_session(session_id: uuid.UUID) -> tuple[GroupSession, Membership | None]:
    """The session and the viewer's membership of its group; 404 when the group is hidden."""
    session = Session.get(GroupSession, session_id)
    found = _visible(session.group_id) if session is not None else None
    if found is None:
        abort(404, message="No session with that id.")
    if request.method in CHANGES:
        ensure_open(found[0])
    return session, found[1]


def ensure_not_banned(member: Member) -> None:
    if member.banned_at is not None:
        abort(403, message="This account is suspended. You can appeal from the notice you were sent.")


def viewable_plan(plan_id: uuid.UUID) -> tuple[CoachingPlan, bool]:
    """The plan and whether the viewer is its member's coach; 404 for everyone else.

    Only the member and a coach with an active relationship may see it: not a former coach, a
    facilitator, or an admin.
    """
    from api.services.coaching import has_active_coach

    plan = Session.get(CoachingPlan, plan_id)
    me = current_member()
    if plan is not None and plan.member_id == me.id:
        return plan, False
    if plan is not None and has_active_coach(plan.member_id, me.id):
        if request.method == "GET":
            record_access(plan.member_id, me, "coach", plan.id)
        return plan, True
    abort(404, message="No coaching plan with that id.")
