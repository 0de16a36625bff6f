"""Sessions, RSVPs, attendance and notifications payloads."""

import datetime as dt

import marshmallow as ma

from api.models.groups import TOPICS, GroupFormat
from api.pagination import PageArgsSchema
from api.schemas.common import BoundedDateTime, PartialUpdateMixin, TimeZoneField, web_address
from api.schemas.groups import LANGUAGE, REGION, _choice
from api.schemas.members import PublicProfileSchema
from api.services.rsvps import CHECK_IN_OPENS_BEFORE

EXAMPLE_SESSION_ID = "9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
STARTS = "2026-12-01T19:00:00+00:00"


class GroupRefSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "6f1c1b2e-3d4a-4b5c-9d6e-7f8a9b0c1d2e"})
    slug = ma.fields.String(dump_only=True, metadata={"example": "tuesday-evening-recovery-circle"})
    name = ma.fields.String(dump_only=True, metadata={"example": "Tuesday Evening Recovery Circle"})
    format = ma.fields.String(
        dump_only=True, metadata={"enum": ["online", "in_person", "hybrid"], "example": "hybrid"}
    )
    area = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "Camden, London"})


class MyRsvpSchema(ma.Schema):
    status = ma.fields.String(
        dump_only=True, metadata={"enum": ["confirmed", "waitlisted"], "example": "waitlisted"}
    )
    waitlist_position = ma.fields.Integer(dump_only=True, allow_none=True, metadata={"example": 2})
    attendance = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"enum": ["attended", "no_show"], "example": None}
    )


class SessionSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": EXAMPLE_SESSION_ID})
    group = ma.fields.Nested(GroupRefSchema, dump_only=True)
    series_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": None})
    starts_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": STARTS})
    ends_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-12-01T20:30:00+00:00"})
    time_zone = ma.fields.String(dump_only=True, metadata={"example": "Europe/London"})
    title = ma.fields.String(dump_only=True, metadata={"example": "Sharing circle"})
    description = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "An open share."})
    topic = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "Coping with the holidays"}
    )
    content_warnings = ma.fields.List(
        ma.fields.String(), dump_only=True, metadata={"example": ["relapse", "grief"]}
    )
    capacity = ma.fields.Integer(dump_only=True, metadata={"example": 12})
    spots_left = ma.fields.Method("_spots_left", dump_only=True, metadata={"type": "integer", "example": 3})
    status = ma.fields.String(
        dump_only=True, metadata={"enum": ["scheduled", "cancelled"], "example": "scheduled"}
    )
    online_url = ma.fields.String(
        attribute="visible_online_url",
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "https://meet.example.org/abc-defg-hij",
            "description": "Only for members with a confirmed place, and facilitators; null for visitors.",
        },
    )
    location = ma.fields.String(
        attribute="visible_location",
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "Room 2, St Mary's Hall",
            "description": "Only for members of the group; null for visitors, who see the group's area.",
        },
    )
    my_rsvp = ma.fields.Nested(
        MyRsvpSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "The viewer's booking; null without one, and for signed-out visitors."},
    )
    check_in_opens_at = ma.fields.Method(
        "_check_in_opens_at",
        dump_only=True,
        metadata={
            "type": "string",
            "format": "date-time",
            "example": "2026-12-01T18:45:00+00:00",
            "description": "Members with a place can check themselves in from then until the end.",
        },
    )
    can_manage = ma.fields.Boolean(
        dump_only=True, metadata={"example": False, "description": "True for this group's facilitators."}
    )

    def _check_in_opens_at(self, session) -> str:
        return (session.starts_at - CHECK_IN_OPENS_BEFORE).isoformat()

    def _spots_left(self, session) -> int:
        return max(0, session.capacity - session.confirmed_count)


def _in_future(value: dt.datetime) -> None:
    if value < dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5):
        raise ma.ValidationError("Choose a start time in the future.")


