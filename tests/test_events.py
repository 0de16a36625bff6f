"""Live events: ticket rules, the Server-Sent Events stream, polling, and fan-out (memory and Redis)."""

import datetime as dt
import json
import os
import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import jwt as pyjwt
import pytest
from sqlalchemy import update

from api import live
from api.db import Session, utcnow
from api.live import MemoryBroker, RedisBroker
from api.models.coaching_plans import CoachingRelationship
from api.models.groups import Membership
from api.models.members import Member
from api.services import event_streams, event_tickets
from api.services.event_streams import StreamSettings
from api.services.event_tickets import StreamGrant
from api.services.events import publish
from tests.conftest import sign_in
from tests.factories import CoachingRelationshipFactory

TICKETS = "/api/v1/events/tickets"
STREAM = "/api/v1/events"
RECENT = "/api/v1/events/recent"
REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture(autouse=True)
def quick_streams(app):
    """Heartbeats and lifetimes in fractions of a second, so no test waits 15 s."""
    keys = ("LIVE_HEARTBEAT_SECONDS", "LIVE_STREAM_LIFETIME_SECONDS", "LIVE_RECHECK_SECONDS")
    saved = {key: app.config.get(key) for key in keys}
    # Long enough for an event to cross Redis while two test suites share the machine (CI).
    app.config.update(LIVE_HEARTBEAT_SECONDS=0.05, LIVE_STREAM_LIFETIME_SECONDS=2.0)
    yield
    app.config.update(saved)


def ticket_for(signed_in, *channels, status=201) -> dict:
    response = signed_in.post(TICKETS, json={"channels": list(channels)})
    assert response.status_code == status, response.json
    return response.json


def open_stream(client, ticket: str, **headers):
    """The stream's chunks, read lazily; the first one (the retry hint) is already read."""
    response = client.get(f"{STREAM}?ticket={ticket}", headers=headers, buffered=False)
    assert response.status_code == 200, response.get_data()
    chunks = text_chunks(response)
    assert next(chunks).startswith("retry: ")
    return response, chunks


def text_chunks(response):
    return (chunk.decode() for chunk in response.response)


def events_in(chunks) -> list[dict]:
    """Every event until the stream ends (its lifetime is half a second here)."""
    found = []
    for chunk in chunks:
        if chunk.startswith((":", "retry:")):
            continue
        fields = dict(line.split(": ", 1) for line in chunk.strip().splitlines())
        found.append({"id": fields.get("id"), "event": fields["event"], "data": json.loads(fields["data"])})
        if fields["event"] == "stream.end":
            break
    return found


# --- tickets -----------------------------------------------------------------------------------


def test_member_gets_a_ticket_with_their_own_channel(member_client):
    body = ticket_for(member_client)
    assert body["channels"] == [f"member:{member_client.member.id}"]
    assert body["stream_url"] == f"{STREAM}?ticket={body['ticket']}"


def test_active_member_and_facilitator_can_follow_their_group(group_setup):
    setup = group_setup(visibility="private")
    channel = f"group:{setup.group.id}"
    assert channel in ticket_for(setup.member(), channel)["channels"]
    assert channel in ticket_for(setup.facilitator, channel)["channels"]


def test_admin_can_follow_any_group(group_setup, as_member):
    channel = f"group:{group_setup(visibility='private').group.id}"
    assert channel in ticket_for(as_member(role="admin"), channel)["channels"]


def test_member_cannot_follow_another_members_channel(member_client, other_member_client):
    ticket_for(member_client, f"member:{other_member_client.member.id}", status=403)


def test_non_member_cannot_follow_a_private_group(group_setup, member_client):
    ticket_for(member_client, f"group:{group_setup(visibility='private').group.id}", status=404)


def test_non_member_cannot_follow_a_public_groups_conversation(group_setup, member_client):
    ticket_for(member_client, f"group:{group_setup().group.id}", status=403)


@pytest.mark.parametrize("status", ["pending", "removed", "declined"])
def test_pending_removed_or_declined_member_cannot_follow_the_group(group_setup, status):
    setup = group_setup()
    ticket_for(setup.member(status=status), f"group:{setup.group.id}", status=403)


