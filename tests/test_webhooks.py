"""Webhooks to partner clinics, against a real local receiver: signed, retried, sent once, no SSRF."""

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from api import privacy
from api.db import Session, utcnow
from api.models import WebhookDelivery, WebhookSubscription
from api.models.clinics import WebhookEvent
from api.services.webhooks import deliver, publish, send_due, sign, verify_signature
from tests.factories import (
    ClinicFactory,
    ClinicPatientFactory,
    CoachingPlanFactory,
    ConsentFactory,
    GroupSessionFactory,
)

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL")
HOOKS = "/api/v1/clinic/webhooks"
PLANS = "/api/v1/coaching-plans"
ALL_READ = ["members:read", "plans:read", "checkins:read", "attendance:read"]
ALL_EVENTS = ["checkin.risk", "session.attended", "plan.updated", "consent.revoked"]
PUBLIC_IP = "93.184.215.14"
NOTE = "PRIVATE-NOTE-do-not-send"


class Receiver:
    """A clinic's endpoint on 127.0.0.1: records each request, answers the queued status codes."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def payloads(self, path: str | None = None) -> list[dict]:
        return [json.loads(r["body"]) for r in self.requests if path is None or r["path"] == path]


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def production(app, monkeypatch):
    """The production target policy: https only, public addresses only."""
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_LOOPBACK_HTTP", False)
    monkeypatch.setitem(app.config, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False)


@pytest.fixture
def fake_dns(monkeypatch):
    """Host -> list of addresses to answer in turn (the last one repeats); others resolve for real."""
    answers: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        queue = answers[host]
        address = queue.pop(0) if len(queue) > 1 else queue[0]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def consenting(as_member, clinic, scopes=ALL_READ, **consent):
    """A signed-in member with a plan, their pseudonym at `clinic` and a consent to it."""
    member = as_member()
    patient = ClinicPatientFactory(clinic=clinic, member=member.member)
    granted = ConsentFactory(member=member.member, clinic=clinic, scopes=scopes, **consent)
    return member, patient, granted, CoachingPlanFactory(member=member.member)


def subscribe(clinic_client, url, events=ALL_EVENTS):
    response = clinic_client.post(HOOKS, json={"url": url, "events": events})
    assert response.status_code == 201, response.json
    return response.json


def risky_check_in(member, plan):
    response = member.post(
        f"{PLANS}/{plan.id}/check-ins", json={"mood": 2, "craving": 7, "feels_safe": False, "note": NOTE}
    )
    assert response.status_code == 201 and response.json["risk_flag"] is True
    return response.json


def deliveries(db_session) -> list[WebhookDelivery]:
    db_session.expire_all()
    return db_session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.created_at)).all()


# --- signed deliveries -------------------------------------------------------------------


def test_a_risky_check_in_is_delivered_signed_naming_the_member_by_pseudonym(
    as_member, as_clinic, receiver, db_session
):
    clinic = as_clinic()
    member, patient, _consent, plan = consenting(as_member, clinic.clinic)
    secret = subscribe(clinic, receiver.url)["secret"]
    check_in = risky_check_in(member, plan)

    [request] = receiver.requests
    body, headers = request["body"], request["headers"]
    payload = json.loads(body)
    assert headers["Content-Type"] == "application/json"
    assert headers["Peerway-Event"] == "checkin.risk"
    assert headers["Peerway-Delivery"] == payload["id"]
    assert payload["event"] == "checkin.risk"
    assert payload["data"] == {
        "member_id": str(patient.id),
        "check_in_id": check_in["id"],
        "created_at": payload["data"]["created_at"],
        "signals": ["not_feeling_safe"],
    }
    text = body.decode()
    assert str(member.member.id) not in text and NOTE not in text and member.member.display_name not in text

    assert verify_signature(secret, headers["Peerway-Signature"], body)
    assert not verify_signature(secret, headers["Peerway-Signature"], body.replace(b"risk", b"fine"))
    assert not verify_signature("whsec_another", headers["Peerway-Signature"], body)
    sent_at = int(headers["Peerway-Signature"].split(",")[0].removeprefix("t="))
    assert verify_signature(secret, headers["Peerway-Signature"], body, now=sent_at + 299)
    assert not verify_signature(secret, headers["Peerway-Signature"], body, now=sent_at + 301)  # a replay

    [delivery] = deliveries(db_session)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_verify_signature_refuses_malformed_headers():
    body = b'{"id": "x"}'
    good = sign("whsec_s", body)
    assert verify_signature("whsec_s", good, body.decode())
    for header in (None, "", "v1=abc", "t=now,v1=abc", "t=1", good.replace("v1=", "v0="), "garbage"):
        assert not verify_signature("whsec_s", header, body)
    old = sign("whsec_s", body, timestamp=int(time.time()) - 3600)
    assert not verify_signature("whsec_s", old, body)
    assert verify_signature("whsec_s", f"{old},v1=ignored", body, now=time.time() - 3600)


def test_a_500_is_retried_after_the_back_off_then_delivered_once(
    as_member, as_clinic, receiver, db_session, app
):
    clinic = as_clinic()
    member, _patient, _consent, plan = consenting(as_member, clinic.clinic)
    secret = subscribe(clinic, receiver.url, ["checkin.risk"])["secret"]
    receiver.statuses = [500]
    risky_check_in(member, plan)

    [delivery] = deliveries(db_session)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert delivery.last_error == "Answered HTTP 500."
    wait = (delivery.next_attempt_at - delivery.created_at).total_seconds()
    assert 10 <= wait < 12
    with app.app_context():
        assert send_due() == 0  # not due yet
        assert send_due(now=utcnow() + dt.timedelta(seconds=11)) == 1
    [delivery] = deliveries(db_session)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    assert delivery.next_attempt_at is None and delivery.delivered_at is not None

    later = utcnow() + dt.timedelta(days=1)
    with app.app_context():  # no duplicate: neither the sweeper nor a repeated job sends it again
        assert send_due(now=later) == 0
        assert deliver(str(delivery.id), now=later) is False
        assert deliver(str(delivery.id)) is False
    assert len(receiver.requests) == 2
    assert {r["headers"]["Peerway-Delivery"] for r in receiver.requests} == {str(delivery.id)}
    assert all(
        verify_signature(secret, r["headers"]["Peerway-Signature"], r["body"]) for r in receiver.requests
    )
    log = clinic.get(f"{HOOKS}/{delivery.subscription_id}/deliveries").json["items"]
    assert [(item["status"], item["attempts"]) for item in log] == [("delivered", 2)]


def test_retries_back_off_exponentially_then_the_delivery_fails(
    as_member, as_clinic, receiver, db_session, app
):
    clinic = as_clinic()
    member, _patient, _consent, _plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, receiver.url, ["checkin.risk"])
    receiver.statuses = [503] * 10
    with app.app_context():  # published outside a request: the sweeper sends it
        publish(WebhookEvent.CHECKIN_RISK, member.member.id, {"check_in_id": str(uuid.uuid4())})
        Session.commit()
    assert receiver.requests == []
    now, waits = utcnow(), []
    for _ in range(6):
        with app.app_context():
            assert send_due(now=now) == 1
        [delivery] = deliveries(db_session)
        if delivery.next_attempt_at is None:
            break
        waits.append((delivery.next_attempt_at - now).total_seconds())
        now = delivery.next_attempt_at
    assert waits == list(app.config["WEBHOOK_RETRY_DELAYS"]) == [10, 60, 300, 1800, 7200]
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 6, 503)
    assert len(receiver.requests) == 6
    with app.app_context():
        assert send_due(now=now + dt.timedelta(days=30)) == 0
    assert len(receiver.requests) == 6


def test_the_sweeper_command_sends_what_is_due(as_member, as_clinic, receiver, db_session, app):
    clinic = as_clinic()
    member, _patient, _consent, _plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, receiver.url, ["checkin.risk"])
    with app.app_context():  # published outside a request (a CLI, a job): due for the sweeper
        publish(WebhookEvent.CHECKIN_RISK, member.member.id, {"check_in_id": str(uuid.uuid4())})
        Session.commit()
    result = app.test_cli_runner().invoke(args=["webhooks-retry"])
    assert result.exit_code == 0 and "Handed on 1 " in result.output
    assert [d.status for d in deliveries(db_session)] == ["delivered"] and len(receiver.requests) == 1
    assert "Handed on 0 " in app.test_cli_runner().invoke(args=["webhooks-retry"]).output


def test_redirects_are_not_followed(as_member, as_clinic, receiver, db_session):
    clinic = as_clinic()
    member, _patient, _consent, plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, receiver.url, ["checkin.risk"])
    receiver.statuses = [302]
    risky_check_in(member, plan)
    [delivery] = deliveries(db_session)
    assert (delivery.status, delivery.last_status_code) == ("pending", 302)
    assert "redirects are not followed" in delivery.last_error
    assert len(receiver.requests) == 1


def test_an_unreachable_receiver_is_retried(as_member, as_clinic, receiver, db_session):
    clinic = as_clinic()
    member, _patient, _consent, plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, receiver.url, ["checkin.risk"])
    receiver.server.shutdown()
    receiver.server.server_close()
    risky_check_in(member, plan)
    [delivery] = deliveries(db_session)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert delivery.last_error.startswith("Could not connect")


# --- who gets which event ----------------------------------------------------------------


def test_events_go_only_to_clinics_whose_consent_covers_them(as_member, as_clinic, receiver, db_session):
    covered, no_scope, expired, none = (as_clinic() for _ in range(4))
    member, patient, consent, plan = consenting(as_member, covered.clinic)
    ClinicPatientFactory(clinic=no_scope.clinic, member=member.member)
    ConsentFactory(member=member.member, clinic=no_scope.clinic, scopes=["plans:read"])
    ClinicPatientFactory(clinic=expired.clinic, member=member.member)
    ConsentFactory(member=member.member, clinic=expired.clinic, expires_at=utcnow() - dt.timedelta(days=1))
    for name, clinic in (("covered", covered), ("no_scope", no_scope), ("expired", expired), ("none", none)):
        subscribe(clinic, f"{receiver.url}/{name}")

    risky_check_in(member, plan)
    assert [(r["path"], r["headers"]["Peerway-Event"]) for r in receiver.requests] == [
        ("/hooks/covered", "checkin.risk")
    ]

    assert member.delete(f"/api/v1/members/me/consents/{consent.id}").status_code == 200
    assert [r["path"] for r in receiver.requests[1:]] == ["/hooks/covered"]
    revoked = json.loads(receiver.requests[1]["body"])
    assert revoked["event"] == "consent.revoked"
    assert revoked["data"]["member_id"] == str(patient.id)
    assert revoked["data"]["consent_id"] == str(consent.id)

    risky_check_in(member, plan)  # nothing now: no consent in force covers it
    assert len(receiver.requests) == 2
    assert len(deliveries(db_session)) == 2


def test_a_pending_retry_is_dropped_once_the_consent_is_revoked(
    as_member, as_clinic, receiver, db_session, app
):
    clinic = as_clinic()
    member, _patient, consent, plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, receiver.url)
    receiver.statuses = [500]
    risky_check_in(member, plan)
    assert member.delete(f"/api/v1/members/me/consents/{consent.id}").status_code == 200
    with app.app_context():
        send_due(now=utcnow() + dt.timedelta(minutes=1))
    assert [r["headers"]["Peerway-Event"] for r in receiver.requests] == ["checkin.risk", "consent.revoked"]
    risk, revoked = deliveries(db_session)
    assert (risk.status, risk.attempts) == ("failed", 1)
    assert risk.last_error == "The member's consent no longer covers this event."
    assert revoked.status == "delivered"


def test_a_subscription_gets_only_the_events_it_chose(as_member, as_clinic, receiver):
    clinic = as_clinic()
    member, _patient, _consent, plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, receiver.url, ["plan.updated"])
    risky_check_in(member, plan)
    assert receiver.requests == []


def test_attendance_sends_session_attended_once(group_setup, as_clinic, receiver):
    clinic = as_clinic()
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group)
    came = setup.member()
    patient = ClinicPatientFactory(clinic=clinic.clinic, member=came.member)
    ConsentFactory(member=came.member, clinic=clinic.clinic, scopes=["attendance:read"])
    subscribe(clinic, receiver.url, ["session.attended"])
    came.put(f"/api/v1/sessions/{session.id}/rsvp")
    url = f"/api/v1/sessions/{session.id}/attendance"
    for _ in range(2):  # marking twice tells the clinic once
        assert setup.facilitator.post(url, json={"member_id": str(came.member.id)}).status_code == 200
    [payload] = receiver.payloads()
    assert payload["event"] == "session.attended"
    assert payload["data"]["member_id"] == str(patient.id)
    assert payload["data"]["session_id"] == str(session.id)
    assert str(came.member.id) not in json.dumps(payload)


def test_plan_changes_send_plan_updated_without_their_contents(as_member, as_clinic, receiver):
    clinic = as_clinic()
    member, patient, _consent, plan = consenting(as_member, clinic.clinic, scopes=["plans:read"])
    subscribe(clinic, receiver.url, ["plan.updated"])
    etag = member.get(f"{PLANS}/{plan.id}").headers["ETag"]
    response = member.patch(f"{PLANS}/{plan.id}", json={"title": "Secret title"}, headers={"If-Match": etag})
    assert response.status_code == 200
    [payload] = receiver.payloads()
    assert payload["event"] == "plan.updated"
    assert payload["data"] == {
        "member_id": str(patient.id),
        "plan_id": str(plan.id),
        "entity": "plan",
        "entity_id": str(plan.id),
        "action": "updated",
        "fields": ["title"],
    }
    assert "Secret title" not in json.dumps(payload)


# --- targets (SSRF) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.clinic.example/peerway",
        "http://127.0.0.1:8080/hooks",
        "https://127.0.0.1/hooks",
        "https://10.0.0.5/hooks",
        "https://192.168.1.20/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://[fe80::1]/hooks",
        "https://0.0.0.0/hooks",
        "https://2130706433/hooks",
        "https://localhost/hooks",
        "https://user:pw@example.org/hooks",
        "https://private.clinic.example/hooks",
        "ftp://hooks.clinic.example/x",
        "https:///no-host",
    ],
)
def test_unsafe_targets_are_refused_in_production(url, as_clinic, production, fake_dns, db_session):
    fake_dns["hooks.clinic.example"] = [PUBLIC_IP]
    fake_dns["private.clinic.example"] = ["172.16.4.2"]
    clinic = as_clinic()
    response = clinic.post(HOOKS, json={"url": url, "events": ["checkin.risk"]})
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert list(response.json["errors"]) == ["url"]
    assert "does not resolve" not in response.json["errors"]["url"][0]  # refused for the right reason
    assert db_session.scalar(select(func.count()).select_from(WebhookSubscription)) == 0


def test_a_public_https_target_is_accepted_in_production(as_clinic, production, fake_dns):
    fake_dns["hooks.clinic.example"] = [PUBLIC_IP]
    created = subscribe(as_clinic(), "https://hooks.clinic.example/peerway", ["checkin.risk"])
    assert created["url"] == "https://hooks.clinic.example/peerway"


def test_in_development_http_is_only_for_loopback(as_clinic, fake_dns):
    fake_dns["hooks.clinic.example"] = [PUBLIC_IP]
    response = as_clinic().post(
        HOOKS, json={"url": "http://hooks.clinic.example/x", "events": ["checkin.risk"]}
    )
    assert response.status_code == 422 and "https" in response.json["errors"]["url"][0]


def test_a_host_rebound_to_a_private_address_is_refused_at_delivery(
    as_member, as_clinic, production, fake_dns, db_session
):
    fake_dns["hooks.clinic.example"] = [PUBLIC_IP, "10.0.0.5"]
    clinic = as_clinic()
    member, _patient, _consent, plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, "https://hooks.clinic.example/peerway", ["checkin.risk"])
    risky_check_in(member, plan)
    [delivery] = deliveries(db_session)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert "not public" in delivery.last_error


def test_the_connected_address_is_checked_too(
    as_member, as_clinic, receiver, production, fake_dns, db_session
):
    # Public for both of Peerway's checks, loopback (our receiver) when the connection is made.
    fake_dns["hooks.clinic.example"] = [PUBLIC_IP, PUBLIC_IP, "127.0.0.1"]
    clinic = as_clinic()
    member, _patient, _consent, plan = consenting(as_member, clinic.clinic)
    subscribe(clinic, f"https://hooks.clinic.example:{receiver.port}/hooks", ["checkin.risk"])
    risky_check_in(member, plan)
    [delivery] = deliveries(db_session)
    assert delivery.status == "pending" and "address" in delivery.last_error
    assert receiver.requests == []


# --- the subscription API ----------------------------------------------------------------


def test_subscriptions_are_listed_without_their_secret(as_clinic, receiver):
    clinic = as_clinic()
    created = subscribe(clinic, receiver.url, ["checkin.risk", "consent.revoked"])
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    listed = clinic.get(HOOKS).json
    assert listed["next_cursor"] is None
    assert listed["items"] == [{key: value for key, value in created.items() if key != "secret"}]


def test_events_must_be_known_and_listed_once(as_clinic, receiver):
    clinic = as_clinic()
    for events in ([], ["checkin.risk", "checkin.risk"], ["member.deleted"]):
        response = clinic.post(HOOKS, json={"url": receiver.url, "events": events})
        assert response.status_code == 422 and "events" in json.dumps(response.json["errors"])


def test_creating_honours_idempotency_key(as_clinic, receiver, db_session):
    clinic = as_clinic()
    body = {"url": receiver.url, "events": ["checkin.risk"]}
    first = clinic.post(HOOKS, json=body, headers={"Idempotency-Key": "k-1"})
    again = clinic.post(HOOKS, json=body, headers={"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true" and again.json == first.json
    assert db_session.scalar(select(func.count()).select_from(WebhookSubscription)) == 1


def test_a_clinic_has_at_most_ten_subscriptions(as_clinic, receiver):
    clinic = as_clinic()
    for index in range(10):
        subscribe(clinic, f"{receiver.url}/{index}", ["checkin.risk"])
    response = clinic.post(HOOKS, json={"url": receiver.url, "events": ["checkin.risk"]})
    assert response.status_code == 409


def test_unsubscribing_stops_deliveries_and_drops_pending_retries(
    as_member, as_clinic, receiver, db_session, app
):
    clinic = as_clinic()
    member, _patient, _consent, plan = consenting(as_member, clinic.clinic)
    subscription = subscribe(clinic, receiver.url, ["checkin.risk"])
    receiver.statuses = [500]
    risky_check_in(member, plan)
    assert clinic.delete(f"{HOOKS}/{subscription['id']}").status_code == 204
    [delivery] = deliveries(db_session)
    assert (delivery.status, delivery.last_error) == ("failed", "The subscription was deleted.")
    with app.app_context():
        assert send_due(now=utcnow() + dt.timedelta(days=1)) == 0
    risky_check_in(member, plan)
    assert len(receiver.requests) == 1 and len(deliveries(db_session)) == 1
    assert clinic.get(HOOKS).json["items"] == []
    assert clinic.delete(f"{HOOKS}/{subscription['id']}").status_code == 404
    assert clinic.get(f"{HOOKS}/{subscription['id']}/deliveries").status_code == 404


def test_another_clinics_subscription_is_not_found(as_clinic, receiver, db_session):
    owner, other = as_clinic(), as_clinic()
    subscription = subscribe(owner, receiver.url, ["checkin.risk"])
    assert other.get(HOOKS).json["items"] == []
    assert other.delete(f"{HOOKS}/{subscription['id']}").status_code == 404
    response = other.get(f"{HOOKS}/{subscription['id']}/deliveries")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert owner.get(f"{HOOKS}/{subscription['id']}/deliveries").status_code == 200
    assert db_session.get(WebhookSubscription, uuid.UUID(subscription["id"])).deleted_at is None


def test_member_tokens_and_anonymous_callers_are_refused(member_client, client, as_clinic, receiver):
    subscription = subscribe(as_clinic(), receiver.url, ["checkin.risk"])
    calls = [
        ("get", HOOKS, {}),
        ("post", HOOKS, {"json": {"url": receiver.url, "events": ["checkin.risk"]}}),
        ("delete", f"{HOOKS}/{subscription['id']}", {}),
        ("get", f"{HOOKS}/{subscription['id']}/deliveries", {}),
    ]
    for method, url, kwargs in calls:
        assert getattr(member_client, method)(url, **kwargs).status_code == 403, (method, url)
        assert getattr(client, method)(url, **kwargs).status_code == 401, (method, url)


def test_the_members_export_lists_what_clinics_were_sent(as_member, as_clinic, receiver, app):
    clinic = as_clinic()
    member, patient, _consent, plan = consenting(as_member, clinic.clinic)
    secret = subscribe(clinic, receiver.url, ["checkin.risk"])["secret"]
    risky_check_in(member, plan)
    with app.app_context():
        [sent] = privacy.export_member(member.member)["webhook_deliveries"]
    assert sent["clinic"] == clinic.clinic.name
    assert (sent["event"], sent["status"]) == ("checkin.risk", "delivered")
    assert sent["data"]["member_id"] == str(patient.id)
    assert secret not in json.dumps(sent)


# --- real RQ workers ---------------------------------------------------------------------


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (CI sets it)")
class TestRealWorkers:
    @pytest.fixture
    def db_session(self):
        """The workers share a real database with this test: no outer transaction."""
        yield None

    def test_an_rq_worker_retries_on_its_scheduler_and_sends_once(
        self, app, scratch_database_url, receiver, tmp_path, monkeypatch
    ):
        from redis import Redis
        from rq import Queue
        from rq.job import Job
        from sqlalchemy.orm import Session as OrmSession

        from api.db import Base, make_engine
        from api.models import Member
        from api.services.webhook_security import new_secret

        engine = make_engine(scratch_database_url)
        Base.metadata.create_all(engine)
        queue_name = f"peerway-test-{uuid.uuid4().hex[:8]}"
        queue = Queue(queue_name, connection=Redis.from_url(REDIS_URL))
        monkeypatch.setitem(app.config, "JOB_QUEUE_URL", REDIS_URL)
        monkeypatch.setitem(app.config, "JOB_QUEUE_NAME", queue_name)
        secret = new_secret()
        try:
            Session.remove()
            Session.configure(bind=engine, join_transaction_mode="conditional_savepoint")
            clinic = ClinicFactory()
            member = Member(
                email="w@example.org", password_hash="x", display_name="W", time_zone="Europe/London"
            )
            Session.add(member)
            Session.commit()
            ClinicPatientFactory(clinic=clinic, member=member)
            ConsentFactory(member=member, clinic=clinic)
            Session.add(
                WebhookSubscription(
                    clinic_id=clinic.id, url=receiver.url, events=["checkin.risk"], secret=secret
                )
            )
            Session.commit()
            with app.app_context():  # committed, then queued on RQ by the after-commit hook
                [delivery_id] = publish(WebhookEvent.CHECKIN_RISK, member.id, {"check_in_id": "c1"})
                Session.commit()
        finally:
            Session.remove()
            Session.configure(bind=app.extensions["engine"], join_transaction_mode="conditional_savepoint")
        assert len(queue) == 1

        receiver.statuses = [500]
        self.run_workers(scratch_database_url, queue_name, tmp_path, count=1)
        with OrmSession(engine) as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
        assert len(receiver.requests) == 1
        scheduled = queue.scheduled_job_registry
        [job_id] = scheduled.get_job_ids()
        wait = scheduled.get_scheduled_time(job_id) - dt.datetime.now(dt.UTC)
        assert 5 < wait.total_seconds() <= 10

        # Ten seconds pass: the delivery is due and its scheduled job comes round.
        with OrmSession(engine) as session:
            session.get(WebhookDelivery, delivery_id).next_attempt_at = utcnow() - dt.timedelta(seconds=1)
            session.commit()
        scheduled.schedule(Job.fetch(job_id, connection=queue.connection), utcnow() - dt.timedelta(seconds=1))
        self.run_workers(scratch_database_url, queue_name, tmp_path, count=1)
        with OrmSession(engine) as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
        assert len(receiver.requests) == 2

        for _ in range(4):  # a sweeper and a stale scheduler queue it again: nothing more is sent
            queue.enqueue(deliver, str(delivery_id))
        self.run_workers(scratch_database_url, queue_name, tmp_path, count=2)
        assert len(receiver.requests) == 2
        assert {r["headers"]["Peerway-Delivery"] for r in receiver.requests} == {str(delivery_id)}
        assert all(
            verify_signature(secret, r["headers"]["Peerway-Signature"], r["body"]) for r in receiver.requests
        )
        assert len(queue.failed_job_registry) == 0 and len(scheduled) == 0
        queue.delete(delete_jobs=True)
        engine.dispose()

    @staticmethod
    def run_workers(database_url, queue_name, tmp_path, count):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
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
            for _ in range(count)
        ]
        deadline = time.monotonic() + 120
        for worker in workers:
            worker.wait(timeout=max(1, deadline - time.monotonic()))
            assert worker.returncode == 0, worker.stderr.read().decode()[-2000:]
