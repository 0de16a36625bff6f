"""Coach messages: the conversation between a member and their peer coach."""

import marshmallow as ma

from api.pagination import PageArgsSchema
from api.schemas.crisis import CrisisResourcesSchema
from api.schemas.members import PublicProfileSchema

MAX_BODY = 5000
UUID_EXAMPLE = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
WHEN = "2026-12-03T18:30:00+00:00"
CLOSED_REASONS = ("pending", "ended", "declined")


class ResourceCardSchema(ma.Schema):
    """A directory entry the coach shared, as a card."""

    id = ma.fields.UUID(dump_only=True, metadata={"example": UUID_EXAMPLE})
    name = ma.fields.String(dump_only=True, metadata={"example": "Samaritans"})
    kind = ma.fields.String(dump_only=True, metadata={"example": "helpline"})
    phone = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "116 123"})
    url = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "https://www.samaritans.org"}
    )
    verified = ma.fields.Boolean(
        dump_only=True,
        metadata={"example": True, "description": "Checked by Peerway staff within the last year."},
    )


class CoachMessageSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": UUID_EXAMPLE})
    author_role = ma.fields.String(
        dump_only=True,
        metadata={"enum": ["member", "coach"], "example": "coach", "description": "Who wrote it."},
    )
    is_mine = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    author = ma.fields.Nested(
        PublicProfileSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "Null once the author's account was erased."},
    )
    author_left = ma.fields.Boolean(
        dump_only=True,
        metadata={"example": False, "description": "The author erased their account: the body is gone."},
    )
    body = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "How did the walk go this evening?"}
    )
    resource = ma.fields.Nested(ResourceCardSchema, dump_only=True, allow_none=True)
    shows_risk_signs = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "example": False,
            "description": "The body contains words that may show a risk of harm: the SPA offers a "
            "gentle 'support is available' link beside it. Nothing is hidden because of it.",
        },
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    read_at = ma.fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "When the other party read it."},
    )


class SentCoachMessageSchema(CoachMessageSchema):
    crisis_resources = ma.fields.Nested(
        CrisisResourcesSchema,
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "Present when the message shows signs of risk: crisis lines for the author's "
            "region, to show at once. Null otherwise."
        },
    )


class CoachMessageCreateSchema(ma.Schema):
    body = ma.fields.String(
        validate=ma.validate.Length(min=1, max=MAX_BODY),
        metadata={"example": "How did the walk go this evening?", "description": "1 to 5,000 characters."},
    )
    resource_id = ma.fields.UUID(
        metadata={
            "example": UUID_EXAMPLE,
            "description": "Coaches only: a directory entry to share as a card.",
        }
    )

    @ma.validates_schema
    def _has_content(self, data, **_kwargs):
        body = data.get("body")
        if body is not None and not body.strip():
            raise ma.ValidationError("Write something, or share a resource.", "body")
        if body is None and data.get("resource_id") is None:
            raise ma.ValidationError("Send a body, a resource_id, or both.", "_schema")


class CoachMessageQuerySchema(PageArgsSchema):
    """Newest page first; `next_cursor` leads to older messages."""


class CoachMessagePageSchema(ma.Schema):
    items = ma.fields.List(
        ma.fields.Nested(CoachMessageSchema),
        required=True,
        metadata={"description": "Newest first: a chat view shows them bottom-up."},
    )
    next_cursor = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": "Older messages: pass as `cursor`; null on the oldest page.",
            "example": None,
        },
    )
    relationship_id = ma.fields.UUID(required=True, metadata={"example": UUID_EXAMPLE})
    can_write = ma.fields.Boolean(
        required=True,
        metadata={"example": True, "description": "Whether I may send a message now."},
    )
    closed_reason = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={
            "enum": list(CLOSED_REASONS),
            "example": None,
            "description": "Why I cannot write: `pending` (the coaching has not started), `ended` "
            "(the member keeps the history, read-only) or `declined`. Null when I can.",
        },
    )


class ReadMarkerSchema(ma.Schema):
    up_to = ma.fields.UUID(
        metadata={
            "example": UUID_EXAMPLE,
            "description": "Mark the other party's messages read up to this one (the newest I saw); "
            "omit it to mark all of them.",
        }
    )


class ReadReceiptSchema(ma.Schema):
    marked_read = ma.fields.Integer(
        required=True, metadata={"example": 2, "description": "How many messages this marked read."}
    )
    unread_count = ma.fields.Integer(
        required=True, metadata={"example": 0, "description": "The other party's messages still unread."}
    )
