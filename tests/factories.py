"""factory-boy factories for every model."""

import datetime as dt

import factory
from argon2 import PasswordHasher
from factory.alchemy import SQLAlchemyModelFactory

from api.config import TestConfig
from api.db import Session, utcnow
from api.models import LoginSession, Member

PASSWORD = "calm-harbour-lantern-7391"


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
