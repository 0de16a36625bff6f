"""All models, imported so that Alembic and the privacy registry see every table."""

from api.models.auth import LoginSession, RefreshToken
from api.models.clinics import (
    Clinic,
    ClinicClient,
    ClinicInvitation,
    ClinicPatient,
    Consent,
    WebhookDelivery,
    WebhookSubscription,
)
from api.models.coach_messages import CoachMessage
from api.models.coaching_plans import (
    CheckIn,
    CoachingPlan,
    CoachingRelationship,
    CoachNote,
    Goal,
    PlanChange,
    Step,
)
from api.models.conversations import ConversationSettings, HiddenContentNote, Post, Reaction, Thread
from api.models.groups import Group, GroupGuidelines, GroupTopic, Invitation, Membership
from api.models.idempotency import IdempotencyRecord
from api.models.members import Member, Role
from api.models.moderation import AccessLogEntry, AuditEntry, ModerationAction, Report
from api.models.notifications import Notification
from api.models.reminders import ReminderDelivery
from api.models.resources import Bookmark, Referral, Resource, ResourceChange, ResourceLanguage
from api.models.sessions import CalendarFeed, GroupSession, Rsvp, SessionSeries

__all__ = [
    "CoachMessage",
    "ConversationSettings",
    "HiddenContentNote",
    "Post",
    "Reaction",
    "Thread",
    "Clinic",
    "ClinicClient",
    "ClinicInvitation",
    "ClinicPatient",
    "Consent",
    "WebhookDelivery",
    "WebhookSubscription",
    "ReminderDelivery",
    "AccessLogEntry",
    "AuditEntry",
    "ModerationAction",
    "Report",
    "Bookmark",
    "Referral",
    "Resource",
    "ResourceChange",
    "ResourceLanguage",
    "CheckIn",
    "CoachNote",
    "CoachingPlan",
    "CoachingRelationship",
    "Goal",
    "PlanChange",
    "Step",
    "CalendarFeed",
    "Group",
    "GroupGuidelines",
    "GroupSession",
    "GroupTopic",
    "IdempotencyRecord",
    "Invitation",
    "LoginSession",
    "Member",
    "Membership",
    "Notification",
    "RefreshToken",
    "Role",
    "Rsvp",
    "SessionSeries",
]
