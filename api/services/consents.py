"""The consent ledger: granting, proposing and revoking consents, and the clinic's view of members.

Every check reads the database, so a revocation on one worker holds on every other at once.
"""

import datetime as dt
import hashlib
import secrets
import uuid

from flask import current_app
from flask_smorest import abort
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from api.db import Session, utcnow
from api.models.clinics import (
    Clinic,
    ClinicInvitation,
    ClinicPatient,
    Consent,
    ConsentStatus,
)
from api.models.members import Member
from api.services.audit import audit

DISCLOSER = "Peerway, on the member's behalf"
INVITATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def display_status(consent: Consent, now: dt.datetime | None = None) -> str:
    if consent.status == ConsentStatus.ACTIVE and consent.expires_at <= (now or utcnow()):
        return "expired"
    return consent.status


def patient_for(clinic_id: uuid.UUID, member_id: uuid.UUID) -> ClinicPatient:
    """The member's pseudonymous id at this clinic, created on first need."""
    lookup = select(ClinicPatient).where(
        ClinicPatient.clinic_id == clinic_id, ClinicPatient.member_id == member_id
    )
    patient = Session.scalars(lookup).first()
    if patient is not None:
        return patient
    try:
        with Session.begin_nested():
            patient = ClinicPatient(clinic_id=clinic_id, member_id=member_id)
            Session.add(patient)
        return patient
    except IntegrityError:  # another request created it first
        return Session.scalars(lookup).one()


def grant(member: Member, terms: dict) -> Consent:
    """Record the member's consent; it replaces any earlier grant to the same clinic."""
    clinic = Session.get(Clinic, terms["clinic_id"])
    if clinic is None or clinic.retired_at is not None:
        abort(404, message="No such clinic.")
    proposal = _open_proposal(member, terms.get("proposal_id"), clinic.id)
    if proposal is not None and not set(terms["scopes"]) <= set(proposal.scopes):
        abort(422, errors={"scopes": ["Share at most what the clinic asked for."]})
    _replace_active(member.id, clinic.id)
    consent = proposal or Consent(member_id=member.id, clinic_id=clinic.id)
    consent.status = ConsentStatus.ACTIVE.value
    consent.scopes = terms["scopes"]
    consent.purpose = terms["purpose"]
    consent.expires_at = terms["expires_at"]
    consent.expiry_event = terms.get("expiry_event")
    consent.right_to_revoke_acknowledged = True
    consent.signed_at = utcnow()
    consent.discloser = DISCLOSER
    Session.add(consent)
    patient_for(clinic.id, member.id)
    Session.flush()
    audit("consent.granted", "consent", consent.id, clinic_id=str(clinic.id), scopes=consent.scopes)
    return consent


def _open_proposal(member: Member, proposal_id: uuid.UUID | None, clinic_id: uuid.UUID) -> Consent | None:
    if proposal_id is None:
        return None
    consent = Session.get(Consent, proposal_id, with_for_update=True)
    if consent is None or consent.member_id != member.id:
        abort(404, message="No such proposed consent.")
    if consent.status != ConsentStatus.PROPOSED or consent.clinic_id != clinic_id:
        abort(409, message="That proposal was already answered, or is for another clinic.")
    return consent


def _replace_active(member_id: uuid.UUID, clinic_id: uuid.UUID) -> None:
    replaced = Session.scalars(
        select(Consent.id).where(
            Consent.member_id == member_id,
            Consent.clinic_id == clinic_id,
            Consent.status == ConsentStatus.ACTIVE,
        )
    ).all()
    if replaced:
        Session.execute(
            update(Consent)
            .where(Consent.id.in_(replaced))
            .values(status=ConsentStatus.REVOKED.value, revoked_at=utcnow(), revocation_reason="replaced")
        )
        Session.flush()


def withdraw(member: Member, consent_id: uuid.UUID) -> Consent:
    """Revoke an active consent (at once, everywhere) or decline a proposed one."""
    consent = Session.get(Consent, consent_id, with_for_update=True)
    if consent is None or consent.member_id != member.id:
        abort(404, message="No such consent.")
    if consent.status == ConsentStatus.PROPOSED:
        consent.status = ConsentStatus.DECLINED.value
        consent.revoked_at, consent.revocation_reason = utcnow(), "declined"
        audit("consent.declined", "consent", consent.id, clinic_id=str(consent.clinic_id))
        return consent
    if consent.status != ConsentStatus.ACTIVE:
        abort(409, message="This consent is no longer in force.")
    consent.status = ConsentStatus.REVOKED.value
    consent.revoked_at, consent.revocation_reason = utcnow(), "member"
    audit("consent.revoked", "consent", consent.id, clinic_id=str(consent.clinic_id))
    from api.services.webhooks import publish_consent_revoked

    publish_consent_revoked(consent)
    return consent


