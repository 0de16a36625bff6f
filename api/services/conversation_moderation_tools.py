"""Facilitator tools on threads and posts: pin, lock, thread slow mode, hide with a reason (the
author is told and may appeal once) and restore, content notes on someone else's post, and a
facilitator note every reader sees, optionally linking a verified directory resource."""

import uuid

from sqlalchemy import case, update

from api.db import Session, utcnow
from api.errors import Invalid
from api.models.conversations import CONTENT_NOTES, Post, PostStatus, Thread
from api.models.members import Member
from api.models.moderation import ActionKind, ModerationAction
from api.models.notifications import NotificationKind
from api.models.resources import Resource
from api.services.audit import audit
from api.services.events import channel_name, publish
from api.services.notifications import notify

FACILITATOR_NOTE_MAX = 500
# Held or declined posts are not the group's business: their changes are announced to no one.
UNANNOUNCED_STATUSES = (PostStatus.HELD.value, PostStatus.DECLINED.value)


def _announce_post_updated(post: Post) -> None:
    if post.status not in UNANNOUNCED_STATUSES:
        publish(
            channel_name("group", post.group_id),
            "post.updated",
            {"thread_id": post.thread_id, "post_id": post.id},
        )


def apply_thread_moderation(
    thread: Thread, changes: dict, facilitator: Member, *, announce: bool = True
) -> None:
    """is_pinned, locked (bool), slow_mode_seconds — facilitators only (caller checks role).
    `announce`: False for a held or declined thread, which the group does not know of."""
    done = {}
    if "is_pinned" in changes and bool(changes["is_pinned"]) != thread.is_pinned:
        thread.is_pinned = bool(changes["is_pinned"])
        done["is_pinned"] = thread.is_pinned
    if "locked" in changes and bool(changes["locked"]) != (thread.locked_at is not None):
        thread.locked_at = utcnow() if changes["locked"] else None
        done["locked"] = bool(changes["locked"])
    if "slow_mode_seconds" in changes and changes["slow_mode_seconds"] != thread.slow_mode_seconds:
        seconds = changes["slow_mode_seconds"]
        if not isinstance(seconds, int) or not 0 <= seconds <= 86400:
            raise Invalid("Slow mode is 0 to 86400 seconds.", errors={"slow_mode_seconds": ["0 to 86400."]})
        thread.slow_mode_seconds = seconds
        done["slow_mode_seconds"] = seconds
    if not done:
        return
    audit("thread.moderated", "thread", thread.id, actor=facilitator, group_id=str(thread.group_id), **done)
    if announce:
        publish(channel_name("group", thread.group_id), "thread.updated", {"thread_id": thread.id})


def apply_post_moderation(post: Post, changes: dict, facilitator: Member) -> None:
    """hidden (bool) + hidden_reason, add_content_notes (list), facilitator_note,
    facilitator_note_resource_id — facilitators only."""
    if "hidden" in changes:
        if changes["hidden"]:
            hide_post(post, changes.get("hidden_reason"), facilitator)
        else:
            restore_post(post, facilitator)
    if changes.get("add_content_notes"):
        add_content_notes(post, changes["add_content_notes"], facilitator)
    if "facilitator_note" in changes or "facilitator_note_resource_id" in changes:
        set_facilitator_note(
            post, changes.get("facilitator_note"), changes.get("facilitator_note_resource_id"), facilitator
        )


