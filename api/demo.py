"""Demo data for `flask seed-demo`: members of every role, realistic groups and weeks of sessions.

Idempotent: everything is looked up by email or slug first, so running it twice adds nothing.
"""

import datetime as dt
import json
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from api.db import Session, utcnow
from api.models.coaching_plans import CheckIn, CoachingPlan, CoachingRelationship, CoachNote, Goal, Step
from api.models.groups import Group, GroupRole, Membership, MembershipStatus
from api.models.members import Member
from api.models.resources import Resource, ResourceChange
from api.passwords import hash_password
from api.services import groups as group_service
from api.services import sessions as scheduling

STARTER_DIRECTORY = Path(__file__).parent / "data" / "starter_directory.json"
DEMO_RESIDENCES = Path(__file__).parent / "data" / "demo_residences.json"
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
    {
        "name": "Grief and Loss Circle",
        "description": "For anyone grieving a death, a relationship or another loss. We listen more than "
        "we advise; come as often or as rarely as you like.",
        "topics": ["grief", "wellbeing"],
        "format": "online",
        "region": "GB",
        "area": None,
        "address": None,
        "time_zone": "Europe/London",
        "join_policy": "open",
        "rrule": "FREQ=WEEKLY;BYDAY=WE",
        "hour": 19,
        "capacity": 10,
    },
    {
        "name": "Low Mood Peer Support",
        "description": "A gentle evening group for people living with depression or low mood: a check-in "
        "round, then what has helped this week.",
        "topics": ["depression", "wellbeing"],
        "format": "online",
        "region": "US",
        "area": None,
        "address": None,
        "time_zone": "America/Chicago",
        "join_policy": "open",
        "rrule": "FREQ=WEEKLY;BYDAY=SU",
        "hour": 18,
        "capacity": 12,
    },
]


def seed() -> list[tuple[str, str]]:
    members = {email: _member(email, *rest) for email, *rest in DEMO_MEMBERS}
    facilitator = members["sam@demo.peerway.test"]
    for spec in DEMO_GROUPS:
        if Session.scalars(select(Group).where(Group.name == spec["name"])).first() is None:
            _group(spec, facilitator, member=members["river@demo.peerway.test"])
    _starter_directory(members["ash@demo.peerway.test"])
    river, coach = members["river@demo.peerway.test"], members["ash@demo.peerway.test"]
    if Session.scalars(select(CoachingPlan).where(CoachingPlan.member_id == river.id)).first() is None:
        _coaching(river, coach)
    _partner_clinic(river)
    _conversations(facilitator, river, coach)
    Session.commit()
    return [(role, email) for email, _name, role, _trained, _tz in DEMO_MEMBERS]