def test_coach_and_member_can_follow_their_relationship(app):
    relationship = CoachingRelationshipFactory()
    channel = f"relationship:{relationship.id}"
    assert channel in ticket_for(sign_in(app, relationship.coach), channel)["channels"]
    assert channel in ticket_for(sign_in(app, relationship.member), channel)["channels"]


def test_former_coach_cannot_follow_the_relationship_but_the_member_can(app):
    relationship = CoachingRelationshipFactory(status="ended", ended_at=utcnow())
    channel = f"relationship:{relationship.id}"
    ticket_for(sign_in(app, relationship.coach), channel, status=404)
    assert channel in ticket_for(sign_in(app, relationship.member), channel)["channels"]


def test_stranger_cannot_follow_a_relationship(app, member_client):
    ticket_for(member_client, f"relationship:{CoachingRelationshipFactory().id}", status=404)


def test_malformed_or_too_many_channels_are_422(member_client):
    ticket_for(member_client, "everything", status=422)
    ticket_for(member_client, *[f"group:{uuid.uuid4()}" for _ in range(21)], status=422)


def test_signed_out_caller_gets_no_ticket(client):
    assert client.post(TICKETS, json={"channels": []}).status_code == 401


def test_clinic_token_gets_no_ticket(as_clinic):
    assert as_clinic().post(TICKETS, json={"channels": []}).status_code == 403


def test_ended_sign_in_gets_no_ticket(member_client):
    assert member_client.post("/api/v1/auth/logout").status_code in (200, 204)
    assert member_client.post(TICKETS, json={"channels": []}).status_code == 401


# --- redeeming a ticket ------------------------------------------------------------------------


def test_stream_refuses_a_ticket_after_sign_out(member_client):
    ticket = ticket_for(member_client)["ticket"]
    member_client.post("/api/v1/auth/logout")
    assert member_client.client.get(f"{STREAM}?ticket={ticket}").status_code == 401


def test_stream_refuses_a_banned_member(member_client):
    ticket = ticket_for(member_client)["ticket"]
    Session.execute(update(Member).where(Member.id == member_client.member.id).values(banned_at=utcnow()))
    Session.commit()
    assert member_client.client.get(f"{STREAM}?ticket={ticket}").status_code == 403


def test_stream_refuses_an_expired_ticket(app, member_client):
    claims = pyjwt.decode(ticket_for(member_client)["ticket"], options={"verify_signature": False})
    claims["exp"] = int((utcnow() - dt.timedelta(seconds=1)).timestamp())
    key = event_tickets.ticket_key(app.config["JWT_SECRET_KEY"])
    expired = pyjwt.encode(claims, key, algorithm="HS256")
    assert member_client.client.get(f"{STREAM}?ticket={expired}").status_code == 401
    assert member_client.client.get(f"{RECENT}?ticket={expired}").status_code == 401


def test_ticket_is_not_an_access_token(member_client):
    ticket = ticket_for(member_client)["ticket"]
    response = member_client.client.get("/api/v1/members/me", headers={"Authorization": f"Bearer {ticket}"})
    assert response.status_code == 401


def test_access_token_is_not_a_ticket(member_client):
    assert member_client.client.get(f"{STREAM}?ticket={member_client.access_token}").status_code == 401
    assert member_client.client.get(f"{RECENT}?ticket={member_client.access_token}").status_code == 401


def test_ticket_never_reaches_the_logs(member_client, caplog):
    caplog.set_level("DEBUG")
    ticket = ticket_for(member_client)["ticket"]
    _response, chunks = open_stream(member_client.client, ticket)
    list(chunks)
    member_client.client.get(f"{RECENT}?ticket={ticket}")
    assert "/api/v1/events" in caplog.text
    assert ticket not in caplog.text and ticket[-20:] not in caplog.text


def test_stream_without_a_ticket_is_422(client):
    assert client.get(STREAM).status_code == 422


# --- the stream ----------------------------------------------------------------------------------


def test_event_published_after_commit_reaches_the_stream(app, group_setup):
    setup = group_setup()
    member = setup.member()
    channel = f"group:{setup.group.id}"
    ticket = ticket_for(member, channel)["ticket"]
    response, chunks = open_stream(member.client, ticket, **{"Accept-Encoding": "br, gzip"})
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Accel-Buffering"] == "no"
    assert "Content-Encoding" not in response.headers
    post_id = uuid.uuid4()
    with app.app_context():
        publish(channel, "post.created", {"post_id": post_id})
        Session.commit()
    found = events_in(chunks)
    assert found[0]["event"] == "post.created"
    assert found[0]["data"] == {"channel": channel, "post_id": str(post_id)}
    assert found[-1]["event"] == "stream.end"


