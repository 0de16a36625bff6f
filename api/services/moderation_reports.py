"""Reports: what they may be about, the triage queue, deciding them, reading the reported content.

A report about a conversation post or a coach message names neither its group nor its subject in
the request: both are set here from the post or message, so a reporter never learns who wrote
an anonymous post, and cannot point a report at a group they do not belong to.
"""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select

from api.db import Session, utcnow
from api.errors import Conflict, Invalid, NotFound
from api.models.coach_messages import CoachMessage
from api.models.coaching_plans import CoachingRelationship, RelationshipStatus
from api.models.conversations import Post, PostStatus
from api.models.groups import Group
from api.models.members import Member, Role
from api.models.moderation import ActionKind, Report, ReportStatus
from api.models.notifications import NotificationKind
from api.models.sessions import GroupSession
from api.pagination import paginate_newest_first
from api.services.audit import audit, record_access
from api.services.conversations import post_access
from api.services.groups import can_view, membership_of
from api.services.moderation import facilitated_group_ids, moderator_ids, take_action
from api.services.notifications import notify


@dataclass(frozen=True, slots=True)
class ReportedContent:
    """The reported post or message as its reviewers see it (author included, even anonymous)."""

    report_id: uuid.UUID
    kind: str  # "post" or "message"
    post_id: uuid.UUID | None
    thread_id: uuid.UUID | None
    message_id: uuid.UUID | None
    group_id: uuid.UUID | None
    body: str | None
    content_notes: list[str]
    status: str | None
    anonymous_to_peers: bool
    hidden_reason: str | None
    facilitator_note: str | None
    author: Member | None
    created_at: dt.datetime


def create_report(reporter: Member, data: dict) -> Report:
    """File a report; its group's facilitators (and admins) are told, never its subject."""
    group_id, subject_id = data.get("group_id"), data.get("subject_member_id")
    post_id, message_id = data.get("post_id"), data.get("message_id")
    if post_id:
        group_id, subject_id = _post_report_target(post_id, reporter)
    elif message_id:
        group_id, subject_id = None, _message_report_target(message_id, reporter)
    else:
        if data.get("session_id"):
            session = Session.get(GroupSession, data["session_id"])
            if session is None:
                raise NotFound("No session with that id.")
            group_id = session.group_id
        if group_id:
            _ensure_group_visible(group_id, reporter)
        if subject_id and (subject_id == reporter.id or Session.get(Member, subject_id) is None):
            raise Invalid("Name another member.", errors={"subject_member_id": ["Name another member."]})
    report = Report(
        reporter_id=reporter.id,
        subject_member_id=subject_id,
        group_id=group_id,
        session_id=data.get("session_id"),
        post_id=post_id,
        message_id=message_id,
        category=data["category"],
        text=data["text"],
    )
    Session.add(report)
    Session.flush()
    notify(
        [moderator for moderator in moderator_ids(group_id) if moderator not in (subject_id, reporter.id)],
        NotificationKind.REPORT_RECEIVED,
        title="A new report to review",
        body="Someone reported a concern. Open the moderation queue.",
        link="/moderation",
    )
    return report


def _ensure_group_visible(group_id: uuid.UUID, member: Member) -> None:
    group = Session.get(Group, group_id)
    if group is None or not can_view(group, membership_of(group_id, member), member):
        raise NotFound("No group with that id.")


def _post_report_target(post_id: uuid.UUID, reporter: Member) -> tuple[uuid.UUID, uuid.UUID | None]:
    """The post's group and author, when the reporter can read the post; else 404/403."""
    post, _access = post_access(post_id, reporter)  # 404 for a post they may not know of
    if post.author_id == reporter.id:
        raise Invalid("This is your own post.", errors={"post_id": ["You cannot report your own post."]})
    if post.status == PostStatus.DELETED:
        raise Conflict("This post was deleted: there is nothing left to report.")
    return post.group_id, post.author_id


