"""Crisis lines: public, always available."""

import marshmallow as ma

from api.schemas.common import Pattern


class CrisisQuerySchema(ma.Schema):
    region = ma.fields.String(
        load_default=None,
        validate=Pattern(r"^[A-Za-z]{2}$", error="Use a two-letter ISO 3166 country code."),
        metadata={"example": "GB", "description": "ISO 3166-1 alpha-2 country code. Omit for all regions."},
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
    url = ma.fields.String(dump_only=True, metadata={"example": "https://www.samaritans.org"})
    hours = ma.fields.String(dump_only=True, metadata={"example": "24/7"})
    languages = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": ["en"]})
    source_url = ma.fields.String(
        dump_only=True, metadata={"example": "https://www.samaritans.org/how-we-can-help/contact-samaritan/"}
    )
    checked_on = ma.fields.String(dump_only=True, metadata={"format": "date", "example": "2026-11-25"})


class HelplineDirectorySchema(ma.Schema):
    name = ma.fields.String(dump_only=True, metadata={"example": "Find A Helpline"})
    url = ma.fields.String(dump_only=True, metadata={"example": "https://findahelpline.com"})
    description = ma.fields.String(
        dump_only=True, metadata={"example": "Free, confidential helplines in many more countries."}
    )


class CrisisRegionSchema(ma.Schema):
    code = ma.fields.String(dump_only=True, metadata={"example": "GB"})
    name = ma.fields.String(dump_only=True, metadata={"example": "United Kingdom"})
    emergency_number = ma.fields.String(dump_only=True, metadata={"example": "999"})


class CrisisResourcesSchema(ma.Schema):
    region = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "GB"})
    emergency_number = ma.fields.String(dump_only=True, metadata={"example": "999"})
    lines = ma.fields.List(ma.fields.Nested(CrisisLineSchema), dump_only=True)
    directory = ma.fields.Nested(HelplineDirectorySchema, dump_only=True)
    regions = ma.fields.List(
        ma.fields.Nested(CrisisRegionSchema),
        dump_only=True,
        metadata={"description": "Every region with listed lines, for a region picker."},
    )
