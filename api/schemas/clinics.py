"""Partner clinics: clinics and their clients, OAuth2 tokens, consents, and what clinics read."""

import datetime as dt

import marshmallow as ma

from api.db import utcnow
from api.errors import ProblemSchema
from api.models.clinics import CLINIC_SCOPES, SHAREABLE_SCOPES, ConsentStatus
from api.pagination import PageArgsSchema
from api.schemas.check_ins import CheckInSchema
from api.schemas.common import web_address
from api.schemas.resources import CountryField

ID = "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f"
WHEN = "2026-11-25T10:00:00+00:00"
MAX_CONSENT_DAYS = 730
SCOPE_HELP = (
    "members:read (profile: display name, pronouns, time zone, recovery start date), "
    "plans:read (coaching plans and goals), checkins:read (check-ins and questionnaire scores, "
    "never private notes), attendance:read (sessions booked and attended)."
)


def _scopes_field(choices, **kwargs) -> ma.fields.List:
    kwargs["metadata"] = {"uniqueItems": True, **kwargs.get("metadata", {})}
    return ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(choices)),
        validate=ma.validate.Length(min=1, max=len(choices)),
        **kwargs,
    )


def _no_repeats(values: list[str], field_name: str) -> None:
    if len(set(values)) != len(values):
        raise ma.ValidationError("List each scope once.", field_name)


# --- Clinics and their API clients (admins) ---


class ClinicSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    name = ma.fields.String(dump_only=True, metadata={"example": "Harbour Community Clinic"})
    website = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "https://harbour.example"}
    )
    contact_email = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "team@harbour.example"}
    )
    region = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "GB"})
    description = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "NHS-commissioned addiction service."}
    )
    retired_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ClinicWriteSchema(ma.Schema):
    name = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=2, max=160),
        metadata={"example": "Harbour Community Clinic"},
    )
    website = web_address(
        allow_none=True,
        metadata={"example": "https://harbour.example"},
    )
    contact_email = ma.fields.Email(
        allow_none=True,
        validate=ma.validate.Length(max=254),
        metadata={"example": "team@harbour.example", "description": "The organisation's, not a person's."},
    )
    region = CountryField(allow_none=True, metadata={"example": "GB"})
    description = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=1000),
        metadata={"example": "NHS-commissioned addiction service."},
    )


class ClinicUpdateSchema(ClinicWriteSchema):
    retired = ma.fields.Boolean(
        metadata={
            "example": False,
            "description": "Retire the clinic: every client stops working and no new consents.",
        }
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class ClinicQuerySchema(PageArgsSchema):
    include_retired = ma.fields.Boolean(load_default=False, metadata={"description": "Admins only."})


class ClinicClientSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    client_id = ma.fields.String(dump_only=True, metadata={"example": "pwc_4f1c2b3a5d6e7f8091a2b3c4"})
    label = ma.fields.String(dump_only=True, metadata={"example": "EHR integration"})
    allowed_scopes = ma.fields.List(
        ma.fields.String(metadata={"enum": list(CLINIC_SCOPES)}),
        dump_only=True,
        metadata={"example": ["members:read", "checkins:read"]},
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    secret_rotated_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    last_used_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    revoked_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})


class ClinicClientCredentialsSchema(ClinicClientSchema):
    client_secret = ma.fields.String(
        dump_only=True,
        metadata={
            "example": "pws_2m9Qh3...",
            "description": "Shown this once; only a hash is kept. Rotate the secret if it is lost.",
        },
    )


class ClinicClientCreateSchema(ma.Schema):
    label = ma.fields.String(
        required=True, validate=ma.validate.Length(min=2, max=120), metadata={"example": "EHR integration"}
    )
    allowed_scopes = _scopes_field(CLINIC_SCOPES, required=True, metadata={"example": ["members:read"]})

    @ma.validates("allowed_scopes")
    def _unique(self, value, **_kwargs):
        _no_repeats(value, "allowed_scopes")


# --- OAuth2 client credentials (RFC 6749 §4.4) ---


class TokenRequestSchema(ma.Schema):
    grant_type = ma.fields.String(
        required=True,
        validate=ma.validate.Length(max=40),
        metadata={"enum": ["client_credentials"], "example": "client_credentials"},
    )
    scope = ma.fields.String(
        validate=ma.validate.Length(max=200),
        metadata={
            "example": "members:read checkins:read",
            "description": "Space-separated; omit for every scope the client is allowed.",
        },
    )
    client_id = ma.fields.String(
        validate=ma.validate.Length(max=64),
        metadata={
            "example": "pwc_4f1c2b3a5d6e7f8091a2b3c4",
            "description": "With client_secret, when not sent as HTTP Basic authentication.",
        },
    )
    client_secret = ma.fields.String(
        validate=ma.validate.Length(max=128), load_only=True, metadata={"example": "pws_2m9Qh3..."}
    )


