"""Capacity holds under real concurrency: 50 members book 5 places at once through gunicorn.

Runs against a scratch database on the server of TEST_DATABASE_URL (PostgreSQL in CI), or a
SQLite file, with several gunicorn workers, over real HTTP.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

import api.models  # noqa: F401
from api.db import Base, make_engine, utcnow
from api.models import Group, GroupGuidelines, GroupSession, Member, Membership, Rsvp

MEMBERS, CAPACITY, WORKERS = 50, 5, 4
PASSWORD = "calm-harbour-lantern-7391"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_session():
    """This test commits for real, in its own database, outside the per-test transaction."""
    yield None


def seed(database_url: str) -> tuple[str, list[str]]:
    import datetime as dt

    engine = make_engine(database_url)
    Base.metadata.create_all(engine)
    password_hash = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with OrmSession(engine) as session:
        group = Group(
            id=uuid.uuid4(),
            slug="busy",
            name="Busy circle",
            description="Popular.",
            format="online",
            language="en",
            region="GB",
            time_zone="Europe/London",
            guidelines_version=1,
        )
        session.add(group)
        session.add(GroupGuidelines(group_id=group.id, version=1, text="Be kind."))
        starts_at = utcnow() + dt.timedelta(days=1)
        meeting = GroupSession(
            group_id=group.id,
            title="Sharing circle",
            capacity=CAPACITY,
            time_zone="Europe/London",
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=1),
        )
        session.add(meeting)
        emails = [f"busy{index}@example.org" for index in range(MEMBERS)]
        for email in emails:
            member = Member(
                id=uuid.uuid4(),
                email=email,
                password_hash=password_hash,
                display_name=email[:8],
                time_zone="UTC",
            )
            session.add(member)
            session.add(
                Membership(
                    group_id=group.id, member_id=member.id, status="active", accepted_guidelines_version=1
                )
            )
        session.commit()
        meeting_id = str(meeting.id)
    engine.dispose()
    return meeting_id, emails


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(scratch_database_url, tmp_path):
    database_url = scratch_database_url
    meeting_id, emails = seed(database_url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PEERWAY_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "concurrency-test-secret-key-0123456789",
        "JWT_SECRET_KEY": "concurrency-test-jwt-key-0123456789",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8",
        "RATELIMIT_AUTH": "1000 per minute",
        "RATELIMIT_DEFAULT": "10000 per minute",
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",  # gunicorn 27's socket path is one per user: parallel runs collide
            "--log-level",
            "warning",
            "api:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base, meeting_id, emails
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_until_up(base: str, process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited: " + process.stderr.read().decode()[-2000:])
        try:
            urllib.request.urlopen(f"{base}/api/v1/resources/crisis", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start in 30 s")


def call(method: str, url: str, body=None, token=None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_fifty_members_booking_five_places_at_once_never_overbook(server, scratch_database_url):
    base, meeting_id, emails = server
    with ThreadPoolExecutor(max_workers=10) as pool:
        logins = list(
            pool.map(
                lambda email: call(
                    "POST", f"{base}/api/v1/auth/login", {"email": email, "password": PASSWORD}
                ),
                emails,
            )
        )
    tokens = [body["access_token"] for status, body in logins if status == 200]
    assert len(tokens) == MEMBERS

    with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
        results = list(
            pool.map(
                lambda token: call("PUT", f"{base}/api/v1/sessions/{meeting_id}/rsvp", token=token), tokens
            )
        )

    assert [status for status, _ in results] == [200] * MEMBERS, results[:3]
    statuses = [body["status"] for _, body in results]
    assert statuses.count("confirmed") == CAPACITY
    assert statuses.count("waitlisted") == MEMBERS - CAPACITY
    positions = sorted(body["waitlist_position"] for _, body in results if body["status"] == "waitlisted")
    assert positions == list(range(1, MEMBERS - CAPACITY + 1))

    engine = make_engine(scratch_database_url)
    with OrmSession(engine) as session:
        meeting = session.get(GroupSession, uuid.UUID(meeting_id))
        assert meeting.confirmed_count == CAPACITY
        waiting = session.scalars(
            select(Rsvp).where(Rsvp.status == "waitlisted").order_by(Rsvp.requested_at, Rsvp.id)
        ).all()
        by_member = {
            body["id"]: body["waitlist_position"] for _, body in results if body["status"] == "waitlisted"
        }
        assert [by_member[str(rsvp.id)] for rsvp in waiting] == list(range(1, MEMBERS - CAPACITY + 1))
    engine.dispose()
