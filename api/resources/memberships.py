"""Joining and leaving groups, the member list, facilitator decisions and invitations."""

import datetime as dt
import hashlib
import secrets
import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select, update

from api import privacy
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.groups import Group, GroupRole, Invitation, JoinPolicy, Membership, MembershipStatus
from api.models.notifications import NotificationKind
from api.pagination import page_schema, paginate
from api.permissions import current_member, ensure_active_member, ensure_facilitator, viewable_group
from api.schemas.groups import (
    AcceptGuidelinesSchema,
    InvitationCreateSchema,
    InvitationSchema,
    JoinSchema,
    MembershipActionSchema,
    MembershipQuerySchema,
    MembershipSchema,
)
from api.services.audit import audit
from api.services.groups import can_view, end_membership, membership_of
from api.services.notifications import notify
from api.services.rsvps import cancel_member_bookings

blp = Blueprint("memberships", __name__, url_prefix="/api/v1/groups", description="Group memberships")
MembershipPageSchema = page_schema(MembershipSchema, "MembershipPage")


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().lower().encode()).hexdigest()


@blp.route("/<uuid:group_id>/memberships")
class Join(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="joinGroup")
    @blp.arguments(JoinSchema)
    @blp.response(201, MembershipSchema)
    @documents_errors(blp, 403, 404, 409)
    def post(self, data, group_id):
        """Join a group, accepting its current guidelines

        Open groups admit at once; approval groups create a pending request; invite-only groups
        need a valid invitation code.
        """
        group, membership, visible = _group_to_join(group_id, data.get("invitation_code"))
        if membership is not None and membership.status in (
            MembershipStatus.ACTIVE,
            MembershipStatus.PENDING,
        ):
            abort(409, message="You are already a member, or your request is waiting for a decision.")
        if membership is not None and membership.status == MembershipStatus.REMOVED:
            abort(403, message="You were removed from this group. Contact its facilitators.")
        # The code is checked first: nothing about a private group (not even its guidelines
        # version) is told to someone without a valid invitation. A refusal below rolls it back.
        status = _admission(group.join_policy, group.id, data.get("invitation_code"), visible)
        if data["accepted_guidelines_version"] != group.guidelines_version:
            abort(
                409,
                message=f"Read and accept the current guidelines (version {group.guidelines_version}).",
                errors={
                    "accepted_guidelines_version": [f"The current version is {group.guidelines_version}."]
                },
            )
        if membership is None:
            membership = Membership(group_id=group.id, member_id=current_member().id, status=status)
            Session.add(membership)
        membership.status, membership.role, membership.is_muted = status, GroupRole.MEMBER.value, False
        membership.accepted_guidelines_version = group.guidelines_version
        Session.commit()
        return membership, 201


@blp.route("/<uuid:group_id>/memberships/me")
class MyMembership(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="leaveGroup")
    @blp.response(204)
    @documents_errors(blp, 404)
    def delete(self, group_id):
        """Leave a group (or withdraw a request); your future bookings there are cancelled"""
        group, membership = viewable_group(group_id)
        if membership is None or membership.status not in (MembershipStatus.ACTIVE, MembershipStatus.PENDING):
            abort(404, message="You are not a member of this group.")
        cancel_member_bookings(membership.member_id, group.id)
        Session.delete(membership)
        Session.commit()

    @blp.doc(operationId="acceptGroupGuidelines")
    @blp.arguments(AcceptGuidelinesSchema)
    @blp.response(200, MembershipSchema)
    @documents_errors(blp, 403, 404, 409)
    def patch(self, data, group_id):
        """Accept the group's current guidelines again after they changed"""
        group, membership = viewable_group(group_id)
        ensure_active_member(membership)
        if data["accepted_guidelines_version"] != group.guidelines_version:
            abort(
                409,
                errors={
                    "accepted_guidelines_version": [f"The current version is {group.guidelines_version}."]
                },
            )
        membership.accepted_guidelines_version = group.guidelines_version
        Session.commit()
        return membership


