"""What a partner clinic's client reads and does: consented members only, within their scopes.

Members appear under the clinic's own pseudonymous ids. A member without a consent in force for
this clinic, or a scope the member did not consent to, answers 404 like an id that never existed.
Every read of a member's data is written to that member's access log before the data leaves.
"""

import datetime as dt
import uuid

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView
from flask_jwt_extended import get_jwt
from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import raiseload

from api.clinic_auth import clinic_scope_required, current_client
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.clinics import ClinicInvitation, ClinicPatient, Consent, ConsentStatus
from api.models.coaching_plans import CheckIn, CoachingPlan, Goal, Step
from api.models.members import Member
from api.models.moderation import AccessLogEntry
from api.models.sessions import GroupSession, Rsvp
from api.pagination import PageArgsSchema, page_schema, paginate, paginate_newest_first
from api.resources.check_ins import present as present_check_in
from api.schemas.clinics import (
    ClinicAttendanceSchema,
    ClinicCheckInSchema,
    ClinicMemberSchema,
    ClinicPlanSchema,
    ClinicReferralCreatedSchema,
    ClinicReferralCreateSchema,
    ClinicReferralSchema,
)
from api.services import consents as ledger
from api.services.coaching import plans_with_goals
from api.services.fhir import member_bundle

blp = Blueprint("clinic", __name__, url_prefix="/api/v1/clinic", description="Partner clinic API")
ClinicMemberPageSchema = page_schema(ClinicMemberSchema, "ClinicMemberPage")
ClinicPlanPageSchema = page_schema(ClinicPlanSchema, "ClinicPlanPage")
ClinicCheckInPageSchema = page_schema(ClinicCheckInSchema, "ClinicCheckInPage")
ClinicAttendancePageSchema = page_schema(ClinicAttendanceSchema, "ClinicAttendancePage")
ClinicReferralPageSchema = page_schema(ClinicReferralSchema, "ClinicReferralPage")


class FhirQuerySchema(ma.Schema):
    days = ma.fields.Integer(
        load_default=90,
        validate=ma.validate.Range(min=1, max=730),
        metadata={"description": "Check-ins from this many days back.", "example": 90},
    )


