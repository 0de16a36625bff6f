"""The approval queue: new members' first posts, held until a facilitator publishes or declines
them. Oldest first, so nobody waits behind newer posts."""

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import load_only

from api.db import Session, utcnow
from api.errors import Conflict, Forbidden
from api.models.conversations import Post, PostStatus, Thread
from api.models.members import PUBLIC_PROFILE_COLUMNS, Member
from api.models.notifications import NotificationKind
from api.pagination import decode_cursor, encode_cursor
from api.services.audit import audit
from api.services.conversation_access_log import log_admin_reads_of
from api.services.conversation_moderation import moderation_access
from api.services.conversations import post_access, post_link, signal, tell_thread_author
from api.services.notifications import notify


@dataclass(frozen=True, slots=True)
class HeldPostView:
    """A held post as the group's facilitators see it: the author is named even when anonymous."""

    id: uuid.UUID
    thread_id: uuid.UUID
    thread_title: str
    is_opening: bool
    body: str | None
    content_notes: tuple[str, ...]
    anonymous_to_peers: bool
    shows_risk_signs: bool
    author: Member | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class HeldPostPage:
    items: tuple[HeldPostView, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class ApprovalResult:
    post_id: uuid.UUID
    thread_id: uuid.UUID
    status: str
    decided_at: dt.datetime


def held_posts(group_id: uuid.UUID, viewer: Member, page_args: dict) -> HeldPostPage:
    """The group's held posts, oldest first (facilitators); two statements whatever the page size
    (three when an admin from outside the group reads: their access-log INSERT)."""
    access = moderation_access(group_id, viewer, moderators_only=True)
    limit = page_args["limit"]
    stmt = (
        select(Post, Thread.title)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.group_id == group_id, Post.status == PostStatus.HELD.value)
    )
    if page_args.get("cursor"):
        created_at, post_id = decode_cursor(page_args["cursor"])
        stmt = stmt.where(
            or_(Post.created_at > created_at, and_(Post.created_at == created_at, Post.id > post_id))
        )
    rows = list(Session.execute(stmt.order_by(Post.created_at, Post.id).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    author_ids = {post.author_id for post, _title in rows if post.author_id is not None}
    authors = (
        {
            member.id: member
            for member in Session.scalars(
                select(Member).where(Member.id.in_(author_ids)).options(load_only(*PUBLIC_PROFILE_COLUMNS))
            )
        }
        if author_ids
        else {}
    )
    items = tuple(
        HeldPostView(
            id=post.id,
            thread_id=post.thread_id,
            thread_title=title,
            is_opening=post.is_opening,
            body=post.body,
            content_notes=tuple(post.content_notes or ()),
            anonymous_to_peers=post.anonymous_to_peers,
            shows_risk_signs=post.shows_risk_signs,
            author=authors.get(post.author_id),
            created_at=post.created_at,
        )
        for post, title in rows
    )
    next_cursor = encode_cursor(rows[-1][0].created_at, rows[-1][0].id) if has_more else None
    log_admin_reads_of(viewer, access.membership, ((post.author_id, post.id) for post, _title in rows))
    return HeldPostPage(items, next_cursor)


def decide_held_post(post_id: uuid.UUID, approve: bool, reason: str | None, viewer: Member) -> ApprovalResult:
    """Publish a held post (its thread too, for an opening post), or decline it gently."""
    post, access = post_access(post_id, viewer)  # 404 for those who may not know of it
    if not access.is_moderator:
        raise Forbidden("Only this group's facilitators can do this.")
    if access.group.is_archived:
        raise Conflict("This group is archived: it takes no more changes.")
    now = utcnow()
    # Claimed in one UPDATE: of two facilitators deciding at once, the second finds it decided.
    claimed = Session.execute(
        update(Post)
        .where(Post.id == post.id, Post.status == PostStatus.HELD.value)
        .values(decided_at=now, decided_by_id=viewer.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if post.status != PostStatus.HELD or not claimed:
        raise Conflict("This post is not waiting for approval.")
    post.decided_at, post.decided_by_id = now, viewer.id
    thread = Session.get(Thread, post.thread_id)
    if approve:
        _publish(post, thread, now)
    else:
        post.status = PostStatus.DECLINED.value
        if post.author_id is not None:
            notify(
                [post.author_id],
                NotificationKind.POST_DECLINED,
                title="Your post was not published",
                body=(reason or "A facilitator read your post and decided not to publish it.")
                + " The group's guidelines say what fits here; you are welcome to try again.",
                link=f"/groups/{post.group_id}/conversation",
                post_id=str(post.id),
            )
    audit(
        "post.approved" if approve else "post.declined",
        "post",
        post.id,
        actor=viewer,
        group_id=str(post.group_id),
    )
    return ApprovalResult(post.id, post.thread_id, post.status, now)


def _publish(post: Post, thread: Thread, now: dt.datetime) -> None:
    post.status = PostStatus.PUBLISHED.value
    thread.last_post_at = now
    if not post.is_opening:
        Session.execute(  # in SQL: a reply written at the same moment is not lost from the count
            update(Thread)
            .where(Thread.id == thread.id)
            .values(reply_count=Thread.reply_count + 1)
            .execution_options(synchronize_session="fetch")
        )
    if post.author_id is not None:
        notify(
            [post.author_id],
            NotificationKind.POST_APPROVED,
            title="Your post is published",
            body="A facilitator approved your post; the group can read it now.",
            link=post_link(thread.id, post.id),
            post_id=str(post.id),
            thread_id=str(thread.id),
        )
    if not post.is_opening:
        tell_thread_author(thread, post, post.author_id)
    signal(post.group_id, "thread.created" if post.is_opening else "post.created", post)
