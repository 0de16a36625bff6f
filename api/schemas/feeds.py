"""Meeting Guide JSON (https://github.com/code4recovery/spec): one meeting of the public feed.

Field names, formats and `types` codes are the spec's own; fields that do not apply are omitted
(the spec has no nulls), so a meeting finder reads exactly what the spec describes.
"""

import marshmallow as ma

SPEC = "https://github.com/code4recovery/spec"


class MeetingGuideEntrySchema(ma.Schema):
    name = ma.fields.String(
        dump_only=True, required=True, metadata={"example": "Tuesday Evening Recovery Circle"}
    )
    slug = ma.fields.String(
        dump_only=True,
        required=True,
        metadata={
            "description": "Unique and stable, at most 64 URL-safe characters.",
            "example": "tuesday-evening-recovery-c-3f0c2a9e6a8e4b5c9d6e7f8a9b0c1d2e",
        },
    )
    day = ma.fields.Raw(
        dump_only=True,
        required=True,
        metadata={
            "description": "0 (Sunday) to 6 in the meeting's time zone, or a list of them.",
            "example": 2,
            "oneOf": [
                {"type": "integer", "minimum": 0, "maximum": 6},
                {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}},
            ],
        },
    )
    time = ma.fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "Wall-clock start (HH:MM) in `timezone`.", "example": "19:00"},
    )
    end_time = ma.fields.String(dump_only=True, required=True, metadata={"example": "20:30"})
    timezone = ma.fields.String(
        dump_only=True, required=True, metadata={"description": "IANA time zone.", "example": "Europe/London"}
    )
    types = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        required=True,
        metadata={
            "description": f"Meeting type codes of the spec only ({SPEC}, data/types.json): O or C, "
            "the language (e.g. EN) and LGBTQ or Y where they apply. There is no code for online: "
            "a meeting with a `conference_url` is online.",
            "example": ["O", "EN", "LGBTQ"],
        },
    )
    notes = ma.fields.String(dump_only=True, metadata={"example": "We read a short text, then share."})
    group = ma.fields.String(dump_only=True, required=True, metadata={"example": "Camden Recovery Circle"})
    group_notes = ma.fields.String(dump_only=True, metadata={"example": "A welcoming circle."})
    url = ma.fields.String(
        dump_only=True,
        required=True,
        metadata={
            "description": "The group's public page, which a visitor can open without signing in.",
            "example": "https://peerway.example.org/groups/6f1c1b2e-3d4a-4b5c-9d6e-7f8a9b0c1d2e",
        },
    )
    updated = ma.fields.String(
        dump_only=True,
        required=True,
        metadata={"description": "UTC, YYYY-MM-DD HH:MM:SS.", "example": "2026-11-25 10:00:00"},
    )
    region = ma.fields.String(
        dump_only=True,
        metadata={"description": "The group's public area, never its address.", "example": "Camden, London"},
    )
    country = ma.fields.String(
        dump_only=True, required=True, metadata={"description": "ISO 3166-1 alpha-2.", "example": "GB"}
    )
    approximate = ma.fields.String(
        dump_only=True,
        required=True,
        metadata={
            "description": "Always yes: Peerway publishes an area, never an exact address.",
            "enum": ["yes"],
            "example": "yes",
        },
    )
    conference_url = ma.fields.String(
        dump_only=True,
        metadata={
            "description": "Online and hybrid meetings: the public page of the next session, not the call "
            "itself (its link goes to booked members only).",
            "example": "https://peerway.example.org/sessions/0c9d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
        },
    )
    conference_url_notes = ma.fields.String(
        dump_only=True,
        metadata={"example": "Peerway sends the joining link to members with a confirmed booking."},
    )

    @ma.post_dump
    def omit_absent(self, data: dict, **_kwargs) -> dict:
        """The spec omits what does not apply; it never sends null."""
        return {key: value for key, value in data.items() if value is not None}