def in_force_for(
    clinic_id: uuid.UUID, pseudonym: uuid.UUID, scope: str | None
) -> tuple[ClinicPatient, Consent]:
    """The patient and their consent in force for this clinic and scope; 404 for anything else.

    No consent, an expired, revoked or declined one, another clinic's pseudonymous id and a scope
    the member did not consent to all look the same from outside: no such member.
    """
    row = Session.execute(
        select(ClinicPatient, Consent)
        .join(
            Consent,
            (Consent.member_id == ClinicPatient.member_id) & (Consent.clinic_id == ClinicPatient.clinic_id),
        )
        .where(
            ClinicPatient.id == pseudonym,
            ClinicPatient.clinic_id == clinic_id,
            Consent.status == ConsentStatus.ACTIVE,
            Consent.expires_at > utcnow(),
        )
    ).first()
    if row is None or (scope is not None and scope not in row.Consent.scopes):
        abort(404, message="No consented member with that id.")
    return row.ClinicPatient, row.Consent


def clinics_consenting_to(member_id: uuid.UUID, scope: str) -> list[tuple[ClinicPatient, Consent]]:
    """Every clinic with a consent in force from this member covering `scope` (for webhooks)."""
    rows = Session.execute(
        select(ClinicPatient, Consent)
        .join(
            Consent,
            (Consent.member_id == ClinicPatient.member_id) & (Consent.clinic_id == ClinicPatient.clinic_id),
        )
        .where(
            ClinicPatient.member_id == member_id,
            Consent.status == ConsentStatus.ACTIVE,
            Consent.expires_at > utcnow(),
        )
    ).all()
    return [(row.ClinicPatient, row.Consent) for row in rows if scope in row.Consent.scopes]


# --- Clinic referrals: an invitation that proposes a consent when redeemed ---


def new_invitation_code() -> str:
    raw = "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def hash_invitation_code(code: str) -> str:
    normalized = code.strip().upper().replace(" ", "").replace("-", "")
    return hashlib.sha256(normalized.encode()).hexdigest()


def create_invitation(
    clinic_id: uuid.UUID, client_row_id: uuid.UUID, terms: dict
) -> tuple[ClinicInvitation, str]:
    code = new_invitation_code()
    invitation = ClinicInvitation(
        clinic_id=clinic_id,
        created_by_client_id=client_row_id,
        code_hash=hash_invitation_code(code),
        expires_at=utcnow() + dt.timedelta(days=current_app.config["CLINIC_INVITATION_DAYS"]),
        **terms,
    )
    Session.add(invitation)
    Session.flush()
    return invitation, code


def redeem_invitation(member: Member, code: str) -> Consent:
    """Turn a clinic's invitation into a proposed consent for `member` (never a granted one)."""
    invitation = Session.scalars(
        select(ClinicInvitation)
        .where(ClinicInvitation.code_hash == hash_invitation_code(code))
        .with_for_update()
    ).first()
    usable = (
        invitation is not None
        and invitation.redeemed_at is None
        and invitation.expires_at > utcnow()
        and invitation.clinic.retired_at is None
    )
    if not usable:
        abort(422, errors={"clinic_invitation": ["This clinic invitation code is not valid or has expired."]})
    invitation.redeemed_at, invitation.redeemed_by_id = utcnow(), member.id
    patient = patient_for(invitation.clinic_id, member.id)
    if invitation.patient_reference:
        patient.patient_reference = invitation.patient_reference
    proposal = Consent(
        member_id=member.id,
        clinic_id=invitation.clinic_id,
        invitation_id=invitation.id,
        status=ConsentStatus.PROPOSED.value,
        scopes=list(invitation.proposed_scopes),
        purpose=invitation.purpose,
        discloser=DISCLOSER,
        expires_at=utcnow() + dt.timedelta(days=invitation.consent_days),
    )
    Session.add(proposal)
    Session.flush()
    audit("consent.proposed", "consent", proposal.id, actor=member, clinic_id=str(invitation.clinic_id))
    return proposal
