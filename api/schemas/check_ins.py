"""Check-ins with optional questionnaires, and progress series."""

import marshmallow as ma

from api.pagination import PageArgsSchema
from api.schemas.crisis import CrisisResourcesSchema
from api.services.instruments import INSTRUMENTS

WHEN = "2026-11-25T10:00:00+00:00"


def _answers(key: str, example: list[int]) -> ma.fields.List:
    """One questionnaire's answers. The server checks them item by item (per-item messages); the
    spec states the same rule: exactly one integer per item, within the item's range."""
    instrument = INSTRUMENTS[key]
    answers = f"{instrument.items} answers, {instrument.low}-{instrument.high}"
    return ma.fields.List(
        ma.fields.Raw(metadata={"type": "integer", "minimum": instrument.low, "maximum": instrument.high}),
        metadata={
            "example": example,
            "description": f"{instrument.name}: {answers}.",
            "minItems": instrument.items,
            "maxItems": instrument.items,
        },
    )


class InstrumentAnswersSchema(ma.Schema):
    """Answers item by item, in the questionnaire's order (validated and scored on the server)."""

    phq9 = _answers("phq9", [1, 1, 0, 2, 1, 0, 1, 0, 0])
    gad7 = _answers("gad7", [1, 0, 1, 1, 0, 0, 1])
    who5 = _answers("who5", [3, 3, 2, 3, 4])
    barc10 = _answers("barc10", [5, 4, 5, 5, 4, 6, 5, 4, 5, 5])


class CheckInCreateSchema(ma.Schema):
    mood = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=1, max=10), metadata={"example": 6}
    )
    craving = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=0, max=10), metadata={"example": 3}
    )
    note = ma.fields.String(
        allow_none=True,
        validate=ma.validate.Length(max=5000),
        metadata={"example": "A hard evening, but I called a friend."},
    )
    note_shared = ma.fields.Boolean(
        load_default=False, metadata={"example": False, "description": "Let my coach read the note."}
    )
    feels_safe = ma.fields.Boolean(
        allow_none=True, metadata={"example": True, "description": "false: I am not safe right now."}
    )
    instruments = ma.fields.Nested(InstrumentAnswersSchema, load_default=dict)


class ScoreSchema(ma.Schema):
    total = ma.fields.Integer(dump_only=True, metadata={"example": 6})
    band = ma.fields.String(dump_only=True, metadata={"example": "mild"})


class ScoresSchema(ma.Schema):
    phq9 = ma.fields.Nested(ScoreSchema, allow_none=True, dump_only=True)
    gad7 = ma.fields.Nested(ScoreSchema, allow_none=True, dump_only=True)
    who5 = ma.fields.Nested(ScoreSchema, allow_none=True, dump_only=True)
    barc10 = ma.fields.Nested(ScoreSchema, allow_none=True, dump_only=True)


class CheckInSchema(ma.Schema):
    id = ma.fields.UUID(dump_only=True, metadata={"example": "5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"})
    mood = ma.fields.Integer(dump_only=True, metadata={"example": 6})
    craving = ma.fields.Integer(dump_only=True, metadata={"example": 3})
    note = ma.fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"example": None, "description": "Null for the coach unless the member shared it."},
    )
    note_shared = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    feels_safe = ma.fields.Boolean(dump_only=True, allow_none=True, metadata={"example": True})
    scores = ma.fields.Nested(ScoresSchema, dump_only=True)
    risk_flag = ma.fields.Boolean(dump_only=True, metadata={"example": False})
    created_at = ma.fields.AwareDateTime(dump_only=True, metadata={"example": WHEN})


class CheckInResultSchema(CheckInSchema):
    crisis_resources = ma.fields.Nested(
        CrisisResourcesSchema,
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "Present when the check-in signals risk: crisis lines for the member's region."
        },
    )


class ProgressQuerySchema(ma.Schema):
    weeks = ma.fields.Integer(
        load_default=52, validate=ma.validate.Range(min=1, max=260), metadata={"example": 52}
    )


class WeekPointSchema(ma.Schema):
    week = ma.fields.Date(
        dump_only=True, metadata={"example": "2026-11-23", "description": "Monday of the week (UTC)."}
    )
    check_ins = ma.fields.Integer(dump_only=True, metadata={"example": 5})
    mood = ma.fields.Float(dump_only=True, allow_none=True, metadata={"example": 6.4})
    craving = ma.fields.Float(dump_only=True, allow_none=True, metadata={"example": 2.8})
    phq9 = ma.fields.Float(dump_only=True, allow_none=True, metadata={"example": 7.0})
    gad7 = ma.fields.Float(dump_only=True, allow_none=True, metadata={"example": 6.0})
    who5 = ma.fields.Float(dump_only=True, allow_none=True, metadata={"example": 56.0})
    barc10 = ma.fields.Float(dump_only=True, allow_none=True, metadata={"example": 44.0})
    goals_achieved = ma.fields.Integer(dump_only=True, metadata={"example": 1})


class TrendSchema(ma.Schema):
    direction = ma.fields.String(
        dump_only=True,
        metadata={"enum": ["better", "steady", "harder", "not_enough_data"], "example": "better"},
    )
    recent = ma.fields.Float(
        dump_only=True, allow_none=True, metadata={"example": 6.5, "description": "Last 28 days."}
    )
    previous = ma.fields.Float(
        dump_only=True, allow_none=True, metadata={"example": 5.2, "description": "The 28 days before."}
    )


class ProgressSchema(ma.Schema):
    weeks = ma.fields.List(ma.fields.Nested(WeekPointSchema), dump_only=True)
    mood_trend = ma.fields.Nested(TrendSchema, dump_only=True)
    craving_trend = ma.fields.Nested(TrendSchema, dump_only=True)
    goals_total = ma.fields.Integer(dump_only=True, metadata={"example": 4})
    goals_achieved = ma.fields.Integer(dump_only=True, metadata={"example": 1})


class CheckInQuerySchema(PageArgsSchema):
    pass


class MilestoneSchema(ma.Schema):
    label = ma.fields.String(dump_only=True, metadata={"example": "90 days"})
    date = ma.fields.Date(dump_only=True, metadata={"example": "2026-04-15"})


class NextMilestoneSchema(MilestoneSchema):
    days_to_go = ma.fields.Integer(dump_only=True, metadata={"example": 12})


class MilestonesSchema(ma.Schema):
    start_date = ma.fields.Date(dump_only=True, allow_none=True, metadata={"example": "2026-01-15"})
    shown = ma.fields.Boolean(
        dump_only=True, metadata={"example": True, "description": "The member chose to show the counter."}
    )
    days = ma.fields.Integer(dump_only=True, allow_none=True, metadata={"example": 314})
    reached = ma.fields.List(ma.fields.Nested(MilestoneSchema), dump_only=True)
    next = ma.fields.Nested(NextMilestoneSchema, dump_only=True, allow_none=True)
