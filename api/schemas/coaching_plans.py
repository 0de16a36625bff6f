"""Coaching relationships, plans, goals, steps and notes."""

import marshmallow as ma

from api.models.coaching_plans import GoalStatus, PlanStatus, RelationshipStatus
from api.pagination import PageArgsSchema
from api.schemas.common import PartialUpdateMixin
from api.schemas.members import PublicProfileSchema

UUID_EXAMPLE = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"
WHEN = "2026-11-25T10:00:00+00:00"


def _one_of(enum_class) -> ma.validate.OneOf:
    return ma.validate.OneOf([item.value for item in enum_class])


class RelationshipSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": UUID_EXAMPLE})
    member = ma.fields.Nested(PublicProfileSchema, dump_only=True)
    coach = ma.fields.Nested(
        PublicProfileSchema,
        dump_only=True,
        allow_none=True,
        metadata={"description": "Null once the coach closed their account: the relationship has ended."},
    )
    status = ma.fields.String(
        dump_only=True, metadata={"enum": [s.value for s in RelationshipStatus], "example": "active"}
    )
    initiated_by = ma.fields.String(
        dump_only=True, metadata={"enum": ["member", "coach", "admin"], "example": "member"}
    )
    started_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": WHEN})
    ended_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    last_check_in_at = ma.fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={"example": WHEN, "description": "Coaches only: the member's latest check-in."},
    )
    last_risk_at = ma.fields.AwareDateTime(
        dump_only=True,
        allow_none=True,
        metadata={
            "example": None,
            "description": "Coaches only: latest check-in that signalled risk (14 days).",
        },
    )
    unread_messages = ma.fields.Integer(
        dump_only=True,
        metadata={
            "example": 2,
            "description": "Messages from the other party I have not read; the conversation is "
            "GET /coaching-relationships/{id}/messages (SPA: /coaching/relationships/{id}/messages).",
        },
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class RelationshipCreateSchema(ma.Schema):
    coach_id = ma.fields.UUID(metadata={"example": UUID_EXAMPLE, "description": "A member asks this coach."})
    member_id = ma.fields.UUID(
        metadata={"example": UUID_EXAMPLE, "description": "A coach invites this member."}
    )

    @ma.validates_schema
    def _someone(self, data, **_kwargs):
        if not data.get("coach_id") and not data.get("member_id"):
            raise ma.ValidationError("Name the coach (coach_id) or the member (member_id).", "_schema")


class RelationshipActionSchema(ma.Schema):
    action = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(["accept", "decline", "end"]),
        metadata={"example": "accept"},
    )


class RelationshipQuerySchema(PageArgsSchema):
    status = ma.fields.String(validate=_one_of(RelationshipStatus), metadata={"example": "active"})
    as_coach = ma.fields.Boolean(
        metadata={"example": True, "description": "Only those where I am the coach."}
    )


class PlanSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": UUID_EXAMPLE})
    member = ma.fields.Nested(PublicProfileSchema, dump_only=True)
    title = ma.fields.String(
        required=True, validate=ma.validate.Length(min=2, max=120), metadata={"example": "My first 90 days"}
    )
    focus_areas = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=60)),
        load_default=list,
        validate=ma.validate.Length(max=10),
        metadata={"example": ["sleep", "staying connected"]},
    )
    status = ma.fields.String(
        load_default="draft", validate=_one_of(PlanStatus), metadata={"example": "active"}
    )
    start_date = ma.fields.Date(allow_none=True, metadata={"example": "2026-11-25"})
    review_date = ma.fields.Date(allow_none=True, metadata={"example": "2027-02-25"})
    updated_by = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    updated_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})

    @ma.validates_schema
    def _dates_in_order(self, data, **_kwargs):
        if data.get("start_date") and data.get("review_date") and data["review_date"] < data["start_date"]:
            raise ma.ValidationError("The review date comes after the start date.", "review_date")


class PlanCreateSchema(PlanSchema):
    member_id = ma.fields.UUID(
        load_only=True,
        metadata={
            "example": UUID_EXAMPLE,
            "description": "Coaches: the member the plan is for. Omit for your own plan.",
        },
    )


class PlanUpdateSchema(PartialUpdateMixin, PlanSchema):
    pass


class GoalSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": UUID_EXAMPLE})
    what = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=2, max=300),
        metadata={"example": "Walk three times a week"},
    )
    why = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=1000),
        metadata={"example": "It clears my head after work."},
    )
    measure = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=300),
        metadata={"example": "Walks ticked off each week"},
    )
    target_date = ma.fields.Date(allow_none=True, metadata={"example": "2027-01-31"})
    status = ma.fields.String(
        load_default="not_started", validate=_one_of(GoalStatus), metadata={"example": "in_progress"}
    )
    progress_percent = ma.fields.Integer(
        load_default=0, validate=ma.validate.Range(min=0, max=100), metadata={"example": 40}
    )
    achieved_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    updated_by = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})
    updated_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class GoalUpdateSchema(PartialUpdateMixin, GoalSchema):
    pass


class StepSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": UUID_EXAMPLE})
    title = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=300),
        metadata={"example": "Buy comfortable shoes"},
    )
    due_date = ma.fields.Date(allow_none=True, metadata={"example": "2026-12-01"})
    done = ma.fields.Boolean(
        load_only=True, metadata={"example": True, "description": "Tick or untick the step."}
    )
    done_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True, metadata={"example": None})
    updated_by = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class StepUpdateSchema(PartialUpdateMixin, StepSchema):
    pass


class NoteSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": UUID_EXAMPLE})
    coach = ma.fields.Nested(PublicProfileSchema, dump_only=True, allow_none=True)
    session_date = ma.fields.Date(allow_none=True, metadata={"example": "2026-11-25"})
    body = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=10000),
        metadata={"example": "We talked about evenings; River will try the walking group."},
    )
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class PlanQuerySchema(PageArgsSchema):
    member_id = ma.fields.UUID(
        metadata={"example": UUID_EXAMPLE, "description": "Coaches: one member's plans."}
    )
