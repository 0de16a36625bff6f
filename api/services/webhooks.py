"""Webhooks for partner clinics: events, and deliveries with retries.

Publishing: `publish(event, member_id, data)` runs inside the caller's transaction. It writes one
`WebhookDelivery` per clinic whose consent in force covers the event's scope and that subscribes
to the event, and notes the new ids in the SQLAlchemy session's `info`. A listener on the
session's `after_commit` hands them on only once the rows are committed (a rollback forgets
them), so no job ever looks for a row that is not there yet, and callers need do nothing after
their commit. With RQ the ids are queued right there (Redis only, no SQL). Inline (no Redis) the
session can run no SQL inside `after_commit`, so they are sent when the request finishes
(`after_this_request`). Whatever misses both (Redis down, a publish outside a request) stays due
in the table, and `flask webhooks-retry` sends it.

Delivering: `deliver(delivery_id)` claims the row with one conditional UPDATE (pending and due, so
leased for a while), so two workers never both send it. A 2xx marks it delivered. Anything else
schedules the next attempt after WEBHOOK_RETRY_DELAYS (with RQ by `enqueue_in`, which a worker
started with its scheduler picks up; inline by `flask webhooks-retry`); after the last one it
fails. `Peerway-Delivery` is the same on every attempt, so a receiver can drop a repeat.

Each request is signed and its target checked as `api/services/webhook_security.py` describes;
redirects are not followed.
"""

import datetime as dt
import json
import logging
import uuid
from contextlib import contextmanager

import requests
from flask import after_this_request, current_app, has_app_context, has_request_context
from redis import Redis
from rq import Queue
from sqlalchemy import event, or_, select, update

