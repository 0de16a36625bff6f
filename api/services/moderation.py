"""Moderation actions: take effect at once (the database is the shared state of every worker).

Reports themselves (what they may be about, the queue, reading the reported content) live in
`api.services.moderation_reports`.
"""

import datetime as dt

from sqlalchemy import select

from api.db import Session, utcnow
from api.errors import Conflict, Forbidden
from api.models.conversations import Post, PostStatus
from api.models.groups import GroupRole, Membership, MembershipStatus
from api.models.members import Member, Role
from api.models.moderation import ActionKind, ModerationAction, Report
from api.models.notifications import NotificationKind
from api.services.audit import audit
from api.services.conversation_moderation_tools import hide_post, restore_post
from api.services.groups import end_membership, membership_of
from api.services.notifications import notify
from api.services.rsvps import cancel_member_bookings
from api.tokens import revoke_all_sessions

ACTION_TITLES = {
    ActionKind.WARN: "A note from the moderators",
    ActionKind.MUTE: "You are muted for now",
    ActionKind.REMOVE: "You were removed from a group",
    ActionKind.BAN: "Your account is suspended",
}


def take_action(
    report: Report, kind: ActionKind, reason: str, mute_days: int, moderator: Member
) -> ModerationAction:
    """Act on a report's subject (or, for `hide_post`, on the reported post)."""
    if kind == ActionKind.HIDE_POST:
        return _hide_reported_post(report, reason, moderator)
    member = Session.get(Member, report.subject_member_id) if report.subject_member_id else None
    if member is None:
        raise Conflict("This report names no member to act on; dismiss it or act on the session instead.")
    if kind == ActionKind.BAN and not moderator.has_role(Role.ADMIN):
        raise Forbidden("Only admins can suspend an account.")
    if kind in (ActionKind.MUTE, ActionKind.REMOVE) and report.group_id is None:
        raise Conflict("Muting and removing apply to a group; this report is not about one.")
    action = ModerationAction(
        member_id=member.id,
        group_id=report.group_id,
        report_id=report.id,
        kind=kind.value,
        reason=reason,
        created_by_id=moderator.id,
    )
    if kind == ActionKind.MUTE:
        action.expires_at = utcnow() + dt.timedelta(days=mute_days)
    _apply(action, member)
    Session.add(action)
    Session.flush()
    notify(
        [member.id],
        NotificationKind.MODERATION_ACTION,
        title=ACTION_TITLES[kind],
        body=f"{reason} You can appeal once if you think this was wrong.",
        link="/account/notices",
        action_id=str(action.id),
    )
    audit(
        f"moderation.{kind.value}",
        "member",
        member.id,
        action_id=str(action.id),
        report_id=str(report.id),
        group_id=str(report.group_id) if report.group_id else None,
    )
    return action


def _hide_reported_post(report: Report, reason: str, moderator: Member) -> ModerationAction:
    post = Session.get(Post, report.post_id) if report.post_id else None
    if post is None:
        raise Conflict("Hiding applies to a reported post; this report is not about one.")
    if post.status not in (PostStatus.PUBLISHED, PostStatus.HIDDEN):
        raise Conflict(f"Only a published post can be hidden; this one is {post.status}.")
    action = hide_post(post, reason, moderator)
    if action is None:
        raise Conflict("This post is already hidden.")
    action.report_id = report.id
    return action


def _apply(action: ModerationAction, member: Member) -> None:
    membership = membership_of(action.group_id, member) if action.group_id else None
    if action.kind == ActionKind.MUTE:
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            raise Conflict("That member is not an active member of the group.")
        membership.is_muted, membership.muted_until = True, action.expires_at
    elif action.kind == ActionKind.REMOVE:
        if membership is None or membership.status != MembershipStatus.ACTIVE:
            raise Conflict("That member is not an active member of the group.")
        end_membership(membership, MembershipStatus.REMOVED)
        cancel_member_bookings(member.id, action.group_id)
    elif action.kind == ActionKind.BAN:
        member.banned_at = utcnow()
        revoke_all_sessions(member, reason="suspended")


def overturn(action: ModerationAction) -> None:
    """Undo what an action did, as far as it can be undone."""
    if action.kind == ActionKind.HIDE_POST:
        post = Session.get(Post, action.post_id) if action.post_id else None
        if post is not None:
            restore_post(post, actor=None)
        return
    member = Session.get(Member, action.member_id) if action.member_id else None
    if member is None:
        return
    membership = membership_of(action.group_id, member) if action.group_id else None
    if action.kind == ActionKind.MUTE and membership is not None:
        membership.is_muted, membership.muted_until = False, None
    elif (
        action.kind == ActionKind.REMOVE
        and membership is not None
        and membership.status == MembershipStatus.REMOVED
    ):
        membership.status = MembershipStatus.ACTIVE.value
    elif action.kind == ActionKind.BAN:
        member.banned_at = None


def admin_ids() -> list:
    return list(Session.scalars(select(Member.id).where(Member.role == Role.ADMIN)))


def facilitated_group_ids(member: Member):
    """A subquery: the groups `member` facilitates."""
    return select(Membership.group_id).where(
        Membership.member_id == member.id,
        Membership.status == MembershipStatus.ACTIVE,
        Membership.role == GroupRole.FACILITATOR,
    )


def moderator_ids(group_id) -> list:
    """Group matters go to the group's facilitators and admins; platform matters to admins."""
    ids = admin_ids()
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
