"""Member representations: the private profile (own), the public profile (others), updates."""

import datetime as dt

import marshmallow as ma

from api.models.members import ROLE_VALUES
from api.regions import is_country
from api.schemas.common import COUNTRY_FORMAT, Pattern, TimeZoneField, visible_characters_only


class NotificationPrefsSchema(ma.Schema):
    """Read and written as a whole: a PATCH sends the full set of preferences."""

    email_reminders = ma.fields.Boolean(
        load_default=True, metadata={"example": True, "description": "Reminders by email too."}
    )
    in_app = ma.fields.Boolean(load_default=True, metadata={"example": True})
    reminders = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(["24h", "1h"])),
        load_default=lambda: ["24h", "1h"],
        validate=ma.validate.Length(max=2),
        metadata={"example": ["24h", "1h"], "description": "When to be reminded before a booked session."},
    )


class PublicProfileSchema(ma.Schema):
    """What any signed-in member may see of another: never email, names or recovery data."""

    id = ma.fields.UUID(dump_only=True, metadata={"example": "3f0c2a9e-6a8e-4d4f-9a53-2f1d6c1b7e10"})
    display_name = ma.fields.String(dump_only=True, metadata={"example": "River"})
    pronouns = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "they/them"})
    bio = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "One day at a time, with coffee."}
    )
    badges = ma.fields.List(
        ma.fields.String(),
        dump_only=True,
        metadata={"example": ["trained_facilitator"], "description": "Public role badges."},
    )


def _assigned_country(value: str) -> None:
    if not is_country(value):
        raise ma.ValidationError("Use an ISO 3166 country code such as GB, JP or MX.")


COUNTRY_METADATA = {
    "format": COUNTRY_FORMAT,
    "example": "GB",
    "description": "ISO 3166-1 alpha-2 code of the country you are in: crisis help is shown for it "
    "(when null, for your time zone's country).",
}


def _not_in_future(value: dt.date) -> None:
    if value > dt.date.today():
        raise ma.ValidationError("The recovery start date cannot be in the future.")


class MemberPrivateSchema(PublicProfileSchema):
    """The member's own profile, including private fields."""

    email = ma.fields.Email(dump_only=True, metadata={"example": "river@example.org"})
    legal_name = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    time_zone = ma.fields.String(dump_only=True, metadata={"example": "Europe/London"})
    country = ma.fields.String(dump_only=True, allow_none=True, metadata=COUNTRY_METADATA)
    recovery_start_date = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2026-01-15"})
    role = ma.fields.String(dump_only=True, metadata={"enum": list(ROLE_VALUES), "example": "member"})
    show_recovery_counter = ma.fields.Boolean(dump_only=True, metadata={"example": True})
    notification_prefs = ma.fields.Nested(NotificationPrefsSchema, dump_only=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    updated_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})


class MemberUpdateSchema(ma.Schema):
    """Fields a member may change on their own profile; send only what changes."""

    display_name = ma.fields.String(
        validate=[ma.validate.Length(min=2, max=60), visible_characters_only()], metadata={"example": "River"}
    )
    pronouns = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=40), metadata={"example": "they/them"}
    )
    bio = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=500),
        metadata={"example": "One day at a time."},
    )
    legal_name = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=120), metadata={"example": None}
    )
    time_zone = TimeZoneField()
    country = ma.fields.String(
        allow_none=True,
        validate=[Pattern(r"^[A-Z]{2}$", error="Use a two-letter ISO 3166 country code."), _assigned_country],
        metadata=COUNTRY_METADATA,
    )
    recovery_start_date = ma.fields.Date(
        allow_none=True, validate=_not_in_future, metadata={"example": "2026-01-15"}
    )
    show_recovery_counter = ma.fields.Boolean(
        metadata={"example": True, "description": "Show or hide the recovery day counter."}
    )
    notification_prefs = ma.fields.Nested(NotificationPrefsSchema)

    @ma.validates("display_name")
    def _display_name_not_blank(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise ma.ValidationError("Choose a display name; a pseudonym is welcome.")


class MemberExportSchema(ma.Schema):
    """Everything Peerway holds about the member, grouped by domain."""

    exported_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    format_version = ma.fields.Integer(dump_only=True, metadata={"example": 1})
    data = ma.fields.Dict(
        dump_only=True,
        keys=ma.fields.String(
            dump_only=True,
        ),
        values=ma.fields.Raw(
            dump_only=True,
        ),
        metadata={"example": {"profile": {"display_name": "River"}, "login_sessions": []}},
    )
