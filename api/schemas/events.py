"""Live events: stream tickets, the stream's query and the polling fallback."""

import marshmallow as ma
from marshmallow import validate

from api.event_types import CHANNEL_REGEX, EVENT_TYPES

EXAMPLE_GROUP_CHANNEL = "group:3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"
EXAMPLE_TICKET = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJwZWVyd2F5OmxpdmUtZXZlbnRzIn0.c2lnbmF0dXJl"
CHANNEL_DESCRIPTION = (
    "`group:<group id>` (the group's conversation), `relationship:<coaching relationship id>` "
    "(coach messages) or `member:<my id>` (always included)."
)


class TicketRequestSchema(ma.Schema):
    channels = ma.fields.List(
        ma.fields.String(
            validate=validate.Regexp(
                CHANNEL_REGEX, error="Use group:<id>, relationship:<id> or member:<your id>."
            ),
            metadata={"description": CHANNEL_DESCRIPTION},
        ),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"example": [EXAMPLE_GROUP_CHANNEL], "description": "Channels to follow (at most 20)."},
    )


class TicketSchema(ma.Schema):
    ticket = ma.fields.String(
        dump_only=True,
        metadata={"example": EXAMPLE_TICKET, "description": "Opens the stream within 60 seconds; only that."},
    )
    expires_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:01:00+00:00"})
    channels = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"example": ["member:9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", EXAMPLE_GROUP_CHANNEL]},
    )
    stream_url = ma.fields.String(
        dump_only=True, metadata={"example": f"/api/v1/events?ticket={EXAMPLE_TICKET}"}
    )


class StreamArgsSchema(ma.Schema):
    ticket = ma.fields.String(
        required=True, validate=validate.Length(min=1, max=4000), metadata={"example": EXAMPLE_TICKET}
    )
    last_event_id = ma.fields.String(
        validate=validate.Regexp(r"^\d{1,18}$"),
        metadata={
            "example": "1042",
            "description": "Resume after this event (a new EventSource cannot send the Last-Event-ID "
            "header; the header wins when both are sent).",
        },
    )


class RecentArgsSchema(ma.Schema):
    ticket = ma.fields.String(
        required=True, validate=validate.Length(min=1, max=4000), metadata={"example": EXAMPLE_TICKET}
    )
    after = ma.fields.String(
        validate=validate.Regexp(r"^\d{1,18}$"),
        metadata={
            "example": "1042",
            "description": "The last event id seen; omit it to learn where to start.",
        },
    )


class LiveEventSchema(ma.Schema):
    id = ma.fields.Function(lambda event: str(event.id), dump_only=True, metadata={"example": "1043"})
    type = ma.fields.String(dump_only=True, metadata={"enum": list(EVENT_TYPES), "example": "post.created"})
    channel = ma.fields.String(dump_only=True, metadata={"example": EXAMPLE_GROUP_CHANNEL})
    data = ma.fields.Dict(
        dump_only=True,
        metadata={
            "example": {
                "thread_id": "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
                "post_id": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
            },
            "description": "Ids and counts only: refetch through the API to see what changed.",
        },
    )


class RecentEventsSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(LiveEventSchema), dump_only=True)
    last_event_id = ma.fields.String(dump_only=True, metadata={"example": "1043"})
    reset = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "example": False,
            "description": "The history no longer reaches `after`: refetch everything.",
        },
    )