@blp.route("/<uuid:group_id>/members")
class Members(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listGroupMembers")
    @blp.arguments(MembershipQuerySchema, location="query")
    @blp.response(200, MembershipPageSchema)
    @documents_errors(blp, 403, 404)
    def get(self, query, group_id):
        """The group's members (members only): display names and group roles

        Facilitators can list pending requests with `status=pending`.
        """
        group, membership = viewable_group(group_id)
        ensure_active_member(membership)
        if query["status"] == MembershipStatus.PENDING:
            ensure_facilitator(membership)
        stmt = select(Membership).where(Membership.group_id == group.id, Membership.status == query["status"])
        return paginate(stmt, query, Membership.created_at, Membership.id)


@blp.route("/<uuid:group_id>/memberships/<uuid:member_id>")
class MembershipDecision(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="updateGroupMembership")
    @blp.arguments(MembershipActionSchema)
    @blp.response(200, MembershipSchema)
    @documents_errors(blp, 403, 404, 409)
    def patch(self, data, group_id, member_id):
        """Facilitators: approve, decline, remove, mute, unmute, make (co-)facilitator or member"""
        group, my_membership = viewable_group(group_id)
        ensure_facilitator(my_membership)
        target = Session.scalars(
            select(Membership).where(Membership.group_id == group.id, Membership.member_id == member_id)
        ).first()
        if target is None:
            abort(404, message="That member has no membership or request in this group.")
        _apply(data["action"], target, group)
        audit(f"membership.{data['action']}", "member", target.member_id, group_id=str(group.id))
        notify(
            [target.member_id],
            NotificationKind.JOIN_REQUEST_DECIDED
            if data["action"] in ("approve", "decline")
            else NotificationKind.MEMBERSHIP_CHANGED,
            title=f"{group.name}: {ACTION_TITLES[data['action']]}",
            body=data.get("reason") or ACTION_TITLES[data["action"]] + ".",
            link=f"/groups/{group.id}",
            group_id=str(group.id),
            action=data["action"],
        )
        Session.commit()
        return target


ACTION_TITLES = {
    "approve": "your request to join was approved",
    "decline": "your request to join was declined",
    "remove": "you were removed from the group",
    "mute": "you are muted for now",
    "unmute": "you are no longer muted",
    "make_facilitator": "you are now a co-facilitator",
    "make_member": "you are now a member (not a facilitator)",
}
PENDING_ONLY = {"approve", "decline"}


def _apply(action: str, target: Membership, group) -> None:
    if action in PENDING_ONLY and target.status != MembershipStatus.PENDING:
        abort(409, message="Only pending requests can be approved or declined.")
    if action not in PENDING_ONLY and target.status != MembershipStatus.ACTIVE:
        abort(409, message="That member is not an active member of the group.")
    if action == "approve":
        target.status, target.decided_at = MembershipStatus.ACTIVE.value, utcnow()
    elif action == "decline":
        end_membership(target, MembershipStatus.DECLINED)
    elif action == "remove":
        _ensure_not_last_facilitator(target)
        end_membership(target, MembershipStatus.REMOVED)
        cancel_member_bookings(target.member_id, group.id)
    elif action in ("mute", "unmute"):
        target.is_muted = action == "mute"
    elif action == "make_facilitator":
        target.role = GroupRole.FACILITATOR.value
    elif action == "make_member":
        _ensure_not_last_facilitator(target)
        target.role = GroupRole.MEMBER.value


def _ensure_not_last_facilitator(target: Membership) -> None:
    if target.role != GroupRole.FACILITATOR:
        return
    others = Session.scalars(
        select(Membership.id).where(
            Membership.group_id == target.group_id,
            Membership.status == MembershipStatus.ACTIVE,
            Membership.role == GroupRole.FACILITATOR,
            Membership.id != target.id,
        )
    ).first()
    if others is None:
        abort(409, message="A group needs at least one facilitator. Make someone else facilitator first.")


def _group_to_join(group_id: uuid.UUID, code: str | None) -> tuple[Group, Membership | None, bool]:
    """A private group can be joined by someone who cannot see it yet, with an invitation code."""
    group = Session.get(Group, group_id)
    membership = membership_of(group_id, current_member()) if group else None
    visible = group is not None and can_view(group, membership, current_member())
    if group is None or group.is_archived or not (visible or code):
        abort(404, message="No group with that id.")
    return group, membership, visible


def _admission(policy: str, group_id: uuid.UUID, code: str | None, visible: bool = True) -> str:
    if policy == JoinPolicy.OPEN and visible:
        return MembershipStatus.ACTIVE.value
    if policy == JoinPolicy.APPROVAL and visible:
        return MembershipStatus.PENDING.value
    if not code:
        abort(403, message="This group is by invitation only. Ask a facilitator for a code.")
    # One conditional UPDATE uses the invitation, so two people cannot share a single-use code.
    used = Session.execute(
        update(Invitation)
        .where(
            Invitation.group_id == group_id,
            Invitation.code_hash == hash_code(code),
            Invitation.uses < Invitation.max_uses,
            Invitation.expires_at > utcnow(),
        )
        .values(uses=Invitation.uses + 1)
    ).rowcount
    if used != 1:
        if not visible:  # do not confirm that a private group exists
            abort(404, message="No group with that id.")
        abort(403, message="This invitation code is not valid, used up or expired.")
    return MembershipStatus.ACTIVE.value


@blp.route("/<uuid:group_id>/invitations")
class Invitations(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="createGroupInvitation")
    @idempotent(blp)
    @blp.arguments(InvitationCreateSchema)
    @blp.response(201, InvitationSchema)
    @documents_errors(blp, 403, 404, 409)
    def post(self, data, group_id):
        """Create an invitation code (its facilitators); the code is shown only now"""
        group, membership = viewable_group(group_id)
        ensure_facilitator(membership)
        code = "-".join(secrets.token_hex(3) for _ in range(3))  # 72 random bits, easy to read out
        invitation = Invitation(
            group_id=group.id,
            code_hash=hash_code(code),
            max_uses=data["max_uses"],
            expires_at=utcnow() + dt.timedelta(days=data["expires_in_days"]),
            created_by_id=current_member().id,
        )
        Session.add(invitation)
        Session.commit()
        invitation.code = code
        return invitation, 201


def _export_memberships(member) -> list[dict]:
    memberships = Session.scalars(
        select(Membership).where(Membership.member_id == member.id).order_by(Membership.created_at)
    )
    return [
        {
            "group_id": str(membership.group_id),
            "status": membership.status,
            "role": membership.role,
            "is_muted": membership.is_muted,
            "accepted_guidelines_version": membership.accepted_guidelines_version,
            "created_at": membership.created_at.isoformat(),
        }
        for membership in memberships
    ]


def _export_invitations(member) -> list[dict]:
    invitations = Session.scalars(select(Invitation).where(Invitation.created_by_id == member.id))
    return [
        {
            "group_id": str(invitation.group_id),
            "created_at": invitation.created_at.isoformat(),
            "max_uses": invitation.max_uses,
            "uses": invitation.uses,
        }
        for invitation in invitations
    ]


privacy.register(privacy.PersonalData("group_memberships", ("memberships",), _export_memberships))
# Invitations outlive their creator: the foreign key is set to NULL on erasure.
privacy.register(
    privacy.PersonalData("group_invitations_created", ("group_invitations",), _export_invitations)
)
