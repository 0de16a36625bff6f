"""Crisis help: public, always available, never another country's number."""

import marshmallow as ma

from api.schemas.common import Pattern

CHECKED_ON = {"format": "date", "example": "2026-12-03"}


class CrisisQuerySchema(ma.Schema):
    region = ma.fields.String(
        load_default=None,
        validate=Pattern(r"^[A-Za-z]{2}$", error="Use a two-letter ISO 3166 country code."),
        metadata={
            "example": "GB",
            "description": "ISO 3166-1 alpha-2 country code. Omit it when the country is not known: the "
            "answer then carries no numbers (never a guessed country's), only the directory and the "
            "regions to choose from. An unknown code is a 422.",
        },
    )


class CrisisLineSchema(ma.Schema):
    region = ma.fields.String(dump_only=True, metadata={"example": "GB"})
    name = ma.fields.String(dump_only=True, metadata={"example": "Samaritans"})
    description = ma.fields.String(
        dump_only=True, metadata={"example": "Talk to someone about anything, day or night."}
    )
    phone = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "116 123"})
    sms = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    sms_keyword = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    chat_url = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": None, "description": "Web chat, if offered."}
    )
    url = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "https://www.samaritans.org"}
    )
    hours = ma.fields.String(dump_only=True, metadata={"example": "24/7"})
    languages = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": ["en", "cy"]})
    source_url = ma.fields.String(
        dump_only=True, metadata={"example": "https://www.samaritans.org/how-we-can-help/contact-samaritan/"}
    )
    checked_on = ma.fields.String(dump_only=True, metadata=CHECKED_ON)


class EmergencyNumbersSchema(ma.Schema):
    """A region's emergency numbers, cross-checked against libphonenumber's short-number data."""

    call_first = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "999",
            "description": "The number to show first: the general one, else the ambulance.",
        },
    )
    general = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": "999", "description": "Reaches every emergency service; null if there is none."},
    )
    also = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"example": ["112"], "description": "Other numbers that reach the same services."},
    )
    police = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "Only where it differs from the general number."},
    )
    ambulance = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    fire = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    note = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "Why numbers are missing or limited, when they are."},
    )
    source_url = ma.fields.String(
        dump_only=True,
        metadata={"example": "https://en.wikipedia.org/wiki/List_of_emergency_telephone_numbers"},
    )
    checked_on = ma.fields.String(dump_only=True, metadata=CHECKED_ON)


class HelplineDirectorySchema(ma.Schema):
    name = ma.fields.String(dump_only=True, metadata={"example": "Find A Helpline"})
    url = ma.fields.String(dump_only=True, metadata={"example": "https://findahelpline.com"})
    description = ma.fields.String(
        dump_only=True, metadata={"example": "Free, confidential helplines in many more countries."}
    )


class CrisisRegionSchema(ma.Schema):
    code = ma.fields.String(dump_only=True, metadata={"example": "GB"})
    name = ma.fields.String(dump_only=True, metadata={"example": "United Kingdom"})
    emergency_number = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "999"})


class CrisisResourcesSchema(ma.Schema):
    region = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "GB", "description": "Null when not known."}
    )
    region_name = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "United Kingdom"})
    emergency_number = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "999",
            "description": "The number to call first in this region (emergency.call_first). Null when "
            "the region is not known or has no public emergency service: tell people to call their local "
            "emergency number, never a guessed one.",
        },
    )
    emergency = ma.fields.Nested(EmergencyNumbersSchema, dump_only=True, allow_none=True)
    lines = ma.fields.List(
        ma.fields.Nested(CrisisLineSchema),
        dump_only=True,
        metadata={"description": "Curated crisis lines of this region only; empty when none is verified."},
    )
    verified_lines = ma.fields.Boolean(
        dump_only=True,
        metadata={
            "example": True,
            "description": "False when no verified crisis line is listed for the region: show the "
            "emergency number and the directory instead.",
        },
    )
    directory = ma.fields.Nested(HelplineDirectorySchema, dump_only=True)
    regions = ma.fields.List(
        ma.fields.Nested(CrisisRegionSchema),
        dump_only=True,
        metadata={"description": "Every country and territory, by name, for a region picker."},
    )
