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
from api.models.members import Member, Role
from api.models.moderation import (
    AccessLogEntry,
    AppealStatus,
    AuditEntry,
    ModerationAction,
    Report,
)
from api.models.notifications import NotificationKind
from api.pagination import PageArgsSchema, page_schema, paginate_newest_first
from api.permissions import current_member, require_role
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
    ReportedContentSchema,
    ReportQuerySchema,
    ReportReceiptSchema,
    ReportSchema,
)
from api.services import moderation
from api.services import moderation_reports as reports
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
    @documents_errors(blp, 403, 404, 409, 422)
    def post(self, data):
        """Report a member's conduct, a session, a post or a message; the reporter is never shown

        For a post (`post_id`) or a coach message (`message_id`) the group and the member it is
        about are set by the server: an anonymous author stays anonymous to the reporter.
        """
        report = reports.create_report(current_member(), data)
        Session.commit()
        return report, 201

    @blp.doc(operationId="listReports")
    @blp.arguments(ReportQuerySchema, location="query")
    @blp.response(200, ReportPageSchema)
    @documents_errors(blp, 403)
    def get(self, query):
        """The triage queue: reports about my groups (facilitators), or all of them (admins)"""
        return reports.report_queue(current_member(), query)


@blp.route("/reports/<uuid:report_id>")
class ReportById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="decideReport")
    @blp.arguments(ReportDecisionSchema)
    @blp.response(200, ReportSchema)
    @documents_errors(blp, 403, 404, 409, 422)
    def patch(self, data, report_id: uuid.UUID):
        """Act on a report: warn, mute, remove, hide the reported post, suspend (admins), or dismiss"""
        report = reports.decide_report(current_member(), report_id, data)
        Session.commit()
        return report


@blp.route("/reports/<uuid:report_id>/content")
class ReportContent(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getReportedContent")
    @blp.response(200, ReportedContentSchema)
    @documents_errors(blp, 404)
    def get(self, report_id: uuid.UUID):
        """Read the reported post or message (its reviewers); admins' reads go to the author's access log"""
        return reports.reported_content(current_member(), report_id)


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