from api.db import Session, new_id, utcnow
from api.jobs import enqueue, job_app
from api.models.clinics import (
    Clinic,
    ClinicScope,
    Consent,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from api.models.coaching_plans import CoachingPlan
from api.services.consents import clinics_consenting_to, patient_for
from api.services.webhook_security import (  # noqa: F401  (sign, verify_signature: for receivers)
    TargetPolicy,
    TargetRefused,
    check_target,
    guarded_http,
    sign,
    verify_signature,
)

log = logging.getLogger(__name__)

SCOPE_OF_EVENT = {
    WebhookEvent.CHECKIN_RISK: ClinicScope.CHECKINS_READ,
    WebhookEvent.SESSION_ATTENDED: ClinicScope.ATTENDANCE_READ,
    WebhookEvent.PLAN_UPDATED: ClinicScope.PLANS_READ,
}
PENDING = "webhook_deliveries"  # key in Session.info: ids written in the open transaction
LEASE_MARGIN = dt.timedelta(seconds=60)  # a claimed attempt is retried after this if its worker died
SWEEP_BATCH = 500
USER_AGENT = "Peerway-Webhooks/1.0"


# --- Publishing --------------------------------------------------------------------------


def publish(event_name: WebhookEvent, member_id: uuid.UUID, data: dict) -> list[uuid.UUID]:
    """Write deliveries of an event about the member to every clinic entitled to it.

    Only clinics whose consent in force covers the event's scope, and that subscribe to it, get
    one; the payload names the member by that clinic's pseudonymous id. Sent after commit.
    """
    scope = SCOPE_OF_EVENT[WebhookEvent(event_name)]
    patients = {patient.clinic_id: patient for patient, _consent in clinics_consenting_to(member_id, scope)}
    return _write_deliveries(WebhookEvent(event_name), member_id, patients, data)


def publish_consent_revoked(consent: Consent) -> list[uuid.UUID]:
    """Tell the consent's clinic, and only it, that the member revoked the consent."""
    patient = patient_for(consent.clinic_id, consent.member_id)
    data = {"consent_id": str(consent.id), "revoked_at": _iso(consent.revoked_at or utcnow())}
    return _write_deliveries(
        WebhookEvent.CONSENT_REVOKED, consent.member_id, {consent.clinic_id: patient}, data
    )


def publish_check_in_risk(check_in) -> None:
    """A check-in signalled risk: which signal, never the note or the answers."""
    check_in.id = check_in.id or new_id()
    check_in.created_at = check_in.created_at or utcnow()
    phq9 = (check_in.answers or {}).get("phq9")
    signals = (["not_feeling_safe"] if check_in.feels_safe is False else []) + (
        ["phq9_item9"] if phq9 and phq9[8] > 0 else []
    )
    data = {"check_in_id": str(check_in.id), "created_at": _iso(check_in.created_at), "signals": signals}
    publish(WebhookEvent.CHECKIN_RISK, check_in.member_id, data)


def publish_attended(rsvp) -> None:
    """The member was marked as having attended a session."""
    data = {
        "session_id": str(rsvp.session_id),
        "starts_at": _iso(rsvp.session.starts_at),
        "checked_in_at": _iso(rsvp.checked_in_at or utcnow()),
    }
    publish(WebhookEvent.SESSION_ATTENDED, rsvp.member_id, data)


def publish_plan_change(plan_id: uuid.UUID, entity: str, entity_id: uuid.UUID, action: str, fields) -> None:
    """A plan, goal or step changed: what and which fields, never their contents."""
    member_id = Session.scalar(select(CoachingPlan.member_id).where(CoachingPlan.id == plan_id))
    if member_id is None:
        return
    data = {
        "plan_id": str(plan_id),
        "entity": entity,
        "entity_id": str(entity_id),
        "action": action,
        "fields": list(fields),
    }
    publish(WebhookEvent.PLAN_UPDATED, member_id, data)


def _write_deliveries(event_name: WebhookEvent, member_id, patients: dict, data: dict) -> list[uuid.UUID]:
    if not patients:
        return []
    subscriptions = Session.scalars(
        select(WebhookSubscription)
        .join(Clinic, Clinic.id == WebhookSubscription.clinic_id)
        .where(
            WebhookSubscription.clinic_id.in_(list(patients)),
            WebhookSubscription.deleted_at.is_(None),
            Clinic.retired_at.is_(None),
        )
    ).all()
    now, ids = utcnow(), []
    for subscription in subscriptions:
        if event_name.value not in subscription.events:
            continue
        delivery_id = new_id()
        payload = {
            "id": str(delivery_id),
            "event": event_name.value,
            "created_at": _iso(now),
            "data": dict(member_id=str(patients[subscription.clinic_id].id), **data),
        }
        Session.add(
            WebhookDelivery(
                id=delivery_id,
                subscription_id=subscription.id,
                member_id=member_id,
                event=event_name.value,
                payload=payload,
                status=DeliveryStatus.PENDING.value,
                next_attempt_at=now,  # due at once: the sweeper catches it if the hand-off is lost
                created_at=now,
            )
        )
        ids.append(delivery_id)
    Session().info.setdefault(PENDING, []).extend(ids)
    return ids


@event.listens_for(Session, "after_commit")
def _hand_on_committed(session) -> None:
    ids = session.info.pop(PENDING, None)
    if not ids or not has_app_context():
        return
    if current_app.config.get("JOB_QUEUE_URL"):
        try:
            for delivery_id in ids:
                enqueue(deliver, str(delivery_id))
        except Exception:  # the rows stay due: `flask webhooks-retry` hands them on
            log.warning("could not queue %d webhook deliveries", len(ids), exc_info=True)
    elif has_request_context():
        app = current_app._get_current_object()

        @after_this_request
        def send_after_response(response):
            # After the response has gone: a slow receiver never delays the member (a check-in
            # that signals risk must answer at once with crisis lines).
            response.call_on_close(lambda: _send_inline(app, ids))
            return response


def _send_inline(app, ids) -> None:
    with app.app_context():
        try:
            for delivery_id in ids:
                try:
                    deliver(str(delivery_id))
                except Exception:  # one failed hand-off must not stop the others
                    log.exception("webhook delivery %s failed to run", delivery_id)
        finally:
            Session.remove()


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop(PENDING, None)


# --- Delivering --------------------------------------------------------------------------


def deliver(delivery_id: str, now: dt.datetime | None = None) -> bool:
    """Job: one attempt at a delivery if it is pending, due and unclaimed; True when delivered."""
    with _app_context():
        return _attempt(uuid.UUID(str(delivery_id)), now or utcnow())


def send_due(now: dt.datetime | None = None) -> int:
    """Hand on every pending delivery whose attempt is due (queue it, or send it inline)."""
    now = now or utcnow()
    due = Session.scalars(
        select(WebhookDelivery.id)
        .where(WebhookDelivery.status == DeliveryStatus.PENDING, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(SWEEP_BATCH)
    ).all()
    Session.commit()
    for delivery_id in due:
        if current_app.config.get("JOB_QUEUE_URL"):
            enqueue(deliver, str(delivery_id))
        else:
            deliver(str(delivery_id), now)
    return len(due)


def _attempt(delivery_id: uuid.UUID, now: dt.datetime) -> bool:
    lease = dt.timedelta(seconds=2 * current_app.config["WEBHOOK_TIMEOUT_SECONDS"]) + LEASE_MARGIN
    claimed = Session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookDelivery.status == DeliveryStatus.PENDING,
            or_(WebhookDelivery.next_attempt_at.is_(None), WebhookDelivery.next_attempt_at <= now),
        )
        .values(next_attempt_at=now + lease)
        .execution_options(synchronize_session=False)
    ).rowcount
    Session.commit()
    if not claimed:
        return False
    delivery = Session.get(WebhookDelivery, delivery_id, populate_existing=True)
    subscription = Session.get(WebhookSubscription, delivery.subscription_id)
    withheld = _withheld(delivery, subscription)
    if withheld:
        return _record(delivery, None, withheld, now, give_up=True)
    try:
        status_code, error = _post(subscription, delivery), None
    except TargetRefused as refused:
        status_code, error = None, str(refused)
    except requests.Timeout:
        status_code, error = None, "Timed out."
    except requests.RequestException as failure:
        status_code, error = None, f"Could not connect ({type(failure).__name__})."
    except Exception:  # counted as an attempt, so a persistent fault ends in `failed`
        log.exception("webhook delivery %s: unexpected error", delivery_id)
        status_code, error = None, "Peerway could not send it (an internal error)."
    return _record(delivery, status_code, error, now)