class SessionDetailsSchema(ma.Schema):
    title = ma.fields.String(
        required=True, validate=ma.validate.Length(min=3, max=120), metadata={"example": "Sharing circle"}
    )
    description = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=4000), metadata={"example": "An open share."}
    )
    topic = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=120), metadata={"example": "Boundaries"}
    )
    content_warnings = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=60)),
        load_default=list,
        validate=ma.validate.Length(max=10),
        metadata={"example": ["relapse"]},
    )
    capacity = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=1, max=1000), metadata={"example": 12}
    )
    online_url = web_address(
        allow_none=True,
        metadata={"example": "https://meet.example.org/abc-defg-hij"},
    )
    location = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=300), metadata={"example": "Room 2"}
    )
    starts_at = BoundedDateTime(
        required=True,
        validate=_in_future,
        metadata={
            "example": STARTS,
            "description": "RFC 3339 with offset; the wall-clock time in `time_zone` is kept for repeats.",
        },
    )
    duration_minutes = ma.fields.Integer(
        load_default=90, validate=ma.validate.Range(min=5, max=1440), metadata={"example": 90}
    )


class SessionCreateSchema(SessionDetailsSchema):
    time_zone = TimeZoneField(metadata={"description": "Defaults to the group's time zone."})
    rrule = ma.fields.String(
        validate=ma.validate.Length(min=6, max=500),
        metadata={
            "example": "FREQ=WEEKLY;BYDAY=TU;COUNT=12",
            "description": "RFC 5545 RRULE for a recurring series; omit for a one-off session.",
        },
    )


class SessionUpdateSchema(PartialUpdateMixin, SessionDetailsSchema):
    pass


class SessionScopeSchema(ma.Schema):
    scope = ma.fields.String(
        load_default="occurrence",
        validate=ma.validate.OneOf(["occurrence", "series"]),
        metadata={
            "example": "occurrence",
            "description": "series: this and every later session of the series.",
        },
    )


class WindowSchema(PageArgsSchema):
    starts_after = BoundedDateTime(metadata={"example": STARTS, "description": "Default: now."})
    starts_before = BoundedDateTime(metadata={"example": "2027-01-31T00:00:00+00:00"})

    @ma.validates_schema
    def _ordered(self, data, **_kwargs):
        if (
            data.get("starts_after")
            and data.get("starts_before")
            and data["starts_before"] <= data["starts_after"]
        ):
            raise ma.ValidationError("Must be after starts_after.", "starts_before")


class SessionQuerySchema(WindowSchema):
    q = ma.fields.String(validate=ma.validate.Length(min=1, max=100), metadata={"example": "evening"})
    topic = ma.fields.String(validate=_choice(TOPICS), metadata={"example": "alcohol"})
    format = ma.fields.String(validate=_choice(GroupFormat), metadata={"example": "online"})
    language = ma.fields.String(validate=LANGUAGE, metadata={"example": "en"})
    region = ma.fields.String(validate=REGION, metadata={"example": "GB"})
    free = ma.fields.Boolean(metadata={"example": True})
    mine = ma.fields.Boolean(
        metadata={"example": False, "description": "Only sessions of groups I belong to."}
    )


class RsvpSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"})
    status = ma.fields.String(
        dump_only=True, metadata={"enum": ["confirmed", "waitlisted", "cancelled"], "example": "confirmed"}
    )
    waitlist_position = ma.fields.Integer(dump_only=True, allow_none=True, metadata={"example": None})
    attendance = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"enum": ["attended", "no_show"], "example": None}
    )
    requested_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    session = ma.fields.Nested(SessionSchema, dump_only=True)


class AttendeeSchema(ma.Schema):
    member = ma.fields.Nested(
        PublicProfileSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "Null for a member who has since deleted their account."},
    )
    status = ma.fields.String(
        dump_only=True, metadata={"enum": ["confirmed", "waitlisted"], "example": "confirmed"}
    )
    waitlist_position = ma.fields.Integer(dump_only=True, allow_none=True, metadata={"example": None})
    attendance = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"enum": ["attended", "no_show"], "example": "attended"}
    )
    checked_in_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    requested_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})


class AttendeeQuerySchema(PageArgsSchema):
    status = ma.fields.String(
        validate=ma.validate.OneOf(["confirmed", "waitlisted"]), metadata={"example": "confirmed"}
    )


class AttendanceSchema(ma.Schema):
    member_id = ma.fields.UUID(
        metadata={
            "example": "3f0c2a9e-6a8e-4d4f-9a53-2f1d6c1b7e10",
            "description": "Facilitators: whom to mark. Omit to check yourself in.",
        }
    )
    attended = ma.fields.Boolean(
        load_default=True, metadata={"example": True, "description": "false records a no-show."}
    )


class MySessionsQuerySchema(PageArgsSchema):
    when = ma.fields.String(
        load_default="upcoming",
        validate=ma.validate.OneOf(["upcoming", "past"]),
        metadata={"example": "upcoming"},
    )
