"""Test app, per-test transaction isolation, and clients signed in as a given member."""

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text

import api.models  # noqa: F401  (every table for create_all)
from api import create_app
from api.config import TestConfig
from api.db import Base, Session
from tests.factories import PASSWORD, MemberFactory


class ClosingClient(FlaskClient):
    """Closes each response as a real server does, so work deferred with call_on_close runs."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    database_url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{instance / 'test.sqlite3'}"
    app = create_app(TestConfig(database_url=database_url, instance_path=instance))
    app.test_client_class = ClosingClient
    engine = app.extensions["engine"]
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield app
    Base.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture(autouse=True)
def db_session(app):
    """Each test runs inside one outer transaction that is rolled back afterwards."""
    engine = app.extensions["engine"]
    connection = engine.connect()
    outer = connection.begin()
    Session.remove()
    Session.configure(bind=connection, join_transaction_mode="create_savepoint")
    app.extensions["limiter"].reset()
    app.extensions["failed_login_fallback"].storage.reset()
    yield Session
    Session.remove()
    outer.rollback()
    connection.close()
    Session.configure(bind=engine, join_transaction_mode="conditional_savepoint")


@contextlib.contextmanager
def scratch_database(prefix: str, sqlite_file: Path):
    """A fresh, empty database of its own: a new database on the server of TEST_DATABASE_URL
    when that is PostgreSQL, dropped afterwards, else the SQLite file `sqlite_file`."""
    server_url = os.environ.get("TEST_DATABASE_URL", "")
    if not server_url.startswith("postgresql"):
        yield f"sqlite:///{sqlite_file}"
        return
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def scratch_database_url(tmp_path):
    """A fresh, empty database outside the per-test transaction (see `scratch_database`)."""
    with scratch_database("peerway_scratch", tmp_path / "scratch.sqlite3") as url:
        yield url


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class SignedIn:
    """A test client acting as one member, with that member's tokens."""

    member: object
    client: object
    access_token: str
    refresh_token: str

    def headers(self, **extra) -> dict:
        return {"Authorization": f"Bearer {self.access_token}", **extra}

    def get(self, url, **kwargs):
        return self.client.get(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)

    def post(self, url, **kwargs):
        return self.client.post(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)

    def patch(self, url, **kwargs):
        return self.client.patch(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)

    def put(self, url, **kwargs):
        return self.client.put(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)

    def delete(self, url, **kwargs):
        return self.client.delete(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)


def sign_in(app, member) -> SignedIn:
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"email": member.email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return SignedIn(member, client, response.json["access_token"], response.json["refresh_token"])


@pytest.fixture
def as_member(app):
    """Sign in a member built by the factory with `overrides`."""

    def make(**overrides) -> SignedIn:
        return sign_in(app, MemberFactory(**overrides))

    return make


@pytest.fixture
def member_client(as_member) -> SignedIn:
    return as_member()


@pytest.fixture
def other_member_client(as_member) -> SignedIn:
    return as_member()


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside the `with` block."""

    class Counter:
        def __init__(self):
            self.statements: list[str] = []

        def __enter__(self):
            Session.remove()  # start from an empty identity map, as a real request does
            event.listen(app.extensions["engine"], "before_cursor_execute", self._record)
            return self

        def __exit__(self, *exc):
            event.remove(app.extensions["engine"], "before_cursor_execute", self._record)

        def _record(self, _conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
                self.statements.append(statement)

        @property
        def count(self) -> int:
            return len(self.statements)

    return Counter


# --- CI: a skipped test is a failure ---------------------------------------------------------

_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("PEERWAY_FAIL_ON_SKIP") and _skipped:
        print(f"\n{len(_skipped)} test(s) skipped, which CI does not allow: {_skipped}")
        session.exitstatus = 1


# --- groups and sessions ---------------------------------------------------------------------


@dataclass
class GroupSetup:
    """A group with a signed-in facilitator, and helpers to add signed-in members."""

    app: object
    group: object
    facilitator: SignedIn

    def member(self, status="active", **membership) -> SignedIn:
        from tests.factories import MembershipFactory

        signed_in = sign_in(self.app, MemberFactory())
        MembershipFactory(group=self.group, member=signed_in.member, status=status, **membership)
        return signed_in


@pytest.fixture
def group_setup(app):
    """Build a group (factory overrides allowed) with its own facilitator."""
    from tests.factories import GroupFactory, MembershipFactory

    def make(**overrides) -> GroupSetup:
        group = GroupFactory(**overrides)
        facilitator = sign_in(app, MemberFactory(role="facilitator", is_trained_facilitator=True))
        MembershipFactory(group=group, member=facilitator.member, role="facilitator")
        return GroupSetup(app, group, facilitator)

    return make


@dataclass
class ClinicSignedIn:
    """A test client acting as a partner clinic's API client with a client-credentials token."""

    client_row: object
    client: object
    access_token: str

    @property
    def clinic(self):
        return self.client_row.clinic

    def headers(self, **extra) -> dict:
        return {"Authorization": f"Bearer {self.access_token}", **extra}

    def get(self, url, **kwargs):
        return self.client.get(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)

    def post(self, url, **kwargs):
        return self.client.post(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)

    def delete(self, url, **kwargs):
        return self.client.delete(url, headers=self.headers(**kwargs.pop("headers", {})), **kwargs)


@pytest.fixture
def as_clinic(app):
    """A clinic client (built by the factory with `overrides`) holding a token for `scope`."""
    from tests.factories import CLIENT_SECRETS, ClinicClientFactory

    def make(scope: str | None = None, **overrides) -> ClinicSignedIn:
        row = ClinicClientFactory(**overrides)
        client = app.test_client()
        form = {"grant_type": "client_credentials", "client_id": row.client_id}
        form["client_secret"] = CLIENT_SECRETS[row.client_id]
        if scope:
            form["scope"] = scope
        response = client.post("/api/v1/oauth/token", data=form)
        assert response.status_code == 200, response.json
        return ClinicSignedIn(row, client, response.json["access_token"])

    return make
