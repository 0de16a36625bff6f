"""What a reader sees of a group's conversation: read models built for a whole page at once.

Each page costs a fixed number of statements whatever its size: the page itself (threads with their
opening posts joined, and the directory entry each facilitator note links), the authors in one
query, the reactions (counts and mine) in one grouped query, and the reader's always-folded
topics. Who sees what:

- a held or declined post: its author and the group's facilitators (and admins) only;
- a hidden post: the same, with the reason; everyone else sees a placeholder without body,
  author or notes;
- anonymous to peers: peers see no author; facilitators and admins see who, marked as anonymous.
"""

import base64
import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import load_only

from api.db import Session
from api.errors import Invalid
from api.models.conversations import (
    REACTIONS,
    HiddenContentNote,
    Post,
    PostStatus,
    Reaction,
    Thread,
)
from api.models.members import PUBLIC_PROFILE_COLUMNS, Member
from api.models.resources import Resource
from api.services.conversation_note_resources import (
    NOTE_RESOURCE_COLUMNS,
    NoteResourceView,
    note_resources_by_id,
    note_resources_from_rows,
)

ANONYMOUS_LABEL = "A member of this group"
LEFT_LABEL = "Removed when its author left"
DELETED_LABEL = "Deleted by its author"
HIDDEN_LABEL = "Hidden by a facilitator"
# Held and declined posts are for their author and the facilitators only.
PRIVATE_STATUSES = (PostStatus.HELD.value, PostStatus.DECLINED.value)

