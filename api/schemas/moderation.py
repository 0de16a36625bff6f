"""Reports, moderation actions and appeals, the audit log and the access log."""

import marshmallow as ma

from api.models.conversations import PostStatus
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
    post_id = ma.fields.UUID(
        metadata={
            "example": ID,
            "description": "A conversation post you can read. Its group and author are set by the server "
            "(an anonymous author stays anonymous to you); send neither with it.",
        }
    )
    message_id = ma.fields.UUID(
        metadata={
            "example": ID,
            "description": "A message in your coaching conversation; it goes to admins.",
        }
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
        content = [name for name in ("post_id", "message_id") if data.get(name)]
        if len(content) > 1:
            raise ma.ValidationError("Report one post or one message at a time.", content[1])
        if content:
            for name in ("subject_member_id", "session_id", "group_id"):
                if data.get(name):
                    raise ma.ValidationError(
                        f"Not with {content[0]}: it is set from the {content[0][:-3]}.", name
                    )
            return
        if not (data.get("subject_member_id") or data.get("session_id")):
            raise ma.ValidationError(
                "Say who (subject_member_id), which session (session_id), post (post_id) or message "
                "(message_id) it is about.",
                "_schema",
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
    post_id = ma.fields.UUID(
        dump_only=True,
        allow_none=True,
        metadata={"example": ID, "description": "The reported post: read it at /reports/{id}/content."},
    )
    message_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": None})
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
        validate=ma.validate.OneOf(["warn", "mute", "remove", "ban", "hide_post", "dismiss"]),
        metadata={
            "example": "mute",
            "description": "`hide_post` hides the reported post (post reports only); its author is told "
            "the reason and may appeal once.",
        },
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
    post_id = ma.fields.UUID(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "For `hide_post`: the post."},
    )
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
        dump_only=True, metadata={"enum": ["coach", "clinic", "admin", "facilitator"], "example": "coach"}
    )
    what = ma.fields.String(
        dump_only=True, metadata={"example": "GET /api/v1/coaching-plans/<uuid:plan_id>/check-ins"}
    )
    object_id = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": ID})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class ReportedContentSchema(ma.Schema):
    """The reported post or message, as its reviewers see it: the author is named even when the
    post is anonymous to peers. Admins' reads are written to the author's access log."""

    report_id = ma.fields.UUID(dump_only=True, metadata={"example": ID})
    kind = ma.fields.String(dump_only=True, metadata={"enum": ["post", "message"], "example": "post"})
    post_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": ID})
    thread_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": ID})
    message_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": None})
    group_id = ma.fields.UUID(dump_only=True, allow_none=True, metadata={"example": ID})
    body = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": "Just stop your meds, that's what I did.", "description": "Null once deleted."},
    )
    content_notes = ma.fields.List(ma.fields.String(), dump_only=True, metadata={"example": ["medical"]})
    status = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "enum": [s.value for s in PostStatus],
            "example": "published",
            "description": "Posts only.",
        },
    )
    anonymous_to_peers = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    hidden_reason = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    facilitator_note = ma.fields.String(dump_only=True, allow_none=True, metadata={"example": None})
    author = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
