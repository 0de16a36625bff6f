"""Groups: find them, read them, and (facilitators) create, edit and archive them."""

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api.conditional import IF_MATCH, ensure_if_match, etag_header
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.groups import Group, GroupFormat, GroupRole, Membership, MembershipStatus
from api.models.members import Role
from api.models.notifications import NotificationKind
from api.pagination import page_schema, paginate_newest_first
from api.permissions import (
    VISITOR_OR_MEMBER,
    current_member,
    current_viewer,
    ensure_facilitator,
    require_role,
    viewable_group,
    visitors_may_read,
)
from api.schemas.groups import (
    GroupDetailSchema,
    GroupQuerySchema,
    GroupSchema,
    GroupUpdateSchema,
    GroupWriteSchema,
    GuidelinesSchema,
    GuidelinesWriteSchema,
)
from api.services import groups as group_service
from api.services import visitors
from api.services.notifications import notify
from api.services.sessions import cancel_future_sessions

blp = Blueprint("groups", __name__, url_prefix="/api/v1/groups", description="Peer support groups")
GroupPageSchema = page_schema(GroupSchema, "GroupPage")
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


@blp.route("")
class Groups(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="listGroups", security=VISITOR_OR_MEMBER)
    @blp.arguments(GroupQuerySchema, location="query")
    @blp.response(200, GroupPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """Find groups: public ones, and private ones you belong to

        `q` searches names and descriptions; the other filters narrow the list. Newest first.
        Signed out: public groups open to join or ask to join, without member-only fields.
        """
        member = current_viewer()
        stmt = select(Group).where(group_service.visible_groups_filter(member))
        dialect = Session.get_bind().dialect.name
        stmt = group_service.apply_group_filters(stmt, query, member, dialect)
        page = paginate_newest_first(stmt, Group, query)
        if member is None:
            return visitors.group_page(page)
        group_service.decorate_groups(page["items"], member)
        return page

    @blp.doc(operationId="createGroup")
    @idempotent(blp)
    @blp.arguments(GroupWriteSchema)
    @blp.response(201, GroupDetailSchema)
    @documents_errors(blp, 403, 409)
    @require_role(Role.FACILITATOR, Role.ADMIN)
    def post(self, data):
        """Create a group (facilitators and admins); you become its facilitator"""
        guidelines = data.pop("guidelines")
        topics = data.pop("topics")
        group = Group(id=uuid.uuid4(), slug=group_service.unique_slug(data["name"]), **data)
        group.topics = topics
        Session.add(group)
        group_service.publish_guidelines(group, guidelines)
        membership = Membership(
            group_id=group.id,
            member_id=current_member().id,
            status=MembershipStatus.ACTIVE.value,
            role=GroupRole.FACILITATOR.value,
            accepted_guidelines_version=group.guidelines_version,
        )
        Session.add(membership)
        Session.commit()
        return _decorated(group, membership), 201, {"Location": f"/api/v1/groups/{group.id}"}


@blp.route("/<uuid:group_id>")
class GroupById(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="getGroup", security=VISITOR_OR_MEMBER)
    @blp.response(200, GroupDetailSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 404)
    def get(self, group_id):
        """Read a group; the full address is shown to its members only

        Signed out: public groups only (others are 404), without facilitators or anything "my".
        """
        group, membership = viewable_group(group_id)
        if current_viewer() is None:
            return visitors.group_detail(group), 200, etag_header()
        return _detail(group, membership)

    @blp.doc(operationId="updateGroup", **IF_MATCH)
    @blp.arguments(GroupUpdateSchema)
    @blp.response(200, GroupDetailSchema, headers=ETAG_HEADER)
    @documents_errors(blp, 403, 404, 409, 412)
    def patch(self, changes, group_id):
        """Edit a group (its facilitators)"""
        group, membership = viewable_group(group_id)
        ensure_facilitator(membership)
        ensure_if_match(GroupDetailSchema(), _decorated(group, membership))
        if "topics" in changes:
            group.topics = changes.pop("topics")
        for field, value in changes.items():
            setattr(group, field, value)
        if group.format in (GroupFormat.IN_PERSON, GroupFormat.HYBRID) and not group.area:
            abort(422, errors={"area": ["In-person and hybrid groups need a public area."]})
        group.updated_at = utcnow()
        Session.commit()
        return _detail(group, membership)

    @blp.doc(operationId="archiveGroup", **IF_MATCH)
    @blp.response(204)
    @documents_errors(blp, 403, 404, 412)
    def delete(self, group_id):
        """Archive a group (its facilitators); future sessions are cancelled and attendees told"""
        group, membership = viewable_group(group_id)
        ensure_facilitator(membership)
        ensure_if_match(GroupDetailSchema(), _decorated(group, membership))
        group.archived_at = utcnow()
        cancel_future_sessions(group, reason="The group has closed.")
        Session.commit()


@blp.route("/<uuid:group_id>/guidelines")
class Guidelines(MethodView):
    decorators = [visitors_may_read]

    @blp.doc(operationId="getGroupGuidelines", security=VISITOR_OR_MEMBER)
    @blp.response(200, GuidelinesSchema)
    @documents_errors(blp, 404)
    def get(self, group_id):
        """Read the group's current guidelines and their version (signed out: public groups)"""
        group, _membership = viewable_group(group_id)
        return group_service.current_guidelines(group)

    @blp.doc(operationId="replaceGroupGuidelines")
    @blp.arguments(GuidelinesWriteSchema)
    @blp.response(200, GuidelinesSchema)
    @documents_errors(blp, 403, 404, 409)
    def put(self, data, group_id):
        """Publish new guidelines (its facilitators); members accept them before their next RSVP"""
        group, membership = viewable_group(group_id)
        ensure_facilitator(membership)
        guidelines = group_service.publish_guidelines(group, data["text"])
        me = current_member().id
        if membership is not None:
            membership.accepted_guidelines_version = group.guidelines_version
        notify(
            (member_id for member_id in group_service.active_member_ids(group.id) if member_id != me),
            NotificationKind.GUIDELINES_CHANGED,
            title=f"New guidelines for {group.name}",
            body="The group's guidelines changed. Please read and accept them before your next booking.",
            link=f"/groups/{group.id}",
            group_id=str(group.id),
            version=group.guidelines_version,
        )
        Session.commit()
        return guidelines


def _decorated(group: Group, membership: Membership | None) -> Group:
    """Attach what the detail shows: facilitators, next session, and the address for members."""
    group_service.decorate_groups([group], current_member())
    is_member = (membership is not None and membership.is_active) or current_member().has_role(Role.ADMIN)
    group.visible_address = group.address if is_member else None
    return group


def _detail(group: Group, membership: Membership | None):
    group = _decorated(group, membership)
    return group, 200, etag_header()