# Long enough to mend a typo or add a thought, short enough that a reply never answers words that
# later changed under it (a product rule, like the length limits, not a deployment setting).
EDIT_WINDOW = dt.timedelta(minutes=15)
EDITABLE_STATUSES = (PostStatus.PUBLISHED.value, PostStatus.HELD.value)


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads, and whether they moderate this group (its facilitators and admins)."""

    member: Member
    is_moderator: bool


@dataclass(frozen=True, slots=True)
class AuthorView:
    id: uuid.UUID
    display_name: str
    pronouns: str | None
    badges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReactionCount:
    kind: str
    count: int
    mine: bool


@dataclass(frozen=True, slots=True)
class ReactionSummary:
    post_id: uuid.UUID
    reactions: tuple[ReactionCount, ...]


@dataclass(frozen=True, slots=True)
class PostView:
    id: uuid.UUID
    thread_id: uuid.UUID
    group_id: uuid.UUID
    is_opening: bool
    status: str
    body: str | None
    content_notes: tuple[str, ...]
    folded_by_preference: bool
    anonymous_to_peers: bool
    author: AuthorView | None
    author_label: str | None
    is_mine: bool
    shows_risk_signs: bool
    placeholder: str | None
    hidden_reason: str | None
    facilitator_note: str | None
    facilitator_note_resource_id: uuid.UUID | None
    facilitator_note_resource: NoteResourceView | None
    reactions: ReactionSummary
    edited_at: dt.datetime | None
    created_at: dt.datetime
    # Until when I may still edit it (my own published or held posts), else None.
    editable_until: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ThreadView:
    id: uuid.UUID
    group_id: uuid.UUID
    title: str
    is_pinned: bool
    locked: bool
    slow_mode_seconds: int
    reply_count: int
    last_post_at: dt.datetime
    created_at: dt.datetime
    is_mine: bool
    opening_post: PostView


@dataclass(frozen=True, slots=True)
class GuidelinesView:
    version: int
    text: str


@dataclass(frozen=True, slots=True)
class ThreadPage:
    items: tuple[ThreadView, ...]
    next_cursor: str | None
    guidelines: GuidelinesView | None


@dataclass(frozen=True, slots=True)
class PostPage:
    items: tuple[PostView, ...]
    next_cursor: str | None


# --- visibility ------------------------------------------------------------------------------------


def visible_to(reader: Reader):
    """SQL condition: the posts `reader` may see at all (held and declined ones are private)."""
    if reader.is_moderator:
        return Post.id.is_not(None)
    return or_(Post.status.not_in(PRIVATE_STATUSES), Post.author_id == reader.member.id)


def can_see(post: Post, reader: Reader) -> bool:
    return reader.is_moderator or post.status not in PRIVATE_STATUSES or post.author_id == reader.member.id


# --- pages ---------------------------------------------------------------------------------------


def thread_page(group_id: uuid.UUID, reader: Reader, page_args: dict, guidelines: GuidelinesView | None):
    """Threads pinned first, then the most recently active; keyset by (pinned, last post, id)."""
    limit = page_args["limit"]
    stmt = (
        select(Thread, Post, *NOTE_RESOURCE_COLUMNS)
        .join(Post, and_(Post.thread_id == Thread.id, Post.is_opening.is_(True)))
        .outerjoin(Resource, Resource.id == Post.facilitator_note_resource_id)
        .where(Thread.group_id == group_id, visible_to(reader))
    )
    if page_args.get("cursor"):
        pinned, last_post_at, thread_id = _decode(page_args["cursor"], 3)
        pinned, last_post_at = bool(pinned), _cursor_time(last_post_at)
        later = or_(
            Thread.last_post_at < last_post_at,
            and_(Thread.last_post_at == last_post_at, Thread.id < thread_id),
        )
        # Pinned threads come first: after a pinned one, the rest of the pinned, then every unpinned.
        if pinned:
            stmt = stmt.where(or_(Thread.is_pinned.is_(False), and_(Thread.is_pinned.is_(True), later)))
        else:
            stmt = stmt.where(Thread.is_pinned.is_(False), later)
    order = (Thread.is_pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
    rows = list(Session.execute(stmt.order_by(*order).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    note_resources = note_resources_from_rows((row[1], row[2:]) for row in rows)
    views = thread_views([(row[0], row[1]) for row in rows], reader, note_resources)
    next_cursor = None
    if has_more:
        last = rows[-1][0]
        next_cursor = _encode([last.is_pinned, last.last_post_at.isoformat(), str(last.id)])
    return ThreadPage(tuple(views), next_cursor, guidelines)


def post_page(thread: Thread, reader: Reader, page_args: dict) -> PostPage:
    """A thread's replies, oldest first; keyset by (created_at, id)."""
    limit = page_args["limit"]
    stmt = (
        select(Post, *NOTE_RESOURCE_COLUMNS)
        .outerjoin(Resource, Resource.id == Post.facilitator_note_resource_id)
        .where(Post.thread_id == thread.id, Post.is_opening.is_(False), visible_to(reader))
    )
    if page_args.get("cursor"):
        created_at, post_id = _decode(page_args["cursor"], 2)
        created_at = _cursor_time(created_at)
        stmt = stmt.where(
            or_(Post.created_at > created_at, and_(Post.created_at == created_at, Post.id > post_id))
        )
    rows = list(Session.execute(stmt.order_by(Post.created_at, Post.id).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    posts = [row[0] for row in rows]
    next_cursor = _encode([posts[-1].created_at.isoformat(), str(posts[-1].id)]) if has_more else None
    note_resources = note_resources_from_rows((row[0], row[1:]) for row in rows)
    return PostPage(tuple(post_views(posts, reader, note_resources)), next_cursor)


def thread_views(
    rows: list[tuple[Thread, Post]], reader: Reader, note_resources: dict | None = None
) -> list[ThreadView]:
    posts = post_views([post for _thread, post in rows], reader, note_resources)
    return [
        _thread_view(thread, post, view, reader) for (thread, post), view in zip(rows, posts, strict=True)
    ]


def _thread_view(thread: Thread, opening: Post, view: PostView, reader: Reader) -> ThreadView:
    title = thread.title
    if opening.status == PostStatus.HIDDEN and view.placeholder:
        title = HIDDEN_LABEL  # the title may be what was hidden
    return ThreadView(
        id=thread.id,
        group_id=thread.group_id,
        title=title,
        is_pinned=thread.is_pinned,
        locked=thread.locked_at is not None,
        slow_mode_seconds=thread.slow_mode_seconds,
        reply_count=thread.reply_count,
        last_post_at=thread.last_post_at,
        created_at=thread.created_at,
        is_mine=thread.author_id is not None and thread.author_id == reader.member.id,
        opening_post=view,
    )


def post_views(posts: list[Post], reader: Reader, note_resources: dict | None = None) -> list[PostView]:
    """Views of `posts` for `reader`: three statements, whatever the number of posts.

    Pages pass the facilitator notes' directory entries they joined (`note_resources`, by
    resource id); otherwise they are loaded here, in one more statement only when a post links one.
    """
    post_ids = [post.id for post in posts]
    authors = _authors({post.author_id for post in posts if post.author_id is not None})
    summaries = reaction_summaries(post_ids, reader.member.id)
    folded = set(always_folded(reader.member.id))
    if note_resources is None:
        note_resources = note_resources_by_id(
            {post.facilitator_note_resource_id for post in posts if post.facilitator_note_resource_id}
        )
    return [_post_view(post, reader, authors, summaries[post.id], folded, note_resources) for post in posts]


def _post_view(
    post: Post,
    reader: Reader,
    authors: dict,
    reactions: ReactionSummary,
    folded: set,
    note_resources: dict[uuid.UUID, NoteResourceView],
) -> PostView:
    is_mine = post.author_id is not None and post.author_id == reader.member.id
    insider = is_mine or reader.is_moderator  # sees a hidden post, its reason and who wrote it
    placeholder = None
    if post.status == PostStatus.DELETED:
        placeholder = LEFT_LABEL if post.author_left else DELETED_LABEL
    elif post.status == PostStatus.HIDDEN and not insider:
        placeholder = HIDDEN_LABEL
    shows_content = placeholder is None
    author = authors.get(post.author_id) if post.author_id is not None else None
    if post.anonymous_to_peers and not insider:
        author = None
    if (post.status == PostStatus.DELETED and not reader.is_moderator) or (placeholder and not insider):
        author = None
    notes = tuple(post.content_notes or ()) if shows_content else ()
    return PostView(
        id=post.id,
        thread_id=post.thread_id,
        group_id=post.group_id,
        is_opening=post.is_opening,
        status=post.status if insider or post.status == PostStatus.DELETED else _public_status(post),
        body=post.body if shows_content else None,
        content_notes=notes,
        folded_by_preference=bool(folded.intersection(notes)),
        anonymous_to_peers=post.anonymous_to_peers,
        author=author,
        author_label=_author_label(post, author),
        is_mine=is_mine,
        shows_risk_signs=post.shows_risk_signs and shows_content,
        placeholder=placeholder,
        hidden_reason=post.hidden_reason if insider else None,
        facilitator_note=post.facilitator_note if shows_content else None,
        facilitator_note_resource_id=post.facilitator_note_resource_id if shows_content else None,
        facilitator_note_resource=(
            note_resources.get(post.facilitator_note_resource_id)
            if shows_content and post.facilitator_note_resource_id
            else None
        ),
        reactions=reactions,
        edited_at=post.edited_at if shows_content else None,
        created_at=post.created_at,
        editable_until=editable_until(post) if is_mine else None,
    )


def editable_until(post: Post) -> dt.datetime | None:
    """An author's own post can be edited for EDIT_WINDOW after posting, while it has content."""
    if post.status not in EDITABLE_STATUSES or post.body is None:
        return None
    return post.created_at + EDIT_WINDOW


def _public_status(post: Post) -> str:
    return PostStatus.HIDDEN.value if post.status == PostStatus.HIDDEN else PostStatus.PUBLISHED.value


def _author_label(post: Post, author: AuthorView | None) -> str | None:
    if post.author_left or post.author_id is None:
        return LEFT_LABEL
    if author is None and post.anonymous_to_peers:
        return ANONYMOUS_LABEL
    return None


def _authors(member_ids: set[uuid.UUID]) -> dict[uuid.UUID, AuthorView]:
    members = Session.scalars(
        select(Member).where(Member.id.in_(member_ids)).options(load_only(*PUBLIC_PROFILE_COLUMNS))
    )
    return {
        member.id: AuthorView(member.id, member.display_name, member.pronouns, tuple(member.badges))
        for member in members
    }


def reaction_summaries(post_ids: list[uuid.UUID], member_id: uuid.UUID) -> dict[uuid.UUID, ReactionSummary]:
    """Counts per kind, and whether `member_id` reacted, for each post: one grouped query."""
    mine = func.max(case((Reaction.member_id == member_id, 1), else_=0))
    rows = Session.execute(
        select(Reaction.post_id, Reaction.kind, func.count(), mine)
        .where(Reaction.post_id.in_(post_ids))
        .group_by(Reaction.post_id, Reaction.kind)
    )
    found: dict[tuple, tuple[int, bool]] = {
        (post_id, kind): (count, bool(me)) for post_id, kind, count, me in rows
    }
    return {
        post_id: ReactionSummary(
            post_id,
            tuple(ReactionCount(kind, *found.get((post_id, kind), (0, False))) for kind in REACTIONS),
        )
        for post_id in post_ids
    }


# --- content preferences ---------------------------------------------------------------------------


def always_folded(member_id: uuid.UUID) -> list[str]:
    return list(
        Session.scalars(
            select(HiddenContentNote.note)
            .where(HiddenContentNote.member_id == member_id)
            .order_by(HiddenContentNote.note)
        )
    )


# --- cursors ---------------------------------------------------------------------------------------


def _encode(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != size:
            raise ValueError("wrong shape")
        values[-1] = uuid.UUID(values[-1])
        return values
    except (ValueError, TypeError, AttributeError, json.JSONDecodeError):
        raise _bad_cursor() from None


def _cursor_time(value) -> dt.datetime:
    """A cursor's moment in UTC; a naive or out-of-range one (a crafted cursor) is a 422, not a 500."""
    try:
        moment = dt.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("no time zone")
        return moment.astimezone(dt.UTC)
    except (TypeError, ValueError, OverflowError):
        raise _bad_cursor() from None


def _bad_cursor() -> Invalid:
    return Invalid(
        "This cursor is not valid.",
        errors={"cursor": ["This cursor is not valid; start again from page one."]},
    )
