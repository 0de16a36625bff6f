"""A member's consents: which clinic may see what, why and until when; revocation is immediate."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import or_, select, update

from api import privacy
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.clinics import ClinicInvitation, ClinicPatient, Consent, ConsentStatus
from api.pagination import page_schema, paginate_newest_first
from api.permissions import current_member
from api.schemas.clinics import ConsentGrantSchema, ConsentQuerySchema, ConsentSchema
from api.services import consents as ledger

blp = Blueprint(
    "consents", __name__, url_prefix="/api/v1/members/me/consents", description="Consents to partner clinics"
)
ConsentPageSchema = page_schema(ConsentSchema, "ConsentPage")


@blp.route("")
class MyConsents(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listMyConsents")
    @blp.arguments(ConsentQuerySchema, location="query")
    @blp.response(200, ConsentPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """My consents, newest first: proposed ones from clinic referrals, active, expired, ended"""
        stmt = select(Consent).where(Consent.member_id == current_member().id)
        status = query.get("status")
        if status == "expired":
            stmt = stmt.where(Consent.status == ConsentStatus.ACTIVE, Consent.expires_at <= utcnow())
        elif status == ConsentStatus.ACTIVE:
            stmt = stmt.where(Consent.status == ConsentStatus.ACTIVE, Consent.expires_at > utcnow())
        elif status == "ended":
            stmt = stmt.where(
                or_(
                    Consent.status.in_([ConsentStatus.REVOKED, ConsentStatus.DECLINED]),
                    (Consent.status == ConsentStatus.ACTIVE) & (Consent.expires_at <= utcnow()),
                )
            )
        elif status:
            stmt = stmt.where(Consent.status == status)
        page = paginate_newest_first(stmt, Consent, query)
        present(page["items"])
        return page

    @blp.doc(operationId="grantConsent")
    @idempotent(blp)
    @blp.arguments(ConsentGrantSchema)
    @blp.response(201, ConsentSchema)
    @documents_errors(blp, 404, 409)
    def post(self, terms):
        """Consent to share chosen data with a clinic, for a purpose, until a date

        It replaces an earlier consent to the same clinic. With `proposal_id` it answers a clinic's
        proposal, on the terms sent here (which may share less than the clinic asked for).
        """
        consent = ledger.grant(current_member(), terms)
        Session.commit()
        present([consent])
        return consent, 201


@blp.route("/<uuid:consent_id>")
class MyConsentById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getMyConsent")
    @blp.response(200, ConsentSchema)
    @documents_errors(blp, 404)
    def get(self, consent_id: uuid.UUID):
        """One of my consents, or a clinic's proposal waiting for my answer"""
        consent = Session.get(Consent, consent_id)
        if consent is None or consent.member_id != current_member().id:
            abort(404, message="No such consent.")
        present([consent])
        return consent

    @blp.doc(operationId="revokeConsent")
    @blp.response(200, ConsentSchema)
    @documents_errors(blp, 404, 409)
    def delete(self, consent_id: uuid.UUID):
        """Revoke a consent (the clinic is refused from now on) or decline a proposed one"""
        consent = ledger.withdraw(current_member(), consent_id)
        Session.commit()
        present([consent])
        return consent


def present(consents: list[Consent]) -> None:
    """Add what the schema shows beside the stored columns (one query for referral messages)."""
    invitation_ids = {consent.invitation_id for consent in consents if consent.invitation_id}
    messages = {}
    if invitation_ids:
        rows = Session.execute(
            select(ClinicInvitation.id, ClinicInvitation.message).where(
                ClinicInvitation.id.in_(invitation_ids)
            )
        )
        messages = {invitation_id: message for invitation_id, message in rows}
    now = utcnow()
    for consent in consents:
        consent.from_referral = consent.invitation_id is not None
        consent.referral_message = messages.get(consent.invitation_id)
        consent.shown_status = ledger.display_status(consent, now)


def _export(member) -> dict:
    consents = list(Session.scalars(select(Consent).where(Consent.member_id == member.id)))
    present(consents)
    patients = Session.scalars(select(ClinicPatient).where(ClinicPatient.member_id == member.id))
    return {
        "consents": ConsentSchema(many=True).dump(consents),
        "clinic_pseudonyms": [
            {"clinic_id": str(patient.clinic_id), "pseudonymous_id": str(patient.id)} for patient in patients
        ],
    }


def _erase(member) -> None:
    # Consents and pseudonyms cascade with the member; an invitation keeps no link to them.
    Session.execute(
        update(ClinicInvitation)
        .where(ClinicInvitation.redeemed_by_id == member.id)
        .values(redeemed_by_id=None, patient_reference=None)
    )


privacy.register(
    privacy.PersonalData(
        "clinic_consents", ("consents", "clinic_patients", "clinic_invitations"), _export, _erase
    )
)
