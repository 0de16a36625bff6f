"""Coaching relationships: a member asks a coach, a coach invites a member, admins assign."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import or_, select

from api import privacy
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.coaching_plans import OPEN_RELATIONSHIP, CoachingRelationship, RelationshipStatus
from api.models.members import Member, Role
from api.pagination import PageArgsSchema, page_schema, paginate, paginate_newest_first
from api.permissions import current_member
from api.schemas.coaching_plans import (
    RelationshipActionSchema,
    RelationshipCreateSchema,
    RelationshipQuerySchema,
    RelationshipSchema,
)
from api.schemas.members import PublicProfileSchema
from api.services.audit import audit
from api.services.coach_messages_reads import unread_counts
from api.services.coaching import decorate_relationships

blp = Blueprint(
    "coaching_relationships", __name__, url_prefix="/api/v1", description="Coaching relationships"
)
RelationshipPageSchema = page_schema(RelationshipSchema, "CoachingRelationshipPage")
CoachPageSchema = page_schema(PublicProfileSchema, "CoachPage")


@blp.route("/coaches")
class Coaches(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listCoaches")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, CoachPageSchema)
    @documents_errors(blp, 422)
    def get(self, page_args):
        """Peer recovery coaches you can ask to walk beside you (public profiles)"""
        return paginate(
            select(Member).where(Member.role == Role.COACH), page_args, Member.display_name, Member.id
        )


@blp.route("/coaching-relationships")
class Relationships(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listCoachingRelationships")
    @blp.arguments(RelationshipQuerySchema, location="query")
    @blp.response(200, RelationshipPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """My coaching relationships, as a member or as a coach (the coach's dashboard)

        For a coach, each active relationship carries the member's last check-in and latest risk
        signal of the last 14 days.
        """
        me = current_member()
        mine = (
            CoachingRelationship.coach_id == me.id
            if query.get("as_coach")
            else or_(CoachingRelationship.member_id == me.id, CoachingRelationship.coach_id == me.id)
        )
        stmt = select(CoachingRelationship).where(mine)
        if query.get("status"):
            stmt = stmt.where(CoachingRelationship.status == query["status"])
        page = paginate_newest_first(stmt, CoachingRelationship, query)
        _decorate(page["items"], me)
        return page

    @blp.doc(operationId="createCoachingRelationship")
    @idempotent(blp)
    @blp.arguments(RelationshipCreateSchema)
    @blp.response(201, RelationshipSchema)
    @documents_errors(blp, 403, 409, 422)
    def post(self, data):
        """Ask a coach (member), invite a member (coach), or assign both (admin)

        A request or invitation waits for the other side to accept; an admin's assignment is
        active at once. There is at most one open relationship per member and coach (409).
        """
        me = current_member()
        member_id, coach_id, initiated_by, status = _parties(me, data)
        coach, member = Session.get(Member, coach_id), Session.get(Member, member_id)
        if coach is None or not coach.has_role(Role.COACH):
            abort(422, errors={"coach_id": ["That is not a peer coach."]})
        if member is None or member_id == coach_id:
            abort(422, errors={"member_id": ["No such member."]})
        if _open_between(member_id, coach_id):
            abort(409, message="There is already an open request or relationship between you.")
        relationship = CoachingRelationship(
            member_id=member_id,
            coach_id=coach_id,
            status=status,
            initiated_by=initiated_by,
            started_at=utcnow() if status == RelationshipStatus.ACTIVE else None,
        )
        Session.add(relationship)
        if initiated_by == "admin":
            audit("coaching.assigned", "coaching_relationship", relationship.id)
        Session.commit()
        _decorate([relationship], me)
        return relationship, 201


@blp.route("/coaching-relationships/<uuid:relationship_id>")
class RelationshipById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="updateCoachingRelationship")
    @blp.arguments(RelationshipActionSchema)
    @blp.response(200, RelationshipSchema)
    @documents_errors(blp, 403, 404, 409)
    def patch(self, data, relationship_id: uuid.UUID):
        """Accept or decline (the side that was asked), or end (either side, or an admin)"""
        me = current_member()
        relationship = Session.get(CoachingRelationship, relationship_id)
        parties = relationship and {relationship.member_id, relationship.coach_id}
        if relationship is None or (me.id not in parties and not me.has_role(Role.ADMIN)):
            abort(404, message="No such coaching relationship.")
        _apply(data["action"], relationship, me)
        Session.commit()
        _decorate([relationship], me)
        return relationship


def _decorate(relationships: list[CoachingRelationship], me: Member) -> None:
    """The coach dashboard's data, and each conversation's unread messages for me (one query)."""
    decorate_relationships(relationships, me)
    unread = unread_counts([rel.id for rel in relationships], me)
    for rel in relationships:
        rel.unread_messages = unread.get(rel.id, 0)


def _parties(me: Member, data: dict) -> tuple[uuid.UUID, uuid.UUID, str, str]:
    if me.has_role(Role.ADMIN) and data.get("member_id") and data.get("coach_id"):
        return data["member_id"], data["coach_id"], "admin", RelationshipStatus.ACTIVE.value
    if data.get("coach_id"):
        return me.id, data["coach_id"], "member", RelationshipStatus.REQUESTED.value
    if not me.has_role(Role.COACH):
        abort(403, message="Only peer coaches can invite members.")
    return data["member_id"], me.id, "coach", RelationshipStatus.INVITED.value


def _open_between(member_id: uuid.UUID, coach_id: uuid.UUID) -> bool:
    return (
        Session.scalars(
            select(CoachingRelationship.id).where(
                CoachingRelationship.member_id == member_id,
                CoachingRelationship.coach_id == coach_id,
                CoachingRelationship.status.in_(OPEN_RELATIONSHIP),
            )
        ).first()
        is not None
    )


def _apply(action: str, relationship: CoachingRelationship, me: Member) -> None:
    if action == "end":
        if relationship.status not in OPEN_RELATIONSHIP:
            abort(409, message="This relationship has already ended.")
        relationship.status, relationship.ended_at, relationship.ended_by_id = "ended", utcnow(), me.id
        return
    waiting_on = {
        RelationshipStatus.REQUESTED: relationship.coach_id,
        RelationshipStatus.INVITED: relationship.member_id,
    }
    if relationship.status not in waiting_on:
        abort(409, message="Only a pending request or invitation can be accepted or declined.")
    if waiting_on[relationship.status] != me.id:
        abort(403, message="Only the person who was asked can answer.")
    if action == "accept":
        relationship.status, relationship.started_at = RelationshipStatus.ACTIVE.value, utcnow()
    else:
        relationship.status = RelationshipStatus.DECLINED.value


def _export(member: Member) -> list[dict]:
    relationships = Session.scalars(
        select(CoachingRelationship).where(
            or_(CoachingRelationship.member_id == member.id, CoachingRelationship.coach_id == member.id)
        )
    )
    return [
        {
            "id": str(rel.id),
            "role": "member" if rel.member_id == member.id else "coach",
            "status": rel.status,
            "started_at": rel.started_at and rel.started_at.isoformat(),
            "ended_at": rel.ended_at and rel.ended_at.isoformat(),
        }
        for rel in relationships
    ]


privacy.register(privacy.PersonalData("coaching_relationships", ("coaching_relationships",), _export))
