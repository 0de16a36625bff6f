"""What a signed-out visitor reads: public groups, their sessions, and directory entries.

Read models built from the rows alone, never from anything about a member: no facilitators (member
profiles), no address, no online link or room, no RSVP, membership or bookmark, no verifier. They
dump through the members' schemas, where each of those fields is documented as null for visitors,
so a client reads one shape either way.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field

from api.models.groups import Group
from api.models.resources import Resource
from api.models.sessions import GroupSession
from api.services.groups import next_session_starts


@dataclass(frozen=True, slots=True)
class PublicGroup:
    """A public group as a visitor sees it: what it is about, where (the area) and when it next meets."""

    id: uuid.UUID
    slug: str
    name: str
    description: str
    topics: list[str]
    format: str
    language: str
    region: str
    area: str | None
    time_zone: str
    join_policy: str
    visibility: str
    is_free: bool
    cost_note: str | None
    guidelines_version: int
    created_at: dt.datetime
    archived_at: dt.datetime | None
    next_session_at: dt.datetime | None
    # For signed-in members only: facilitators are member profiles; the address is for members.
    facilitators: None = None
    my_membership: None = None
    visible_address: None = None

    @classmethod
    def of(cls, group: Group, next_session_at: dt.datetime | None) -> "PublicGroup":
        return cls(
            id=group.id,
            slug=group.slug,
            name=group.name,
            description=group.description,
            topics=group.topics,
            format=group.format,
            language=group.language,
            region=group.region,
            area=group.area,
            time_zone=group.time_zone,
            join_policy=group.join_policy,
            visibility=group.visibility,
            is_free=group.is_free,
            cost_note=group.cost_note,
            guidelines_version=group.guidelines_version,
            created_at=group.created_at,
            archived_at=group.archived_at,
            next_session_at=next_session_at,
        )


@dataclass(frozen=True, slots=True)
class PublicGroupRef:
    """The group named on a session: the area only, never the address."""

    id: uuid.UUID
    slug: str
    name: str
    format: str
    area: str | None


@dataclass(frozen=True, slots=True)
class PublicSession:
    """A session of a public group as a visitor sees it: when, what about, how many places."""

    id: uuid.UUID
    group: PublicGroupRef
    series_id: uuid.UUID | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    title: str
    description: str | None
    topic: str | None
    content_warnings: list[str]
    capacity: int
    confirmed_count: int
    status: str
    # The link, the room and the viewer's booking are for members (see SessionSchema).
    visible_online_url: None = None
    visible_location: None = None
    my_rsvp: None = None
    can_manage: bool = False

    @classmethod
    def of(cls, session: GroupSession) -> "PublicSession":
        group = session.group  # joined with the session: no extra query
        return cls(
            id=session.id,
            group=PublicGroupRef(group.id, group.slug, group.name, group.format, group.area),
            series_id=session.series_id,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            time_zone=session.time_zone,
            title=session.title,
            description=session.description,
            topic=session.topic,
            content_warnings=list(session.content_warnings or []),
            capacity=session.capacity,
            confirmed_count=session.confirmed_count,
            status=session.status,
        )


@dataclass(frozen=True, slots=True)
class PublicVerification:
    """When an entry was last checked against its source; who checked it is for members."""

    verified_at: dt.datetime | None
    stale: bool
    verified_by: None = None


@dataclass(frozen=True, slots=True)
class PublicResource:
    """A directory entry as a visitor sees it.

    Everything an entry says about the service is public (it is a directory of services), so the
    entry's own fields are read through from the row, including any the directory adds later;
    only what concerns members is replaced: who verified it and whether the viewer saved it.
    """

    entry: Resource
    verification: PublicVerification = field(init=False)
    is_bookmarked: None = None

    def __post_init__(self) -> None:
        entry = self.entry
        object.__setattr__(self, "verification", PublicVerification(entry.verified_at, entry.is_stale))

    def __getattr__(self, name: str):
        if name == "entry":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.entry, name)


def group_page(page: dict) -> dict:
    """A page of groups for a visitor: one query for their next sessions."""
    groups: list[Group] = page["items"]
    next_sessions = next_session_starts([group.id for group in groups])
    return {**page, "items": [PublicGroup.of(group, next_sessions.get(group.id)) for group in groups]}


def group_detail(group: Group) -> PublicGroup:
    return PublicGroup.of(group, next_session_starts([group.id]).get(group.id))


def session_page(page: dict) -> dict:
    return {**page, "items": [PublicSession.of(session) for session in page["items"]]}


def session_detail(session: GroupSession) -> PublicSession:
    return PublicSession.of(session)


def resource_page(page: dict) -> dict:
    return {**page, "items": [PublicResource(resource) for resource in page["items"]]}


def resource_detail(resource: Resource) -> PublicResource:
    return PublicResource(resource)
