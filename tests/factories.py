"""factory-boy factories for every model."""

import datetime as dt
import uuid

import factory
from argon2 import PasswordHasher
from factory.alchemy import SQLAlchemyModelFactory

from api.clinic_auth import hash_secret, new_client_credentials
from api.config import TestConfig
from api.db import Session, utcnow
from api.models import (
    CheckIn,
    Clinic,
    ClinicClient,
    ClinicPatient,
    CoachingPlan,
    CoachingRelationship,
    CoachMessage,
    Consent,
    Group,
    GroupGuidelines,
    GroupSession,
    LoginSession,
    Member,
    Membership,
    Post,
    Resource,
    Rsvp,
    SessionSeries,
    Thread,
)

PASSWORD = "calm-harbour-lantern-7391"


def weekly_series(group_id: uuid.UUID, **overrides) -> SessionSeries:
    """An unsaved weekly series (Tuesdays 19:00 London) with sessions materialised 180 days ahead."""
    values = {
        "group_id": group_id,
        "title": "Weekly circle",
        "capacity": 10,
        "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "local_start": dt.datetime(2030, 1, 1, 19),
        "time_zone": "Europe/London",
        "duration_minutes": 90,
        "materialized_until": utcnow() + dt.timedelta(days=180),
    }
    return SessionSeries(**(values | overrides))


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: Session()  # noqa: E731
        sqlalchemy_session_persistence = "commit"  # commits only a SAVEPOINT in tests


class MemberFactory(BaseFactory):
    class Meta:
        model = Member

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    time_zone = "Europe/London"
    role = "member"
    password_hash = factory.LazyFunction(lambda: _password_hash())


_HASH_CACHE: dict[str, str] = {}


def _password_hash() -> str:
    """One hash per run, with the test profile's parameters so sign-in does not rehash."""
    if PASSWORD not in _HASH_CACHE:
        hasher = PasswordHasher(
            time_cost=TestConfig.ARGON2_TIME_COST,
            memory_cost=TestConfig.ARGON2_MEMORY_COST,
            parallelism=TestConfig.ARGON2_PARALLELISM,
        )
        _HASH_CACHE[PASSWORD] = hasher.hash(PASSWORD)
    return _HASH_CACHE[PASSWORD]


class LoginSessionFactory(BaseFactory):
    class Meta:
        model = LoginSession

    member = factory.SubFactory(MemberFactory)
    expires_at = factory.LazyFunction(lambda: utcnow() + dt.timedelta(days=30))
    client_label = "Test browser"


class GroupFactory(BaseFactory):
    """A public, open, online group with version-1 guidelines (no facilitator: see `group_with`)."""

    class Meta:
        model = Group

    id = factory.LazyFunction(uuid.uuid4)
    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Peer Circle {n}")
    description = "A welcoming peer support circle for anyone in recovery."
    format = "online"
    language = "en"
    region = "GB"
    area = "Camden, London"
    address = "St Mary's Hall, 1 Example Road, London"
    time_zone = "Europe/London"
    join_policy = "open"
    visibility = "public"
    is_free = True
    guidelines_version = 1
    topics = factory.LazyFunction(lambda: ["addiction_recovery"])

    @factory.post_generation
    def guidelines(group, create, extracted, **kwargs):
        if create:
            Session.add(
                GroupGuidelines(
                    group_id=group.id, version=1, text=extracted or "Be kind. What is said here stays here."
                )
            )
            Session.commit()


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    member = factory.SubFactory(MemberFactory)
    status = "active"
    role = "member"
    accepted_guidelines_version = factory.LazyAttribute(
        lambda membership: membership.group.guidelines_version
    )


class GroupSessionFactory(BaseFactory):
    class Meta:
        model = GroupSession

    group = factory.SubFactory(GroupFactory)
    title = "Sharing circle"
    starts_at = factory.LazyFunction(lambda: utcnow() + dt.timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + dt.timedelta(minutes=90))
    time_zone = "Europe/London"
    capacity = 10
    content_warnings = factory.LazyFunction(list)
    online_url = "https://meet.example.org/circle"
    location = "Room 2"


class RsvpFactory(BaseFactory):
    class Meta:
        model = Rsvp

    session = factory.SubFactory(GroupSessionFactory)
    member = factory.SubFactory(MemberFactory)
    status = "confirmed"


class CoachingRelationshipFactory(BaseFactory):
    class Meta:
        model = CoachingRelationship

    member = factory.SubFactory(MemberFactory)
    coach = factory.SubFactory(MemberFactory, role="coach")
    status = "active"
    initiated_by = "member"
    started_at = factory.LazyFunction(utcnow)


class CoachingPlanFactory(BaseFactory):
    class Meta:
        model = CoachingPlan

    member = factory.SubFactory(MemberFactory)
    title = "My first 90 days"
    status = "active"
    focus_areas = factory.LazyFunction(lambda: ["sleep"])


