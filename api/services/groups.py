"""Who can see a group, what a listing shows, and changes to memberships and guidelines."""

import datetime as dt
import re
import uuid

from flask_smorest import abort
from sqlalchemy import Select, exists, false, func, literal_column, or_, select, table
from sqlalchemy.orm import joinedload, lazyload

from api.db import Session, utcnow
from api.models.groups import (
    Group,
    GroupGuidelines,
    GroupRole,
    GroupTopic,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Visibility,
)
from api.models.members import PUBLIC_PROFILE_COLUMNS, Member, Role
from api.models.sessions import GroupSession, SessionStatus
from api.services import search


def membership_of(group_id: uuid.UUID, member: Member) -> Membership | None:
    return Session.scalars(
        select(Membership)
        .where(Membership.group_id == group_id, Membership.member_id == member.id)
        .options(lazyload(Membership.member))  # the viewer, already loaded
    ).first()


def is_open_to_visitors(group: Group) -> bool:
    """A public, live group that does not admit by invitation only: what a signed-out visitor may read.

    Invitation-only groups stay behind sign-in even when listed to members: their invitees arrive
    with a code, and there is nothing for a visitor to join."""
    return (
        not group.is_archived
        and group.visibility == Visibility.PUBLIC
        and group.join_policy != JoinPolicy.INVITE
    )


def open_to_visitors_filter():
    """SQL condition of `is_open_to_visitors`, for listings."""
    return (
        Group.archived_at.is_(None)
        & (Group.visibility == Visibility.PUBLIC)
        & (Group.join_policy != JoinPolicy.INVITE)
    )


def can_view(group: Group, membership: Membership | None, member: Member | None) -> bool:
    """Whether `member` (None: a signed-out visitor) may read the group."""
    if member is None:
        return is_open_to_visitors(group)
    if member.has_role(Role.ADMIN):
        return True
    if membership is not None and membership.is_facilitator:
        return True
    if group.is_archived:
        return False
    return group.visibility == Visibility.PUBLIC or (membership is not None and membership.is_active)


def visible_groups_filter(member: Member | None):
    """SQL condition for the groups `member` (None: a signed-out visitor) may find in a listing."""
    if member is None:
        return open_to_visitors_filter()
    is_active_member = exists().where(
        Membership.group_id == Group.id,
        Membership.member_id == member.id,
        Membership.status == MembershipStatus.ACTIVE,
    )
    return Group.archived_at.is_(None) & or_(Group.visibility == Visibility.PUBLIC, is_active_member)


