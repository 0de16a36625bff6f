"""Group conversations: what members send (threads, replies, edits, reactions, preferences) and
the read models they get back (`api.services.conversation_reads`)."""

import dataclasses

import marshmallow as ma

from api.models.conversations import CONTENT_NOTES, REACTIONS, PostStatus
from api.schemas.common import visible_characters_only
from api.schemas.crisis import CrisisResourcesSchema

WHEN = "2026-12-03T18:30:00+00:00"
ID = "6d1f0c3e-2b4a-4c8e-9f1a-3e5d7c9b1a20"
NOTES_EXAMPLE = ["loss"]


def _title(**kwargs) -> ma.fields.String:
    return ma.fields.String(
        validate=[
            ma.validate.Length(min=3, max=200),
            visible_characters_only(),
        ],
        metadata={
            "example": "First week without a drink",
            "description": "3 to 200 characters, stored NFC-normalised. Invisible control and format "
            "characters (bidirectional overrides, zero-width spaces...) are refused.",
        },
        **kwargs,
    )


def _body(**kwargs) -> ma.fields.String:
    return ma.fields.String(
        validate=ma.validate.Length(min=1, max=10_000),
        metadata={"example": "Day six. Evenings are the hardest; what helped you?"},
        **kwargs,
    )


def _notes(metadata: dict | None = None, **kwargs) -> ma.fields.List:
    return ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(CONTENT_NOTES)),
        validate=ma.validate.Length(max=len(CONTENT_NOTES)),
        metadata=metadata
        or {
            "example": NOTES_EXAMPLE,
            "description": "Content notes from the fixed list: readers open the body when they choose.",
        },
        **kwargs,
    )


# --- requests --------------------------------------------------------------------------------------


class PostCreateSchema(ma.Schema):
    body = _body(required=True)
    content_notes = _notes(load_default=list)
    anonymous_to_peers = ma.fields.Boolean(
        load_default=False,
        metadata={
            "example": False,
            "description": "Peers see 'A member of this group'; facilitators and admins still see who.",
        },
    )


class ThreadCreateSchema(PostCreateSchema):
    title = _title(required=True)


class PostUpdateSchema(ma.Schema):
    """The author's fields (within the edit window) and the facilitators' (any time)."""

    body = _body()
    content_notes = _notes()
    hidden = ma.fields.Boolean(
        metadata={"example": True, "description": "Facilitators: hide (with hidden_reason) or restore."}
    )
    hidden_reason = ma.fields.String(
        validate=ma.validate.Length(min=1, max=1000),
        metadata={"example": "Please keep medication advice to your prescriber."},
    )
    add_content_notes = _notes(metadata={"example": ["self_harm"], "description": "Facilitators: add notes."})
    facilitator_note = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=500),
        metadata={
            "example": "Questions about medication belong with a prescriber.",
            "description": "Facilitators.",
        },
    )
    facilitator_note_resource_id = ma.fields.UUID(
        allow_none=True,
        metadata={"example": ID, "description": "Facilitators: a verified directory resource."},
    )


class ThreadUpdateSchema(PostUpdateSchema):
    title = _title()
    is_pinned = ma.fields.Boolean(metadata={"example": True, "description": "Facilitators."})
    locked = ma.fields.Boolean(metadata={"example": False, "description": "Facilitators."})
    slow_mode_seconds = ma.fields.Integer(
        validate=ma.validate.Range(min=0, max=86_400),
        metadata={"example": 120, "description": "Facilitators: seconds between one member's posts here."},
    )


class ContentPreferencesUpdateSchema(ma.Schema):
    always_folded = _notes(
        required=True,
        metadata={"example": ["self_harm"], "description": "Topics always folded for me, whatever the post."},
    )


# --- responses -------------------------------------------------------------------------------------


class AuthorSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    display_name = ma.fields.String(dump_only=True, metadata={"example": "River"})
    pronouns = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "they/them"})
    badges = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": []})


class ReactionCountSchema(ma.Schema):
    kind = ma.fields.String(dump_only=True, metadata={"enum": list(REACTIONS), "example": "me_too"})
    count = ma.fields.Integer(dump_only=True, metadata={"example": 3})
    mine = ma.fields.Boolean(dump_only=True, metadata={"example": True, "description": "Whether I reacted."})


class ReactionSummarySchema(ma.Schema):
    """Counts per supportive reaction (every kind, zeros included); never who reacted."""

    post_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    reactions = ma.fields.List(ma.fields.Nested(ReactionCountSchema), dump_only=True)