def _coaching(member: Member, coach: Member) -> None:
    """An active coach, a plan with goals and steps, and four months of daily check-ins."""
    today = dt.date.today()
    member.recovery_start_date = today - dt.timedelta(days=132)
    Session.add(
        CoachingRelationship(
            member_id=member.id,
            coach_id=coach.id,
            status="active",
            initiated_by="member",
            started_at=_days_ago(120),
        )
    )
    plan = CoachingPlan(
        id=uuid.uuid4(),
        member_id=member.id,
        title="Steady evenings",
        status="active",
        focus_areas=["evenings", "sleep", "staying connected"],
        start_date=today - dt.timedelta(days=120),
        review_date=today + dt.timedelta(days=30),
        created_by_id=coach.id,
        updated_by_id=member.id,
    )
    Session.add(plan)
    Session.flush()  # no ORM relationships between these rows: insert parents first
    goals = [
        (
            "Walk three evenings a week",
            "Walking clears my head when cravings come",
            "Walks ticked off each week",
            "achieved",
            100,
            ["Buy comfortable shoes", "Find a 30-minute loop"],
        ),
        (
            "Go to bed by 11 on weeknights",
            "Tired evenings are the hardest",
            "Nights in bed by 11",
            "in_progress",
            60,
            ["No phone after 10:30", "Herbal tea instead of a drink"],
        ),
        (
            "Call someone from my group twice a week",
            "Staying connected keeps me honest",
            "Calls made",
            "not_started",
            0,
            ["Save three numbers in my phone"],
        ),
    ]
    for what, why, measure, status, percent, steps in goals:
        goal = Goal(
            id=uuid.uuid4(),
            plan_id=plan.id,
            what=what,
            why=why,
            measure=measure,
            status=status,
            progress_percent=percent,
            target_date=today + dt.timedelta(days=60),
            achieved_at=_days_ago(20) if status == "achieved" else None,
            created_by_id=coach.id,
            updated_by_id=member.id,
        )
        Session.add(goal)
        Session.flush()
        for index, title in enumerate(steps):
            Session.add(
                Step(
                    goal_id=goal.id,
                    title=title,
                    created_by_id=member.id,
                    updated_by_id=member.id,
                    done_at=_days_ago(30 - index) if status != "not_started" else None,
                )
            )
    for day in range(120, 0, -1):
        mood = min(10, 4 + (120 - day) // 30 + day % 3)
        craving = max(0, 7 - (120 - day) // 25 - day % 2)
        Session.add(
            CheckIn(
                plan_id=plan.id,
                member_id=member.id,
                mood=mood,
                craving=craving,
                created_at=_days_ago(day),
                answers={},
                risk_flag=False,
                phq9_total=max(3, 16 - (120 - day) // 10) if day % 14 == 0 else None,
            )
        )
    Session.add(
        CoachNote(
            plan_id=plan.id,
            coach_id=coach.id,
            session_date=today - dt.timedelta(days=7),
            body="Evenings are getting easier. Next: phone calls with the group.",
        )
    )


def _starter_directory(curator: Member) -> None:
    """Real national services, loaded unverified (a curator checks each against its source), and
    the fictional demo residences."""
    data = json.loads(STARTER_DIRECTORY.read_text())
    residences = [
        {**residence, "kind": "sober_living", "languages": ["en"]}
        for residence in json.loads(DEMO_RESIDENCES.read_text())["residences"]
    ]
    existing = set(Session.scalars(select(Resource.name)))
    for entry in data["resources"] + residences:
        if entry["name"] in existing:
            continue
        entry = dict(entry)
        languages = entry.pop("languages")
        resource = Resource(id=uuid.uuid4(), **entry)
        resource.languages = languages
        Session.add(resource)
        Session.add(ResourceChange(resource_id=resource.id, actor_id=curator.id, action="created"))
    Session.flush()


def _days_ago(days: int) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=days)


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


def _partner_clinic(member: Member) -> None:
    """A partner clinic whose referral proposed a consent the demo member has not answered yet."""
    from api.models.clinics import Clinic, ClinicPatient, Consent, ConsentStatus
    from api.services.consents import DISCLOSER

    name = "Harbour Community Clinic (demo)"
    if Session.scalars(select(Clinic).where(Clinic.name == name)).first() is not None:
        return
    clinic = Clinic(
        name=name,
        website="https://clinic.demo.peerway.test",
        region="GB",
        description="A fictional community addiction service, for trying out consents.",
    )
    Session.add(clinic)
    Session.flush()
    Session.add(ClinicPatient(clinic_id=clinic.id, member_id=member.id, patient_reference="DEMO-0001"))
    Session.add(
        Consent(
            member_id=member.id,
            clinic_id=clinic.id,
            status=ConsentStatus.PROPOSED.value,
            scopes=["members:read", "checkins:read", "attendance:read"],
            purpose="Follow how you are doing between appointments",
            discloser=DISCLOSER,
            expires_at=utcnow() + dt.timedelta(days=180),
        )
    )


# --- Conversations demo (issue 15): a few friendly threads and a coach conversation -------------


def _conversations(facilitator: Member, member: Member, coach: Member) -> None:
    """Threads in the first demo group (one pinned) and messages between River and their coach."""
    from api.models.coach_messages import CoachMessage
    from api.models.conversations import Post, Reaction, Thread

    group = Session.scalars(select(Group).where(Group.name == DEMO_GROUPS[0]["name"])).first()
    if (
        group is None
        or Session.scalars(select(Thread).where(Thread.group_id == group.id)).first() is not None
    ):
        return
    threads = [
        (
            facilitator,
            "Welcome: say hello here",
            True,
            6,
            "Welcome to the circle's conversation space. Say hello, share how your week is going, "
            "or ask a question before the next meeting.",
            [(member, "Hello everyone. Day 132 today, and evenings are getting easier.", [])],
        ),
        (
            member,
            "What helps you on Friday nights?",
            False,
            2,
            "Fridays used to be the hardest night for me. I've started walking to the park at 7. "
            "What works for you?",
            [(facilitator, "A phone call with someone from the group helps me. Thank you for asking.", [])],
        ),
    ]
    for author, title, pinned, days, body, replies in threads:
        started = _days_ago(days)
        thread = Thread(
            id=uuid.uuid4(),
            group_id=group.id,
            author_id=author.id,
            title=title,
            is_pinned=pinned,
            reply_count=len(replies),
            last_post_at=started + dt.timedelta(hours=len(replies)),
            created_at=started,
        )
        Session.add(thread)
        Session.flush()  # no ORM relationship orders the thread before its posts
        opening = Post(
            id=uuid.uuid4(),
            thread_id=thread.id,
            group_id=group.id,
            author_id=author.id,
            is_opening=True,
            body=body,
            content_notes=[],
            created_at=started,
        )
        Session.add(opening)
        for index, (replier, text, notes) in enumerate(replies, start=1):
            Session.add(
                Post(
                    thread_id=thread.id,
                    group_id=group.id,
                    author_id=replier.id,
                    body=text,
                    content_notes=notes,
                    created_at=started + dt.timedelta(hours=index),
                )
            )
        Session.flush()
        Session.add(
            Reaction(
                post_id=opening.id,
                member_id=facilitator.id if author is member else member.id,
                kind="sending_support",
            )
        )
    relationship = Session.scalars(
        select(CoachingRelationship).where(
            CoachingRelationship.member_id == member.id, CoachingRelationship.coach_id == coach.id
        )
    ).first()
    if relationship is not None:
        for days, author, text in (
            (2, coach, "Hi River, how did the walk go on Friday?"),
            (2, member, "It went well! I made it round the park twice and went to bed early."),
            (1, coach, "That's great to hear. Shall we look at Saturday mornings next?"),
        ):
            Session.add(
                CoachMessage(
                    relationship_id=relationship.id,
                    author_id=author.id,
                    body=text,
                    created_at=_days_ago(days) + dt.timedelta(minutes=len(text)),
                    read_at=_days_ago(0),
                )
            )