class CheckInFactory(BaseFactory):
    class Meta:
        model = CheckIn

    class Params:
        plan = factory.SubFactory(CoachingPlanFactory)

    plan_id = factory.LazyAttribute(lambda check_in: check_in.plan.id)
    member_id = factory.LazyAttribute(lambda check_in: check_in.plan.member_id)
    mood = 6
    craving = 3
    answers = factory.LazyFunction(dict)


class ResourceFactory(BaseFactory):
    class Meta:
        model = Resource

    id = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"Service {n}")
    kind = "helpline"
    description = "Free, confidential support by phone."
    phone = "0800 000 000"
    region = "GB"
    cost = "free"
    languages = factory.LazyFunction(lambda: ["en"])


class ClinicFactory(BaseFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Harbour Clinic {n}")
    website = "https://clinic.example.org"
    region = "GB"


CLIENT_SECRETS: dict[str, str] = {}


class ClinicClientFactory(BaseFactory):
    """A client whose secret is kept in CLIENT_SECRETS[client_id] for tests to sign in with."""

    class Meta:
        model = ClinicClient
        exclude = ("credentials",)

    clinic = factory.SubFactory(ClinicFactory)
    credentials = factory.LazyFunction(new_client_credentials)
    client_id = factory.LazyAttribute(lambda client: client.credentials[0])
    secret_hash = factory.LazyAttribute(lambda client: _remember_secret(*client.credentials))
    label = "EHR integration"
    allowed_scopes = factory.LazyFunction(
        lambda: ["members:read", "plans:read", "checkins:read", "attendance:read", "referrals:write"]
    )
    secret_rotated_at = factory.LazyFunction(lambda: utcnow() - dt.timedelta(minutes=1))


def _remember_secret(client_id: str, secret: str) -> str:
    CLIENT_SECRETS[client_id] = secret
    return hash_secret(secret)


class ClinicPatientFactory(BaseFactory):
    clinic = factory.SubFactory(ClinicFactory)
    member = factory.SubFactory(MemberFactory)
    clinic_id = factory.LazyAttribute(lambda patient: patient.clinic.id)
    member_id = factory.LazyAttribute(lambda patient: patient.member.id)

    class Meta:
        model = ClinicPatient
        exclude = ("clinic", "member")


class ConsentFactory(BaseFactory):
    class Meta:
        model = Consent
        exclude = ("member",)

    member = factory.SubFactory(MemberFactory)
    member_id = factory.LazyAttribute(lambda consent: consent.member.id)
    clinic = factory.SubFactory(ClinicFactory)
    status = "active"
    scopes = factory.LazyFunction(lambda: ["members:read", "plans:read", "checkins:read", "attendance:read"])
    purpose = "Coordinate my care between my clinic and my peer coach"
    discloser = "Peerway, on the member's behalf"
    expires_at = factory.LazyFunction(lambda: utcnow() + dt.timedelta(days=180))
    right_to_revoke_acknowledged = True
    signed_at = factory.LazyFunction(utcnow)


# --- group conversations ---------------------------------------------------------------------------


class ThreadFactory(BaseFactory):
    """A thread with its opening post (`opening__body`, `opening__status`, ... set the post)."""

    class Meta:
        model = Thread
        exclude = ("group", "author")

    group = factory.SubFactory(GroupFactory)
    author = factory.SubFactory(MemberFactory)
    group_id = factory.LazyAttribute(lambda thread: thread.group.id)
    author_id = factory.LazyAttribute(lambda thread: thread.author.id)
    title = factory.Sequence(lambda n: f"How do you get through evenings? ({n})")

    @factory.post_generation
    def opening(thread, create, extracted, **overrides):
        if create:
            values = {"body": "Evenings are the hardest part for me right now.", "status": "published"}
            Session.add(
                Post(
                    thread_id=thread.id,
                    group_id=thread.group_id,
                    author_id=thread.author_id,
                    is_opening=True,
                    **(values | overrides),
                )
            )
            Session.commit()


class PostFactory(BaseFactory):
    """A published reply in `thread` (a new thread when none is given)."""

    class Meta:
        model = Post
        exclude = ("thread", "author")

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(MemberFactory)
    thread_id = factory.LazyAttribute(lambda post: post.thread.id)
    group_id = factory.LazyAttribute(lambda post: post.thread.group_id)
    author_id = factory.LazyAttribute(lambda post: post.author.id)
    body = "Same here. A walk after dinner helps me."
    status = "published"


# --- coach messages ------------------------------------------------------------------------------


class CoachMessageFactory(BaseFactory):
    """A message in a coaching relationship's conversation, by its member unless `author` is given."""

    class Meta:
        model = CoachMessage
        exclude = ("relationship", "author")

    relationship = factory.SubFactory(CoachingRelationshipFactory)
    author = factory.LazyAttribute(lambda message: message.relationship.member)
    relationship_id = factory.LazyAttribute(lambda message: message.relationship.id)
    author_id = factory.LazyAttribute(lambda message: message.author.id)
    body = factory.Sequence(lambda n: f"Message {n}: how are the evenings going?")
    created_at = factory.LazyFunction(utcnow)
