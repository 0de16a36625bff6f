"""Directory entries, bookmarks and referrals."""

import datetime as dt

import marshmallow as ma

from api.models.resources import (
    NARR_LEVELS,
    RESIDENCE_ONLY,
    Cost,
    ReferralStatus,
    ResidenceGender,
    ResourceKind,
)
from api.pagination import PageArgsSchema
from api.regions import is_country
from api.schemas.common import COUNTRY_FORMAT, PartialUpdateMixin, Pattern, web_address
from api.schemas.groups import LANGUAGE
from api.schemas.members import PublicProfileSchema

WHEN = "2026-11-25T10:00:00+00:00"
RESOURCE_ID = "8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a"
PHONE = Pattern(
    r"^\+?[0-9][0-9 ()\-]{1,24}$", error="Use digits, spaces, brackets or dashes, e.g. 0800 123 456."
)
SUBDIVISION = Pattern(r"^[A-Z]{2}-[A-Z0-9]{1,3}$", error="Use an ISO 3166-2 code such as GB-SCT.")


def _one_of(enum_class) -> ma.validate.OneOf:
    return ma.validate.OneOf([item.value for item in enum_class])


class CountryField(ma.fields.String):
    """An ISO 3166-1 alpha-2 country code that exists."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", Pattern(r"^[A-Z]{2}$"))
        super().__init__(**kwargs)
        self.metadata = {"format": COUNTRY_FORMAT, **self.metadata}

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if not is_country(code):
            raise ma.ValidationError("Use an ISO 3166 country code such as GB, US or IE.")
        return code


class VerificationSchema(ma.Schema):
    verified_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": WHEN})
    verified_by = ma.fields.Nested(
        PublicProfileSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "A member profile: null for signed-out visitors."},
    )
    stale = ma.fields.Boolean(
        dump_only=True, metadata={"example": False, "description": "Not reviewed in the last 12 months."}
    )


class ResourceSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": RESOURCE_ID})
    name = ma.fields.String(
        required=True, validate=ma.validate.Length(min=2, max=200), metadata={"example": "Samaritans"}
    )
    kind = ma.fields.String(required=True, validate=_one_of(ResourceKind), metadata={"example": "helpline"})
    description = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=10, max=4000),
        metadata={"example": "Talk to someone about anything that is troubling you, day or night."},
    )
    url = web_address(
        schemes=("http", "https"), allow_none=True, metadata={"example": "https://www.samaritans.org"}
    )
    phone = ma.fields.String(allow_none=True, validate=PHONE, metadata={"example": "116 123"})
    sms = ma.fields.String(allow_none=True, validate=PHONE, metadata={"example": None})
    email = ma.fields.Email(
        allow_none=True, validate=ma.validate.Length(max=254), metadata={"example": "jo@samaritans.org"}
    )
    address = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=300), metadata={"example": None}
    )
    is_online = ma.fields.Boolean(load_default=False, metadata={"example": True})
    region = CountryField(required=True, metadata={"example": "GB"})
    subdivision = ma.fields.String(allow_none=True, validate=SUBDIVISION, metadata={"example": None})
    hours = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=200), metadata={"example": "Any time"}
    )
    is_24_7 = ma.fields.Boolean(load_default=False, metadata={"example": True})
    cost = ma.fields.String(load_default="free", validate=_one_of(Cost), metadata={"example": "free"})
    cost_note = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(min=2, max=200),
        metadata={
            "example": None,
            "description": "What it costs, in words: “$160 a week, utilities included”.",
        },
    )
    certification = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(min=2, max=200),
        metadata={
            "example": None,
            "description": "Accreditation or certification, free text: “Certified by FARR (NARR affiliate)”.",
        },
    )
    narr_level = ma.fields.Integer(
        allow_none=True,
        validate=ma.validate.OneOf(list(NARR_LEVELS)),
        metadata={
            "example": None,
            "description": "Recovery residences: NARR standard level, 1 (peer-run) to 4 (service provider).",
        },
    )
    residence_gender = ma.fields.String(
        allow_none=True,
        validate=_one_of(ResidenceGender),
        metadata={
            "example": None,
            "description": "Recovery residences (required for them): whom it houses; "
            "`other` is described in `eligibility`.",
        },
    )
    accepts_mat = ma.fields.Boolean(
        allow_none=True,
        metadata={
            "example": None,
            "description": "Recovery residences: accepts residents on medication-assisted treatment "
            "(e.g. buprenorphine, methadone); null when not known.",
        },
    )
    languages = ma.fields.List(
        ma.fields.String(validate=LANGUAGE),
        load_default=list,
        validate=ma.validate.Length(max=20),
        metadata={"example": ["en", "cy"]},
    )
    eligibility = ma.fields.String(
        allow_none=True, validate=ma.validate.Length(max=1000), metadata={"example": "Anyone, any age."}
    )
    tags = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=40)),
        load_default=list,
        validate=ma.validate.Length(max=10),
        metadata={"example": ["suicidal thoughts", "listening"]},
    )
    source_url = web_address(
        schemes=("http", "https"),
        allow_none=True,
        metadata={"example": "https://www.samaritans.org/how-we-can-help/contact-samaritan/"},
    )
    verification = ma.fields.Nested(VerificationSchema, dump_only=True)
    is_bookmarked = ma.fields.Boolean(
        dump_only=True,
        allow_none=True,
        metadata={"example": False, "description": "Saved by the viewer; null for signed-out visitors."},
    )
    retired_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    updated_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})

    @ma.validates_schema
    def _subdivision_in_region(self, data, **_kwargs):
        if (
            data.get("subdivision")
            and data.get("region")
            and not data["subdivision"].startswith(data["region"] + "-")
        ):
            raise ma.ValidationError("The subdivision must be in the region's country.", "subdivision")

    @ma.validates_schema
    def _residence_details(self, data, partial=None, **_kwargs):
        """On create: residences say whom they house; other kinds have no residence details.

        A partial update may change one side only; the service checks the merged entry."""
        if partial:
            return
        if data.get("kind") == ResourceKind.SOBER_LIVING and data.get("residence_gender") is None:
            raise ma.ValidationError(
                "Say whom the residence houses: men, women, any or other.", "residence_gender"
            )
        if data.get("kind") != ResourceKind.SOBER_LIVING:
            stray = [field for field in RESIDENCE_ONLY if data.get(field) is not None]
            if stray:
                raise ma.ValidationError(
                    {field: ["Only recovery residences (sober living) have this."] for field in stray}
                )


RESIDENCE_EXAMPLE = {
    "name": "Harbor House (demo)",
    "kind": "sober_living",
    "description": "A peer-run recovery residence: a shared house with house meetings and a curfew.",
    "region": "US",
    "subdivision": "US-FL",
    "cost": "paid",
    "cost_note": "$165 a week, utilities included",
    "certification": "Certified by FARR, Florida's NARR affiliate",
    "narr_level": 2,
    "residence_gender": "women",
    "accepts_mat": True,
    "languages": ["en"],
    "tags": ["recovery housing"],
}


CREATE_EXAMPLES = {
    "helpline": {
        "summary": "A helpline",
        "value": {
            "name": "Samaritans",
            "kind": "helpline",
            "description": "Talk to someone about anything that is troubling you, day or night.",
            "url": "https://www.samaritans.org",
            "phone": "116 123",
            "region": "GB",
            "hours": "Any time",
            "is_24_7": True,
            "is_online": True,
            "cost": "free",
            "languages": ["en", "cy"],
            "tags": ["suicidal thoughts", "listening"],
        },
    },
    "recovery_residence": {"summary": "A recovery residence (sober living)", "value": RESIDENCE_EXAMPLE},
}


class ResourceUpdateSchema(PartialUpdateMixin, ResourceSchema):
    pass


class ResourceQuerySchema(PageArgsSchema):
    q = ma.fields.String(
        validate=ma.validate.Length(min=1, max=200), metadata={"example": "gambling helpline"}
    )
    kind = ma.fields.String(validate=_one_of(ResourceKind), metadata={"example": "helpline"})
    region = CountryField(metadata={"example": "GB"})
    cost = ma.fields.String(validate=_one_of(Cost), metadata={"example": "free"})
    language = ma.fields.String(validate=LANGUAGE, metadata={"example": "en"})
    online = ma.fields.Boolean(metadata={"example": True})
    open_24_7 = ma.fields.Boolean(metadata={"example": True})
    verified = ma.fields.Boolean(
        metadata={"example": True, "description": "Verified within the last 12 months."}
    )
    accepts_mat = ma.fields.Boolean(
        metadata={
            "example": True,
            "description": "Recovery residences that accept (or, false: do not accept) residents on "
            "medication-assisted treatment.",
        }
    )
    residence_gender = ma.fields.String(
        validate=_one_of(ResidenceGender),
        metadata={
            "example": "women",
            "description": "Recovery residences that house this group; `men`, `women` and `other` "
            "include residences open to anyone (`any`).",
        },
    )


class ReferralSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"})
    member = ma.fields.Nested(PublicProfileSchema, dump_only=True)
    resource = ma.fields.Nested(ResourceSchema, dump_only=True)
    referred_by = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    note = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"example": "They run an evening group near you."}
    )
    follow_up_on = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2026-12-09"})
    status = ma.fields.String(
        dump_only=True, metadata={"enum": [s.value for s in ReferralStatus], "example": "suggested"}
    )
    reason = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    is_overdue = ma.fields.Method("_overdue", dump_only=True, metadata={"type": "boolean", "example": False})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    updated_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})

    def _overdue(self, referral) -> bool:
        still_open = referral.status in (ReferralStatus.SUGGESTED, ReferralStatus.CONTACTED)
        return bool(still_open and referral.follow_up_on and referral.follow_up_on < dt.date.today())


def _not_in_past(value: dt.date) -> None:
    if value < dt.date.today():
        raise ma.ValidationError("Choose today or a later date.")


class ReferralCreateSchema(ma.Schema):
    member_id = ma.fields.UUID(required=True, metadata={"example": "3f0c2a9e-6a8e-4d4f-9a53-2f1d6c1b7e10"})
    resource_id = ma.fields.UUID(required=True, metadata={"example": RESOURCE_ID})
    note = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=2000),
        metadata={"example": "They run an evening group near you."},
    )
    follow_up_on = ma.fields.Date(allow_none=True, validate=_not_in_past, metadata={"example": "2026-12-09"})


class ReferralUpdateSchema(ma.Schema):
    status = ma.fields.String(validate=_one_of(ReferralStatus), metadata={"example": "contacted"})
    reason = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(min=2, max=500),
        metadata={"example": "Too far to travel."},
    )
    follow_up_on = ma.fields.Date(
        allow_none=True,
        validate=_not_in_past,
        metadata={"example": "2026-12-16", "description": "The referrer only."},
    )

    @ma.validates_schema
    def _reason_for_not_suitable(self, data, **_kwargs):
        if data.get("status") == ReferralStatus.NOT_SUITABLE and not data.get("reason"):
            raise ma.ValidationError("Say briefly why it was not suitable.", "reason")


class ReferralQuerySchema(PageArgsSchema):
    made_by_me = ma.fields.Boolean(metadata={"example": False, "description": "Referrals I made (coaches)."})
    overdue = ma.fields.Boolean(
        metadata={"example": True, "description": "Open ones past their follow-up date."}
    )