class OAuthProblemSchema(ProblemSchema):
    """A problem from the token endpoint, also carrying RFC 6749 §5.2's `error` fields."""

    error = ma.fields.String(
        required=True,
        metadata={
            "enum": ["invalid_request", "invalid_client", "unsupported_grant_type", "invalid_scope"],
            "example": "invalid_client",
        },
    )
    error_description = ma.fields.String(
        required=True,
        metadata={"example": "Unknown client, wrong secret, or the client was revoked."},
    )


class TokenSchema(ma.Schema):
    access_token = ma.fields.String(dump_only=True, metadata={"example": "eyJhbGciOiJIUzI1NiIs..."})
    token_type = ma.fields.String(dump_only=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(dump_only=True, metadata={"example": 600})
    scope = ma.fields.String(dump_only=True, metadata={"example": "members:read checkins:read"})


# --- Consents (members) ---


class ConsentClinicSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    name = ma.fields.String(dump_only=True, metadata={"example": "Harbour Community Clinic"})
    website = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "https://harbour.example"}
    )


class ConsentSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    clinic = ma.fields.Nested(ConsentClinicSchema, dump_only=True)
    status = ma.fields.String(
        dump_only=True,
        attribute="shown_status",
        metadata={
            "enum": [*(status.value for status in ConsentStatus), "expired"],
            "example": "active",
            "description": "proposed (by a clinic's referral; shares nothing yet), active, expired, "
            "declined, revoked.",
        },
    )
    scopes = ma.fields.List(
        ma.fields.String(metadata={"enum": list(SHAREABLE_SCOPES)}),
        dump_only=True,
        metadata={"example": ["members:read", "checkins:read"]},
    )
    purpose = ma.fields.String(dump_only=True, metadata={"example": "Coordinate my care with my peer coach"})
    discloser = ma.fields.String(dump_only=True, metadata={"example": "Peerway, on the member's behalf"})
    expires_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2027-05-25T10:00:00+00:00"})
    expiry_event = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "when my treatment at the clinic ends"}
    )
    right_to_revoke_acknowledged = ma.fields.Boolean(dump_only=True, metadata={"example": True})
    signed_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": WHEN})
    revoked_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    revocation_reason = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "enum": ["member", "replaced", "declined", "clinic_retired"],
            "example": None,
            "description": "Why it ended: you stopped it, a newer consent replaced it, you declined "
            "the proposal, or the clinic left Peerway.",
        },
    )
    from_referral = ma.fields.Boolean(
        dump_only=True, metadata={"example": False, "description": "Proposed by the clinic's referral."}
    )
    referral_message = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ConsentGrantSchema(ma.Schema):
    clinic_id = ma.fields.UUID(required=True, metadata={"example": ID})
    proposal_id = ma.fields.UUID(
        metadata={
            "example": ID,
            "description": "Accept this proposed consent (from the clinic's referral) with these terms.",
        }
    )
    scopes = _scopes_field(
        SHAREABLE_SCOPES,
        required=True,
        metadata={"example": ["members:read", "checkins:read"], "description": SCOPE_HELP},
    )
    purpose = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=5, max=500),
        metadata={"example": "Coordinate my care with my peer coach"},
    )
    expires_at = ma.fields.AwareDateTime(
        required=True,
        metadata={
            "example": "2027-05-25T10:00:00+00:00",
            "description": f"Within {MAX_CONSENT_DAYS} days; the consent ends then at the latest.",
        },
    )
    expiry_event = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=300),
        metadata={
            "example": "when my treatment at the clinic ends",
            "description": "An event that ends the consent earlier; revoke it when it happens.",
        },
    )
    right_to_revoke_acknowledged = ma.fields.Boolean(
        required=True,
        validate=ma.validate.Equal(True, error="Confirm that you know you can revoke this at any time."),
        metadata={"example": True},
    )

    @ma.validates("scopes")
    def _unique(self, value, **_kwargs):
        _no_repeats(value, "scopes")

    @ma.validates("expires_at")
    def _future_and_bounded(self, value, **_kwargs):
        now = utcnow()
        if value <= now:
            raise ma.ValidationError("Choose a date in the future.")
        if value > now + dt.timedelta(days=MAX_CONSENT_DAYS):
            raise ma.ValidationError(f"A consent lasts at most {MAX_CONSENT_DAYS} days; renew it later.")


class ConsentQuerySchema(PageArgsSchema):
    status = ma.fields.String(
        validate=ma.validate.OneOf([*(status.value for status in ConsentStatus), "expired", "ended"]),
        metadata={"example": "active", "description": "`ended`: expired, revoked or declined."},
    )


