"""Coaching plans with SMART goals, action steps and coach notes: the member and their coach."""

import uuid
from collections import defaultdict

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import or_, select

from api import privacy
from api.conditional import IF_MATCH, ensure_if_match, etag_header
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.coaching_plans import CoachingPlan, CoachNote, Goal, GoalStatus, PlanChange, Step
from api.pagination import PageArgsSchema, page_schema, paginate_newest_first
from api.permissions import current_member, viewable_plan
from api.schemas.coaching_plans import (
    GoalSchema,
    GoalUpdateSchema,
    NoteSchema,
    PlanCreateSchema,
    PlanQuerySchema,
    PlanSchema,
    PlanUpdateSchema,
    StepSchema,
    StepUpdateSchema,
)
from api.services.coaching import coached_member_ids, has_active_coach, plans_with_goals, record_change

blp = Blueprint("coaching_plans", __name__, url_prefix="/api/v1/coaching-plans", description="Coaching plans")
PlanPageSchema = page_schema(PlanSchema, "CoachingPlanPage")
GoalPageSchema = page_schema(GoalSchema, "GoalPage")
StepPageSchema = page_schema(StepSchema, "StepPage")
NotePageSchema = page_schema(NoteSchema, "CoachNotePage")
ETAG = {"ETag": {"schema": {"type": "string"}}}


