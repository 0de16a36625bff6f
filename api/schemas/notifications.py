"""In-app notifications."""

import marshmallow as ma

from api.models.notifications import NotificationKind
from api.pagination import PageArgsSchema


class NotificationSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b"})
    kind = ma.fields.String(
        dump_only=True,
        metadata={"enum": [kind.value for kind in NotificationKind], "example": "waitlist_promoted"},
    )
    title = ma.fields.String(dump_only=True, metadata={"example": "You have a place: Sharing circle"})
    body = ma.fields.String(dump_only=True, metadata={"example": "A seat opened up and it is yours."})
    link = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "/sessions/9c8b7a6d"})
    data = ma.fields.Dict(dump_only=True, metadata={"example": {"session_id": "9c8b7a6d"}})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    read_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    urgent = ma.fields.Boolean(
        dump_only=True,
        metadata={"example": False, "description": "A safety alert (signs of risk): shown first and marked."},
    )


class NotificationQuerySchema(PageArgsSchema):
    unread = ma.fields.Boolean(metadata={"example": True, "description": "Only unread ones."})


class UnreadCountSchema(ma.Schema):
    count = ma.fields.Integer(dump_only=True, metadata={"example": 2})
