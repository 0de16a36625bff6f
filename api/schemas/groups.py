"""Groups: listing, detail, create and update payloads, guidelines, memberships, invitations."""

import marshmallow as ma

from api.models.groups import TOPICS, GroupFormat, GroupRole, JoinPolicy, MembershipStatus, Visibility
from api.pagination import PageArgsSchema
from api.schemas.common import PartialUpdateMixin, Pattern, TimeZoneField, visible_characters_only
from api.schemas.members import PublicProfileSchema

EXAMPLE_GROUP_ID = "6f1c1b2e-3d4a-4b5c-9d6e-7f8a9b0c1d2e"
LANGUAGE = Pattern(r"^[a-z]{2,3}(-[A-Z]{2})?$", error="Use a language tag such as en or pt-BR.")
REGION = Pattern(r"^[A-Z]{2}$", error="Use a two-letter ISO 3166 country code such as GB.")


def _choice(values) -> ma.validate.OneOf:
    return ma.validate.OneOf([value.value if hasattr(value, "value") else value for value in values])


class ViewerMembershipSchema(ma.Schema):
    """The signed-in member's own standing in the group."""

    status = ma.fields.String(
        dump_only=True, metadata={"enum": [s.value for s in MembershipStatus], "example": "active"}
    )
    role = ma.fields.String(
        dump_only=True, metadata={"enum": [r.value for r in GroupRole], "example": "member"}
    )
    is_muted = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    accepted_guidelines_version = ma.fields.Integer(dump_only=True, metadata={"example": 1})


class GroupSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": EXAMPLE_GROUP_ID})
    slug = ma.fields.String(dump_only=True, metadata={"example": "tuesday-evening-recovery-circle"})
    name = ma.fields.String(dump_only=True, metadata={"example": "Tuesday Evening Recovery Circle"})
    description = ma.fields.String(
        dump_only=True,
        metadata={"example": "A welcoming circle for anyone in or seeking recovery from alcohol."},
    )
    topics = ma.fields.List(
        ma.fields.String(), dump_only=True, metadata={"example": ["alcohol", "addiction_recovery"]}
    )
    format = ma.fields.String(
        dump_only=True, metadata={"enum": [f.value for f in GroupFormat], "example": "hybrid"}
    )
    language = ma.fields.String(dump_only=True, metadata={"example": "en"})
    region = ma.fields.String(dump_only=True, metadata={"example": "GB"})
    area = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "Camden, London"})
    time_zone = ma.fields.String(dump_only=True, metadata={"example": "Europe/London"})
    join_policy = ma.fields.String(
        dump_only=True, metadata={"enum": [p.value for p in JoinPolicy], "example": "open"}
    )
    visibility = ma.fields.String(
        dump_only=True, metadata={"enum": [v.value for v in Visibility], "example": "public"}
    )
    is_free = ma.fields.Boolean(dump_only=True, metadata={"example": True})
    cost_note = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    guidelines_version = ma.fields.Integer(dump_only=True, metadata={"example": 1})
    facilitators = ma.fields.List(
        ma.fields.Nested(PublicProfileSchema),
        dump_only=True,
        allow_none=True,
        metadata={"description": "Member profiles: null for signed-out visitors."},
    )
    next_session_at = ma.fields.AwareDateTime(
        dump_only=True, allow_none=True, metadata={"example": "2026-12-01T19:00:00+00:00"}
    )
    my_membership = ma.fields.Nested(
        ViewerMembershipSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "Null when the viewer has none, and for signed-out visitors."},
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})
    archived_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})


class GroupDetailSchema(GroupSchema):
    address = ma.fields.String(
        attribute="visible_address",
        dump_only=True,
        allow_none=True,
        metadata={
            "example": "St Mary's Hall, 1 Example Road, London NW1 0AA",
            "description": "Only for active members of the group; null for everyone else (visitors too).",
        },
    )


