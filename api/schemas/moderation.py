"""Reports, moderation actions and appeals, the audit log and the access log."""

import marshmallow as ma

from api.models.moderation import ActionKind, AppealStatus, ReportCategory, ReportStatus
from api.pagination import PageArgsSchema
from api.schemas.members import PublicProfileSchema

WHEN = "2026-11-25T10:00:00+00:00"
ID = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b"


def _one_of(enum_class) -> ma.validate.OneOf:
    return ma.validate.OneOf([item.value for item in enum_class])


class ReportCreateSchema(ma.Schema):
    subject_member_id = ma.fields.UUID(
        metadata={"example": ID, "description": "The member whose conduct it is about."}
    )
    session_id = ma.fields.UUID(
        metadata={"example": ID, "description": "The session it happened in, if any."}
    )
    group_id = ma.fields.UUID(
        metadata={"example": ID, "description": "The group, if not given by the session."}
    )
    category = ma.fields.String(
        required=True, validate=_one_of(ReportCategory), metadata={"example": "dominating"}
    )
    text = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=10, max=5000),
        metadata={"example": "Kept talking over newcomers and told one to 'just get over it'."},
    )

    @ma.validates_schema
    def _about_something(self, data, **_kwargs):
        if not (data.get("subject_member_id") or data.get("session_id")):
            raise ma.ValidationError(
                "Say who (subject_member_id) or which session (session_id) it is about.", "_schema"
            )


class ReportReceiptSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    status = ma.fields.String(dump_only=True, metadata={"example": "open"})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ReportSchema(ma.Schema):
    """What moderators see. The reporter's identity is not part of it."""

    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    subject = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    group_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": ID})
    session_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": None})
    category = ma.fields.String(
        dump_only=True, metadata={"enum": [c.value for c in ReportCategory], "example": "dominating"}
    )
    text = ma.fields.String(dump_only=True, metadata={"example": "Kept talking over newcomers."})
    status = ma.fields.String(
        dump_only=True, metadata={"enum": [s.value for s in ReportStatus], "example": "open"}
    )
    resolution = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    handled_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ReportQuerySchema(PageArgsSchema):
    status = ma.fields.String(
        load_default="open", validate=_one_of(ReportStatus), metadata={"example": "open"}
    )


class ReportDecisionSchema(ma.Schema):
    action = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["warn", "mute", "remove", "ban", "dismiss"]),
        metadata={"example": "mute"},
    )
    reason = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=5, max=1000),
        metadata={
            "example": "Please let others finish; you are muted for a week.",
            "description": "Shown to the member.",
        },
    )
    mute_days = ma.fields.Integer(
        load_default=7, validate=ma.validate.Range(min=1, max=90), metadata={"example": 7}
    )


class ModerationActionSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    kind = ma.fields.String(
        dump_only=True, metadata={"enum": [k.value for k in ActionKind], "example": "mute"}
    )
    reason = ma.fields.String(dump_only=True, metadata={"example": "Please let others finish."})
    group_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": ID})
    expires_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": WHEN})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    appeal_text = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    appealed_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    appeal_status = ma.fields.String(
        dump_only=True, allow_none=True, metadata={"enum": [a.value for a in AppealStatus], "example": None}
    )
    appeal_decided_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})


class AppealSchema(ma.Schema):
    text = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=10, max=5000),
        metadata={"example": "I did not realise I was talking over people; I am sorry and will listen."},
    )


class AppealDecisionSchema(ma.Schema):
    decision = ma.fields.String(
        required=True, validate=ma.validate.OneOf(["uphold", "overturn"]), metadata={"example": "overturn"}
    )
    note = ma.fields.String(
        validate=ma.validate.Length(max=1000), metadata={"example": "Thank you for explaining."}
    )


class AppealQuerySchema(PageArgsSchema):
    appeal_status = ma.fields.String(
        load_default="pending", validate=_one_of(AppealStatus), metadata={"example": "pending"}
    )


class AuditEntrySchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    actor_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": ID})
    action = ma.fields.String(dump_only=True, metadata={"example": "moderation.mute"})
    target_type = ma.fields.String(dump_only=True, metadata={"example": "member"})
    target_id = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": ID})
    details = ma.fields.Dict(dump_only=True, metadata={"example": {"group_id": ID}})
    ip_address = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": "203.0.113.7"})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class AuditQuerySchema(PageArgsSchema):
    action = ma.fields.String(validate=ma.validate.Length(max=60), metadata={"example": "moderation.mute"})
    actor_id = ma.fields.UUID(metadata={"example": ID})
    target_type = ma.fields.String(validate=ma.validate.Length(max=40), metadata={"example": "member"})
    target_id = ma.fields.String(validate=ma.validate.Length(max=64), metadata={"example": ID})


class AccessLogEntrySchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    viewer = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    clinic = ma.fields.Nested(
        ma.Schema.from_dict(
            {
                "id": ma.fields.UUID(dump_only=True, metadata={"example": ID}),
                "name": ma.fields.String(dump_only=True, metadata={"example": "Harbour Community Clinic"}),
            },
            name="AccessLogClinic",
        ),
        dump_only=True,
        allow_none=True,
        metadata={"description": "The partner clinic that read, for clinic reads."},
    )
    viewer_role = ma.fields.String(
        dump_only=True, metadata={"enum": ["coach", "clinic", "admin"], "example": "coach"}
    )
    what = ma.fields.String(
        dump_only=True, metadata={"example": "GET /api/v1/coaching-plans/<uuid:plan_id>/check-ins"}
    )
    object_id = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": ID})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