def _message_report_target(message_id: uuid.UUID, reporter: Member) -> uuid.UUID | None:
    """The message's author, when the reporter is in its conversation (a former coach is not)."""
    message = Session.get(CoachMessage, message_id)
    relationship = Session.get(CoachingRelationship, message.relationship_id) if message else None
    is_member = relationship is not None and relationship.member_id == reporter.id
    is_coach = (
        relationship is not None
        and relationship.coach_id == reporter.id
        and relationship.status == RelationshipStatus.ACTIVE
    )
    if not (is_member or is_coach):
        raise NotFound("No message with that id.")
    if message.author_id == reporter.id:
        raise Invalid(
            "This is your own message.", errors={"message_id": ["You cannot report your own message."]}
        )
    return message.author_id


def report_queue(viewer: Member, query: dict) -> dict:
    """Reports about the viewer's groups (facilitators), or all of them (admins), newest first."""
    stmt = select(Report).where(Report.status == query["status"])
    if not viewer.has_role(Role.ADMIN):
        # A facilitator never judges a report about themselves: those go to admins only.
        stmt = stmt.where(
            Report.group_id.in_(facilitated_group_ids(viewer)),
            or_(Report.subject_member_id.is_(None), Report.subject_member_id != viewer.id),
        )
    return paginate_newest_first(stmt, Report, query)


def moderated_report(viewer: Member, report_id: uuid.UUID) -> Report:
    """A report in the viewer's queue; 404 otherwise (its existence is not theirs to know)."""
    report = Session.get(Report, report_id)
    if report is None or not can_moderate(viewer, report):
        raise NotFound("No such report in your queue.")
    return report


def can_moderate(member: Member, report: Report) -> bool:
    if member.has_role(Role.ADMIN):
        return True
    if report.subject_member_id == member.id:
        return False  # a report about a facilitator is for admins
    return report.group_id is not None and report.group_id in set(
        Session.scalars(facilitated_group_ids(member))
    )


def decide_report(viewer: Member, report_id: uuid.UUID, decision: dict) -> Report:
    """Dismiss a report, or act on it (warn, mute, remove, ban, hide the reported post)."""
    report = moderated_report(viewer, report_id)
    if report.status != ReportStatus.OPEN:
        raise Conflict("This report has already been handled.")
    if decision["action"] == "dismiss":
        report.status = ReportStatus.DISMISSED.value
        audit("report.dismissed", "report", report.id, actor=viewer)
    else:
        kind = ActionKind(decision["action"])
        take_action(report, kind, decision["reason"], decision["mute_days"], viewer)
        report.status = ReportStatus.ACTIONED.value
    report.handled_by_id, report.handled_at, report.resolution = viewer.id, utcnow(), decision["reason"]
    return report


def reported_content(viewer: Member, report_id: uuid.UUID) -> ReportedContent:
    """The reported post or message, for its reviewers. An admin's read (or a facilitator's read
    of a hidden post) goes to the author's access log: it is a read the author cannot see coming."""
    report = moderated_report(viewer, report_id)
    post = Session.get(Post, report.post_id) if report.post_id else None
    message = Session.get(CoachMessage, report.message_id) if report.message_id else None
    if post is None and message is None:
        raise NotFound("This report is not about a post or a message, or it no longer exists.")
    author_id = post.author_id if post is not None else message.author_id
    is_admin = viewer.has_role(Role.ADMIN)
    if author_id is not None and author_id != viewer.id:
        if is_admin:
            record_access(author_id, viewer, "admin", object_id=(post or message).id)
        elif post is not None and post.status == PostStatus.HIDDEN:
            record_access(author_id, viewer, "facilitator", object_id=post.id)
    author = Session.get(Member, author_id) if author_id else None
    if post is not None:
        return ReportedContent(
            report_id=report.id,
            kind="post",
            post_id=post.id,
            thread_id=post.thread_id,
            message_id=None,
            group_id=post.group_id,
            body=post.body,
            content_notes=list(post.content_notes or []),
            status=post.status,
            anonymous_to_peers=post.anonymous_to_peers,
            hidden_reason=post.hidden_reason,
            facilitator_note=post.facilitator_note,
            author=author,
            created_at=post.created_at,
        )
    return ReportedContent(
        report_id=report.id,
        kind="message",
        post_id=None,
        thread_id=None,
        message_id=message.id,
        group_id=None,
        body=message.body,
        content_notes=[],
        status=None,
        anonymous_to_peers=False,
        hidden_reason=None,
        facilitator_note=None,
        author=author,
        created_at=message.created_at,
    )
