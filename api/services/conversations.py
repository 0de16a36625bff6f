"""Group conversations: who may read and write, threads and replies, edits and deletions.

Readers are those who may see the group's members: its active members (muted ones too), its
facilitators and admins. Others get 404 when the group is hidden from them, else 403. Writers are
active members who are not muted and accepted the current guidelines, and the facilitators. The
pace rules (locks, slow mode, the daily cap, first posts held) and the facilitators' tools live in
`api.services.conversation_moderation`; read models in `api.services.conversation_reads`.
"""

import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, select, update

from api.db import Session, utcnow
from api.errors import Conflict, Forbidden, Invalid, NotFound
from api.models.conversations import Post, PostStatus, Thread
from api.models.groups import Group, Membership
from api.models.members import Member, Role
from api.models.notifications import Notification, NotificationKind
from api.services import conversation_moderation as moderation_tools
from api.services import conversation_reads as reads
from api.services.conversation_access_log import log_admin_reads
from api.services.crisis import CrisisHelp, crisis_help_for_member
from api.services.events import channel_name, publish
from api.services.groups import can_view, current_guidelines, membership_of
from api.services.notifications import notify
from api.services.risk_language import find_risk_signs

# Line breaks and tabs are kept; every other control character and every invisible format
# character (bidirectional overrides U+202A-U+202E, isolates U+2066-U+2069, U+200B...) is refused.
ALLOWED_CONTROLS = {"\n", "\t"}


@dataclass(frozen=True, slots=True)
class ConversationAccess:
    group: Group
    membership: Membership | None
    viewer: Member
    can_read: bool
    can_write: bool
    is_moderator: bool

    @property
    def reader(self) -> reads.Reader:
        return reads.Reader(self.viewer, self.is_moderator)


@dataclass(frozen=True, slots=True)
class ThreadWritten:
    thread: reads.ThreadView
    crisis_resources: CrisisHelp | None


@dataclass(frozen=True, slots=True)
class PostWritten:
    post: reads.PostView
    crisis_resources: CrisisHelp | None


Precondition = Callable[[object], None]


# --- access ----------------------------------------------------------------------------------------


def conversation_access(group_id: uuid.UUID, viewer: Member) -> ConversationAccess:
    """What `viewer` may do in the group's conversation; NotFound when the group is hidden from them."""
    group = Session.get(Group, group_id)
    membership = membership_of(group_id, viewer) if group is not None else None
    if group is None or not can_view(group, membership, viewer):
        raise NotFound("No group with that id.")
    is_admin = viewer.has_role(Role.ADMIN)
    is_facilitator = membership is not None and membership.is_facilitator
    active = membership is not None and membership.is_active
    can_write = (
        not group.is_archived
        and viewer.banned_at is None
        and (
            is_facilitator
            or (
                active
                and not membership.is_muted_now
                and membership.accepted_guidelines_version == group.guidelines_version
            )
        )
    )
    return ConversationAccess(
        group, membership, viewer, active or is_admin, can_write, is_facilitator or is_admin
    )


def ensure_reader(access: ConversationAccess) -> None:
    if not access.can_read:
        raise Forbidden("Only this group's members can read its conversation.")


def ensure_writer(access: ConversationAccess) -> None:
    """The reason a reader may not write, as the error the client can act on."""
    ensure_reader(access)
    if access.can_write:
        return
    membership, group = access.membership, access.group
    if group.is_archived:
        raise Conflict("This group is archived: its conversation is read-only.")
    if access.viewer.banned_at is not None:
        raise Forbidden("This account is suspended.")
    if membership is None or not membership.is_active:
        raise Forbidden("Only this group's members can write here.")
    if membership.is_muted_now:
        raise Forbidden("You are muted in this group and cannot post for now.", kind="muted")
    version = group.guidelines_version
    raise Conflict(
        f"The group's guidelines changed (now version {version}). Read and accept them before posting.",
        errors={"accepted_guidelines_version": [f"Accept version {version} first."]},
    )


