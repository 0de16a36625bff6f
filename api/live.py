"""Fan-out of live events to the processes that hold Server-Sent Events streams.

Every process keeps a `Hub`: a ring buffer of the newest events (all channels) and a condition
variable that wakes the stream threads waiting on it. What fills the hub depends on REDIS_URL:

- Unset (embedded default, one process): `publish_many` appends to the hub directly.
- Set: a Lua script takes the next id from one counter, appends the event to the channel's Redis
  Stream (`MAXLEN ~ 500`, a TTL) and PUBLISHes it on one pub/sub channel, atomically, so ids
  rise in the order events become visible everywhere. One listener thread per process follows
  that pub/sub channel into its hub: a process holds one Redis connection however many streams
  it serves (an `XREAD BLOCK` per stream would hold one each). The streams are the replay
  history: a client resuming from a `Last-Event-ID` the hub does not cover (another instance,
  a restart, a pub/sub reconnect) is replayed from them first.

Event ids are one integer sequence; a client's position is one number whatever channels it follows.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass

from flask import current_app, has_app_context

log = logging.getLogger(__name__)

HUB_SIZE = 2000
STREAM_MAXLEN = 500
STREAM_TTL_SECONDS = 24 * 3600
KEY_PREFIX = "peerway:live:"
SEQUENCE_KEY = KEY_PREFIX + "seq"
PUBSUB_CHANNEL = KEY_PREFIX + "events"

# KEYS: sequence, pub/sub channel, then one stream per event; ARGV: maxlen, ttl, then
# (channel, type, data) per event. Returns the ids given.
PUBLISH_SCRIPT = """
local ids = {}
for i = 3, #KEYS do
  local base = 3 + (i - 3) * 3
  local id = redis.call('INCR', KEYS[1])
  redis.call('XADD', KEYS[i], 'MAXLEN', '~', ARGV[1], id .. '-0',
             'channel', ARGV[base], 'type', ARGV[base + 1], 'data', ARGV[base + 2])
  redis.call('EXPIRE', KEYS[i], ARGV[2])
  redis.call('PUBLISH', KEYS[2], cjson.encode({id = id, channel = ARGV[base],
             type = ARGV[base + 1], data = ARGV[base + 2]}))
  ids[#ids + 1] = id
end
return ids
"""


@dataclass(frozen=True, slots=True)
class LiveEvent:
    id: int
    channel: str
    type: str
    data: dict


@dataclass(frozen=True, slots=True)
class Batch:
    """What a reader gets: events after its cursor, its new cursor, or `reset` when the history
    no longer reaches back to the cursor (the client must refetch everything it shows)."""

    events: tuple[LiveEvent, ...]
    cursor: int
    reset: bool = False


class Hub:
    """The newest events of this process, oldest first, and the threads waiting for more."""

    def __init__(self, size: int = HUB_SIZE, floor: int | None = 0) -> None:
        self._events: deque[LiveEvent] = deque(maxlen=size)
        self._condition = threading.Condition()
        # Every event with an id above `floor` is in the ring; None: coverage unknown (Redis away).
        self.floor = floor
        self.latest = floor or 0

    def append(self, event: LiveEvent) -> None:
        with self._condition:
            if event.id <= self.latest and self.floor is not None:
                return  # already have it
            if len(self._events) == self._events.maxlen:
                self.floor = self._events[0].id
            self._events.append(event)
            self.latest = max(self.latest, event.id)
            self._condition.notify_all()

    def restart_coverage(self, floor: int | None) -> None:
        with self._condition:
            self._events.clear()
            self.floor = floor
            if floor is not None:
                self.latest = max(self.latest, floor)
            self._condition.notify_all()

    def covers(self, cursor: int) -> bool:
        return self.floor is not None and cursor >= self.floor

    def wait(self, channels: frozenset[str], cursor: int, timeout: float) -> list[LiveEvent] | None:
        """Events after `cursor` on `channels`, waiting up to `timeout`; None when the ring no
        longer covers the cursor."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                if not self.covers(cursor):
                    return None
                found = self._after(channels, cursor)
                remaining = deadline - time.monotonic()
                if found or remaining <= 0:
                    return found
                self._condition.wait(remaining)

    def _after(self, channels: frozenset[str], cursor: int) -> list[LiveEvent]:
        found = []
        for event in reversed(self._events):  # newest first: a reader is usually near the end
            if event.id <= cursor:
                break
            if event.channel in channels:
                found.append(event)
        found.reverse()
        return found


class OnceSet:
    """Keys claimed once each, forgotten after their time to live (tickets already spent, when
    there is no Redis to remember them across instances)."""

    def __init__(self) -> None:
        self._expiries: dict[str, float] = {}
        self._lock = threading.Lock()

    def claim(self, key: str, ttl_seconds: float) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._expiries) > 1000:  # at most one entry per stream opened a minute: prune now and then
                self._expiries = {k: expiry for k, expiry in self._expiries.items() if expiry > now}
            if self._expiries.get(key, 0.0) > now:
                return False
            self._expiries[key] = now + ttl_seconds
            return True


