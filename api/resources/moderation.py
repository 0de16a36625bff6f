"""Reports, moderation and appeals, the admins' audit log and each member's access log."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import or_, select

from api import privacy
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.groups import GroupRole, Membership, MembershipStatus
from api.models.members import Member, Role
from api.models.moderation import (
    AccessLogEntry,
    ActionKind,
    AppealStatus,
    AuditEntry,
    ModerationAction,
    Report,
    ReportStatus,
)
from api.models.notifications import NotificationKind
from api.models.sessions import GroupSession
from api.pagination import PageArgsSchema, page_schema, paginate_newest_first
from api.permissions import current_member, require_role, viewable_group
from api.schemas.moderation import (
    AccessLogEntrySchema,
    AppealDecisionSchema,
    AppealQuerySchema,
    AppealSchema,
    AuditEntrySchema,
    AuditQuerySchema,
    ModerationActionSchema,
    ReportCreateSchema,
    ReportDecisionSchema,
    ReportQuerySchema,
    ReportReceiptSchema,
    ReportSchema,
)
from api.services import moderation
from api.services.audit import audit
from api.services.notifications import notify

blp = Blueprint("moderation", __name__, url_prefix="/api/v1", description="Safety and moderation")
ReportPageSchema = page_schema(ReportSchema, "ReportPage")
ActionPageSchema = page_schema(ModerationActionSchema, "ModerationActionPage")
AuditPageSchema = page_schema(AuditEntrySchema, "AuditPage")
AccessPageSchema = page_schema(AccessLogEntrySchema, "AccessLogPage")


@blp.route("/reports")
class Reports(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="createReport")
    @idempotent(blp)
    @blp.arguments(ReportCreateSchema)
    @blp.response(201, ReportReceiptSchema)
    @documents_errors(blp, 404, 422)
    def post(self, data):
        """Report a member's conduct or a session; who reported is never shown to the member"""
        me = current_member()
        group_id = data.get("group_id")
        if data.get("session_id"):
            session = Session.get(GroupSession, data["session_id"])
            if session is None:
                abort(404, message="No session with that id.")
            group_id = session.group_id
        if group_id:
            viewable_group(group_id, changes_group=False)
        subject_id = data.get("subject_member_id")
        if subject_id and (subject_id == me.id or Session.get(Member, subject_id) is None):
            abort(422, errors={"subject_member_id": ["Name another member."]})
        report = Report(
            reporter_id=me.id,
            subject_member_id=subject_id,
            group_id=group_id,
            session_id=data.get("session_id"),
            category=data["category"],
            text=data["text"],
        )
        Session.add(report)
        Session.flush()
        notify(
            [moderator for moderator in _moderator_ids(group_id) if moderator != subject_id],
            NotificationKind.REPORT_RECEIVED,
            title="A new report to review",
            body="Someone reported a concern. Open the moderation queue.",
            link="/moderation",
        )
        Session.commit()
        return report, 201

    @blp.doc(operationId="listReports")
    @blp.arguments(ReportQuerySchema, location="query")
    @blp.response(200, ReportPageSchema)
    @documents_errors(blp, 403)
    def get(self, query):
        """The triage queue: reports about my groups (facilitators), or all of them (admins)"""
        me = current_member()
        stmt = select(Report).where(Report.status == query["status"])
        if not me.has_role(Role.ADMIN):
            # A facilitator never judges a report about themselves: those go to admins only.
            stmt = stmt.where(
                Report.group_id.in_(_facilitated(me)),
                or_(Report.subject_member_id.is_(None), Report.subject_member_id != me.id),
            )
        return paginate_newest_first(stmt, Report, query)


@blp.route("/reports/<uuid:report_id>")
class ReportById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="decideReport")
    @blp.arguments(ReportDecisionSchema)
    @blp.response(200, ReportSchema)
    @documents_errors(blp, 403, 404, 409)
    def patch(self, data, report_id: uuid.UUID):
        """Act on a report: warn, mute, remove from the group, suspend (admins), or dismiss"""
        me = current_member()
        report = Session.get(Report, report_id)
        if report is None or not _can_moderate(me, report):
            abort(404, message="No such report in your queue.")
        if report.status != ReportStatus.OPEN:
            abort(409, message="This report has already been handled.")
        if data["action"] == "dismiss":
            report.status = ReportStatus.DISMISSED.value
            audit("report.dismissed", "report", report.id)
        else:
            moderation.take_action(report, ActionKind(data["action"]), data["reason"], data["mute_days"], me)
            report.status = ReportStatus.ACTIONED.value
        report.handled_by_id, report.handled_at, report.resolution = me.id, utcnow(), data["reason"]
        Session.commit()
        return report


