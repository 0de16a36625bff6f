"""Coaching: who may see a plan, change records, progress computed in SQL."""

import datetime as dt
import uuid
from collections import defaultdict

from sqlalchemy import Date, and_, case, cast, func, select

from api.db import Session, utcnow
from api.models.coaching_plans import (
    CheckIn,
    CoachingPlan,
    CoachingRelationship,
    Goal,
    PlanChange,
    RelationshipStatus,
    Step,
)
from api.models.members import Member
from api.services.webhooks import publish_plan_change

RISK_LOOKBACK = dt.timedelta(days=14)
TREND_WINDOW = dt.timedelta(days=28)
TREND_THRESHOLD = 0.5


def has_active_coach(member_id: uuid.UUID, coach_id: uuid.UUID) -> bool:
    return (
        Session.scalars(
            select(CoachingRelationship.id).where(
                CoachingRelationship.member_id == member_id,
                CoachingRelationship.coach_id == coach_id,
                CoachingRelationship.status == RelationshipStatus.ACTIVE,
            )
        ).first()
        is not None
    )


def active_coach_ids(member_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        Session.scalars(
            select(CoachingRelationship.coach_id).where(
                CoachingRelationship.member_id == member_id,
                CoachingRelationship.status == RelationshipStatus.ACTIVE,
                CoachingRelationship.coach_id.is_not(None),  # a coach who erased their account
            )
        )
    )


def coached_member_ids(coach_id: uuid.UUID):
    """A subquery of the members who have `coach_id` as an active coach."""
    return select(CoachingRelationship.member_id).where(
        CoachingRelationship.coach_id == coach_id, CoachingRelationship.status == RelationshipStatus.ACTIVE
    )


def record_change(
    plan_id: uuid.UUID, actor: Member, entity: str, entity_id: uuid.UUID, action: str, fields=()
) -> None:
    Session.add(
        PlanChange(
            plan_id=plan_id,
            actor_id=actor.id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            fields=list(fields),
        )
    )
    publish_plan_change(plan_id, entity, entity_id, action, fields)


def decorate_relationships(relationships: list[CoachingRelationship], viewer: Member) -> None:
    """For the coach's dashboard: last check-in and last risk signal per member, in one query."""
    coached = [
        rel.member_id
        for rel in relationships
        if rel.coach_id == viewer.id and rel.status == RelationshipStatus.ACTIVE
    ]
    latest = {}
    if coached:
        risk_since = utcnow() - RISK_LOOKBACK
        latest = {
            member_id: (last, last_risk)
            for member_id, last, last_risk in Session.execute(
                select(
                    CheckIn.member_id,
                    func.max(CheckIn.created_at),
                    func.max(
                        case((and_(CheckIn.risk_flag, CheckIn.created_at >= risk_since), CheckIn.created_at))
                    ),
                )
                .where(CheckIn.member_id.in_(coached))
                .group_by(CheckIn.member_id)
            )
        }
    for rel in relationships:
        last, last_risk = (
            latest.get(rel.member_id, (None, None)) if rel.member_id in coached else (None, None)
        )
        rel.last_check_in_at = _aware(last)
        rel.last_risk_at = _aware(last_risk)


def _aware(value):
    """Aggregates over a CASE lose the column type on SQLite: bring back UTC-aware datetimes."""
    if value is None or isinstance(value, dt.datetime) and value.tzinfo:
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC)


def week_bucket(column, dialect: str):
    """Monday of the (UTC) week of `column`, as a date."""
    if dialect == "postgresql":
        return cast(func.date_trunc("week", func.timezone("UTC", column)), Date)
    return func.date(column, "weekday 0", "-6 days")