class GroupWriteSchema(ma.Schema):
    """Fields a facilitator sets; the guidelines are created with the group."""

    name = ma.fields.String(
        required=True,
        validate=[ma.validate.Length(min=3, max=120), visible_characters_only()],
        metadata={"example": "Leeds Tuesday Circle"},
    )
    description = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=10, max=4000),
        metadata={"example": "A peer-led circle for anyone affected by alcohol."},
    )
    topics = ma.fields.List(
        ma.fields.String(validate=_choice(TOPICS)),
        required=True,
        validate=ma.validate.Length(min=1, max=5),
        metadata={"example": ["alcohol"], "description": f"1 to 5 of: {', '.join(TOPICS)}."},
    )
    format = ma.fields.String(required=True, validate=_choice(GroupFormat), metadata={"example": "online"})
    language = ma.fields.String(load_default="en", validate=LANGUAGE, metadata={"example": "en"})
    region = ma.fields.String(required=True, validate=REGION, metadata={"example": "GB"})
    area = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=120), metadata={"example": "Leeds"}
    )
    address = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=300), metadata={"example": "1 Example Road, Leeds"}
    )
    time_zone = TimeZoneField(required=True)
    join_policy = ma.fields.String(
        load_default="open", validate=_choice(JoinPolicy), metadata={"example": "open"}
    )
    visibility = ma.fields.String(
        load_default="public", validate=_choice(Visibility), metadata={"example": "public"}
    )
    is_free = ma.fields.Boolean(load_default=True, metadata={"example": True})
    cost_note = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=200), metadata={"example": None}
    )
    guidelines = ma.fields.String(
        required=True,
        load_only=True,
        validate=ma.validate.Length(min=20, max=20000),
        metadata={"example": "What is said here stays here. Speak from your own experience. No cross-talk."},
    )

    @ma.validates_schema
    def _place_for_in_person(self, data, partial=False, **_kwargs):
        if data.get("format") in (GroupFormat.IN_PERSON, GroupFormat.HYBRID) and not data.get("area"):
            if not partial or "area" in data:
                raise ma.ValidationError("In-person and hybrid groups need a public area.", "area")


class GroupUpdateSchema(PartialUpdateMixin, GroupWriteSchema):
    class Meta:
        exclude = ("guidelines",)


class GroupQuerySchema(PageArgsSchema):
    q = ma.fields.String(validate=ma.validate.Length(min=1, max=100), metadata={"example": "alcohol evening"})
    topic = ma.fields.String(validate=_choice(TOPICS), metadata={"example": "alcohol"})
    format = ma.fields.String(validate=_choice(GroupFormat), metadata={"example": "online"})
    language = ma.fields.String(validate=LANGUAGE, metadata={"example": "en"})
    region = ma.fields.String(validate=REGION, metadata={"example": "GB"})
    free = ma.fields.Boolean(metadata={"example": True})
    has_upcoming = ma.fields.Boolean(metadata={"example": True})
    mine = ma.fields.Boolean(metadata={"example": False, "description": "Only groups I belong to."})


class GuidelinesSchema(ma.Schema):
    version = ma.fields.Integer(dump_only=True, metadata={"example": 2})
    text = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=20, max=20000),
        metadata={"example": "What is said here stays here. Speak from your own experience."},
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})


class GuidelinesWriteSchema(ma.Schema):
    text = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=20, max=20000),
        metadata={"example": "What is said here stays here. Speak from your own experience."},
    )


class JoinSchema(ma.Schema):
    accepted_guidelines_version = ma.fields.Integer(
        required=True,
        metadata={"example": 1, "description": "The guidelines version the member read and accepts."},
    )
    invitation_code = ma.fields.String(
        validate=ma.validate.Length(min=6, max=64), metadata={"example": "k3v9-q2xp-7m4d"}
    )


class AcceptGuidelinesSchema(ma.Schema):
    accepted_guidelines_version = ma.fields.Integer(required=True, metadata={"example": 2})


class MembershipSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"})
    group_id = ma.fields.UUID(dump_only=True, metadata={"example": EXAMPLE_GROUP_ID})
    member = ma.fields.Nested(PublicProfileSchema, dump_only=True)
    status = ma.fields.String(
        dump_only=True, metadata={"enum": [s.value for s in MembershipStatus], "example": "active"}
    )
    role = ma.fields.String(
        dump_only=True, metadata={"enum": [r.value for r in GroupRole], "example": "member"}
    )
    is_muted = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    accepted_guidelines_version = ma.fields.Integer(dump_only=True, metadata={"example": 1})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-11-25T10:00:00+00:00"})


class MembershipQuerySchema(PageArgsSchema):
    status = ma.fields.String(
        load_default="active",
        validate=_choice([MembershipStatus.ACTIVE, MembershipStatus.PENDING]),
        metadata={"example": "active", "description": "pending: facilitators only."},
    )


class MembershipActionSchema(ma.Schema):
    action = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(
            ["approve", "decline", "remove", "mute", "unmute", "make_facilitator", "make_member"]
        ),
        metadata={"example": "approve"},
    )
    reason = ma.fields.String(
        validate=ma.validate.Length(max=500),
        metadata={"example": "Welcome!", "description": "Shown to the member in their notification."},
    )


class InvitationCreateSchema(ma.Schema):
    max_uses = ma.fields.Integer(
        load_default=1, validate=ma.validate.Range(min=1, max=500), metadata={"example": 1}
    )
    expires_in_days = ma.fields.Integer(
        load_default=14, validate=ma.validate.Range(min=1, max=90), metadata={"example": 14}
    )


class InvitationSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"})
    code = ma.fields.String(
        dump_only=True,
        metadata={"example": "k3v9-q2xp-7m4d", "description": "Shown once; only a hash is stored."},
    )
    max_uses = ma.fields.Integer(dump_only=True, metadata={"example": 1})
    expires_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": "2026-12-09T10:00:00+00:00"})