class MemoryBroker:
    """One process: the hub is the whole history."""

    def __init__(self, hub_size: int = HUB_SIZE) -> None:
        self.hub = Hub(hub_size)
        self._lock = threading.Lock()
        self._claims = OnceSet()

    def claim_once(self, key: str, ttl_seconds: int) -> bool:
        """True the first time `key` is claimed within `ttl_seconds`, False after."""
        return self._claims.claim(key, ttl_seconds)

    def publish_many(self, events: list[tuple[str, str, dict]]) -> None:
        with self._lock:
            for channel, event_type, data in events:
                self.hub.append(LiveEvent(self.hub.latest + 1, channel, event_type, data))

    def latest_id(self) -> int:
        return self.hub.latest

    def read(self, channels: frozenset[str], cursor: int, timeout: float) -> Batch:
        found = self.hub.wait(channels, cursor, timeout)
        if found is None:
            return Batch((), self.hub.latest, reset=True)
        return Batch(tuple(found), found[-1].id if found else cursor)

    def recent(self, channels: frozenset[str], cursor: int) -> Batch:
        return self.read(channels, cursor, 0)


class RedisBroker:
    """Redis pub/sub across instances, Redis Streams as the replay history."""

    def __init__(self, redis_url: str, hub_size: int = HUB_SIZE) -> None:
        from redis import Redis

        self.redis = Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._listener_redis = Redis.from_url(redis_url, socket_connect_timeout=0.5, health_check_interval=30)
        self._script = self.redis.register_script(PUBLISH_SCRIPT)
        # Pub/sub channels are server-wide, not per database: two deployments (or test runs)
        # sharing one Redis server on different databases must not hear each other's events.
        database = self.redis.connection_pool.connection_kwargs.get("db", 0)
        self.pubsub_channel = f"{PUBSUB_CHANNEL}:db{database}"
        self.hub = Hub(hub_size, floor=None)
        self._listener: threading.Thread | None = None
        self._listener_lock = threading.Lock()
        self._listening = threading.Event()
        self._local_claims = OnceSet()

    def claim_once(self, key: str, ttl_seconds: int) -> bool:
        """True the first time `key` is claimed (on any instance: Redis SET NX EX), False after."""
        try:
            return bool(self.redis.set(KEY_PREFIX + key, 1, nx=True, ex=ttl_seconds))
        except Exception as error:  # Redis away: this process's memory is the best we have
            log.warning("live claim kept in this process only (%s)", type(error).__name__)
            return self._local_claims.claim(key, ttl_seconds)

    def publish_many(self, events: list[tuple[str, str, dict]]) -> None:
        keys = [SEQUENCE_KEY, self.pubsub_channel] + [
            KEY_PREFIX + "stream:" + channel for channel, _t, _d in events
        ]
        args: list = [STREAM_MAXLEN, STREAM_TTL_SECONDS]
        for channel, event_type, data in events:
            args += [channel, event_type, json.dumps(data, separators=(",", ":"))]
        self._script(keys=keys, args=args)

    def latest_id(self) -> int:
        """The newest id anywhere (not only this hub's, which trails pub/sub by a moment)."""
        self.ensure_listening()
        return int(self.redis.get(SEQUENCE_KEY) or 0)

    def recent(self, channels: frozenset[str], cursor: int) -> Batch:
        """Without waiting, from the streams themselves: a poll sees what has just committed."""
        return self.replay(channels, cursor)

    def read(self, channels: frozenset[str], cursor: int, timeout: float) -> Batch:
        self.ensure_listening()
        found = self.hub.wait(channels, cursor, timeout) if self.hub.covers(cursor) else None
        if found is not None:
            return Batch(tuple(found), found[-1].id if found else cursor)
        return self.replay(channels, cursor)

    def replay(self, channels: frozenset[str], cursor: int) -> Batch:
        """Events after `cursor` from the channels' Redis Streams (another instance's, a restart's)."""
        # Everything up to this id is already in its stream (the script is atomic).
        visible = int(self.redis.get(SEQUENCE_KEY) or 0)
        found: list[LiveEvent] = []
        reset = False
        for channel in sorted(channels):
            key = KEY_PREFIX + "stream:" + channel
            entries = self.redis.xrange(key, min=f"{cursor + 1}-0", max="+")
            if cursor and entries and _entry_id(entries[0][0]) > cursor + 1:
                first = self.redis.xrange(key, count=1)
                trimmed = self.redis.xlen(key) >= STREAM_MAXLEN and first and first[0][0] == entries[0][0]
                reset = reset or bool(trimmed)
            found += [_entry_event(entry_id, fields) for entry_id, fields in entries]
        found.sort(key=lambda event: event.id)
        new_cursor = max([visible, cursor] + [event.id for event in found])
        return Batch(tuple(found), new_cursor, reset=reset)

    def ensure_listening(self) -> None:
        """Start this process's pub/sub listener thread (once; it survives Redis outages)."""
        if self._listener is not None and self._listener.is_alive():
            return
        with self._listener_lock:
            if self._listener is None or not self._listener.is_alive():
                self._listener = threading.Thread(target=self._listen, name="live-listener", daemon=True)
                self._listener.start()
        self._listening.wait(timeout=1.0)

    def _listen(self) -> None:
        backoff = 0.2
        while True:
            try:
                pubsub = self._listener_redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.pubsub_channel)
                # Subscribed first, then the floor: an event after it arrives through pub/sub.
                self.hub.restart_coverage(int(self._listener_redis.get(SEQUENCE_KEY) or 0))
                self._listening.set()
                backoff = 0.2
                for message in pubsub.listen():
                    if message.get("type") == "message":
                        self.hub.append(_message_event(message["data"]))
            except Exception as error:  # Redis away: readers fall back to replay until it is back
                self.hub.restart_coverage(None)
                self._listening.set()
                log.warning("live listener lost Redis (%s); retrying", type(error).__name__)
                time.sleep(backoff)
                backoff = min(backoff * 2, 5.0)


