"""Conversation settings (pace rules) and the approval queue."""

import marshmallow as ma

from api.models.conversations import CONTENT_NOTES, PostStatus
from api.schemas.members import PublicProfileSchema

WHEN = "2026-12-03T18:30:00+00:00"
ID = "5b9d7c1e-2f3a-4b6c-8d9e-0a1b2c3d4e5f"


class ConversationSettingsSchema(ma.Schema):
    """A group's pace rules; readers see them so the composer can explain a wait."""

    group_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    slow_mode_seconds = ma.fields.Integer(
        validate=ma.validate.Range(min=0, max=86400),
        metadata={
            "example": 60,
            "description": "Minimum seconds between a member's posts in the group (0: off). A thread "
            "may set its own; the stricter applies. Facilitators are exempt.",
        },
    )
    daily_post_cap = ma.fields.Integer(
        allow_none=True,
        validate=ma.validate.Range(min=1, max=1000),
        metadata={
            "example": 20,
            "description": "Posts per member in any 24 hours (a rolling window; null: no cap).",
        },
    )
    hold_first_posts = ma.fields.Boolean(
        metadata={
            "example": True,
            "description": "Hold a new member's posts for a facilitator's approval until one is published.",
        }
    )
    updated_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": WHEN})
    can_manage = ma.fields.Boolean(
        dump_only=True, metadata={"example": False, "description": "Whether I may change them."}
    )


class ConversationSettingsUpdateSchema(ma.Schema):
    """Only the writable fields: the read-only ones would otherwise show as required in the spec."""

    slow_mode_seconds = ConversationSettingsSchema._declared_fields["slow_mode_seconds"]
    daily_post_cap = ConversationSettingsSchema._declared_fields["daily_post_cap"]
    hold_first_posts = ConversationSettingsSchema._declared_fields["hold_first_posts"]


class HeldPostSchema(ma.Schema):
    """A post waiting for approval, as the group's facilitators see it (author named even when
    the post is anonymous to peers)."""

    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    thread_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    thread_title = ma.fields.String(dump_only=True, metadata={"example": "First week without drinking"})
    is_opening = ma.fields.Boolean(
        dump_only=True, metadata={"example": True, "description": "True: approving it publishes its thread."}
    )
    body = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "Hello everyone, I'm new."})
    content_notes = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(CONTENT_NOTES)), dump_only=True, metadata={"example": []}
    )
    anonymous_to_peers = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    shows_risk_signs = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    author = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ApprovalSchema(ma.Schema):
    approve = ma.fields.Boolean(
        required=True,
        metadata={"example": True, "description": "true publishes the post, false declines it."},
    )
    reason = ma.fields.String(
        validate=ma.validate.Length(min=1, max=1000),
        metadata={
            "example": "Thank you for sharing. Please leave out names of people outside the group.",
            "description": "For a decline: a kind note to the author (a gentle default otherwise).",
        },
    )


class ApprovalResultSchema(ma.Schema):
    post_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    thread_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    status = ma.fields.String(
        dump_only=True,
        metadata={"enum": [PostStatus.PUBLISHED.value, PostStatus.DECLINED.value], "example": "published"},
    )
    decided_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