def hide_post(post: Post, reason: str | None, facilitator: Member) -> ModerationAction | None:
    """Hide a published post with a reason the author is told; they may appeal once."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(
            "Say why the post is hidden: its author is told.", errors={"hidden_reason": ["Required."]}
        )
    if post.status == PostStatus.HIDDEN:
        return None
    if post.status != PostStatus.PUBLISHED:
        raise Invalid(
            "Only a published post can be hidden.", errors={"hidden": [f"This post is {post.status}."]}
        )
    post.status = PostStatus.HIDDEN.value
    post.hidden_at, post.hidden_by_id, post.hidden_reason = utcnow(), facilitator.id, reason[:1000]
    action = ModerationAction(
        kind=ActionKind.HIDE_POST.value,
        post_id=post.id,
        member_id=post.author_id,
        group_id=post.group_id,
        reason=reason[:1000],
        created_by_id=facilitator.id,
    )
    Session.add(action)
    Session.flush()
    if post.author_id is not None:
        notify(
            [post.author_id],
            NotificationKind.POST_HIDDEN,
            title="A facilitator hid your post",
            body=f"{reason[:800]} You can appeal once if you think this was wrong.",
            link="/account/notices",
            action_id=str(action.id),
            post_id=str(post.id),
        )
    _adjust_thread_after(post, published=False)
    audit(
        "post.hidden",
        "post",
        post.id,
        actor=facilitator,
        group_id=str(post.group_id),
        action_id=str(action.id),
    )
    publish(
        channel_name("group", post.group_id), "post.hidden", {"thread_id": post.thread_id, "post_id": post.id}
    )
    return action


def restore_post(post: Post, actor: Member | None) -> None:
    """Show a hidden post again (a facilitator's restore, or an overturned appeal)."""
    if post.status != PostStatus.HIDDEN:
        return
    post.status = PostStatus.PUBLISHED.value
    post.hidden_at = post.hidden_by_id = post.hidden_reason = None
    _adjust_thread_after(post, published=True)
    audit("post.restored", "post", post.id, actor=actor, group_id=str(post.group_id))
    publish(
        channel_name("group", post.group_id),
        "post.restored",
        {"thread_id": post.thread_id, "post_id": post.id},
    )


def _adjust_thread_after(post: Post, *, published: bool) -> None:
    """`reply_count` counts published replies only: keep it in step with a hide or restore."""
    if post.is_opening:
        return
    # In SQL, so a reply written at the same moment is not lost from the count.
    fewer = case((Thread.reply_count > 0, Thread.reply_count - 1), else_=0)
    count = Thread.reply_count + 1 if published else fewer
    Session.execute(
        update(Thread)
        .where(Thread.id == post.thread_id)
        .values(reply_count=count)
        .execution_options(synchronize_session="fetch")
    )


def add_content_notes(post: Post, notes: list[str], facilitator: Member) -> None:
    unknown = [note for note in notes if note not in CONTENT_NOTES]
    if unknown:
        raise Invalid(
            "Unknown content note.", errors={"add_content_notes": [f"Unknown: {', '.join(unknown)}."]}
        )
    # Recorded as the facilitators' own, so that the author's later edits keep them.
    post.facilitator_content_notes = list(dict.fromkeys([*(post.facilitator_content_notes or []), *notes]))
    merged = list(dict.fromkeys([*(post.content_notes or []), *notes]))
    if merged == list(post.content_notes or []):
        return
    post.content_notes = merged
    audit(
        "post.content_notes_added",
        "post",
        post.id,
        actor=facilitator,
        group_id=str(post.group_id),
        notes=notes,
    )
    _announce_post_updated(post)


def set_facilitator_note(
    post: Post, note: str | None, resource_id: uuid.UUID | None, facilitator: Member
) -> None:
    """A note every reader sees (empty or null removes it), optionally linking a verified resource."""
    note = (note or "").strip() or None
    if note is not None and len(note) > FACILITATOR_NOTE_MAX:
        raise Invalid(
            "The note is too long.", errors={"facilitator_note": [f"At most {FACILITATOR_NOTE_MAX}."]}
        )
    if resource_id is not None:
        if note is None:
            raise Invalid("A linked resource needs a note.", errors={"facilitator_note": ["Required."]})
        resource = Session.get(Resource, resource_id)
        if resource is None or resource.verified_at is None or resource.retired_at is not None:
            raise Invalid(
                "Link a verified directory resource.",
                errors={"facilitator_note_resource_id": ["No verified resource with that id."]},
            )
    post.facilitator_note = note
    post.facilitator_note_resource_id = resource_id if note else None
    post.facilitator_note_by_id = facilitator.id if note else None
    post.facilitator_note_at = utcnow() if note else None
    audit(
        "post.facilitator_note_set" if note else "post.facilitator_note_removed",
        "post",
        post.id,
        actor=facilitator,
        group_id=str(post.group_id),
        resource_id=str(resource_id) if resource_id else None,
    )
    _announce_post_updated(post)
