"""Faults: Redis down, a read-only database, a full disk — clear answers, never a 500.

PostgreSQL restarting under load and workers killed mid-request are shown by `deploy/faults.py`
(they need processes of their own); these tests cover what a single app can be put through.
"""

import sqlite3

import pytest
from sqlalchemy import event

from api import create_app
from api.config import TestConfig
from api.db import Base
from tests.factories import PASSWORD

SIGN_UP = {"password": "kettle-orbit-lantern-42", "display_name": "River", "time_zone": "Europe/London"}


@pytest.fixture
def db_session():
    """Each test builds its own app and database, outside the per-test transaction."""
    yield None


def _app(database_url, tmp_path, on_connect=None):
    app = create_app(TestConfig(database_url=database_url, instance_path=tmp_path))
    engine = app.extensions["engine"]
    Base.metadata.create_all(engine)
    if on_connect is not None:
        engine.dispose()  # later connections are made with the fault in place
        event.listen(engine, "connect", on_connect)
    return app


def _register(client, number: int):
    return client.post("/api/v1/auth/register", json={**SIGN_UP, "email": f"river{number}@example.org"})


def test_a_read_only_database_answers_writes_with_503(scratch_database_url, tmp_path):
    def read_only(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if scratch_database_url.startswith("sqlite"):
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
            dbapi_connection.commit()
        cursor.close()

    app = _app(scratch_database_url, tmp_path, on_connect=read_only)
    client = app.test_client()

    refused = _register(client, 1)

    assert refused.status_code == 503
    assert refused.mimetype == "application/problem+json"
    assert refused.json["type"].endswith("database-unavailable")
    assert int(refused.headers["Retry-After"]) > 0
    # PostgreSQL keeps serving reads; SQLite takes its write lock at BEGIN (BEGIN IMMEDIATE, so
    # concurrent writers queue instead of failing), so there reads get the same clear 503.
    read = client.get("/api/v1/feeds/meeting-guide.json")
    assert read.status_code == (503 if scratch_database_url.startswith("sqlite") else 200)
    assert client.get("/healthz").status_code == 200


def test_a_full_disk_answers_503_and_writes_nothing_half_way(tmp_path):
    database = tmp_path / "full.sqlite3"
    app = _app(f"sqlite:///{database}", tmp_path)
    client = app.test_client()
    assert _register(client, 0).status_code == 201
    pages = sqlite3.connect(database).execute("PRAGMA page_count").fetchone()[0]

    def no_room_to_grow(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL beyond this

    app.extensions["engine"].dispose()
    event.listen(app.extensions["engine"], "connect", no_room_to_grow)
    statuses = []
    for number in range(1, 120):
        app.extensions["limiter"].reset()  # the sign-up limit is not what this test is about
        statuses.append(_register(client, number).status_code)

    assert 503 in statuses and 500 not in statuses
    assert set(statuses) <= {201, 503}
    members = sqlite3.connect(database).execute("SELECT count(*) FROM members").fetchone()[0]
    assert members == 1 + statuses.count(201)  # every refused sign-up left nothing behind


def test_with_redis_down_limits_fall_back_and_nothing_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    app = _app(f"sqlite:///{tmp_path / 'redis-down.sqlite3'}", tmp_path)
    client = app.test_client()

    assert _register(client, 1).status_code == 201
    signed_in = client.post(
        "/api/v1/auth/login", json={"email": "river1@example.org", "password": SIGN_UP["password"]}
    )
    assert signed_in.status_code == 200
    token = signed_in.json["access_token"]
    signed_in_headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/members/me", headers=signed_in_headers).status_code == 200
    assert client.get("/api/v1/groups", headers=signed_in_headers).status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["redis"] == "unavailable"
    # Sign-in limits still hold, in memory, per process.
    wrong = {"email": "river1@example.org", "password": PASSWORD + "-wrong"}
    statuses = [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(8)]
    assert 429 in statuses and 500 not in statuses
