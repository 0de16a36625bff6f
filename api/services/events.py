"""Live events: invalidation signals queued on the database transaction, sent after its commit.

An event says only *what changed* (ids and counts, never bodies or names): the SPA refetches
through the normal API, which applies each viewer's authorization (anonymous authors, hidden
posts, content notes), so nothing personal passes through Redis or the stream.

`publish()` appends to `session.info`; a SQLAlchemy `after_commit` hook hands the batch to the
process's broker (`api/live.py`: Redis pub/sub + capped streams, or in-process). A rollback —
of the whole transaction, or of the savepoint the event was published in — drops it.
"""

import logging
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import SessionTransaction

from api.db import Session
from api.event_types import CHANNEL_KINDS, CHANNEL_REGEX, EVENT_TYPES  # noqa: F401  (re-exported)

log = logging.getLogger(__name__)

PENDING_KEY = "live_events"
CHANNEL_PATTERN = re.compile(CHANNEL_REGEX)


@dataclass(frozen=True, slots=True)
class PendingEvent:
    channel: str
    event_type: str
    data: dict
    # The savepoints open when it was published: rolling one of them back drops the event.
    savepoints: tuple[int, ...]


def parse_channel(channel: str) -> tuple[str, uuid.UUID] | None:
    """`("group", UUID(...))` for `group:<uuid>`, or None when the name is not a channel."""
    match = CHANNEL_PATTERN.match(channel or "")
    if not match:
        return None
    try:
        return match.group(1), uuid.UUID(match.group(2))
    except ValueError:
        return None


def channel_name(kind: str, entity_id: uuid.UUID) -> str:
    return f"{kind}:{entity_id}"


def publish(channel: str, event_type: str, data: dict) -> None:
    """Queue a live event on the current database transaction; it is sent after the commit
    (dropped on rollback). `data` holds ids and counts only, never bodies or names."""
    if parse_channel(channel) is None:
        raise ValueError(f"not a live channel: {channel!r}")
    session = Session()
    if not session.in_transaction():
        session.begin()  # so a rollback before any SQL still drops the event
    pending = session.info.setdefault(PENDING_KEY, [])
    pending.append(PendingEvent(channel, event_type, _plain(data), _open_savepoints(session)))


def _plain(data: dict) -> dict:
    """JSON-ready copy: UUIDs become strings; only scalars, lists of scalars and None pass."""
    plain = {}
    for key, value in data.items():
        if isinstance(value, uuid.UUID):
            value = str(value)
        elif isinstance(value, (list, tuple)):
            value = [str(item) if isinstance(item, uuid.UUID) else item for item in value]
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            raise TypeError(f"live event data must be ids and counts, not {type(value).__name__}")
        plain[key] = value
    return plain


def _open_savepoints(session: OrmSession) -> tuple[int, ...]:
    transaction = session.get_nested_transaction()
    chain = []
    while transaction is not None and transaction.nested:
        chain.append(id(transaction))
        transaction = transaction.parent
    return tuple(chain)


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: OrmSession) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    from api import live  # the broker needs the app's configuration; imported late

    try:
        live.current_broker().publish_many([(item.channel, item.event_type, item.data) for item in pending])
    except Exception as error:  # a live signal must never fail the write that caused it
        log.warning("live events not sent (%s events): %s", len(pending), type(error).__name__)


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: OrmSession, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(PENDING_KEY)
    if not pending:
        return
    if not previous_transaction.nested:
        session.info.pop(PENDING_KEY, None)
        return
    rolled_back = id(previous_transaction)
    session.info[PENDING_KEY] = [item for item in pending if rolled_back not in item.savepoints]


@event.listens_for(Session, "after_transaction_end")
def _drop_unsent(session: OrmSession, transaction: SessionTransaction) -> None:
    # A session closed without commit (teardown after an error) ends the transaction silently.
    if transaction.parent is None and not transaction.nested:
        session.info.pop(PENDING_KEY, None)
