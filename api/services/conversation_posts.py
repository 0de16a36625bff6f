"""Changing what was written: the author's edits and deletions, facilitators' changes handed to
`api.services.conversation_moderation`, supportive reactions, and each member's conversation data
for export and erasure."""

import uuid

from sqlalchemy import and_, delete, func, select, update

from api.db import Session, utcnow
from api.errors import Conflict, Forbidden
from api.models.conversations import REACTIONS, HiddenContentNote, Post, PostStatus, Reaction, Thread
from api.models.members import Member
from api.services import conversation_moderation as moderation_tools
from api.services import conversation_reads as reads
from api.services.conversations import (
    ConversationAccess,
    PostWritten,
    Precondition,
    ThreadWritten,
    alert_facilitators,
    clean_title,
    crisis_help,
    ensure_writer,
    post_access,
    signal,
    thread_access,
)
from api.services.events import channel_name, publish
from api.services.risk_language import find_risk_signs

# Fields of a PATCH that belong to the group's facilitators, by what they change.
THREAD_MODERATION_FIELDS = ("is_pinned", "locked", "slow_mode_seconds")
POST_MODERATION_FIELDS = (
    "hidden",
    "hidden_reason",
    "add_content_notes",
    "facilitator_note",
    "facilitator_note_resource_id",
)


def update_thread(
    thread_id: uuid.UUID, editor: Member, changes: dict, precondition: Precondition
) -> ThreadWritten:
    """The author edits title, body and notes within the window; facilitators moderate."""
    thread, opening, access = thread_access(thread_id, editor)
    precondition(reads.thread_views([(thread, opening)], access.reader)[0])
    _ensure_may_moderate(access, changes)
    if "title" in changes:
        _ensure_author_may_edit(opening, access)
        thread.title = clean_title(changes["title"])
    _apply(opening, access, changes, risk_title=thread.title)
    # A held or declined thread is nobody else's business: its changes are announced to no one.
    announce = opening.status not in reads.PRIVATE_STATUSES
    thread_moderation = {key: changes[key] for key in THREAD_MODERATION_FIELDS if key in changes}
    if thread_moderation:
        moderation_tools.apply_thread_moderation(thread, thread_moderation, editor, announce=announce)
    if "title" in changes and announce:
        publish(channel_name("group", thread.group_id), "thread.updated", {"thread_id": thread.id})
    Session.flush()
    view = reads.thread_views([(thread, opening)], access.reader)[0]
    return ThreadWritten(view, crisis_help(editor, opening) if _author_changes(changes) else None)


def update_post(post_id: uuid.UUID, editor: Member, changes: dict, precondition: Precondition) -> PostWritten:
    post, access = post_access(post_id, editor)
    precondition(reads.post_views([post], access.reader)[0])
    _ensure_may_moderate(access, changes)
    title = Session.scalar(select(Thread.title).where(Thread.id == post.thread_id)) if post.is_opening else ""
    _apply(post, access, changes, risk_title=title)
    Session.flush()
    view = reads.post_views([post], access.reader)[0]
    return PostWritten(view, crisis_help(editor, post) if _author_changes(changes) else None)


def _author_changes(changes: dict) -> bool:
    return any(key in changes for key in ("title", "body", "content_notes"))


def _ensure_may_moderate(access: ConversationAccess, changes: dict) -> None:
    asked = [key for key in (*THREAD_MODERATION_FIELDS, *POST_MODERATION_FIELDS) if key in changes]
    if asked and not access.is_moderator:
        raise Forbidden(f"Only this group's facilitators can change {', '.join(asked)}.")
    if asked and access.group.is_archived:
        raise Conflict("This group is archived: its conversation is read-only.")