def test_rolled_back_event_never_reaches_the_stream(app, member_client):
    channel = f"member:{member_client.member.id}"
    _response, chunks = open_stream(member_client.client, ticket_for(member_client)["ticket"])
    with app.app_context():
        publish(channel, "notification.created", {"unread_count": 1})
        Session.rollback()
    assert [event["event"] for event in events_in(chunks)] == ["stream.end"]


def test_event_of_a_channel_not_on_the_ticket_is_not_sent(app, member_client, other_member_client):
    _response, chunks = open_stream(member_client.client, ticket_for(member_client)["ticket"])
    with app.app_context():
        publish(f"member:{other_member_client.member.id}", "notification.created", {"unread_count": 1})
        Session.commit()
    assert [event["event"] for event in events_in(chunks)] == ["stream.end"]


def test_stream_resumes_after_last_event_id(app, member_client):
    channel = f"member:{member_client.member.id}"
    with app.app_context():
        for count in (1, 2, 3):
            publish(channel, "notification.created", {"unread_count": count})
        Session.commit()
    with app.app_context():
        latest = live.current_broker().latest_id()
    ticket = ticket_for(member_client)["ticket"]
    _response, chunks = open_stream(member_client.client, ticket, **{"Last-Event-ID": str(latest - 2)})
    found = [event for event in events_in(chunks) if event["event"] == "notification.created"]
    assert [event["data"]["unread_count"] for event in found] == [2, 3]
    assert [int(event["id"]) for event in found] == [latest - 1, latest]
    # A fresh EventSource cannot set headers: the query parameter does the same (a new ticket:
    # each opens one stream).
    ticket = ticket_for(member_client)["ticket"]
    response = member_client.client.get(
        f"{STREAM}?ticket={ticket}&last_event_id={latest - 1}", buffered=False
    )
    found = [event for event in events_in(text_chunks(response)) if event["event"] == "notification.created"]
    assert [event["data"]["unread_count"] for event in found] == [3]


def test_idle_stream_sends_heartbeats_and_ends_after_its_lifetime(member_client):
    _response, chunks = open_stream(member_client.client, ticket_for(member_client)["ticket"])
    rest = list(chunks)
    assert rest.count(": heartbeat\n\n") >= 3
    assert rest[-1].startswith("event: stream.end")


def test_polling_returns_the_same_events_as_json(app, member_client):
    ticket = ticket_for(member_client)["ticket"]
    start = member_client.client.get(f"{RECENT}?ticket={ticket}").json
    assert start["items"] == [] and start["reset"] is False
    with app.app_context():
        publish(f"member:{member_client.member.id}", "notification.created", {"unread_count": 4})
        Session.commit()
    body = member_client.client.get(f"{RECENT}?ticket={ticket}&after={start['last_event_id']}").json
    assert [(item["type"], item["data"]) for item in body["items"]] == [
        ("notification.created", {"unread_count": 4})
    ]
    assert body["last_event_id"] == body["items"][0]["id"]


def test_notification_signals_the_recipient_with_the_unread_count(app, member_client):
    from api.models.notifications import NotificationKind
    from api.services.notifications import notify

    ticket = ticket_for(member_client)["ticket"]
    start = member_client.client.get(f"{RECENT}?ticket={ticket}").json["last_event_id"]
    with app.app_context():
        notify([member_client.member.id], NotificationKind.WAITLIST_PROMOTED, "A place", "Yours")
        Session.commit()
    items = member_client.client.get(f"{RECENT}?ticket={ticket}&after={start}").json["items"]
    assert items[0]["type"] == "notification.created"
    assert items[0]["data"]["unread_count"] == 1
    assert "title" not in items[0]["data"] and "body" not in items[0]["data"]


# --- authorization after the ticket: at redeem, every poll, and during an open stream ----------


def end_relationship(relationship_id) -> None:
    Session.execute(
        update(CoachingRelationship)
        .where(CoachingRelationship.id == relationship_id)
        .values(status="ended", ended_at=utcnow())
    )
    Session.commit()


