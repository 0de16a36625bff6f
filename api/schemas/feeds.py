"""Meeting Guide JSON (https://github.com/code4recovery/spec)."""

import marshmallow as ma


class MeetingGuideEntrySchema(ma.Schema):
    name = ma.fields.String(
        dump_only=True, required=True, metadata={"example": "Tuesday Evening Recovery Circle"}
    )
    slug = ma.fields.String(
        dump_only=True, required=True, metadata={"example": "tuesday-evening-recovery-circle-3f0c2a9e6a8e"}
    )
    day = ma.fields.Raw(
        dump_only=True,
        required=True,
        metadata={
            "description": "0 (Sunday) to 6, or a list of them.",
            "example": 2,
            "oneOf": [
                {"type": "integer", "minimum": 0, "maximum": 6},
                {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}},
            ],
        },
    )
    time = ma.fields.String(dump_only=True, required=True, metadata={"example": "19:00"})
    end_time = ma.fields.String(dump_only=True, metadata={"example": "20:30"})
    timezone = ma.fields.String(dump_only=True, metadata={"example": "Europe/London"})
    types = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": ["O", "ONL"]})
    notes = ma.fields.String(dump_only=True, metadata={"example": "A welcoming circle."})
    group = ma.fields.String(dump_only=True, metadata={"example": "Tuesday Evening Recovery Circle"})
    url = ma.fields.String(
        dump_only=True, metadata={"example": "/groups/6f1c1b2e-3d4a-4b5c-9d6e-7f8a9b0c1d2e"}
    )
    updated = ma.fields.String(dump_only=True, metadata={"example": "2026-11-25 10:00:00"})
    formatted_address = ma.fields.String(metadata={"example": "Camden, London, GB"})
    conference_url_notes = ma.fields.String(
        metadata={"example": "Join the group on Peerway to receive the link."}
    )
