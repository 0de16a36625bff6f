"""Admins' reads of what a group keeps from others, in the authors' access logs.

Admins read every group's conversation (for safety), including what its members cannot see: hidden,
held and declined posts, and who wrote an anonymous one. When an admin who is not an active member
of the group reads a page holding such a post, each of its authors finds the read in their access
log (`viewer_role` admin, the route read, the post's id) — the same promise as a report review
(issue 15). One INSERT for the whole page, whatever its size.
"""

import uuid
from collections.abc import Iterable

from api.models.conversations import PostStatus
from api.models.groups import Membership
from api.models.members import Member, Role
from api.services import conversation_reads as reads
from api.services.audit import record_accesses

KEPT_FROM_PEERS = (PostStatus.HIDDEN.value, PostStatus.HELD.value, PostStatus.DECLINED.value)


def log_admin_reads(viewer: Member, membership: Membership | None, posts: Iterable[reads.PostView]) -> None:
    """Record the page's private posts in their authors' access logs when `viewer` reads as an admin."""
    log_admin_reads_of(
        viewer,
        membership,
        ((post.author.id, post.id) for post in posts if post.author is not None and _kept_from_peers(post)),
    )


def log_admin_reads_of(
    viewer: Member, membership: Membership | None, authors_and_posts: Iterable[tuple[uuid.UUID, uuid.UUID]]
) -> None:
    """The same for `(author id, post id)` pairs already known to be private (the approval queue)."""
    if not viewer.has_role(Role.ADMIN) or (membership is not None and membership.is_active):
        return  # a member or facilitator of the group reads as one, not as an admin
    first_post_by_author: dict[uuid.UUID, uuid.UUID] = {}
    for author_id, post_id in authors_and_posts:
        if author_id is not None and author_id != viewer.id:
            first_post_by_author.setdefault(author_id, post_id)
    record_accesses(list(first_post_by_author.items()), viewer, "admin")


def _kept_from_peers(post: reads.PostView) -> bool:
    return post.status in KEPT_FROM_PEERS or (post.anonymous_to_peers and post.status != PostStatus.DELETED)
