"""Conversation pace rules and their settings: slow mode, the daily cap, first posts held for
approval, the thread lock. The facilitator tools are in `conversation_moderation_tools` (re-exported
here for the conversations service) and the approval queue in `conversation_moderation_queue`.

The daily cap counts a rolling 24 hours (not the calendar day in the group's time zone): it needs
no time zone arithmetic, treats members in every zone alike, and cannot be gamed at midnight.
Facilitators (and admins) are exempt from slow mode, the cap and holding; they may reply in a
locked thread.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from api.db import Session, utcnow
from api.errors import Conflict, Forbidden, TooSoon
from api.models.conversations import ConversationSettings, Post, PostStatus, Thread
from api.models.groups import Group, GroupRole, Membership, MembershipStatus
from api.models.members import Member, Role
from api.models.notifications import NotificationKind
from api.services.audit import audit
from api.services.conversation_moderation_tools import (  # noqa: F401 (the conversations service's interface)
    apply_post_moderation,
    apply_thread_moderation,
)
from api.services.notifications import notify

CAP_WINDOW = dt.timedelta(hours=24)
# A post counts towards slow mode and the cap unless a facilitator declined it.
COUNTED_STATUSES = tuple(status.value for status in PostStatus if status is not PostStatus.DECLINED)
# A member is no longer "new" once one of their posts was published (hidden ones were, too).
ESTABLISHED_STATUSES = (PostStatus.PUBLISHED.value, PostStatus.HIDDEN.value)


def is_moderator(member: Member, membership: Membership | None) -> bool:
    """The group's facilitators and admins: exempt from pace rules, holders of the tools."""
    return member.has_role(Role.ADMIN) or (membership is not None and membership.is_facilitator)


def settings_for(group_id: uuid.UUID) -> ConversationSettings:
    """The group's settings; a transient row with the defaults when none was saved yet."""
    settings = Session.get(ConversationSettings, group_id)
    if settings is None:
        settings = ConversationSettings(
            group_id=group_id, slow_mode_seconds=0, daily_post_cap=None, hold_first_posts=False
        )
    return settings


def facilitator_ids(group_id: uuid.UUID) -> list[uuid.UUID]:
    """Active facilitators of the group (served by the partial facilitators index)."""
    return list(
        Session.scalars(
            select(Membership.member_id).where(
                Membership.group_id == group_id,
                Membership.role == GroupRole.FACILITATOR.value,
                Membership.status == MembershipStatus.ACTIVE.value,
            )
        )
    )


# --- pace and approval ---------------------------------------------------------------------------


def admit_post(
    group: Group, membership: Membership | None, author: Member, thread: Thread | None
) -> PostStatus:
    """Pace and approval rules before a post or thread is written: the thread lock (facilitators
    may still reply), slow mode (group and thread), the daily cap, first posts held for approval.
    Raises Forbidden / TooSoon; returns PostStatus.PUBLISHED or PostStatus.HELD."""
    moderator = is_moderator(author, membership)
    if thread is not None and thread.locked_at is not None and not moderator:
        raise Forbidden(
            "This thread is locked by a facilitator: it takes no more replies.", kind="thread-locked"
        )
    if moderator:
        return PostStatus.PUBLISHED
    settings = settings_for(group.id)
    now = utcnow()
    _ensure_slow_mode(settings, thread, author, group.id, now)
    _ensure_under_daily_cap(settings, author, group.id, now)
    if settings.hold_first_posts and not _has_established_post(author.id, group.id):
        _announce_held(group, author)
        return PostStatus.HELD
    return PostStatus.PUBLISHED


def _authored(author_id: uuid.UUID, group_id: uuid.UUID):
    """The member's counted posts in the group: a prefix of `ix_posts_author_group_created`."""
    return (Post.author_id == author_id, Post.group_id == group_id, Post.status.in_(COUNTED_STATUSES))


def _ensure_slow_mode(settings, thread: Thread | None, author: Member, group_id, now: dt.datetime) -> None:
    waits = [0]
    if settings.slow_mode_seconds:
        last = Session.scalar(select(func.max(Post.created_at)).where(*_authored(author.id, group_id)))
        if last is not None:
            waits.append(settings.slow_mode_seconds - int((now - last).total_seconds()))
    if thread is not None and thread.slow_mode_seconds:
        last = Session.scalar(
            select(func.max(Post.created_at)).where(
                *_authored(author.id, group_id), Post.thread_id == thread.id
            )
        )
        if last is not None:
            waits.append(thread.slow_mode_seconds - int((now - last).total_seconds()))
    wait = max(waits)
    if wait > 0:
        raise TooSoon(
            f"Slow mode is on here: you can post again in {wait} seconds.", retry_after=wait, kind="slow-mode"
        )