def remove_from_group(group_id, member_id) -> None:
    Session.execute(
        update(Membership)
        .where(Membership.group_id == group_id, Membership.member_id == member_id)
        .values(status="removed")
    )
    Session.commit()


def test_former_coach_cannot_open_a_stream_or_poll_with_a_ticket_from_before_the_end(app):
    relationship = CoachingRelationshipFactory(status="active")
    coach = sign_in(app, relationship.coach)
    ticket = ticket_for(coach, f"relationship:{relationship.id}")["ticket"]
    end_relationship(relationship.id)
    assert coach.client.get(f"{STREAM}?ticket={ticket}").status_code == 404
    assert coach.client.get(f"{RECENT}?ticket={ticket}&after=0").status_code == 404


def test_removed_member_cannot_open_a_stream_or_poll_with_a_ticket_from_before_the_removal(group_setup):
    setup = group_setup()
    member = setup.member()
    ticket = ticket_for(member, f"group:{setup.group.id}")["ticket"]
    assert member.client.get(f"{RECENT}?ticket={ticket}").status_code == 200
    remove_from_group(setup.group.id, member.member.id)
    assert member.client.get(f"{RECENT}?ticket={ticket}").status_code == 403
    assert member.client.get(f"{STREAM}?ticket={ticket}").status_code == 403


def test_former_coach_open_stream_ends_once_the_relationship_ends(app):
    app.config.update(LIVE_STREAM_LIFETIME_SECONDS=5.0, LIVE_RECHECK_SECONDS=0.1)
    relationship = CoachingRelationshipFactory(status="active")
    coach = sign_in(app, relationship.coach)
    channel = f"relationship:{relationship.id}"
    _response, chunks = open_stream(coach.client, ticket_for(coach, channel)["ticket"])
    started = time.monotonic()
    end_relationship(relationship.id)
    found = events_in(chunks)
    assert found[-1] == {"id": None, "event": "stream.end", "data": {"reason": "revoked"}}
    assert time.monotonic() - started < 2.0
    # Nothing published afterwards reaches the former coach: the stream is over.
    with app.app_context():
        publish(channel, "message.created", {"message_id": uuid.uuid4()})
        Session.commit()
    assert list(chunks) == []


def test_removed_member_open_stream_ends_once_removed(app, group_setup):
    app.config.update(LIVE_STREAM_LIFETIME_SECONDS=5.0, LIVE_RECHECK_SECONDS=0.1)
    setup = group_setup()
    member = setup.member()
    _response, chunks = open_stream(member.client, ticket_for(member, f"group:{setup.group.id}")["ticket"])
    remove_from_group(setup.group.id, member.member.id)
    assert events_in(chunks)[-1]["data"] == {"reason": "revoked"}


def test_member_can_keep_an_open_stream_while_still_allowed(app, group_setup):
    app.config.update(LIVE_STREAM_LIFETIME_SECONDS=0.5, LIVE_RECHECK_SECONDS=0.1)
    setup = group_setup()
    member = setup.member()
    _response, chunks = open_stream(member.client, ticket_for(member, f"group:{setup.group.id}")["ticket"])
    assert events_in(chunks)[-1]["data"] == {"reason": "lifetime"}


def test_stream_recheck_holds_no_database_connection(member_client):
    grant = event_tickets.redeem_ticket(
        ticket_for(member_client)["ticket"], member_client.client.application.config["JWT_SECRET_KEY"]
    )
    Session.remove()
    assert event_tickets.grant_still_valid(grant) is True
    assert not Session.registry.has()  # the re-check's session is gone: no connection held


def test_member_cannot_open_two_streams_with_one_ticket(member_client):
    ticket = ticket_for(member_client)["ticket"]
    _response, chunks = open_stream(member_client.client, ticket)
    list(chunks)
    second = member_client.client.get(f"{STREAM}?ticket={ticket}")
    assert second.status_code == 401
    assert second.json["type"].endswith("invalid-ticket")
    # The polling fallback may reuse its ticket within its 60 seconds (each poll re-checks it).
    assert member_client.client.get(f"{RECENT}?ticket={ticket}").status_code == 200
    assert member_client.client.get(f"{RECENT}?ticket={ticket}").status_code == 200


