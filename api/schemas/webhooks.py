"""Partner clinics' webhook subscriptions and their delivery log."""

import marshmallow as ma

from api.models.clinics import WEBHOOK_EVENTS, DeliveryStatus

ID = "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f"
WHEN = "2026-11-25T10:00:00+00:00"
EVENT_HELP = (
    "checkin.risk (a check-in signalled risk; needs checkins:read consent), session.attended "
    "(attendance:read), plan.updated (a plan, goal or step changed; plans:read), consent.revoked "
    "(the member revoked their consent to your clinic)."
)


class WebhookSubscriptionSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    url = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=8, max=500),
        metadata={
            "example": "https://ehr.harbour.example/peerway/webhooks",
            "description": "https only; the host must resolve to a public address.",
        },
    )
    events = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(WEBHOOK_EVENTS)),
        required=True,
        validate=ma.validate.Length(min=1, max=len(WEBHOOK_EVENTS)),
        metadata={
            "example": ["checkin.risk", "consent.revoked"],
            "description": EVENT_HELP,
            "uniqueItems": True,
        },
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})

    @ma.validates("events")
    def _unique(self, value, **_kwargs):
        if len(set(value)) != len(value):
            raise ma.ValidationError("List each event once.")


class WebhookSubscriptionCreatedSchema(WebhookSubscriptionSchema):
    secret = ma.fields.String(
        dump_only=True,
        metadata={
            "example": "whsec_Jx0c3fVt7bQ2mWm4n8Zs1kLr9pYd6aHe5uTg0oCi3vE",
            "description": "The signing secret, shown this once: check each delivery's "
            "Peerway-Signature with it. Subscribe again to get a new one.",
        },
    )


class WebhookDeliverySchema(ma.Schema):
    id = ma.fields.UUID(
        dump_only=True,
        metadata={
            "example": ID,
            "description": "Also the Peerway-Delivery header: the same on every attempt.",
        },
    )
    event = ma.fields.String(
        dump_only=True, metadata={"example": "checkin.risk", "enum": list(WEBHOOK_EVENTS)}
    )
    status = ma.fields.String(
        dump_only=True,
        metadata={"example": "delivered", "enum": [status.value for status in DeliveryStatus]},
    )
    attempts = ma.fields.Integer(dump_only=True, metadata={"example": 1})
    last_status_code = ma.fields.Integer(dump_only=True, allow_none=True, metadata={"example": 200})
    last_error = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    next_attempt_at = ma.fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "When the next attempt is due, while pending."},
    )
    delivered_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": WHEN})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    payload = ma.fields.Dict(
        dump_only=True,
        metadata={
            "description": "The JSON body sent; members are named only by your pseudonymous id.",
            "example": {
                "id": ID,
                "event": "checkin.risk",
                "created_at": WHEN,
                "data": {
                    "member_id": "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                    "check_in_id": "0b7e5d1c-2a3b-4c5d-8e9f-0a1b2c3d4e5f",
                    "created_at": WHEN,
                    "signals": ["not_feeling_safe"],
                },
            },
        },
    )