@blp.route("/members/me/moderation")
class MyNotices(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listMyModerationActions")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ActionPageSchema)
    @documents_errors(blp, 401)
    def get(self, page_args):
        """Actions moderators took about me, with their reasons"""
        stmt = select(ModerationAction).where(ModerationAction.member_id == current_member().id)
        return paginate_newest_first(stmt, ModerationAction, page_args)


@blp.route("/moderation-actions/<uuid:action_id>/appeal")
class Appeal(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="appealModerationAction")
    @blp.arguments(AppealSchema)
    @blp.response(200, ModerationActionSchema)
    @documents_errors(blp, 404, 409)
    def post(self, data, action_id: uuid.UUID):
        """Appeal an action about me, once; an admin decides"""
        action = Session.get(ModerationAction, action_id)
        if action is None or action.member_id != current_member().id:
            abort(404, message="No such action about you.")
        if action.appealed_at is not None:
            abort(409, message="You have already appealed this action.")
        action.appeal_text, action.appealed_at, action.appeal_status = (
            data["text"],
            utcnow(),
            AppealStatus.PENDING.value,
        )
        notify(
            moderation.admin_ids(),
            NotificationKind.APPEAL_RECEIVED,
            title="An appeal to decide",
            body="A member appealed a moderation action.",
            link="/moderation/appeals",
        )
        audit("moderation.appealed", "moderation_action", action.id)
        Session.commit()
        return action


@blp.route("/moderation-actions")
class Appeals(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listAppeals")
    @blp.arguments(AppealQuerySchema, location="query")
    @blp.response(200, ActionPageSchema)
    @documents_errors(blp, 403)
    @require_role(Role.ADMIN)
    def get(self, query):
        """Appealed actions (admins)"""
        stmt = select(ModerationAction).where(ModerationAction.appeal_status == query["appeal_status"])
        return paginate_newest_first(stmt, ModerationAction, query)


@blp.route("/moderation-actions/<uuid:action_id>")
class AppealDecision(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="decideAppeal")
    @blp.arguments(AppealDecisionSchema)
    @blp.response(200, ModerationActionSchema)
    @documents_errors(blp, 403, 404, 409)
    @require_role(Role.ADMIN)
    def patch(self, data, action_id: uuid.UUID):
        """Decide an appeal (admins): uphold it, or overturn it and undo the action"""
        action = Session.get(ModerationAction, action_id)
        if action is None:
            abort(404, message="No such action.")
        if action.appeal_status != AppealStatus.PENDING:
            abort(409, message="There is no pending appeal on this action.")
        overturned = data["decision"] == "overturn"
        if overturned:
            moderation.overturn(action)
        action.appeal_status = (AppealStatus.OVERTURNED if overturned else AppealStatus.UPHELD).value
        action.appeal_decided_by_id, action.appeal_decided_at = current_member().id, utcnow()
        if action.member_id:
            notify(
                [action.member_id],
                NotificationKind.APPEAL_DECIDED,
                title="Your appeal was accepted" if overturned else "Your appeal was not accepted",
                body=data.get("note") or "An admin reviewed your appeal.",
                link="/account/notices",
            )
        audit(f"moderation.appeal_{action.appeal_status}", "moderation_action", action.id)
        Session.commit()
        return action


@blp.route("/audit-log")
class AuditLog(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="searchAuditLog")
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    @documents_errors(blp, 403)
    @require_role(Role.ADMIN)
    def get(self, query):
        """Who did what to what, when and from where (admins; read-only)"""
        stmt = select(AuditEntry)
        for field in ("action", "actor_id", "target_type", "target_id"):
            if query.get(field):
                stmt = stmt.where(getattr(AuditEntry, field) == query[field])
        return paginate_newest_first(stmt, AuditEntry, query)


@blp.route("/members/me/access-log")
class MyAccessLog(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listMyAccessLog")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, AccessPageSchema)
    @documents_errors(blp, 401)
    def get(self, page_args):
        """Every read of my private data by someone else: who, what, when"""
        stmt = select(AccessLogEntry).where(AccessLogEntry.member_id == current_member().id)
        return paginate_newest_first(stmt, AccessLogEntry, page_args)


def _facilitated(member: Member):
    return select(Membership.group_id).where(
        Membership.member_id == member.id,
        Membership.status == MembershipStatus.ACTIVE,
        Membership.role == GroupRole.FACILITATOR,
    )


def _can_moderate(member: Member, report: Report) -> bool:
    if member.has_role(Role.ADMIN):
        return True
    if report.subject_member_id == member.id:
        return False  # a report about a facilitator is for admins
    return report.group_id is not None and report.group_id in set(Session.scalars(_facilitated(member)))


def _moderator_ids(group_id) -> list:
    """Group matters go to the group's facilitators and admins; platform matters to admins."""
    ids = moderation.admin_ids()
    if group_id:
        ids += list(
            Session.scalars(
                select(Membership.member_id).where(
                    Membership.group_id == group_id,
                    Membership.role == GroupRole.FACILITATOR,
                    Membership.status == MembershipStatus.ACTIVE,
                )
            )
        )
    return ids


def _export(member: Member) -> dict:
    reports = Session.scalars(select(Report).where(Report.reporter_id == member.id))
    actions = Session.scalars(select(ModerationAction).where(ModerationAction.member_id == member.id))
    access = Session.scalars(select(AccessLogEntry).where(AccessLogEntry.member_id == member.id))
    audit_rows = Session.scalars(select(AuditEntry).where(AuditEntry.actor_id == member.id))
    return {
        "reports_made": [
            {
                "category": r.category,
                "text": r.text,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
            }
            for r in reports
        ],
        "actions_about_me": ModerationActionSchema(many=True).dump(actions),
        "access_log": AccessLogEntrySchema(many=True).dump(access),
        "my_audited_actions": [
            {"action": a.action, "target_type": a.target_type, "created_at": a.created_at.isoformat()}
            for a in audit_rows
        ],
    }


def _erase(member: Member) -> None:
    """Reports and actions stay for the safety record, without the erased member's words or address."""
    for report in Session.scalars(
        select(Report).where(or_(Report.reporter_id == member.id, Report.subject_member_id == member.id))
    ):
        if report.reporter_id == member.id:
            report.text = "(removed: the reporter deleted their account)"
    for entry in Session.scalars(select(AuditEntry).where(AuditEntry.actor_id == member.id)):
        entry.ip_address = None


privacy.register(
    privacy.PersonalData(
        "safety", ("reports", "moderation_actions", "audit_log", "access_log"), _export, _erase
    )
)
