"""Live updates: a short-lived ticket, then a Server-Sent Events stream (or polling)."""

from flask import current_app, request
from flask.views import MethodView
from flask_jwt_extended import get_jwt, jwt_required
from flask_smorest import Blueprint

from api import live
from api.db import Session
from api.errors import documents_errors
from api.permissions import current_member
from api.schemas.events import (
    RecentArgsSchema,
    RecentEventsSchema,
    StreamArgsSchema,
    TicketRequestSchema,
    TicketSchema,
)
from api.services import event_streams, event_tickets
from api.services.event_streams import StreamSettings, parse_event_id
from api.tokens import SESSION_CLAIM

blp = Blueprint("events", __name__, url_prefix="/api/v1/events", description="Live updates")

STREAM_DESCRIPTION = """A Server-Sent Events stream (`text/event-stream`). Each event has an `id:`
(resume with the `Last-Event-ID` header or the `last_event_id` parameter), an `event:` type and
`data:` JSON holding the `channel` and ids or counts only — never a body or a name: refetch through
the API, which applies what you may see. Types: on `group:<id>` `thread.created`, `thread.updated`,
`post.created`, `post.updated`, `post.hidden`, `post.restored`, `reaction.changed`; on
`relationship:<id>` `message.created`, `message.read`; on `member:<id>` `notification.created`
(with `unread_count`). `stream.reset`: the history no longer reaches your position, refetch all.
`stream.end`: the stream's lifetime (10 minutes) is over (`reason: lifetime`), or its sign-in or a
channel is no longer allowed (`reason: revoked`, checked every minute): get a new ticket and
reconnect (a ticket opens one stream; the polling fallback may reuse it until it expires).
Comment lines (`: heartbeat`) keep the connection open every ~15 seconds."""
EVENT_STREAM = {
    "content": {
        "text/event-stream": {
            "schema": {"type": "string"},
            "example": 'retry: 3000\n\nid: 1043\nevent: post.created\ndata: {"channel":"group:3f2a…",'
            '"thread_id":"7a6b…","post_id":"1b2c…"}\n\n: heartbeat\n\n',
        }
    }
}


def _settings() -> StreamSettings:
    """The stream's timings from the app's configuration (`Config.LIVE_*`): the service reads none."""
    config = current_app.config
    return StreamSettings(
        heartbeat_seconds=config["LIVE_HEARTBEAT_SECONDS"],
        lifetime_seconds=config["LIVE_STREAM_LIFETIME_SECONDS"],
        retry_ms=config["LIVE_RETRY_MS"],
        recheck_seconds=config["LIVE_RECHECK_SECONDS"],
    )


@blp.route("/tickets")
class StreamTickets(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="createEventTicket")
    @blp.arguments(TicketRequestSchema)
    @blp.response(201, TicketSchema)
    @documents_errors(blp, 401, 403, 404, 422)
    def post(self, data):
        """A ticket to open the live-event stream for these channels (valid 60 seconds)"""
        ticket = event_tickets.issue_ticket(
            current_member(), get_jwt()[SESSION_CLAIM], data["channels"], current_app.config["JWT_SECRET_KEY"]
        )
        return {
            "ticket": ticket.ticket,
            "expires_at": ticket.expires_at,
            "channels": list(ticket.channels),
            "stream_url": f"{blp.url_prefix}?ticket={ticket.ticket}",
        }


@blp.route("")
class EventStream(MethodView):
    @blp.doc(
        operationId="streamEvents",
        security=[],
        responses={"200": {"description": STREAM_DESCRIPTION, **EVENT_STREAM}},
    )
    @blp.arguments(StreamArgsSchema, location="query")
    @documents_errors(blp, 401, 403, 404, 422)
    def get(self, query):
        """Live events for a ticket, as Server-Sent Events (the ticket is the credential)"""
        grant = event_tickets.redeem_ticket(query["ticket"], current_app.config["JWT_SECRET_KEY"])
        event_tickets.claim_for_stream(grant, live.current_broker())
        Session.remove()  # hold no database connection for the stream's lifetime (re-checks open their own)
        last_event_id = parse_event_id(request.headers.get("Last-Event-ID") or query.get("last_event_id"))
        body = event_streams.stream(grant, last_event_id, live.current_broker(), _settings())
        response = current_app.response_class(body, mimetype="text/event-stream")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
        return response


@blp.route("/recent")
class RecentEvents(MethodView):
    @blp.doc(operationId="listRecentEvents", security=[])
    @blp.arguments(RecentArgsSchema, location="query")
    @blp.response(200, RecentEventsSchema)
    @documents_errors(blp, 401, 403, 404, 422)
    def get(self, query):
        """Live events after an id, as JSON: the polling fallback for clients without streams

        Each poll re-checks the ticket's sign-in and channels; unlike the stream, a poll may reuse
        its ticket until the ticket expires (60 seconds)."""
        grant = event_tickets.redeem_ticket(query["ticket"], current_app.config["JWT_SECRET_KEY"])
        Session.remove()
        return event_streams.recent(grant, parse_event_id(query.get("after")), live.current_broker())
