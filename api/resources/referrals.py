"""Referrals: a coach suggests a resource to a member they coach and follows it up."""

import datetime as dt
import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import or_, select

from api import privacy
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.notifications import NotificationKind
from api.models.resources import OPEN_REFERRAL, Referral, Resource
from api.pagination import page_schema, paginate_newest_first
from api.permissions import current_member
from api.schemas.resources import (
    ReferralCreateSchema,
    ReferralQuerySchema,
    ReferralSchema,
    ReferralUpdateSchema,
)
from api.services.coaching import has_active_coach
from api.services.directory import decorate
from api.services.notifications import notify

blp = Blueprint("referrals", __name__, url_prefix="/api/v1/referrals", description="Referrals to resources")
ReferralPageSchema = page_schema(ReferralSchema, "ReferralPage")


@blp.route("")
class Referrals(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listReferrals")
    @blp.arguments(ReferralQuerySchema, location="query")
    @blp.response(200, ReferralPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """Referrals made to me, or (made_by_me) the ones I made; `overdue` lists follow-ups due"""
        me = current_member()
        mine = Referral.referred_by_id == me.id if query.get("made_by_me") else Referral.member_id == me.id
        stmt = select(Referral).where(mine)
        if query.get("overdue"):
            stmt = stmt.where(Referral.status.in_(OPEN_REFERRAL), Referral.follow_up_on < dt.date.today())
        page = paginate_newest_first(stmt, Referral, query)
        decorate([referral.resource for referral in page["items"]], me)
        return page

    @blp.doc(operationId="createReferral")
    @idempotent(blp)
    @blp.arguments(ReferralCreateSchema)
    @blp.response(201, ReferralSchema)
    @documents_errors(blp, 404)
    def post(self, data):
        """Refer a member you coach to a resource, with a note and a follow-up date"""
        me = current_member()
        if not has_active_coach(data["member_id"], me.id):
            abort(404, message="You do not coach that member.")
        resource = Session.get(Resource, data["resource_id"])
        if resource is None or resource.retired_at is not None:
            abort(404, message="No such resource.")
        referral = Referral(referred_by_id=me.id, **data)
        Session.add(referral)
        notify(
            [data["member_id"]],
            NotificationKind.REFERRAL_SUGGESTED,
            title=f"Your coach suggested: {resource.name}",
            body=data.get("note") or "Your coach thinks this could help. Have a look when you are ready.",
            link="/resources/referrals",
        )
        Session.commit()
        decorate([referral.resource], me)
        return referral, 201


@blp.route("/<uuid:referral_id>")
class ReferralById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="updateReferral")
    @blp.arguments(ReferralUpdateSchema)
    @blp.response(200, ReferralSchema)
    @documents_errors(blp, 403, 404)
    def patch(self, changes, referral_id: uuid.UUID):
        """Update the status (the member or the referrer); the referrer also moves the follow-up date"""
        me = current_member()
        referral = Session.get(Referral, referral_id)
        if referral is None or me.id not in (referral.member_id, referral.referred_by_id):
            abort(404, message="No such referral.")
        if "follow_up_on" in changes and me.id != referral.referred_by_id:
            abort(403, message="Only the person who made the referral sets its follow-up date.")
        for field, value in changes.items():
            setattr(referral, field, value)
        if referral.status == "not_suitable" and not referral.reason:
            abort(422, errors={"reason": ["Say briefly why it was not suitable."]})
        referral.updated_at = utcnow()
        Session.commit()
        decorate([referral.resource], me)
        return referral


def remind_due_follow_ups(today: dt.date | None = None) -> int:
    """Tell referrers about open referrals whose follow-up date has come (once each)."""
    today = today or dt.date.today()
    due = Session.scalars(
        select(Referral).where(
            Referral.status.in_(OPEN_REFERRAL),
            Referral.follow_up_on <= today,
            Referral.reminded_at.is_(None),
            Referral.referred_by_id.is_not(None),
        )
    ).all()
    for referral in due:
        notify(
            [referral.referred_by_id],
            NotificationKind.REFERRAL_FOLLOW_UP,
            title=f"Follow up: {referral.resource.name}",
            body=f"Check in with {referral.member.display_name} about this referral.",
            link="/resources/referrals?made_by_me=true",
        )
        referral.reminded_at = utcnow()
    Session.commit()
    return len(due)


def _export(member) -> list[dict]:
    referrals = Session.scalars(
        select(Referral).where(or_(Referral.member_id == member.id, Referral.referred_by_id == member.id))
    )
    return [
        {
            "id": str(r.id),
            "role": "member" if r.member_id == member.id else "referrer",
            "resource": r.resource.name,
            "status": r.status,
            "note": r.note if r.member_id == member.id else None,
            "follow_up_on": r.follow_up_on and r.follow_up_on.isoformat(),
            "created_at": r.created_at.isoformat(),
        }
        for r in referrals
    ]


privacy.register(privacy.PersonalData("referrals", ("referrals",), _export))
