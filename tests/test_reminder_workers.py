"""Reminders with a real Redis and two RQ worker processes: each one is sent exactly once."""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.db import utcnow
from api.models import Notification, ReminderDelivery

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def db_session():
    """The two-worker test shares a real database with the worker processes: no outer transaction."""
    yield None


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (CI sets it)")
def test_two_rq_workers_send_each_reminder_exactly_once(scratch_database_url, tmp_path, monkeypatch):
    from redis import Redis
    from rq import Queue
    from sqlalchemy.orm import Session as OrmSession

    from api.db import Base, make_engine
    from api.models import Group, GroupSession, Member, Membership, Rsvp
    from api.services.reminders import deliver_reminder

    engine = make_engine(scratch_database_url)
    Base.metadata.create_all(engine)
    queue_name = f"peerway-test-{uuid.uuid4().hex[:8]}"
    with OrmSession(engine) as session:
        group = Group(
            id=uuid.uuid4(),
            slug="g",
            name="Circle",
            description="A circle.",
            format="online",
            language="en",
            region="GB",
            time_zone="Europe/London",
            guidelines_version=1,
        )
        session.add(group)
        pairs = []
        for index in range(10):
            member = Member(
                id=uuid.uuid4(),
                email=f"r{index}@example.org",
                password_hash="x",
                display_name=f"R{index}",
                time_zone="Europe/London",
            )
            meeting = GroupSession(
                id=uuid.uuid4(),
                group_id=group.id,
                title="Meeting",
                capacity=20,
                time_zone="Europe/London",
                starts_at=utcnow() + dt.timedelta(minutes=50),
                ends_at=utcnow() + dt.timedelta(minutes=140),
                confirmed_count=1,
            )
            rsvp = Rsvp(id=uuid.uuid4(), session_id=meeting.id, member_id=member.id, status="confirmed")
            session.add_all(
                [
                    member,
                    Membership(
                        group_id=group.id, member_id=member.id, status="active", accepted_guidelines_version=1
                    ),
                    meeting,
                ]
            )
            session.flush()
            session.add(rsvp)
            pairs += [(str(rsvp.id), "24h"), (str(rsvp.id), "1h")]
        session.commit()
    queue = Queue(queue_name, connection=Redis.from_url(REDIS_URL))
    for rsvp_id, kind in pairs * 2:  # two schedulers queued the same reminders
        queue.enqueue(deliver_reminder, rsvp_id, kind)
    env = {
        **os.environ,
        "DATABASE_URL": scratch_database_url,
        "REDIS_URL": REDIS_URL,
        "JOB_QUEUE_NAME": queue_name,
        "PEERWAY_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "w" * 40,
        "JWT_SECRET_KEY": "j" * 40,
        "FLASK_APP": "api:create_app",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "flask", "jobs-worker", "--burst"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    deadline = time.monotonic() + 120
    for worker in workers:
        worker.wait(timeout=max(1, deadline - time.monotonic()))
        assert worker.returncode == 0, worker.stderr.read().decode()[-2000:]
    with OrmSession(engine) as session:
        assert session.scalar(select(func.count()).select_from(ReminderDelivery)) == len(pairs)
        assert session.scalar(select(func.count()).select_from(Notification)) == len(pairs)
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == len(pairs)
    assert len(queue.failed_job_registry) == 0
    queue.delete(delete_jobs=True)
    engine.dispose()
