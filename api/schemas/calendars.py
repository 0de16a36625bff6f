"""Calendar feed payloads."""

import marshmallow as ma


class CalendarTokenQuerySchema(ma.Schema):
    token = ma.fields.String(
        required=True, validate=ma.validate.Length(min=20, max=100), metadata={"example": "kq3...secret"}
    )


class CalendarFeedSchema(ma.Schema):
    url = ma.fields.String(
        dump_only=True,
        metadata={
            "example": "https://peerway.example/api/v1/members/me/calendar.ics?token=kq3...",
            "description": "Shown once. Anyone with this URL sees your bookings: keep it private.",
        },
    )
    token = ma.fields.String(dump_only=True, metadata={"example": "kq3...secret"})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})


class CalendarFeedStatusSchema(ma.Schema):
    exists = ma.fields.Boolean(dump_only=True, metadata={"example": True})
    created_at = ma.fields.AwareDateTime(
        dump_only=True, allow_none=True, metadata={"example": "2026-11-25T10:00:00+00:00"}
    )
