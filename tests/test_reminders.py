"""Session reminders: due times, preferences, and exactly once across two real RQ workers."""

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import func, select

from api.db import utcnow
from api.models import Notification, ReminderDelivery
from tests.factories import GroupSessionFactory

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def booked_session(setup, hours_ahead: float):
    session = GroupSessionFactory(group=setup.group, starts_at=utcnow() + dt.timedelta(hours=hours_ahead))
    member = setup.member()
    member.put(f"/api/v1/sessions/{session.id}/rsvp")
    return member, session


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_due_reminders_are_sent_once_with_an_email(app, group_setup, db_session):
    setup = group_setup()
    member, _session = booked_session(setup, hours_ahead=20)
    outbox = Path(app.config["INSTANCE_PATH"]) / "outbox"
    before = len(list(outbox.glob("*.eml"))) if outbox.exists() else 0
    assert "Queued 1" in run(app, "send-due-reminders")
    assert "Queued 0" in run(app, "send-due-reminders")
    titles = db_session.scalars(
        select(Notification.title).where(Notification.member_id == member.member.id)
    ).all()
    assert [title.split(":")[0] for title in titles] == ["Tomorrow"]
    emails = sorted(outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime)
    assert len(emails) == before + 1
    assert member.member.email in emails[-1].read_text()


def test_one_hour_reminder_follows_the_day_before(app, group_setup, db_session):
    setup = group_setup()
    booked_session(setup, hours_ahead=0.5)
    assert "Queued 2" in run(app, "send-due-reminders")  # both are due: the 24h one was missed
    assert db_session.scalar(select(func.count()).select_from(ReminderDelivery)) == 2


def test_members_choose_which_reminders(app, group_setup, db_session):
    setup = group_setup()
    member, _session = booked_session(setup, hours_ahead=20)
    member.patch(
        "/api/v1/members/me", json={"notification_prefs": {"reminders": ["1h"], "email_reminders": False}}
    )
    run(app, "send-due-reminders")
    assert (
        db_session.scalar(
            select(func.count()).select_from(Notification).where(Notification.member_id == member.member.id)
        )
        == 0
    )


def test_waitlisted_and_cancelled_bookings_get_no_reminder(app, group_setup, db_session):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1, starts_at=utcnow() + dt.timedelta(hours=2))
    holder, waiting = setup.member(), setup.member()
    holder.put(f"/api/v1/sessions/{session.id}/rsvp")
    waiting.put(f"/api/v1/sessions/{session.id}/rsvp")
    holder.delete(f"/api/v1/sessions/{session.id}/rsvp")  # waiting is promoted
    assert "Queued 1" in run(app, "send-due-reminders")