def _withheld(delivery: WebhookDelivery, subscription: WebhookSubscription) -> str | None:
    """Why a retry must not go out any more, if it must not: nothing is sent after revocation."""
    if subscription.deleted_at is not None:
        return "The subscription was deleted."
    if Session.get(Clinic, subscription.clinic_id).retired_at is not None:
        return "The clinic was retired."
    scope = SCOPE_OF_EVENT.get(WebhookEvent(delivery.event))
    if scope is None or delivery.member_id is None:  # consent.revoked goes out regardless
        return None
    consenting = {patient.clinic_id for patient, _ in clinics_consenting_to(delivery.member_id, scope)}
    if subscription.clinic_id not in consenting:
        return "The member's consent no longer covers this event."
    return None


def _record(delivery, status_code, error, now, give_up=False) -> bool:
    delays = current_app.config["WEBHOOK_RETRY_DELAYS"]
    attempts = delivery.attempts + (0 if give_up else 1)
    ok = status_code is not None and 200 <= status_code < 300
    if status_code is not None and not ok:
        error = f"Answered HTTP {status_code}" + (
            " (redirects are not followed)." if status_code < 400 else "."
        )
    values = {"attempts": attempts, "last_status_code": status_code, "last_error": error and error[:300]}
    retry_in = None
    if ok:
        values.update(status=DeliveryStatus.DELIVERED.value, delivered_at=now, next_attempt_at=None)
    elif give_up or attempts > len(delays):
        values.update(status=DeliveryStatus.FAILED.value, next_attempt_at=None)
    else:
        retry_in = delays[attempts - 1]
        values["next_attempt_at"] = now + dt.timedelta(seconds=retry_in)
    Session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery.id, WebhookDelivery.attempts == delivery.attempts)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    Session.commit()
    if retry_in is not None:
        _schedule(delivery.id, retry_in)
    return ok


def _schedule(delivery_id: uuid.UUID, seconds: int) -> None:
    """With RQ, queue the retry for later; inline, `flask webhooks-retry` sends it when due."""
    redis_url = current_app.config.get("JOB_QUEUE_URL")
    if not redis_url:
        return
    try:
        queue = Queue(current_app.config["JOB_QUEUE_NAME"], connection=Redis.from_url(redis_url))
        queue.enqueue_in(dt.timedelta(seconds=seconds), deliver, str(delivery_id), job_timeout=60)
    except Exception:  # still due in the table: the sweeper picks it up
        log.warning("could not schedule webhook retry %s", delivery_id, exc_info=True)


def _post(subscription: WebhookSubscription, delivery: WebhookDelivery) -> int:
    policy = TargetPolicy.from_config()
    scheme = check_target(subscription.url, policy)  # again: DNS may have changed since
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Peerway-Event": delivery.event,
        "Peerway-Delivery": str(delivery.id),
        "Peerway-Signature": sign(subscription.secret, body),
    }
    with guarded_http(policy, scheme) as http:
        response = http.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"],
            allow_redirects=False,
            stream=True,  # the status is all we read
        )
        response.close()
    return response.status_code


@contextmanager
def _app_context():
    """Inline, the caller's app context (and session); in a worker, the worker's app."""
    if has_app_context():
        yield
        return
    with job_app().app_context():
        yield


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()