@blp.route("")
class Plans(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listCoachingPlans")
    @blp.arguments(PlanQuerySchema, location="query")
    @blp.response(200, PlanPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """My plans, and (coaches) the plans of members who accepted me as their coach"""
        me = current_member()
        stmt = select(CoachingPlan).where(
            or_(CoachingPlan.member_id == me.id, CoachingPlan.member_id.in_(coached_member_ids(me.id)))
        )
        if query.get("member_id"):
            stmt = stmt.where(CoachingPlan.member_id == query["member_id"])
        return paginate_newest_first(stmt, CoachingPlan, query)

    @blp.doc(operationId="createCoachingPlan")
    @idempotent(blp)
    @blp.arguments(PlanCreateSchema)
    @blp.response(201, PlanSchema)
    @documents_errors(blp, 404)
    def post(self, data):
        """Start a plan: for yourself, or (coaches) for a member you coach"""
        me = current_member()
        member_id = data.pop("member_id", None) or me.id
        if member_id != me.id and not has_active_coach(member_id, me.id):
            abort(404, message="You do not coach that member.")
        plan = CoachingPlan(
            id=uuid.uuid4(), member_id=member_id, created_by_id=me.id, updated_by_id=me.id, **data
        )
        Session.add(plan)
        record_change(plan.id, me, "plan", plan.id, "created")
        Session.commit()
        return plan, 201


@blp.route("/<uuid:plan_id>")
class PlanById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getCoachingPlan")
    @blp.response(200, PlanSchema, headers=ETAG)
    @documents_errors(blp, 404)
    def get(self, plan_id):
        """Read a plan"""
        plan, _is_coach = viewable_plan(plan_id)
        return plan, 200, etag_header()

    @blp.doc(operationId="updateCoachingPlan", **IF_MATCH)
    @blp.arguments(PlanUpdateSchema)
    @blp.response(200, PlanSchema, headers=ETAG)
    @documents_errors(blp, 404, 412)
    def patch(self, changes, plan_id):
        """Change a plan's title, focus areas, status or dates (the member or their coach)"""
        plan, _is_coach = viewable_plan(plan_id)
        ensure_if_match(PlanSchema(), plan)
        _update(plan, changes, plan.id, "plan")
        start, review = plan.start_date, plan.review_date
        if start and review and review < start:
            abort(422, errors={"review_date": ["The review date comes after the start date."]})
        Session.commit()
        return plan, 200, etag_header()


@blp.route("/<uuid:plan_id>/goals")
class Goals(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listGoals")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, GoalPageSchema)
    @documents_errors(blp, 404)
    def get(self, page_args, plan_id):
        """The plan's goals, newest first"""
        plan, _is_coach = viewable_plan(plan_id)
        return paginate_newest_first(select(Goal).where(Goal.plan_id == plan.id), Goal, page_args)

    @blp.doc(operationId="createGoal")
    @idempotent(blp)
    @blp.arguments(GoalSchema)
    @blp.response(201, GoalSchema)
    @documents_errors(blp, 404)
    def post(self, data, plan_id):
        """Add a SMART goal: what, why it matters, how it is measured, by when"""
        plan, _is_coach = viewable_plan(plan_id)
        me = current_member()
        goal = Goal(id=uuid.uuid4(), plan_id=plan.id, created_by_id=me.id, updated_by_id=me.id, **data)
        _mark_achievement(goal)
        Session.add(goal)
        record_change(plan.id, me, "goal", goal.id, "created")
        Session.commit()
        return goal, 201


@blp.route("/<uuid:plan_id>/goals/<uuid:goal_id>")
class GoalById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="updateGoal")
    @blp.arguments(GoalUpdateSchema)
    @blp.response(200, GoalSchema)
    @documents_errors(blp, 404)
    def patch(self, changes, plan_id, goal_id):
        """Change a goal (the member or their coach); who changed it is recorded"""
        goal = _goal(plan_id, goal_id)
        _update(goal, changes, goal.plan_id, "goal")
        _mark_achievement(goal)
        Session.commit()
        return goal

    @blp.doc(operationId="deleteGoal")
    @blp.response(204)
    @documents_errors(blp, 404)
    def delete(self, plan_id, goal_id):
        """Remove a goal and its steps"""
        goal = _goal(plan_id, goal_id)
        record_change(goal.plan_id, current_member(), "goal", goal.id, "deleted")
        Session.delete(goal)
        Session.commit()


@blp.route("/<uuid:plan_id>/goals/<uuid:goal_id>/steps")
class Steps(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listSteps")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, StepPageSchema)
    @documents_errors(blp, 404)
    def get(self, page_args, plan_id, goal_id):
        """A goal's action steps"""
        goal = _goal(plan_id, goal_id)
        return paginate_newest_first(select(Step).where(Step.goal_id == goal.id), Step, page_args)

    @blp.doc(operationId="createStep")
    @idempotent(blp)
    @blp.arguments(StepSchema)
    @blp.response(201, StepSchema)
    @documents_errors(blp, 404)
    def post(self, data, plan_id, goal_id):
        """Add an action step"""
        goal = _goal(plan_id, goal_id)
        me = current_member()
        done = data.pop("done", False)
        step = Step(id=uuid.uuid4(), goal_id=goal.id, created_by_id=me.id, updated_by_id=me.id, **data)
        step.done_at = utcnow() if done else None
        Session.add(step)
        record_change(goal.plan_id, me, "step", step.id, "created")
        Session.commit()
        return step, 201


@blp.route("/<uuid:plan_id>/goals/<uuid:goal_id>/steps/<uuid:step_id>")
class StepById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="updateStep")
    @blp.arguments(StepUpdateSchema)
    @blp.response(200, StepSchema)
    @documents_errors(blp, 404)
    def patch(self, changes, plan_id, goal_id, step_id):
        """Change or tick off a step"""
        goal, step = _step(plan_id, goal_id, step_id)
        if "done" in changes:
            done = changes.pop("done")
            step.done_at = (step.done_at or utcnow()) if done else None
            changes["done_at"] = step.done_at
        _update(step, changes, goal.plan_id, "step")
        Session.commit()
        return step

    @blp.doc(operationId="deleteStep")
    @blp.response(204)
    @documents_errors(blp, 404)
    def delete(self, plan_id, goal_id, step_id):
        """Remove a step"""
        goal, step = _step(plan_id, goal_id, step_id)
        record_change(goal.plan_id, current_member(), "step", step.id, "deleted")
        Session.delete(step)
        Session.commit()


@blp.route("/<uuid:plan_id>/notes")
class Notes(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listCoachNotes")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, NotePageSchema)
    @documents_errors(blp, 404)
    def get(self, page_args, plan_id):
        """Coach session notes: visible to the member they are about"""
        plan, _is_coach = viewable_plan(plan_id)
        return paginate_newest_first(
            select(CoachNote).where(CoachNote.plan_id == plan.id), CoachNote, page_args
        )

    @blp.doc(operationId="createCoachNote")
    @idempotent(blp)
    @blp.arguments(NoteSchema)
    @blp.response(201, NoteSchema)
    @documents_errors(blp, 403, 404)
    def post(self, data, plan_id):
        """Write a session note (the member's coach)"""
        plan, is_coach = viewable_plan(plan_id)
        if not is_coach:
            abort(403, message="Only the member's coach writes session notes.")
        note = CoachNote(plan_id=plan.id, coach_id=current_member().id, **data)
        Session.add(note)
        Session.commit()
        return note, 201


def _goal(plan_id: uuid.UUID, goal_id: uuid.UUID) -> Goal:
    plan, _is_coach = viewable_plan(plan_id)
    goal = Session.get(Goal, goal_id)
    if goal is None or goal.plan_id != plan.id:
        abort(404, message="No such goal in this plan.")
    return goal


def _step(plan_id: uuid.UUID, goal_id: uuid.UUID, step_id: uuid.UUID) -> tuple[Goal, Step]:
    goal = _goal(plan_id, goal_id)
    step = Session.get(Step, step_id)
    if step is None or step.goal_id != goal.id:
        abort(404, message="No such step in this goal.")
    return goal, step


def _update(row, changes: dict, plan_id: uuid.UUID, entity: str) -> None:
    """Apply changes and record who made them and which fields they touched."""
    me = current_member()
    for field, value in changes.items():
        setattr(row, field, value)
    row.updated_by, row.updated_at = me, utcnow()
    record_change(plan_id, me, entity, row.id, "updated", sorted(changes))


def _mark_achievement(goal: Goal) -> None:
    if goal.status == GoalStatus.ACHIEVED:
        goal.achieved_at = goal.achieved_at or utcnow()
        goal.progress_percent = 100
    else:
        goal.achieved_at = None


def _export_plans(member) -> list[dict]:
    """Every plan with its goals, steps, notes and change log: five queries however many plans."""
    plans = list(Session.scalars(select(CoachingPlan).where(CoachingPlan.member_id == member.id)))
    plan_ids = [plan.id for plan in plans]
    notes, changes = defaultdict(list), defaultdict(list)
    for note in Session.scalars(select(CoachNote).where(CoachNote.plan_id.in_(plan_ids))):
        notes[note.plan_id].append(note)
    for change in Session.scalars(select(PlanChange).where(PlanChange.plan_id.in_(plan_ids))):
        changes[change.plan_id].append(change)
    return [
        {
            **PlanSchema().dump(plan),
            "goals": [
                {**GoalSchema().dump(goal), "steps": StepSchema(many=True).dump(steps)}
                for goal, steps in goals
            ],
            "notes": NoteSchema(many=True).dump(notes[plan.id]),
            "changes": [
                {
                    "entity": change.entity,
                    "action": change.action,
                    "fields": change.fields,
                    "created_at": change.created_at.isoformat(),
                }
                for change in changes[plan.id]
            ],
        }
        for plan, goals in plans_with_goals(plans)
    ]


def _export_notes_written(member) -> list[dict]:
    notes = Session.scalars(select(CoachNote).where(CoachNote.coach_id == member.id))
    return [{"plan_id": str(note.plan_id), "created_at": note.created_at.isoformat()} for note in notes]


privacy.register(
    privacy.PersonalData(
        "coaching_plans",
        ("coaching_plans", "coaching_goals", "coaching_steps", "coaching_plan_changes"),
        _export_plans,
    )
)
# Notes a coach wrote stay with the member they are about; the coach's name is removed on erasure.
privacy.register(privacy.PersonalData("coach_notes", ("coach_notes",), _export_notes_written))