def _ensure_under_daily_cap(settings, author: Member, group_id, now: dt.datetime) -> None:
    cap = settings.daily_post_cap
    if not cap:
        return
    since = now - CAP_WINDOW
    recent = (*_authored(author.id, group_id), Post.created_at > since)
    count = Session.scalar(select(func.count()).select_from(Post).where(*recent)) or 0
    if count < cap:
        return
    # The post whose leaving the window brings the count below the cap.
    freeing = Session.scalar(
        select(Post.created_at).where(*recent).order_by(Post.created_at).offset(count - cap).limit(1)
    )
    wait = int(((freeing or now) + CAP_WINDOW - now).total_seconds()) + 1
    raise TooSoon(
        f"This group allows {cap} posts a day per member; you can post again in {wait} seconds.",
        retry_after=wait,
        kind="daily-cap",
    )


def _has_established_post(author_id: uuid.UUID, group_id: uuid.UUID) -> bool:
    return (
        Session.scalar(
            select(Post.id)
            .where(
                Post.author_id == author_id, Post.group_id == group_id, Post.status.in_(ESTABLISHED_STATUSES)
            )
            .limit(1)
        )
        is not None
    )


def _announce_held(group: Group, author: Member) -> None:
    link = f"/groups/{group.id}/conversation"
    notify(
        [author.id],
        NotificationKind.POST_HELD,
        title="Your post is waiting for a facilitator",
        body="New members' first posts in this group are read by a facilitator before they appear.",
        link=link,
        group_id=str(group.id),
    )
    notify(
        [member_id for member_id in facilitator_ids(group.id) if member_id != author.id],
        NotificationKind.POST_AWAITING_APPROVAL,
        title="A post is waiting for your approval",
        body="A new member's first post is in the approval queue.",
        link=f"/groups/{group.id}/held-posts",
        group_id=str(group.id),
    )


# --- settings ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettingsView:
    group_id: uuid.UUID
    slow_mode_seconds: int
    daily_post_cap: int | None
    hold_first_posts: bool
    updated_at: dt.datetime | None
    can_manage: bool


SETTINGS_FIELDS = ("slow_mode_seconds", "daily_post_cap", "hold_first_posts")


def moderation_access(
    group_id: uuid.UUID, viewer: Member, *, moderators_only: bool = False, changes: bool = False
):
    """conv-core's access to the group's conversation, for its readers; its facilitators (and
    admins) only with `moderators_only`; not in an archived group with `changes`. Imported here,
    not at the top: the conversations service imports this module."""
    from api.services.conversations import conversation_access

    access = conversation_access(group_id, viewer)
    if not access.can_read and not access.is_moderator:
        raise Forbidden("Only the members of this group can see its conversation.")
    if moderators_only and not access.is_moderator:
        raise Forbidden("Only this group's facilitators can do this.")
    if changes and access.group.is_archived:
        raise Conflict("This group is archived: it takes no more changes.")
    return access


def conversation_settings(group_id: uuid.UUID, viewer: Member) -> SettingsView:
    """The pace rules, for every reader (so the composer can say "slow mode: 60 s")."""
    access = moderation_access(group_id, viewer)
    return _settings_view(settings_for(group_id), access.is_moderator)


def update_conversation_settings(
    group_id: uuid.UUID, changes: dict, viewer: Member, check_version: Callable[[SettingsView], None]
) -> SettingsView:
    """Change the group's pace rules (facilitators); `check_version` refuses a stale If-Match."""
    moderation_access(group_id, viewer, moderators_only=True, changes=True)
    settings = settings_for(group_id)
    check_version(_settings_view(settings, True))
    changed = {name: changes[name] for name in SETTINGS_FIELDS if name in changes}
    changed = {name: value for name, value in changed.items() if getattr(settings, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(settings, name, value)
        settings.updated_by_id, settings.updated_at = viewer.id, utcnow()
        Session.add(settings)
        Session.flush()
        audit("conversation_settings.updated", "group", group_id, actor=viewer, **changed)
    return _settings_view(settings, True)


def _settings_view(settings: ConversationSettings, can_manage: bool) -> SettingsView:
    return SettingsView(
        group_id=settings.group_id,
        slow_mode_seconds=settings.slow_mode_seconds or 0,
        daily_post_cap=settings.daily_post_cap,
        hold_first_posts=bool(settings.hold_first_posts),
        updated_at=settings.updated_at,
        can_manage=can_manage,
    )


def export_settings_changes(member: Member) -> list[dict]:
    """The groups whose pace rules the member last changed (the row outlives them: SET NULL)."""
    rows = Session.scalars(
        select(ConversationSettings).where(ConversationSettings.updated_by_id == member.id)
    )
    return [{"group_id": str(row.group_id), "updated_at": row.updated_at.isoformat()} for row in rows]
