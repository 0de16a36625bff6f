"""Members: the own profile, its export and erasure, and other members' public profiles."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api import privacy
from api.conditional import IF_MATCH, ensure_if_match, etag_header
from api.db import Session, utcnow
from api.errors import documents_errors
from api.models.auth import LoginSession
from api.models.idempotency import IdempotencyRecord
from api.models.members import Member
from api.permissions import current_member
from api.schemas.auth import LoginSessionSchema
from api.schemas.members import (
    MemberExportSchema,
    MemberPrivateSchema,
    MemberUpdateSchema,
    PublicProfileSchema,
)
from api.services.audit import audit
from api.tokens import revoke_all_sessions

blp = Blueprint("members", __name__, url_prefix="/api/v1/members", description="Members and profiles")
EXPORT_FORMAT_VERSION = 1


@blp.route("/me")
class MyProfile(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getMyProfile")
    @blp.response(200, MemberPrivateSchema, headers={"ETag": {"schema": {"type": "string"}}})
    @documents_errors(blp, 401)
    def get(self):
        """Read your own profile, private fields included"""
        member = current_member()
        return member, 200, etag_header()

    @blp.doc(operationId="updateMyProfile", **IF_MATCH)
    @blp.arguments(MemberUpdateSchema)
    @blp.response(200, MemberPrivateSchema, headers={"ETag": {"schema": {"type": "string"}}})
    @documents_errors(blp, 401, 412)
    def patch(self, changes):
        """Change your profile; send only the fields that change"""
        member = current_member()
        ensure_if_match(MemberPrivateSchema(), member)
        if "display_name" in changes:
            changes["display_name"] = changes["display_name"].strip()
        for field, value in changes.items():
            setattr(member, field, value)
        member.updated_at = utcnow()
        Session.commit()
        return member, 200, etag_header()

    @blp.doc(operationId="deleteMyAccount", **IF_MATCH)
    @blp.response(204)
    @documents_errors(blp, 401, 412)
    @jwt_required(fresh=True)
    def delete(self):
        """Delete your account and personal data

        Needs a fresh sign-in (within 10 minutes of entering your password). Your personal data
        is deleted, what you shared with groups stays without your name, and every token ends.
        """
        member = current_member()
        ensure_if_match(MemberPrivateSchema(), member)
        audit("member.erased", "member", member.id)
        revoke_all_sessions(member, reason="account_deleted")
        privacy.erase_member_data(member)
        Session.delete(member)
        Session.commit()


@blp.route("/me/export")
class MyExport(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="exportMyData")
    @blp.response(200, MemberExportSchema)
    @documents_errors(blp, 401)
    def get(self):
        """Download everything Peerway holds about you, as JSON"""
        member = current_member()
        return {
            "exported_at": utcnow(),
            "format_version": EXPORT_FORMAT_VERSION,
            "data": privacy.export_member(member),
        }


@blp.route("/<uuid:member_id>")
class MemberById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getMemberProfile")
    @blp.response(200, PublicProfileSchema, headers={"ETag": {"schema": {"type": "string"}}})
    @documents_errors(blp, 401, 404)
    def get(self, member_id: uuid.UUID):
        """Read another member's public profile"""
        member = Session.get(Member, member_id)
        if member is None:
            abort(404, message="No member with that id.")
        return member, 200, etag_header()


def _export_profile(member: Member) -> dict:
    return MemberPrivateSchema().dump(member)


def _export_login_sessions(member: Member) -> list[dict]:
    sessions = Session.scalars(
        select(LoginSession).where(LoginSession.member_id == member.id).order_by(LoginSession.created_at)
    )
    return [
        {
            **LoginSessionSchema(exclude=("current",)).dump(login_session),
            "revoked_at": login_session.revoked_at and login_session.revoked_at.isoformat(),
        }
        for login_session in sessions
    ]


def _export_idempotency_records(member: Member) -> list[dict]:
    records = Session.scalars(select(IdempotencyRecord).where(IdempotencyRecord.member_id == member.id))
    return [
        {"key": record.key, "created_at": record.created_at.isoformat(), "status_code": record.status_code}
        for record in records
    ]


privacy.register(privacy.PersonalData("profile", ("members",), _export_profile))
privacy.register(
    privacy.PersonalData("login_sessions", ("login_sessions", "refresh_tokens"), _export_login_sessions)
)
privacy.register(
    privacy.PersonalData("stored_responses", ("idempotency_records",), _export_idempotency_records)
)
