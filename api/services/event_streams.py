"""Reading live events for one ticket: the Server-Sent Events stream and the polling fallback.

The stream is plain text (`id:`, `event:`, `data:` lines), made here without Flask so a test can
read it directly. It ends after a bounded lifetime: the client reconnects with a new ticket,
which re-checks its sign-in and channels. Within its lifetime it re-checks them too, every
`recheck_seconds`, and ends (`stream.end`, reason `revoked`) once they fail: a coach whose
relationship ended, a member removed from a group, a revoked sign-in or a ban stops the events.
"""

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from api.live import Batch, LiveEvent
from api.services.event_tickets import StreamGrant, grant_still_valid

RESET_EVENT = "stream.reset"  # the history no longer reaches the client's position: refetch all
END_EVENT = "stream.end"  # the lifetime is over: ask for a new ticket and reconnect
RECENT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class StreamSettings:
    heartbeat_seconds: float = 15.0
    lifetime_seconds: float = 600.0
    retry_ms: int = 3000
    recheck_seconds: float = 60.0  # how often an open stream re-checks its sign-in and channels


@dataclass(frozen=True, slots=True)
class RecentEvents:
    """The polling fallback's answer: events after `after`, and where to continue from."""

    items: tuple[LiveEvent, ...]
    last_event_id: str
    reset: bool


def parse_event_id(raw: str | None) -> int | None:
    """A client's Last-Event-ID, or None when absent or not one of ours."""
    if raw is None or not raw.strip().isdigit() or len(raw.strip()) > 18:
        return None
    return int(raw.strip())


def format_event(event_id: int | None, event_type: str, data: dict) -> str:
    lines = [] if event_id is None else [f"id: {event_id}"]
    lines += [f"event: {event_type}", "data: " + json.dumps(data, separators=(",", ":")), "", ""]
    return "\n".join(lines)


def _event_data(event: LiveEvent) -> dict:
    return {"channel": event.channel, **event.data}


def stream(
    grant: StreamGrant,
    last_event_id: int | None,
    broker,
    settings: StreamSettings,
    still_allowed: Callable[[StreamGrant], bool] = grant_still_valid,
) -> Iterator[str]:
    """The stream's text, chunk by chunk, until its lifetime ends, its grant no longer holds
    (re-checked every `settings.recheck_seconds`), or the client goes away."""
    deadline = time.monotonic() + settings.lifetime_seconds
    next_check = time.monotonic() + settings.recheck_seconds
    cursor = broker.latest_id() if last_event_id is None else last_event_id
    # The `retry:` hint, and a first comment so proxies and the browser see the stream open at once.
    yield f"retry: {settings.retry_ms}\n: open\n\n"
    while True:
        now = time.monotonic()
        remaining = deadline - now
        if remaining <= 0:
            yield format_event(None, END_EVENT, {"reason": "lifetime"})
            return
        if now >= next_check:
            if not still_allowed(grant):
                yield format_event(None, END_EVENT, {"reason": "revoked"})
                return
            next_check = time.monotonic() + settings.recheck_seconds
        wait = min(settings.heartbeat_seconds, remaining, max(next_check - now, 0.0))
        batch: Batch = broker.read(grant.channels, cursor, wait)
        if batch.reset:
            yield format_event(batch.cursor, RESET_EVENT, {})
        for event in batch.events:
            yield format_event(event.id, event.type, _event_data(event))
        if not batch.events and not batch.reset:
            yield ": heartbeat\n\n"
        cursor = batch.cursor


def recent(grant: StreamGrant, after: int | None, broker) -> RecentEvents:
    """Events after `after` on the ticket's channels, without waiting (the polling fallback)."""
    if after is None:
        return RecentEvents((), str(broker.latest_id()), False)
    batch = broker.recent(grant.channels, after)
    items = batch.events[:RECENT_LIMIT]
    cursor = items[-1].id if len(batch.events) > RECENT_LIMIT else batch.cursor
    return RecentEvents(items, str(cursor), batch.reset)
