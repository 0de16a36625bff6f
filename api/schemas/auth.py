"""Sign-up, sign-in and token payloads."""

import marshmallow as ma

from api.passwords import MAX_LENGTH, password_problems
from api.schemas.common import TimeZoneField, visible_characters_only


class RegisterSchema(ma.Schema):
    email = ma.fields.Email(
        required=True, validate=ma.validate.Length(max=254), metadata={"example": "river@example.org"}
    )
    password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=MAX_LENGTH),
        metadata={
            "example": "kettle-orbit-lantern-42",
            "description": "At least 12 characters, not a common password.",
        },
    )
    display_name = ma.fields.String(
        required=True,
        validate=[ma.validate.Length(min=2, max=60), visible_characters_only()],
        metadata={"example": "River", "description": "Shown to other members; pseudonyms welcome."},
    )
    time_zone = TimeZoneField(required=True)
    clinic_invitation = ma.fields.String(
        load_only=True,
        validate=ma.validate.Length(min=4, max=40),
        metadata={"example": "K7QP-M2XD-9RTF", "description": "A partner clinic's referral code, if any."},
    )

    @ma.validates_schema
    def _password_policy(self, data, **_kwargs) -> None:
        if "password" in data and "email" in data:
            local_part = data["email"].split("@")[0]
            problems = password_problems(data["password"], local_part, data.get("display_name", ""))
            if problems:
                raise ma.ValidationError(problems, field_name="password")

    @ma.validates("display_name")
    def _display_name_not_blank(self, value: str, **_kwargs) -> None:
        if not value.strip():
            raise ma.ValidationError("Choose a display name; a pseudonym is welcome.")


class LoginSchema(ma.Schema):
    email = ma.fields.Email(required=True, metadata={"example": "river@example.org"})
    password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=MAX_LENGTH),
        metadata={"example": "kettle-orbit-lantern-42"},
    )
    client_label = ma.fields.String(
        validate=ma.validate.Length(max=120),
        metadata={
            "example": "Firefox on a phone",
            "description": "Names this sign-in in your list of devices.",
        },
    )


class RefreshSchema(ma.Schema):
    refresh_token = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=4096),
        metadata={"example": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.signature"},
    )


class PasswordChangeSchema(ma.Schema):
    current_password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=MAX_LENGTH),
        metadata={"example": "kettle-orbit-lantern-42"},
    )
    new_password = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(max=MAX_LENGTH),
        metadata={"example": "harbour-violet-meadow-7"},
    )

    @ma.validates("new_password")
    def _policy(self, value: str, **_kwargs) -> None:
        problems = password_problems(value)
        if problems:
            raise ma.ValidationError(problems)


class TokenPairSchema(ma.Schema):
    access_token = ma.fields.String(
        dump_only=True, metadata={"example": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.signature"}
    )
    refresh_token = ma.fields.String(
        dump_only=True, metadata={"example": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.signature"}
    )
    token_type = ma.fields.String(dump_only=True, metadata={"example": "Bearer"})
    expires_in = ma.fields.Integer(
        dump_only=True, metadata={"example": 900, "description": "Access token lifetime in seconds."}
    )


class LoginSessionSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "0b7e5d1c-4c55-4b59-8f43-6f2b8d2d2a11"})
    client_label = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "Firefox on a phone"}
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    last_used_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:10:00+00:00"})
    expires_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-12-25T10:00:00+00:00"})
    current = ma.fields.Boolean(dump_only=True, metadata={"example": True})
