"""Demo data for `flask seed-demo`: members of every role, realistic groups and weeks of sessions.

Idempotent: everything is looked up by email or slug first, so running it twice adds nothing.
"""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.db import Session
from api.models.groups import Group, GroupRole, Membership, MembershipStatus
from api.models.members import Member
from api.passwords import hash_password
from api.services import groups as group_service
from api.services import sessions as scheduling

DEMO_PASSWORD = "calm-harbour-lantern-demo"
DEMO_MEMBERS = [
    ("river@demo.peerway.test", "River", "member", False, "Europe/London"),
    ("sam@demo.peerway.test", "Sam (facilitator)", "facilitator", True, "America/New_York"),
    ("ash@demo.peerway.test", "Ash (peer coach)", "coach", False, "America/Chicago"),
    ("admin@demo.peerway.test", "Peerway admin", "admin", False, "UTC"),
]
GUIDELINES = (
    "1. What is said here stays here.\n2. Speak from your own experience; no advice unless asked.\n"
    "3. No cross-talk: let each person finish.\n4. Nobody has to share; passing is always fine.\n"
    "5. If you are in crisis, use the Get help now link at the top of every page."
)
DEMO_GROUPS = [
    {
        "name": "Tuesday Evening Recovery Circle",
        "description": "A welcoming, peer-led circle for anyone in or seeking recovery from alcohol. "
        "Newcomers are always welcome; cameras optional.",
        "topics": ["alcohol", "addiction_recovery"],
        "format": "hybrid",
        "region": "GB",
        "area": "Camden, London",
        "address": "St Mary's Hall, 1 Example Road, London NW1",
        "time_zone": "Europe/London",
        "join_policy": "open",
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "hour": 19,
        "capacity": 12,
    },
    {
        "name": "Anxiety Peer Support (online)",
        "description": "Share what helps with anxiety and panic in a calm, moderated online space.",
        "topics": ["anxiety", "wellbeing"],
        "format": "online",
        "region": "US",
        "area": None,
        "address": None,
        "time_zone": "America/New_York",
        "join_policy": "approval",
        "rrule": "FREQ=WEEKLY;BYDAY=MO,TH",
        "hour": 18,
        "capacity": 8,
    },
    {
        "name": "Gambling Recovery Saturday",
        "description": "Peer support for problem gambling and betting, for people affected and families.",
        "topics": ["gambling", "family_and_friends"],
        "format": "in_person",
        "region": "GB",
        "area": "Manchester city centre",
        "address": "Friends Meeting House, 6 Mount Street, Manchester",
        "time_zone": "Europe/London",
        "join_policy": "open",
        "rrule": "FREQ=WEEKLY;BYDAY=SA",
        "hour": 11,
        "capacity": 15,
    },
]


def seed() -> list[tuple[str, str]]:
    members = {email: _member(email, *rest) for email, *rest in DEMO_MEMBERS}
    facilitator = members["sam@demo.peerway.test"]
    for spec in DEMO_GROUPS:
        if Session.scalars(select(Group).where(Group.name == spec["name"])).first() is None:
            _group(spec, facilitator, member=members["river@demo.peerway.test"])
    Session.commit()
    return [(role, email) for email, _name, role, _trained, _tz in DEMO_MEMBERS]


def _member(email, display_name, role, trained, time_zone) -> Member:
    member = Session.scalars(select(Member).where(Member.email == email)).first()
    if member is None:
        member = Member(
            email=email,
            password_hash=hash_password(DEMO_PASSWORD),
            display_name=display_name,
            role=role,
            is_trained_facilitator=trained,
            time_zone=time_zone,
        )
        Session.add(member)
        Session.flush()
    return member


def _group(spec: dict, facilitator: Member, member: Member) -> None:
    spec = dict(spec)
    rule, hour, capacity, topics = (
        spec.pop("rrule"),
        spec.pop("hour"),
        spec.pop("capacity"),
        spec.pop("topics"),
    )
    group = Group(id=uuid.uuid4(), slug=group_service.unique_slug(spec["name"]), language="en", **spec)
    group.topics = topics
    Session.add(group)
    group_service.publish_guidelines(group, GUIDELINES)
    for person, role in ((facilitator, GroupRole.FACILITATOR), (member, GroupRole.MEMBER)):
        Session.add(
            Membership(
                group_id=group.id,
                member_id=person.id,
                status=MembershipStatus.ACTIVE.value,
                role=role.value,
                accepted_guidelines_version=1,
            )
        )
    zone = ZoneInfo(group.time_zone)
    first = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(hour), tzinfo=zone)
    details = {
        "title": "Weekly meeting",
        "description": "Check-in round, then an open share.",
        "content_warnings": ["substance use"] if "alcohol" in topics else [],
        "capacity": capacity,
        "online_url": "https://meet.example.org/peerway-demo" if group.format != "in_person" else None,
        "location": "Main hall, ground floor (step-free)" if group.format != "online" else None,
    }
    scheduling.create_series(group, details, first, 90, group.time_zone, rule + ";COUNT=12")