def progress(plan: CoachingPlan, weeks: int) -> dict:
    """Weekly series, trends and goal counts: four aggregate queries, whatever the history."""
    dialect = Session.get_bind().dialect.name
    since = utcnow() - dt.timedelta(weeks=weeks)
    bucket = week_bucket(CheckIn.created_at, dialect).label("week")
    rows = Session.execute(
        select(
            bucket,
            func.count(CheckIn.id),
            func.avg(CheckIn.mood),
            func.avg(CheckIn.craving),
            func.avg(CheckIn.phq9_total),
            func.avg(CheckIn.gad7_total),
            func.avg(CheckIn.who5_score),
            func.avg(CheckIn.barc10_total),
        )
        .where(CheckIn.plan_id == plan.id, CheckIn.created_at >= since)
        .group_by(bucket)
        .order_by(bucket)
    ).all()
    goal_bucket = week_bucket(Goal.achieved_at, dialect).label("week")
    achieved = dict(
        Session.execute(
            select(goal_bucket, func.count(Goal.id))
            .where(Goal.plan_id == plan.id, Goal.achieved_at.is_not(None), Goal.achieved_at >= since)
            .group_by(goal_bucket)
        ).all()
    )
    achieved = {str(week): count for week, count in achieved.items()}
    series = [_week_point(row, achieved.pop(str(row[0]), 0)) for row in rows]
    series += [
        _week_point((week, 0, None, None, None, None, None, None), count) for week, count in achieved.items()
    ]
    series.sort(key=lambda point: point["week"])
    totals = Session.execute(
        select(func.count(Goal.id), func.count(Goal.achieved_at)).where(Goal.plan_id == plan.id)
    ).one()
    mood_trend, craving_trend = _trends(plan)
    return {
        "weeks": series,
        "mood_trend": mood_trend,
        "craving_trend": craving_trend,
        "goals_total": totals[0],
        "goals_achieved": totals[1],
    }


def _week_point(row, goals_achieved: int) -> dict:
    week, count, mood, craving, phq9, gad7, who5, barc10 = row
    return {
        "week": week if isinstance(week, dt.date) else dt.date.fromisoformat(str(week)),
        "check_ins": count,
        **{
            name: _rounded(value)
            for name, value in (
                ("mood", mood),
                ("craving", craving),
                ("phq9", phq9),
                ("gad7", gad7),
                ("who5", who5),
                ("barc10", barc10),
            )
        },
        "goals_achieved": goals_achieved,
    }


def _rounded(value):
    return None if value is None else round(float(value), 2)


def _trends(plan: CoachingPlan) -> tuple[dict, dict]:
    now = utcnow()
    recent = CheckIn.created_at >= now - TREND_WINDOW
    previous = and_(CheckIn.created_at < now - TREND_WINDOW, CheckIn.created_at >= now - 2 * TREND_WINDOW)
    row = Session.execute(
        select(
            func.avg(case((recent, CheckIn.mood))),
            func.avg(case((previous, CheckIn.mood))),
            func.avg(case((recent, CheckIn.craving))),
            func.avg(case((previous, CheckIn.craving))),
        ).where(CheckIn.plan_id == plan.id, CheckIn.created_at >= now - 2 * TREND_WINDOW)
    ).one()
    return _trend(row[0], row[1], higher_is_better=True), _trend(row[2], row[3], higher_is_better=False)


def _trend(recent, previous, higher_is_better: bool) -> dict:
    recent, previous = _rounded(recent), _rounded(previous)
    if recent is None or previous is None:
        return {"direction": "not_enough_data", "recent": recent, "previous": previous}
    change = (recent - previous) if higher_is_better else (previous - recent)
    direction = (
        "better" if change >= TREND_THRESHOLD else "harder" if change <= -TREND_THRESHOLD else "steady"
    )
    return {"direction": direction, "recent": recent, "previous": previous}


def plans_with_goals(plans: list[CoachingPlan]) -> list[tuple[CoachingPlan, list[tuple[Goal, list[Step]]]]]:
    """Plans with their goals and steps: two queries whatever the number of plans."""
    plan_ids = [plan.id for plan in plans]
    goals = list(
        Session.scalars(select(Goal).where(Goal.plan_id.in_(plan_ids)).order_by(Goal.created_at, Goal.id))
    )
    steps_by_goal = defaultdict(list)
    goal_ids = [goal.id for goal in goals]
    if goal_ids:
        step_rows = Session.scalars(
            select(Step).where(Step.goal_id.in_(goal_ids)).order_by(Step.created_at, Step.id)
        )
        for step in step_rows:
            steps_by_goal[step.goal_id].append(step)
    goals_by_plan = defaultdict(list)
    for goal in goals:
        goals_by_plan[goal.plan_id].append((goal, steps_by_goal[goal.id]))
    return [(plan, goals_by_plan[plan.id]) for plan in plans]