def _entry_id(entry_id: bytes | str) -> int:
    text = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
    return int(text.split("-", 1)[0])


def _entry_event(entry_id, fields: dict) -> LiveEvent:
    fields = {key.decode(): value.decode() for key, value in fields.items()}
    return LiveEvent(_entry_id(entry_id), fields["channel"], fields["type"], json.loads(fields["data"]))


def _message_event(payload: bytes) -> LiveEvent:
    message = json.loads(payload)
    return LiveEvent(int(message["id"]), message["channel"], message["type"], json.loads(message["data"]))


_default_broker: MemoryBroker | RedisBroker | None = None
_brokers_lock = threading.Lock()


def init_app(app) -> MemoryBroker | RedisBroker:
    """The app's broker: Redis when REDIS_URL is set, in-process otherwise."""
    global _default_broker
    redis_url = app.config.get("REDIS_URL")
    broker = RedisBroker(redis_url) if redis_url else MemoryBroker()
    app.extensions["live"] = broker
    _default_broker = broker
    return broker


def current_broker() -> MemoryBroker | RedisBroker:
    """The current app's broker (created on first use), or the last one made outside an app."""
    if has_app_context():
        app = current_app._get_current_object()
        broker = app.extensions.get("live")
        if broker is None:
            with _brokers_lock:
                broker = app.extensions.get("live") or init_app(app)
        return broker
    if _default_broker is None:
        raise RuntimeError("no live broker: create the app first")
    return _default_broker
