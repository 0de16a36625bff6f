"""Recovery coaching: who coaches whom, plans with goals and steps, check-ins and coach notes."""

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from api.db import Base, TimestampMixin, enum_values, new_id, utcnow
from api.models.members import Member


class RelationshipStatus(enum.StrEnum):
    REQUESTED = "requested"  # the member asked; the coach decides
    INVITED = "invited"  # the coach asked; the member decides
    ACTIVE = "active"
    DECLINED = "declined"
    ENDED = "ended"


OPEN_RELATIONSHIP = (RelationshipStatus.REQUESTED, RelationshipStatus.INVITED, RelationshipStatus.ACTIVE)


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"


class GoalStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    SET_ASIDE = "set_aside"


class CoachingRelationship(TimestampMixin, Base):
    __tablename__ = "coaching_relationships"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(RelationshipStatus)!r}", name="status_known"),
        # Holds with a NULL coach too (the comparison is unknown, which a CHECK accepts).
        CheckConstraint("member_id <> coach_id", name="not_self"),
        # At most one open (requested, invited or active) relationship per member and coach; a
        # NULL coach (erased) never collides, and their open relationships were ended anyway.
        Index(
            "uq_coaching_relationships_open_pair",
            "member_id",
            "coach_id",
            unique=True,
            postgresql_where=text("status IN ('requested', 'invited', 'active')"),
            sqlite_where=text("status IN ('requested', 'invited', 'active')"),
        ),
        Index("ix_coaching_relationships_coach_status", "coach_id", "status"),
        Index("ix_coaching_relationships_member_status", "member_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    # NULL once the coach erased their account: the member keeps the relationship (ended) and
    # the conversation's history. A member's erasure still removes their relationships.
    coach_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))
    initiated_by: Mapped[str] = mapped_column(String(20))  # member, coach or admin
    started_at: Mapped[dt.datetime | None]
    ended_at: Mapped[dt.datetime | None]
    ended_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))

    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="joined", innerjoin=True)
    coach: Mapped[Member | None] = relationship(foreign_keys=[coach_id], lazy="joined")


class AuthoredMixin:
    """Who created and who last changed a row: members and coaches both edit plans."""

    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))

    @declared_attr
    def updated_by(cls) -> Mapped[Member | None]:
        return relationship(Member, foreign_keys=[cls.updated_by_id], lazy="joined")


class CoachingPlan(AuthoredMixin, TimestampMixin, Base):
    __tablename__ = "coaching_plans"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(PlanStatus)!r}", name="status_known"),
        CheckConstraint(
            "review_date IS NULL OR start_date IS NULL OR review_date >= start_date",
            name="review_after_start",
        ),
        Index("ix_coaching_plans_member_created", "member_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    focus_areas: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=PlanStatus.DRAFT.value)
    start_date: Mapped[dt.date | None]
    review_date: Mapped[dt.date | None]

    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="joined", innerjoin=True)


class Goal(AuthoredMixin, TimestampMixin, Base):
    """A SMART goal: what, why it matters, how it is measured, by when."""

    __tablename__ = "coaching_goals"
    __table_args__ = (
        CheckConstraint(f"status IN {enum_values(GoalStatus)!r}", name="status_known"),
        CheckConstraint("progress_percent BETWEEN 0 AND 100", name="progress_percent_range"),
        Index("ix_coaching_goals_plan_created", "plan_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coaching_plans.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(300))
    why: Mapped[str | None] = mapped_column(String(1000))
    measure: Mapped[str | None] = mapped_column(String(300))
    target_date: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(20), default=GoalStatus.NOT_STARTED.value)
    progress_percent: Mapped[int] = mapped_column(Integer, default=0)
    achieved_at: Mapped[dt.datetime | None]


class Step(AuthoredMixin, TimestampMixin, Base):
    __tablename__ = "coaching_steps"
    __table_args__ = (Index("ix_coaching_steps_goal_created", "goal_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    goal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coaching_goals.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[dt.date | None]
    done_at: Mapped[dt.datetime | None]


class CheckIn(Base):
    """How the member is doing; totals are stored so progress is aggregated in SQL."""

    __tablename__ = "check_ins"
    __table_args__ = (
        CheckConstraint("mood BETWEEN 1 AND 10", name="mood_range"),
        CheckConstraint("craving BETWEEN 0 AND 10", name="craving_range"),
        CheckConstraint("phq9_total IS NULL OR phq9_total BETWEEN 0 AND 27", name="phq9_range"),
        CheckConstraint("gad7_total IS NULL OR gad7_total BETWEEN 0 AND 21", name="gad7_range"),
        CheckConstraint("who5_score IS NULL OR who5_score BETWEEN 0 AND 100", name="who5_range"),
        CheckConstraint("barc10_total IS NULL OR barc10_total BETWEEN 10 AND 60", name="barc10_range"),
        Index("ix_check_ins_plan_created", "plan_id", "created_at"),
        Index("ix_check_ins_member_created", "member_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coaching_plans.id", ondelete="CASCADE"))
    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    mood: Mapped[int]
    craving: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)
    note_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    feels_safe: Mapped[bool | None]
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    phq9_total: Mapped[int | None]
    gad7_total: Mapped[int | None]
    who5_score: Mapped[int | None]
    barc10_total: Mapped[int | None]
    risk_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CoachNote(Base):
    __tablename__ = "coach_notes"
    __table_args__ = (Index("ix_coach_notes_plan_created", "plan_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coaching_plans.id", ondelete="CASCADE"))
    coach_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    session_date: Mapped[dt.date | None]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    coach: Mapped[Member | None] = relationship(foreign_keys=[coach_id], lazy="joined")


class PlanChange(Base):
    """Every change to a plan, its goals and steps, with who made it."""

    __tablename__ = "coaching_plan_changes"
    __table_args__ = (Index("ix_coaching_plan_changes_plan_created", "plan_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("coaching_plans.id", ondelete="CASCADE"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    entity: Mapped[str] = mapped_column(String(20))  # plan, goal, step
    entity_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(String(20))  # created, updated, deleted
    fields: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    actor: Mapped[Member | None] = relationship(foreign_keys=[actor_id], lazy="joined")