class NoteResourceSchema(ma.Schema):
    """The directory entry a facilitator note links (its page: /resources/{id})."""

    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    name = ma.fields.String(dump_only=True, metadata={"example": "Talk to Frank"})
    verified = ma.fields.Boolean(
        dump_only=True,
        metadata={"example": True, "description": "Checked by Peerway staff within the last year."},
    )


class PostSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    thread_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    group_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    is_opening = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    status = ma.fields.String(
        dump_only=True,
        metadata={
            "enum": [status.value for status in PostStatus],
            "example": "published",
            "description": "Held and declined posts (and hidden reasons): author and facilitators only.",
        },
    )
    body = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": "Day six.", "description": "Null when deleted, or hidden from me."},
    )
    content_notes = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": NOTES_EXAMPLE})
    folded_by_preference = ma.fields.Boolean(
        dump_only=True,
        metadata={"example": False, "description": "A note is one of my always-folded topics."},
    )
    anonymous_to_peers = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    author = ma.fields.Nested(
        AuthorSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "Null for peers when anonymous, deleted or its author left."},
    )
    author_label = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "Shown instead of a name: 'A member of this group'."},
    )
    is_mine = ma.fields.Boolean(dump_only=True, metadata={"example": True})
    shows_risk_signs = ma.fields.Boolean(
        dump_only=True,
        metadata={"example": False, "description": "Show a gentle 'support is available' link."},
    )
    placeholder = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "'Hidden by a facilitator', 'Deleted by its author'..."},
    )
    hidden_reason = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    facilitator_note = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    facilitator_note_resource_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": None})
    facilitator_note_resource = ma.fields.Nested(
        NoteResourceSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "The directory entry the facilitator note links, named; null when none."},
    )
    reactions = ma.fields.List(
        ma.fields.Nested(ReactionCountSchema),
        attribute="reactions.reactions",
        dump_only=True,
        metadata={"description": "Counts per supportive reaction, and whether I reacted; never who."},
    )
    edited_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    editable_until = ma.fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "2026-12-03T18:45:00+00:00",
            "description": "Until when you may still edit it (your own published or held posts, "
            "15 minutes after posting); null otherwise.",
        },
    )


class ThreadSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    group_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    title = ma.fields.String(dump_only=True, metadata={"example": "First week without a drink"})
    is_pinned = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    locked = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    slow_mode_seconds = ma.fields.Integer(dump_only=True, metadata={"example": 0})
    reply_count = ma.fields.Integer(dump_only=True, metadata={"example": 4})
    last_post_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    is_mine = ma.fields.Boolean(dump_only=True, metadata={"example": True})
    opening_post = ma.fields.Nested(PostSchema, dump_only=True)


def _crisis_resources() -> ma.fields.Nested:
    return ma.fields.Nested(
        CrisisResourcesSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "When what was written shows signs of risk: crisis lines for my region."},
    )


def _flatten(written, inner: str) -> dict:
    """{...the thread or post's fields, crisis_resources} from a ThreadWritten or PostWritten."""
    view = getattr(written, inner)
    fields = {field.name: getattr(view, field.name) for field in dataclasses.fields(view)}
    return {**fields, "crisis_resources": written.crisis_resources}


class ThreadWrittenSchema(ThreadSchema):
    crisis_resources = _crisis_resources()

    @ma.pre_dump
    def _flatten(self, written, **_kwargs):
        return _flatten(written, "thread")


class PostWrittenSchema(PostSchema):
    crisis_resources = _crisis_resources()

    @ma.pre_dump
    def _flatten(self, written, **_kwargs):
        return _flatten(written, "post")


class PinnedGuidelinesSchema(ma.Schema):
    version = ma.fields.Integer(dump_only=True, metadata={"example": 2})
    text = ma.fields.String(dump_only=True, metadata={"example": "Be kind. What is said here stays here."})


class ThreadPageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ThreadSchema), required=True, dump_only=True)
    next_cursor = ma.fields.String(
        allow_none=True,
        required=True,
        dump_only=True,
        metadata={"description": "Pass as `cursor` for the next page; null on the last.", "example": None},
    )
    guidelines = ma.fields.Nested(
        PinnedGuidelinesSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "The group's current guidelines, pinned above the threads."},
    )


class OptionSchema(ma.Schema):
    key = ma.fields.String(dump_only=True, metadata={"example": "self_harm"})
    label = ma.fields.String(dump_only=True, metadata={"example": "Self-harm"})


class ContentPreferencesSchema(ma.Schema):
    always_folded = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": ["self_harm"]})
    content_notes = ma.fields.List(
        ma.fields.Nested(OptionSchema), dump_only=True, metadata={"description": "Every content note."}
    )
    reactions = ma.fields.List(
        ma.fields.Nested(OptionSchema), dump_only=True, metadata={"description": "Every supportive reaction."}
    )
