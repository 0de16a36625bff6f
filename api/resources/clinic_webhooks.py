"""Partner clinics' webhook subscriptions and their delivery log.

How deliveries are signed, retried and guarded: `api/services/webhooks.py`.
"""

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlalchemy import func, select, update

from api import privacy
from api.clinic_auth import clinic_scope_required, current_client
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.clinics import Clinic, DeliveryStatus, WebhookDelivery, WebhookSubscription
from api.pagination import PageArgsSchema, page_schema, paginate_newest_first
from api.schemas.webhooks import (
    WebhookDeliverySchema,
    WebhookSubscriptionCreatedSchema,
    WebhookSubscriptionSchema,
)
from api.services.audit import audit
from api.services.webhook_security import TargetRefused, check_target, new_secret

blp = Blueprint(
    "clinic_webhooks",
    __name__,
    url_prefix="/api/v1/clinic/webhooks",
    description="Partner clinics: signed webhook deliveries",
)
SubscriptionPageSchema = page_schema(WebhookSubscriptionSchema, "WebhookSubscriptionPage")
DeliveryPageSchema = page_schema(WebhookDeliverySchema, "WebhookDeliveryPage")
MAX_SUBSCRIPTIONS = 10


@blp.route("")
class Subscriptions(MethodView):
    @blp.doc(operationId="listWebhookSubscriptions")
    @clinic_scope_required(blp, None)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SubscriptionPageSchema)
    @documents_errors(blp, 401, 403, 422)
    def get(self, page_args):
        """My clinic's webhook subscriptions, newest first (secrets are never shown again)"""
        return paginate_newest_first(_live().where(_mine()), WebhookSubscription, page_args)

    @blp.doc(operationId="createWebhookSubscription")
    @clinic_scope_required(blp, None)
    @idempotent(blp)
    @blp.arguments(WebhookSubscriptionSchema)
    @blp.response(201, WebhookSubscriptionCreatedSchema)
    @documents_errors(blp, 401, 403, 409, 422)
    def post(self, data):
        """Subscribe a URL to events: the signing secret is in this response only

        Each delivery is a POST of JSON signed in `Peerway-Signature: t=<unix time>,v1=<hex>`,
        the HMAC-SHA256 of `<t>.<raw body>` with the secret; refuse timestamps more than five
        minutes off. `Peerway-Delivery` stays the same across retries (after 10 s, 1 min, 5 min,
        30 min and 2 h) so you can drop repeats. Answer 2xx quickly; redirects are not followed.
        Events about a member arrive only while their consent covers the event's scope.
        """
        clinic_id = current_client().clinic_id
        try:
            check_target(data["url"])
        except TargetRefused as refused:
            abort(422, errors={"url": [str(refused)]})
        count = Session.scalar(
            select(func.count()).select_from(WebhookSubscription).where(_mine(), _is_live())
        )
        if count >= MAX_SUBSCRIPTIONS:
            abort(409, message=f"A clinic has at most {MAX_SUBSCRIPTIONS} subscriptions; delete one first.")
        subscription = WebhookSubscription(clinic_id=clinic_id, secret=new_secret(), **data)
        Session.add(subscription)
        Session.flush()
        audit(
            "webhook.subscribed",
            "webhook_subscription",
            subscription.id,
            clinic_id=str(clinic_id),
            events=data["events"],
        )
        Session.commit()
        return subscription, 201


@blp.route("/<uuid:subscription_id>")
class SubscriptionById(MethodView):
    @blp.doc(operationId="deleteWebhookSubscription")
    @clinic_scope_required(blp, None)
    @blp.response(204)
    @documents_errors(blp, 401, 403, 404)
    def delete(self, subscription_id: uuid.UUID):
        """Unsubscribe: nothing more is sent, and pending retries are dropped"""
        subscription = _subscription(subscription_id)
        subscription.deleted_at = utcnow()
        Session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.subscription_id == subscription.id,
                WebhookDelivery.status == DeliveryStatus.PENDING,
            )
            .values(
                status=DeliveryStatus.FAILED.value,
                next_attempt_at=None,
                last_error="The subscription was deleted.",
            )
        )
        audit(
            "webhook.unsubscribed",
            "webhook_subscription",
            subscription.id,
            clinic_id=str(subscription.clinic_id),
        )
        Session.commit()


@blp.route("/<uuid:subscription_id>/deliveries")
class Deliveries(MethodView):
    @blp.doc(operationId="listWebhookDeliveries")
    @clinic_scope_required(blp, None)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, DeliveryPageSchema)
    @documents_errors(blp, 401, 403, 404, 422)
    def get(self, page_args, subscription_id: uuid.UUID):
        """The delivery log of a subscription, newest first: status, attempts and the last answer"""
        subscription = _subscription(subscription_id)
        stmt = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id)
        return paginate_newest_first(stmt, WebhookDelivery, page_args)


def _is_live():
    return WebhookSubscription.deleted_at.is_(None)


def _live():
    return select(WebhookSubscription).where(_is_live())


def _mine():
    return WebhookSubscription.clinic_id == current_client().clinic_id


def _subscription(subscription_id: uuid.UUID) -> WebhookSubscription:
    """A live subscription of the caller's clinic; another clinic's looks the same as none."""
    subscription = Session.scalars(_live().where(_mine(), WebhookSubscription.id == subscription_id)).first()
    if subscription is None:
        abort(404, message="No such webhook subscription.")
    return subscription


def _export(member) -> list[dict]:
    """What was sent to clinics about the member (the payload names them by a pseudonym)."""
    rows = Session.execute(
        select(WebhookDelivery, Clinic.name)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .join(Clinic, Clinic.id == WebhookSubscription.clinic_id)
        .where(WebhookDelivery.member_id == member.id)
        .order_by(WebhookDelivery.created_at)
    )
    return [
        {
            "clinic": clinic_name,
            "event": delivery.event,
            "data": delivery.payload.get("data"),
            "status": delivery.status,
            "created_at": delivery.created_at.isoformat(),
            "delivered_at": delivery.delivered_at and delivery.delivered_at.isoformat(),
        }
        for delivery, clinic_name in rows
    ]


privacy.register(privacy.PersonalData("webhook_deliveries", ("webhook_deliveries",), _export))