def _ensure_author_may_edit(post: Post, access: ConversationAccess) -> None:
    if post.author_id != access.viewer.id:
        raise Forbidden("Only its author can edit a post.")
    ensure_writer(access)
    if post.status not in reads.EDITABLE_STATUSES:
        raise Conflict(f"This post is {post.status}: it can no longer be edited.")
    if utcnow() - post.created_at > reads.EDIT_WINDOW:
        minutes = int(reads.EDIT_WINDOW.total_seconds() // 60)
        raise Conflict(f"Posts can be edited for {minutes} minutes after posting; this one no longer.")


def _apply(post: Post, access: ConversationAccess, changes: dict, risk_title: str) -> None:
    """The author's edit (with a fresh look for signs of risk), then the facilitators' changes."""
    if _author_changes(changes):
        _ensure_author_may_edit(post, access)
        if "body" in changes:
            post.body = changes["body"]
        if "content_notes" in changes:
            # The author chooses their own notes; those a facilitator added stay whatever they send.
            post.content_notes = list(
                dict.fromkeys([*changes["content_notes"], *(post.facilitator_content_notes or [])])
            )
        post.edited_at = utcnow()
        risk = find_risk_signs(f"{risk_title}\n{post.body}" if post.is_opening else post.body)
        newly_at_risk = risk.matched and not post.shows_risk_signs
        post.shows_risk_signs = risk.matched
        if newly_at_risk:
            thread = Session.get(Thread, post.thread_id)
            alert_facilitators(thread, post, access.viewer)
        if post.status == PostStatus.PUBLISHED:
            signal(post.group_id, "post.updated", post)
    post_moderation = {key: changes[key] for key in POST_MODERATION_FIELDS if key in changes}
    if post_moderation:
        moderation_tools.apply_post_moderation(post, post_moderation, access.viewer)


def delete_thread(thread_id: uuid.UUID, author: Member, precondition: Precondition) -> None:
    """The author deletes the opening post: its body and title go, the thread and replies stay."""
    _thread, opening, access = thread_access(thread_id, author)
    precondition(reads.thread_views([(_thread, opening)], access.reader)[0])
    _delete(opening, access)


def delete_post(post_id: uuid.UUID, author: Member, precondition: Precondition) -> None:
    """The author deletes a post (an opening post through here too: the same as deleting its thread)."""
    post, access = post_access(post_id, author)
    precondition(reads.post_views([post], access.reader)[0])
    _delete(post, access)


def _delete(post: Post, access: ConversationAccess) -> None:
    """Delete the author's own post (again: nothing more to do). Facilitators hide instead.

    A post the group has seen (published or hidden) keeps its place as "deleted by its author",
    and an opening post's title goes with its body. A held or declined post was never shown to
    anyone but its author and the facilitators: it goes entirely (an opening one with its
    thread), so it never turns into a public placeholder, and nothing is announced."""
    if post.author_id != access.viewer.id:
        raise Forbidden("Only its author can delete a post; facilitators can hide it.")
    if access.group.is_archived:
        raise Conflict("This group is archived: its conversation is read-only.")
    if post.status == PostStatus.DELETED:
        return
    if post.status in reads.PRIVATE_STATUSES:
        Session.delete(post)
        if post.is_opening:
            Session.delete(Session.get(Thread, post.thread_id))  # its replies go with it (ON DELETE CASCADE)
        Session.flush()
        return
    was_published = post.status == PostStatus.PUBLISHED
    post.status = PostStatus.DELETED.value
    post.body, post.content_notes, post.facilitator_content_notes = None, [], []
    post.deleted_at = utcnow()
    post.facilitator_note = post.facilitator_note_resource_id = None
    post.shows_risk_signs = False
    group_channel = channel_name("group", post.group_id)
    if post.is_opening:
        Session.execute(update(Thread).where(Thread.id == post.thread_id).values(title=reads.DELETED_LABEL))
        publish(group_channel, "thread.updated", {"thread_id": post.thread_id})
    elif was_published:
        Session.execute(
            update(Thread)
            .where(Thread.id == post.thread_id, Thread.reply_count > 0)
            .values(reply_count=Thread.reply_count - 1)
        )
    signal(post.group_id, "post.updated", post)


# --- reactions -------------------------------------------------------------------------------------


def set_reaction(post_id: uuid.UUID, kind: str, member: Member, *, on: bool) -> reads.ReactionSummary:
    """Add (`on`) or take back one supportive reaction; both are idempotent."""
    post, access = post_access(post_id, member)
    ensure_writer(access)
    if kind not in REACTIONS:
        raise Conflict(f"Unknown reaction: {kind}.")
    if post.status != PostStatus.PUBLISHED:
        raise Conflict("Only published posts take reactions.")
    existing = Session.get(Reaction, (post.id, member.id, kind))
    changed = False
    if on and existing is None:
        Session.add(Reaction(post_id=post.id, member_id=member.id, kind=kind))
        changed = True
    elif not on and existing is not None:
        Session.delete(existing)
        changed = True
    Session.flush()
    if changed:
        signal(post.group_id, "reaction.changed", post)
    return reads.reaction_summaries([post.id], member.id)[post.id]


# --- privacy ---------------------------------------------------------------------------------------


def export_conversations(member: Member) -> dict:
    """Everything the member wrote in group conversations, their reactions and folded topics."""
    threads = Session.scalars(select(Thread).where(Thread.author_id == member.id).order_by(Thread.created_at))
    posts = Session.scalars(select(Post).where(Post.author_id == member.id).order_by(Post.created_at))
    reactions = Session.scalars(
        select(Reaction).where(Reaction.member_id == member.id).order_by(Reaction.created_at)
    )
    return {
        "threads": [
            {
                "id": str(thread.id),
                "group_id": str(thread.group_id),
                "title": thread.title,
                "created_at": thread.created_at.isoformat(),
            }
            for thread in threads
        ],
        "posts": [
            {
                "id": str(post.id),
                "thread_id": str(post.thread_id),
                "group_id": str(post.group_id),
                "is_opening": post.is_opening,
                "body": post.body,
                "content_notes": list(post.content_notes or []),
                "anonymous_to_peers": post.anonymous_to_peers,
                "status": post.status,
                "hidden_reason": post.hidden_reason,
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at and post.edited_at.isoformat(),
            }
            for post in posts
        ],
        "reactions": [
            {
                "post_id": str(reaction.post_id),
                "kind": reaction.kind,
                "created_at": reaction.created_at.isoformat(),
            }
            for reaction in reactions
        ],
        "always_folded": reads.always_folded(member.id),
    }


def erase_conversations(member: Member) -> None:
    """Threads and replies keep their place without the member's words: bodies go, titles become
    "Removed when its author left". Reactions and folded topics go with the member (cascade).

    Held or declined posts were never shown to the group: they go entirely (a held thread with
    its replies), never turning into a public placeholder. Published replies leave their
    threads' `reply_count`, which counts published replies only."""
    unpublished = and_(Post.author_id == member.id, Post.status.in_(reads.PRIVATE_STATUSES))
    Session.execute(
        delete(Thread)
        .where(Thread.id.in_(select(Post.thread_id).where(unpublished, Post.is_opening.is_(True))))
        .execution_options(synchronize_session=False)
    )
    Session.execute(delete(Post).where(unpublished).execution_options(synchronize_session=False))
    published_reply = and_(
        Post.author_id == member.id, Post.status == PostStatus.PUBLISHED.value, Post.is_opening.is_(False)
    )
    replies_in_thread = (
        select(func.count(Post.id)).where(published_reply, Post.thread_id == Thread.id).scalar_subquery()
    )
    Session.execute(
        update(Thread)
        .where(Thread.id.in_(select(Post.thread_id).where(published_reply)))
        .values(reply_count=Thread.reply_count - replies_in_thread)
        .execution_options(synchronize_session=False)
    )
    Session.execute(
        update(Post)
        .where(Post.author_id == member.id)
        .values(
            body=None,
            content_notes=[],
            facilitator_content_notes=[],
            author_left=True,
            status=PostStatus.DELETED.value,
            shows_risk_signs=False,
            deleted_at=utcnow(),
            hidden_reason=None,
            facilitator_note=None,
            facilitator_note_resource_id=None,
        )
        .execution_options(synchronize_session=False)
    )
    Session.execute(
        update(Thread)
        .where(Thread.author_id == member.id)
        .values(title=reads.LEFT_LABEL)
        .execution_options(synchronize_session=False)
    )
    Session.execute(HiddenContentNote.__table__.delete().where(HiddenContentNote.member_id == member.id))