def apply_group_filters(stmt: Select, filters: dict, member: Member | None, dialect: str) -> Select:
    """Narrow a groups query by the `GET /groups` filters."""
    if filters.get("q"):
        stmt = stmt.where(text_search(filters["q"], dialect))
    if filters.get("topic"):
        stmt = stmt.where(
            exists().where(GroupTopic.group_id == Group.id, GroupTopic.topic == filters["topic"])
        )
    for field in ("format", "language", "region"):
        if filters.get(field):
            stmt = stmt.where(getattr(Group, field) == filters[field])
    if filters.get("free") is not None:
        stmt = stmt.where(Group.is_free.is_(filters["free"]))
    if filters.get("has_upcoming") is not None:
        upcoming = exists().where(
            GroupSession.group_id == Group.id,
            GroupSession.starts_at > utcnow(),
            GroupSession.status == SessionStatus.SCHEDULED,
        )
        stmt = stmt.where(upcoming if filters["has_upcoming"] else ~upcoming)
    if filters.get("mine") and member is None:
        stmt = stmt.where(false())  # a visitor belongs to no group
    elif filters.get("mine"):
        stmt = stmt.where(
            exists().where(
                Membership.group_id == Group.id,
                Membership.member_id == member.id,
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
    return stmt


def text_search(query: str, dialect: str):
    """Groups whose name, topics or description match `query`, expanded with the synonyms.

    PostgreSQL: the stored, GIN-indexed search vector; SQLite (embedded): the FTS5 table. A query
    with no words to look for (only punctuation or stop words) matches nothing.
    """
    parsed = search.parse(query)
    if not parsed:
        return false()
    if dialect == "postgresql":
        return literal_column("groups.search_vector").op("@@")(search.postgres_tsquery(parsed))
    matching = (
        select(literal_column("rowid"))
        .select_from(table("groups_fts"))
        .where(literal_column("groups_fts").op("MATCH")(search.fts5_match(parsed)))
    )
    return literal_column("groups.rowid").in_(matching)


def decorate_groups(groups: list[Group], member: Member) -> list[Group]:
    """Attach facilitators, next session and the viewer's membership: two queries per page."""
    ids = [group.id for group in groups]
    if not ids:
        return groups
    facilitators: dict[uuid.UUID, list[Member]] = {group_id: [] for group_id in ids}
    mine: dict[uuid.UUID, Membership] = {}
    is_facilitator = (Membership.role == GroupRole.FACILITATOR) & (
        Membership.status == MembershipStatus.ACTIVE
    )
    for membership in Session.scalars(
        select(Membership)
        .where(Membership.group_id.in_(ids), or_(is_facilitator, Membership.member_id == member.id))
        .options(joinedload(Membership.member).load_only(*PUBLIC_PROFILE_COLUMNS))
        .order_by(Membership.created_at)
    ):
        if membership.member_id == member.id:
            mine[membership.group_id] = membership
        if membership.is_facilitator:
            facilitators[membership.group_id].append(membership.member)
    next_sessions = next_session_starts(ids)
    for group in groups:
        group.facilitators = facilitators[group.id]
        group.next_session_at = next_sessions.get(group.id)
        group.my_membership = mine.get(group.id)
    return groups


def next_session_starts(group_ids: list[uuid.UUID]) -> dict[uuid.UUID, dt.datetime]:
    """When each group next meets (groups with nothing scheduled are left out): one query."""
    if not group_ids:
        return {}
    return dict(
        Session.execute(
            select(GroupSession.group_id, func.min(GroupSession.starts_at))
            .where(
                GroupSession.group_id.in_(group_ids),
                GroupSession.starts_at > utcnow(),
                GroupSession.status == SessionStatus.SCHEDULED,
            )
            .group_by(GroupSession.group_id)
        ).all()
    )


def unique_slug(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48] or "group"
    slug, suffix = base, 1
    while Session.scalar(select(func.count()).select_from(Group).where(Group.slug == slug)):
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


def current_guidelines(group: Group) -> GroupGuidelines:
    return Session.scalars(
        select(GroupGuidelines).where(
            GroupGuidelines.group_id == group.id, GroupGuidelines.version == group.guidelines_version
        )
    ).one()


def publish_guidelines(group: Group, text: str) -> GroupGuidelines:
    """Add the next version (1 for a new group); members accept it again before their next RSVP.

    Two facilitators publishing at once collide on the (group, version) unique key: one gets 409.
    """
    group.guidelines_version = (group.guidelines_version or 0) + 1
    guidelines = GroupGuidelines(group_id=group.id, version=group.guidelines_version, text=text)
    Session.add(guidelines)
    return guidelines


def ensure_current_guidelines_accepted(group: Group, membership: Membership) -> None:
    if membership.accepted_guidelines_version != group.guidelines_version:
        abort(
            409,
            message=(
                f"The group's guidelines changed (now version {group.guidelines_version}). "
                "Read and accept them before booking."
            ),
            errors={"accepted_guidelines_version": [f"Accept version {group.guidelines_version} first."]},
        )


def active_member_ids(group_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        Session.scalars(
            select(Membership.member_id).where(
                Membership.group_id == group_id, Membership.status == MembershipStatus.ACTIVE
            )
        )
    )


def end_membership(membership: Membership, status: MembershipStatus) -> None:
    membership.status = status.value
    membership.role = GroupRole.MEMBER.value
    membership.decided_at = utcnow()
