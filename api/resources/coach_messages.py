"""Coach messages: member <-> coach, only while the coaching relationship is active."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import get_jwt_identity, jwt_required, verify_jwt_in_request
from flask_limiter.util import get_remote_address
from flask_smorest import Blueprint

from api.db import Session
from api.errors import documents_errors
from api.idempotency import idempotent
from api.permissions import current_member
from api.schemas.coach_messages import (
    CoachMessageCreateSchema,
    CoachMessagePageSchema,
    CoachMessageQuerySchema,
    ReadMarkerSchema,
    ReadReceiptSchema,
    SentCoachMessageSchema,
)
from api.services import (
    coach_messages,
    coach_messages_privacy,  # noqa: F401  (registers export and erasure)
    coach_messages_reads,
)

blp = Blueprint("coach_messages", __name__, url_prefix="/api/v1", description="Coach messages")


def rate_limit_key() -> str:
    """Flask-Limiter's key for sending: the member (shared across instances through Redis),
    or the address when the request carries no valid token (it is refused as 401 next)."""
    try:
        verify_jwt_in_request()
        return f"member:{get_jwt_identity()}"
    except Exception:  # any token problem is answered by the view's jwt_required
        return get_remote_address() or "-"


@blp.route("/coaching-relationships/<uuid:relationship_id>/messages")
class CoachMessages(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listCoachMessages")
    @blp.arguments(CoachMessageQuerySchema, location="query")
    @blp.response(200, CoachMessagePageSchema)
    @documents_errors(blp, 404, 422)
    def get(self, page_args, relationship_id: uuid.UUID):
        """The conversation with my coach (or a member I coach), newest page first

        The member keeps the history after the relationship ends (read-only: `can_write` false,
        `closed_reason` "ended"); a former coach, anyone else and admins get 404.
        """
        return coach_messages.list_messages(relationship_id, current_member(), page_args)

    @blp.doc(operationId="sendCoachMessage")
    @idempotent(blp)
    @blp.arguments(CoachMessageCreateSchema)
    @blp.response(201, SentCoachMessageSchema)
    @documents_errors(blp, 404, 409, 422)
    def post(self, data, relationship_id: uuid.UUID):
        """Send a message, or (coaches) share a directory resource as a card

        Only while the relationship is active (409 otherwise). A message that shows signs of risk
        is sent as usual; its response carries crisis lines for your region (`crisis_resources`),
        and a member's alerts their coach at once.
        """
        sent = coach_messages.send_message(
            relationship_id, current_member(), data.get("body"), data.get("resource_id")
        )
        Session.commit()
        return sent, 201


@blp.route("/coaching-relationships/<uuid:relationship_id>/messages/read")
class CoachMessagesRead(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="markCoachMessagesRead")
    @blp.arguments(ReadMarkerSchema)
    @blp.response(200, ReadReceiptSchema)
    @documents_errors(blp, 404, 422)
    def post(self, data, relationship_id: uuid.UUID):
        """Mark the other party's messages read (all, or up to `up_to`)"""
        receipt = coach_messages_reads.mark_read(relationship_id, current_member(), data.get("up_to"))
        Session.commit()
        return receipt