def thread_access(thread_id: uuid.UUID, viewer: Member) -> tuple[Thread, Post, ConversationAccess]:
    """The thread, its opening post and the viewer's access; 404 when they may not know of it."""
    row = Session.execute(
        select(Thread, Post)
        .join(Post, and_(Post.thread_id == Thread.id, Post.is_opening.is_(True)))
        .where(Thread.id == thread_id)
    ).first()
    if row is None:
        raise NotFound("No thread with that id.")
    thread, opening = row
    try:
        access = conversation_access(thread.group_id, viewer)
    except NotFound:
        raise NotFound("No thread with that id.") from None
    ensure_reader(access)
    if not reads.can_see(opening, access.reader):
        raise NotFound("No thread with that id.")
    return thread, opening, access


def post_access(post_id: uuid.UUID, viewer: Member) -> tuple[Post, ConversationAccess]:
    post = Session.get(Post, post_id)
    if post is None:
        raise NotFound("No post with that id.")
    try:
        access = conversation_access(post.group_id, viewer)
    except NotFound:
        raise NotFound("No post with that id.") from None
    ensure_reader(access)
    if not reads.can_see(post, access.reader):
        raise NotFound("No post with that id.")
    return post, access


# --- reading ---------------------------------------------------------------------------------------


def list_threads(group_id: uuid.UUID, viewer: Member, page_args: dict) -> reads.ThreadPage:
    access = conversation_access(group_id, viewer)
    ensure_reader(access)
    guidelines = current_guidelines(access.group)
    page = reads.thread_page(
        group_id, access.reader, page_args, reads.GuidelinesView(guidelines.version, guidelines.text)
    )
    log_admin_reads(viewer, access.membership, (thread.opening_post for thread in page.items))
    return page


def thread_detail(thread_id: uuid.UUID, viewer: Member) -> reads.ThreadView:
    thread, opening, access = thread_access(thread_id, viewer)
    view = reads.thread_views([(thread, opening)], access.reader)[0]
    log_admin_reads(viewer, access.membership, [view.opening_post])
    return view


def list_posts(thread_id: uuid.UUID, viewer: Member, page_args: dict) -> reads.PostPage:
    thread, _opening, access = thread_access(thread_id, viewer)
    page = reads.post_page(thread, access.reader, page_args)
    log_admin_reads(viewer, access.membership, page.items)
    return page


# --- writing ---------------------------------------------------------------------------------------


def clean_title(title: str) -> str:
    """NFC-normalised; invisible control and format characters refused (422)."""
    title = unicodedata.normalize("NFC", title)
    invisible = sorted({f"U+{ord(ch):04X}" for ch in title if _is_invisible(ch)})
    if invisible:
        raise Invalid(
            "The title holds invisible control characters.",
            errors={"title": [f"Remove the invisible characters: {', '.join(invisible)}."]},
        )
    if not 3 <= len(title.strip()) <= 200 or len(title) > 200:
        raise Invalid("The title is too short or too long.", errors={"title": ["Use 3 to 200 characters."]})
    return title


def _is_invisible(character: str) -> bool:
    category = unicodedata.category(character)
    return (category == "Cc" and character not in ALLOWED_CONTROLS) or category == "Cf"


def create_thread(group_id: uuid.UUID, author: Member, data: dict) -> ThreadWritten:
    """A thread and its opening post; held for approval or published, alerting facilitators to risk."""
    access = conversation_access(group_id, author)
    ensure_writer(access)
    title = clean_title(data["title"])
    status = moderation_tools.admit_post(access.group, access.membership, author, None)
    now = utcnow()
    thread = Thread(group_id=group_id, author_id=author.id, title=title, last_post_at=now, created_at=now)
    Session.add(thread)
    Session.flush()
    opening = _new_post(thread, author, data, status, is_opening=True, risk_text=f"{title}\n{data['body']}")
    if status == PostStatus.PUBLISHED:
        signal(thread.group_id, "thread.created", opening)
    view = reads.thread_views([(thread, opening)], access.reader)[0]
    return ThreadWritten(view, crisis_help(author, opening))