# --- What a clinic reads ---


class ClinicMemberProfileSchema(ma.Schema):
    display_name = ma.fields.String(dump_only=True, metadata={"example": "River"})
    pronouns = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "they/them"})
    time_zone = ma.fields.String(dump_only=True, metadata={"example": "Europe/London"})
    recovery_start_date = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2026-03-01"})


class ClinicConsentSummarySchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    scopes = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": ["members:read"]})
    purpose = ma.fields.String(dump_only=True, metadata={"example": "Coordinate care"})
    expires_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2027-05-25T10:00:00+00:00"})
    expiry_event = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    signed_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ClinicMemberSchema(ma.Schema):
    id = ma.fields.UUID(
        dump_only=True,
        metadata={"example": ID, "description": "This clinic's pseudonymous id for the member."},
    )
    patient_reference = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": "MRN-20931", "description": "Your own reference, from your referral."},
    )
    profile = ma.fields.Nested(
        ClinicMemberProfileSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "Null unless the member consented to members:read."},
    )
    consent = ma.fields.Nested(ClinicConsentSummarySchema, dump_only=True)


class ClinicStepSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    title = ma.fields.String(dump_only=True, metadata={"example": "Buy comfortable shoes"})
    due_date = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2026-12-01"})
    done_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})


class ClinicGoalSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    what = ma.fields.String(dump_only=True, metadata={"example": "Walk three times a week"})
    why = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    measure = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "Walks a week"})
    target_date = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2027-01-31"})
    status = ma.fields.String(dump_only=True, metadata={"example": "in_progress"})
    progress_percent = ma.fields.Integer(dump_only=True, metadata={"example": 40})
    achieved_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    steps = ma.fields.List(ma.fields.Nested(ClinicStepSchema), dump_only=True)


class ClinicPlanSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    title = ma.fields.String(dump_only=True, metadata={"example": "My first 90 days"})
    status = ma.fields.String(dump_only=True, metadata={"example": "active"})
    focus_areas = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": ["sleep"]})
    start_date = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2026-11-25"})
    review_date = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2027-02-25"})
    goals = ma.fields.List(ma.fields.Nested(ClinicGoalSchema), dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    updated_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ClinicCheckInSchema(CheckInSchema):
    """A check-in without the member's note: notes are never shared with clinics."""

    class Meta:
        exclude = ("note", "note_shared")


class ClinicAttendanceSchema(ma.Schema):
    session_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    title = ma.fields.String(dump_only=True, metadata={"example": "Tuesday evening check-in"})
    topic = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "staying connected"})
    starts_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    ends_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    booking = ma.fields.String(
        dump_only=True, metadata={"enum": ["confirmed", "waitlisted", "cancelled"], "example": "confirmed"}
    )
    attendance = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"enum": ["attended", "no_show"], "example": "attended"}
    )


class ClinicReferralCreateSchema(ma.Schema):
    patient_reference = ma.fields.String(
        validate=ma.validate.Length(min=1, max=64),
        metadata={
            "example": "MRN-20931",
            "description": "Your own reference for the patient (no names): echoed back once they join.",
        },
    )
    proposed_scopes = _scopes_field(
        SHAREABLE_SCOPES, required=True, metadata={"example": ["members:read", "checkins:read"]}
    )
    purpose = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=5, max=500),
        metadata={"example": "Follow your progress between appointments"},
    )
    consent_days = ma.fields.Integer(
        load_default=180, validate=ma.validate.Range(min=1, max=MAX_CONSENT_DAYS), metadata={"example": 180}
    )
    message = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=1000),
        metadata={"example": "We'd like to support you alongside your peer group."},
    )

    @ma.validates("proposed_scopes")
    def _unique(self, value, **_kwargs):
        _no_repeats(value, "proposed_scopes")


class ClinicReferralSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    patient_reference = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "MRN-20931"})
    proposed_scopes = ma.fields.List(
        ma.fields.String(), dump_only=True, metadata={"example": ["members:read"]}
    )
    purpose = ma.fields.String(dump_only=True, metadata={"example": "Follow your progress"})
    consent_days = ma.fields.Integer(dump_only=True, metadata={"example": 180})
    expires_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    redeemed = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ClinicReferralCreatedSchema(ClinicReferralSchema):
    code = ma.fields.String(
        dump_only=True,
        metadata={"example": "K7QP-M2XD-9RTF", "description": "Give it to the patient; shown this once."},
    )
    signup_url = ma.fields.String(dump_only=True, metadata={"example": "/sign-up?clinic_code=K7QP-M2XD-9RTF"})