def test_memory_broker_claims_a_key_once_until_it_expires():
    broker = MemoryBroker()
    assert broker.claim_once("ticket:a", 60) and not broker.claim_once("ticket:a", 60)
    assert broker.claim_once("ticket:b", 60)
    short = MemoryBroker()
    assert short.claim_once("ticket:c", 0) and short.claim_once("ticket:c", 60)


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (CI sets it)")
def test_member_cannot_reuse_a_ticket_on_another_instance():
    key = f"ticket:{uuid.uuid4().hex}"
    assert RedisBroker(REDIS_URL).claim_once(key, 60)
    assert not RedisBroker(REDIS_URL).claim_once(key, 60)


# --- brokers -------------------------------------------------------------------------------------


def test_memory_broker_resets_a_reader_the_history_no_longer_covers():
    broker = MemoryBroker(hub_size=3)
    broker.publish_many([("member:x", "notification.created", {"n": n}) for n in range(5)])
    assert broker.read(frozenset({"member:x"}), 1, 0).reset
    batch = broker.read(frozenset({"member:x"}), 3, 0)
    assert [event.data["n"] for event in batch.events] == [3, 4] and batch.cursor == 5


def test_memory_broker_wakes_a_waiting_reader():
    broker = MemoryBroker()
    threading.Timer(0.05, broker.publish_many, [[("member:x", "notification.created", {})]]).start()
    assert len(broker.read(frozenset({"member:x"}), 0, 2.0).events) == 1


def test_publishing_never_fails_the_write_when_redis_is_down(app, member_client, caplog):
    saved = app.extensions.get("live")
    app.extensions["live"] = RedisBroker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        with app.app_context():
            publish(f"member:{member_client.member.id}", "notification.created", {"unread_count": 1})
            Session.commit()
    finally:
        app.extensions["live"] = saved
    assert "live events not sent" in caplog.text


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (CI sets it)")
def test_event_committed_on_one_instance_reaches_a_stream_held_by_another(app, member_client):
    with app.app_context():
        assert isinstance(live.current_broker(), RedisBroker)
    # Another instance: its own broker, hub and pub/sub listener, sharing only Redis.
    other_instance = RedisBroker(REDIS_URL)
    channel = f"member:{member_client.member.id}"
    grant = StreamGrant(member_client.member.id, uuid.uuid4(), frozenset({channel}))
    settings = StreamSettings(heartbeat_seconds=0.05, lifetime_seconds=2.0)
    chunks = event_streams.stream(grant, None, other_instance, settings)
    next(chunks)
    with app.app_context():
        publish(channel, "notification.created", {"unread_count": 7})
        Session.commit()
    started = time.monotonic()
    found = [event for event in events_in(chunks) if event["event"] == "notification.created"]
    assert [event["data"]["unread_count"] for event in found] == [7]
    assert time.monotonic() - started < 2.0
    # A third instance, started later, replays it from the Redis Stream for a Last-Event-ID.
    late_instance = RedisBroker(REDIS_URL)
    batch = late_instance.read(frozenset({channel}), int(found[0]["id"]) - 1, 0)
    assert [event.data for event in batch.events] == [{"unread_count": 7}]


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (CI sets it)")
def test_deployments_on_other_redis_databases_never_hear_each_others_events(app, member_client):
    """Redis pub/sub is server-wide: a deployment (or a test run) on another database of the same
    server publishes on a channel of its own, so its event ids never reach this one's streams."""
    parts = urlsplit(REDIS_URL)
    database = int(parts.path.strip("/") or 0)
    elsewhere = RedisBroker(urlunsplit(parts._replace(path=f"/{(database + 1) % 16}")))
    here = RedisBroker(REDIS_URL)
    assert here.pubsub_channel != elsewhere.pubsub_channel
    channel = f"member:{member_client.member.id}"
    grant = StreamGrant(member_client.member.id, uuid.uuid4(), frozenset({channel}))
    chunks = event_streams.stream(
        grant, None, here, StreamSettings(heartbeat_seconds=0.05, lifetime_seconds=1.0)
    )
    next(chunks)
    elsewhere.publish_many([(channel, "notification.created", {"unread_count": 99})])
    assert [event for event in events_in(chunks) if event["event"] == "notification.created"] == []