class FhirBundleSchema(ma.Schema):
    """A FHIR R4 Bundle (type collection); see https://hl7.org/fhir/R4/bundle.html."""

    class Meta:
        unknown = ma.INCLUDE

    resourceType = ma.fields.String(dump_only=True, metadata={"example": "Bundle"})  # noqa: N815
    id = ma.fields.String(dump_only=True, metadata={"example": "0b7e5d1c-2f3a-4b5c-8d9e-0f1a2b3c4d5e"})
    type = ma.fields.String(dump_only=True, metadata={"example": "collection"})
    timestamp = ma.fields.String(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    entry = ma.fields.List(ma.fields.Dict(), dump_only=True)


@blp.route("/members")
class ClinicMembers(MethodView):
    @blp.doc(operationId="listClinicMembers")
    @clinic_scope_required(blp, "members:read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ClinicMemberPageSchema)
    @documents_errors(blp, 403, 422)
    def get(self, page_args):
        """Members with a consent in force for this clinic, newest consent first"""
        clinic_id = current_client().clinic_id
        stmt = (
            select(Consent)
            .options(raiseload(Consent.clinic))
            .where(
                Consent.clinic_id == clinic_id,
                Consent.status == ConsentStatus.ACTIVE,
                Consent.expires_at > utcnow(),
            )
        )
        page = paginate(stmt, page_args, Consent.signed_at, Consent.id, descending=True)
        page["items"] = _members(clinic_id, page["items"])
        _log_reads([(item["member_id"], item["id"]) for item in page["items"]])
        return page


@blp.route("/members/<uuid:member_id>")
class ClinicMember(MethodView):
    @blp.doc(operationId="getClinicMember")
    @clinic_scope_required(blp, "members:read")
    @blp.response(200, ClinicMemberSchema)
    @documents_errors(blp, 403, 404)
    def get(self, member_id: uuid.UUID):
        """One consented member, with the terms of their consent"""
        patient, consent = ledger.in_force_for(current_client().clinic_id, member_id, None)
        item = _members(patient.clinic_id, [consent], {patient.member_id: patient})[0]
        _log_reads([(patient.member_id, patient.id)])
        return item


@blp.route("/members/<uuid:member_id>/coaching-plans")
class ClinicMemberPlans(MethodView):
    @blp.doc(operationId="listClinicMemberPlans")
    @clinic_scope_required(blp, "plans:read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ClinicPlanPageSchema)
    @documents_errors(blp, 403, 404, 422)
    def get(self, page_args, member_id: uuid.UUID):
        """The member's coaching plans with their goals and steps, newest first"""
        patient, _ = ledger.in_force_for(current_client().clinic_id, member_id, "plans:read")
        stmt = select(CoachingPlan).options(raiseload("*")).where(CoachingPlan.member_id == patient.member_id)
        page = paginate_newest_first(stmt, CoachingPlan, page_args)
        page["items"] = [_plan_view(plan, goals) for plan, goals in plans_with_goals(page["items"])]
        _log_reads([(patient.member_id, patient.id)])
        return page


@blp.route("/members/<uuid:member_id>/check-ins")
class ClinicMemberCheckIns(MethodView):
    @blp.doc(operationId="listClinicMemberCheckIns")
    @clinic_scope_required(blp, "checkins:read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ClinicCheckInPageSchema)
    @documents_errors(blp, 403, 404, 422)
    def get(self, page_args, member_id: uuid.UUID):
        """The member's check-ins with questionnaire scores and bands, newest first; never notes"""
        patient, _ = ledger.in_force_for(current_client().clinic_id, member_id, "checkins:read")
        stmt = select(CheckIn).where(CheckIn.member_id == patient.member_id)
        page = paginate_newest_first(stmt, CheckIn, page_args)
        page["items"] = [present_check_in(check_in, hide_private_note=True) for check_in in page["items"]]
        _log_reads([(patient.member_id, patient.id)])
        return page


@blp.route("/members/<uuid:member_id>/attendance")
class ClinicMemberAttendance(MethodView):
    @blp.doc(operationId="listClinicMemberAttendance")
    @clinic_scope_required(blp, "attendance:read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ClinicAttendancePageSchema)
    @documents_errors(blp, 403, 404, 422)
    def get(self, page_args, member_id: uuid.UUID):
        """Sessions the member booked, most recent first, with attendance where it was taken"""
        patient, _ = ledger.in_force_for(current_client().clinic_id, member_id, "attendance:read")
        stmt = (
            select(Rsvp)
            .join(Rsvp.session)
            .options(raiseload(Rsvp.member))
            .where(Rsvp.member_id == patient.member_id)
        )
        page = paginate(
            stmt,
            page_args,
            GroupSession.starts_at,
            Rsvp.id,
            descending=True,
            cursor_of=lambda rsvp: (rsvp.session.starts_at, rsvp.id),
        )
        page["items"] = [_attendance_view(rsvp) for rsvp in page["items"]]
        _log_reads([(patient.member_id, patient.id)])
        return page


@blp.route("/members/<uuid:member_id>/fhir")
class ClinicMemberFhir(MethodView):
    @blp.doc(operationId="getClinicMemberFhirBundle")
    @clinic_scope_required(blp, "members:read")
    @blp.arguments(FhirQuerySchema, location="query")
    @blp.response(200, FhirBundleSchema, content_type="application/fhir+json")
    @documents_errors(blp, 403, 404, 422)
    def get(self, query, member_id: uuid.UUID):
        """The member as a FHIR R4 Bundle: Patient (pseudonymous), Consent, and within the consent
        CarePlan and Goal (plans:read), QuestionnaireResponse and Observation (checkins:read)"""
        client = current_client()
        patient, consent = ledger.in_force_for(client.clinic_id, member_id, None)
        plans = check_ins = None
        if "plans:read" in consent.scopes and _token_allows("plans:read"):
            stmt = (
                select(CoachingPlan)
                .options(raiseload("*"))
                .where(CoachingPlan.member_id == patient.member_id)
            )
            plans = plans_with_goals(list(Session.scalars(stmt.order_by(CoachingPlan.created_at))))
        if "checkins:read" in consent.scopes and _token_allows("checkins:read"):
            since = utcnow() - dt.timedelta(days=query["days"])
            stmt = select(CheckIn).where(CheckIn.member_id == patient.member_id, CheckIn.created_at >= since)
            check_ins = list(Session.scalars(stmt.order_by(CheckIn.created_at)))
        _log_reads([(patient.member_id, patient.id)])
        bundle = member_bundle(client.clinic, patient, consent, plans, check_ins)
        # FHIR's own media type; the body is the bundle exactly as built (the schema documents it).
        return current_app.response_class(current_app.json.dumps(bundle), mimetype="application/fhir+json")


@blp.route("/referrals")
class ClinicReferrals(MethodView):
    @blp.doc(operationId="listClinicReferrals")
    @clinic_scope_required(blp, "referrals:write")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ClinicReferralPageSchema)
    @documents_errors(blp, 403, 422)
    def get(self, page_args):
        """This clinic's referrals, newest first, and whether each was redeemed"""
        stmt = (
            select(ClinicInvitation)
            .options(raiseload(ClinicInvitation.clinic))
            .where(ClinicInvitation.clinic_id == current_client().clinic_id)
        )
        page = paginate_newest_first(stmt, ClinicInvitation, page_args)
        for invitation in page["items"]:
            invitation.redeemed = invitation.redeemed_at is not None
        return page

    @blp.doc(operationId="createClinicReferral")
    @clinic_scope_required(blp, "referrals:write")
    @idempotent(blp)
    @blp.arguments(ClinicReferralCreateSchema)
    @blp.response(201, ClinicReferralCreatedSchema)
    @documents_errors(blp, 403)
    def post(self, terms):
        """Refer a patient: a single-use code they enter when joining Peerway

        Redeeming it shows the patient your proposed consent (scopes, purpose, duration); nothing
        is shared until they grant it, possibly with fewer scopes.
        """
        client = current_client()
        invitation, code = ledger.create_invitation(client.clinic_id, client.id, terms)
        invitation.redeemed = False
        invitation.code = code
        invitation.signup_url = f"/sign-up?clinic_code={code}"
        Session.commit()
        return invitation, 201


def _token_allows(scope: str) -> bool:
    return scope in get_jwt().get("scope", "").split()


def _members(clinic_id, consents: list[Consent], patients: dict | None = None) -> list[dict]:
    """Consents as the clinic's member view: two queries whatever the page size."""
    member_ids = [consent.member_id for consent in consents]
    if patients is None:
        rows = Session.scalars(
            select(ClinicPatient).where(
                ClinicPatient.clinic_id == clinic_id, ClinicPatient.member_id.in_(member_ids)
            )
        )
        patients = {patient.member_id: patient for patient in rows}
    profiles = {
        member.id: member for member in Session.scalars(select(Member).where(Member.id.in_(member_ids)))
    }
    return [
        _member_view(consent, patients[consent.member_id], profiles[consent.member_id])
        for consent in consents
    ]


def _member_view(consent: Consent, patient: ClinicPatient, member) -> dict:
    profile = None
    if "members:read" in consent.scopes:
        profile = {
            "display_name": member.display_name,
            "pronouns": member.pronouns,
            "time_zone": member.time_zone,
            "recovery_start_date": member.recovery_start_date,
        }
    return {
        "id": patient.id,
        "member_id": patient.member_id,  # for the access log; the schema never sends it
        "patient_reference": patient.patient_reference,
        "profile": profile,
        "consent": consent,
    }


def _plan_view(plan: CoachingPlan, goals: list[tuple[Goal, list[Step]]]) -> dict:
    fields = ("id", "title", "status", "focus_areas", "start_date", "review_date", "created_at", "updated_at")
    view = {field: getattr(plan, field) for field in fields}
    view["goals"] = [{**_goal_fields(goal), "steps": steps} for goal, steps in goals]
    return view


def _goal_fields(goal: Goal) -> dict:
    fields = ("id", "what", "why", "measure", "target_date", "status", "progress_percent", "achieved_at")
    return {field: getattr(goal, field) for field in fields}


def _attendance_view(rsvp: Rsvp) -> dict:
    session = rsvp.session
    return {
        "session_id": session.id,
        "title": session.title,
        "topic": session.topic,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "booking": rsvp.status,
        "attendance": rsvp.attendance,
    }


def _log_reads(reads: list[tuple[uuid.UUID, uuid.UUID]]) -> None:
    """One access-log entry per member read, committed before the response leaves."""
    client = current_client()
    for member_id, pseudonym in reads:
        Session.add(
            AccessLogEntry(
                member_id=member_id,
                clinic_id=client.clinic_id,
                viewer_role="clinic",
                what=_route(),
                object_id=str(pseudonym),
            )
        )
    Session.commit()


def _route() -> str:
    return f"{request.method} {request.url_rule.rule}"
