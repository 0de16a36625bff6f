"""Check-ins (with safety), progress charts and recovery milestones."""

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api import privacy
from api.db import Session
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.coaching_plans import CheckIn
from api.models.notifications import NotificationKind
from api.pagination import page_schema, paginate_newest_first
from api.permissions import current_member, viewable_plan
from api.schemas.check_ins import (
    CheckInCreateSchema,
    CheckInQuerySchema,
    CheckInResultSchema,
    CheckInSchema,
    MilestonesSchema,
    ProgressQuerySchema,
    ProgressSchema,
)
from api.services import instruments
from api.services.coaching import active_coach_ids, progress
from api.services.crisis import crisis_help_for_member
from api.services.milestones import milestones_for
from api.services.notifications import notify
from api.services.webhooks import publish_check_in_risk

blp = Blueprint("check_ins", __name__, url_prefix="/api/v1", description="Check-ins, progress and milestones")
CheckInPageSchema = page_schema(CheckInSchema, "CheckInPage")


@blp.route("/coaching-plans/<uuid:plan_id>/check-ins")
class CheckIns(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listCheckIns")
    @blp.arguments(CheckInQuerySchema, location="query")
    @blp.response(200, CheckInPageSchema)
    @documents_errors(blp, 404)
    def get(self, page_args, plan_id):
        """Check-ins on this plan, newest first; a coach sees notes only where the member shared them"""
        plan, is_coach = viewable_plan(plan_id)
        page = paginate_newest_first(select(CheckIn).where(CheckIn.plan_id == plan.id), CheckIn, page_args)
        page["items"] = [present(check_in, hide_private_note=is_coach) for check_in in page["items"]]
        return page

    @blp.doc(operationId="createCheckIn")
    @idempotent(blp)
    @blp.arguments(CheckInCreateSchema)
    @blp.response(201, CheckInResultSchema)
    @documents_errors(blp, 403, 404)
    def post(self, data, plan_id):
        """Check in: mood, craving, an optional note and optional questionnaires

        Questionnaires are scored here with their published bands. If the check-in signals risk
        (PHQ-9 item 9 above 0, or `feels_safe: false`) the response carries crisis lines for your
        region (your profile's country, else your time zone's) and your coach is told. Nothing is
        ever held back from you because of it.
        """
        plan, is_coach = viewable_plan(plan_id)
        if is_coach:
            abort(403, message="Only the member checks in on their own plan.")
        answers = {key: value for key, value in data.pop("instruments").items() if value is not None}
        errors = {}
        for key, values in answers.items():
            errors.update(instruments.answer_errors(key, values))
        if errors:
            abort(422, errors=errors)
        check_in = CheckIn(plan_id=plan.id, member_id=plan.member_id, answers=answers, **data)
        for key, values in answers.items():
            setattr(check_in, instruments.INSTRUMENTS[key].column, instruments.score(key, values)["total"])
        check_in.risk_flag = instruments.signals_risk(answers, data.get("feels_safe"))
        Session.add(check_in)
        if check_in.risk_flag:
            _tell_coaches(plan.member_id, plan.id)
            publish_check_in_risk(check_in)
        Session.commit()
        result = present(check_in, hide_private_note=False)
        if check_in.risk_flag:
            me = current_member()
            result["crisis_resources"] = crisis_help_for_member(me.country, me.time_zone)
        else:
            result["crisis_resources"] = None
        return result, 201


@blp.route("/coaching-plans/<uuid:plan_id>/progress")
class Progress(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getCoachingProgress")
    @blp.arguments(ProgressQuerySchema, location="query")
    @blp.response(200, ProgressSchema)
    @documents_errors(blp, 404)
    def get(self, query, plan_id):
        """Weekly series (mood, craving, questionnaires, goals achieved) and recent trends"""
        plan, _is_coach = viewable_plan(plan_id)
        return progress(plan, query["weeks"])


@blp.route("/members/me/milestones")
class Milestones(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getMyMilestones")
    @blp.response(200, MilestonesSchema)
    @documents_errors(blp, 401)
    def get(self):
        """My recovery milestones, counted from my private start date (in my time zone)

        Set, change or clear the start date and choose whether to show the counter with
        PATCH /members/me (`recovery_start_date`, `show_recovery_counter`).
        """
        me = current_member()
        return milestones_for(me.recovery_start_date, me.time_zone, me.show_recovery_counter)


def present(check_in: CheckIn, hide_private_note: bool) -> dict:
    """A check-in as its viewer may see it, with scores and bands."""
    scores = {key: None for key in instruments.INSTRUMENTS}
    for key, values in (check_in.answers or {}).items():
        scored = instruments.score(key, values)
        scores[key] = {"total": scored["total"], "band": scored["band"]}
    note = check_in.note if (check_in.note_shared or not hide_private_note) else None
    return {
        "id": check_in.id,
        "mood": check_in.mood,
        "craving": check_in.craving,
        "note": note,
        "note_shared": check_in.note_shared,
        "feels_safe": check_in.feels_safe,
        "scores": scores,
        "risk_flag": check_in.risk_flag,
        "created_at": check_in.created_at,
    }


def _tell_coaches(member_id, plan_id) -> None:
    notify(
        active_coach_ids(member_id),
        NotificationKind.CHECKIN_RISK,
        title="A member you coach may need support now",
        body="A recent check-in suggests they may not be safe. They were shown crisis lines. "
        "Reach out when you can.",
        link=f"/coaching/plans/{plan_id}",
        plan_id=str(plan_id),
    )


def _export(member) -> list[dict]:
    check_ins = Session.scalars(
        select(CheckIn).where(CheckIn.member_id == member.id).order_by(CheckIn.created_at)
    )
    return [
        {**present(check_in, hide_private_note=False), "answers": check_in.answers} for check_in in check_ins
    ]


privacy.register(privacy.PersonalData("check_ins", ("check_ins",), _export))