def create_reply(thread_id: uuid.UUID, author: Member, data: dict) -> PostWritten:
    thread, _opening, access = thread_access(thread_id, author)
    ensure_writer(access)
    status = moderation_tools.admit_post(access.group, access.membership, author, thread)
    reply = _new_post(thread, author, data, status, is_opening=False, risk_text=data["body"])
    if status == PostStatus.PUBLISHED:
        Session.execute(
            update(Thread)
            .where(Thread.id == thread.id)
            .values(reply_count=Thread.reply_count + 1, last_post_at=reply.created_at)
        )
        tell_thread_author(thread, reply, author.id)
        signal(thread.group_id, "post.created", reply)
    return PostWritten(reads.post_views([reply], access.reader)[0], crisis_help(author, reply))


def _new_post(
    thread: Thread, author: Member, data: dict, status, *, is_opening: bool, risk_text: str
) -> Post:
    risk = find_risk_signs(risk_text)
    post = Post(
        thread_id=thread.id,
        group_id=thread.group_id,
        author_id=author.id,
        is_opening=is_opening,
        body=data["body"],
        anonymous_to_peers=data.get("anonymous_to_peers", False),
        content_notes=list(dict.fromkeys(data.get("content_notes") or [])),
        status=PostStatus(status).value,
        shows_risk_signs=risk.matched,
        created_at=utcnow(),
    )
    Session.add(post)
    Session.flush()
    if risk.matched:
        alert_facilitators(thread, post, author)
    return post


def crisis_help(author: Member, post: Post) -> CrisisHelp | None:
    return crisis_help_for_member(author.country, author.time_zone) if post.shows_risk_signs else None


def alert_facilitators(thread: Thread, post: Post, author: Member) -> None:
    """An urgent notification to the group's facilitators (never the author), held posts too."""
    facilitators = moderation_tools.facilitator_ids(thread.group_id)
    recipients = [member_id for member_id in facilitators if member_id != author.id]
    notify(
        recipients,
        NotificationKind.POST_RISK,
        title="A post may need a gentle check-in",
        body="A post in your group shows signs of risk. Its author was shown crisis lines right away.",
        link=post_link(thread.id, post.id),
        group_id=str(thread.group_id),
        thread_id=str(thread.id),
        post_id=str(post.id),
        urgent=True,
    )


def tell_thread_author(thread: Thread, reply: Post, replier_id: uuid.UUID | None) -> None:
    """One unread THREAD_REPLY per thread is enough; it never names the replier. Also called when
    a held reply is approved."""
    if thread.author_id is None or thread.author_id == replier_id:
        return
    link = thread_link(thread.id)
    unread = Session.scalar(
        select(Notification.id)
        .where(
            Notification.member_id == thread.author_id,
            Notification.kind == NotificationKind.THREAD_REPLY.value,
            Notification.link == link,
            Notification.read_at.is_(None),
        )
        .limit(1)
    )
    if unread is not None:
        return
    notify(
        [thread.author_id],
        NotificationKind.THREAD_REPLY,
        title="New replies to your thread",
        body="Someone replied to a thread you started.",
        link=link,
        group_id=str(thread.group_id),
        thread_id=str(thread.id),
        post_id=str(reply.id),
    )


def thread_link(thread_id: uuid.UUID) -> str:
    return f"/threads/{thread_id}"


def post_link(thread_id: uuid.UUID, post_id: uuid.UUID) -> str:
    return f"/threads/{thread_id}#post-{post_id}"


def signal(group_id: uuid.UUID, event_type: str, post: Post) -> None:
    publish(channel_name("group", group_id), event_type, {"thread_id": post.thread_id, "post_id": post.id})
