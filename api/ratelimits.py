"""Rate limits: Flask-Limiter for every write and for sign-in, counters of failed sign-ins, and
a per-address limit on what signed-out visitors read.

Limits live in Redis when REDIS_URL is set (shared by all workers and instances) and in memory
otherwise. If Redis goes away the limits degrade to per-process memory instead of failing.
"""

import logging
import math
import time

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_smorest import abort
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


def create_limiter(app) -> Limiter:
    """One Limiter per app, so settings never leak between app instances (tests)."""
    limiter = Limiter(
        key_func=get_remote_address,
        app=app,
        default_limits=[app.config["RATELIMIT_DEFAULT"]],
        # Reads are not counted here: a shared counter costs a Redis round trip on every request,
        # more than most reads cost. The reverse proxy limits request rates per address
        # (deploy/nginx.conf.template); writes, sign-in and sign-up keep their shared limits.
        default_limits_exempt_when=_is_read,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        storage_options=app.config["RATELIMIT_STORAGE_OPTIONS"],
        strategy="moving-window",
        in_memory_fallback_enabled=True,
        headers_enabled=True,
    )
    app.extensions["failed_login_fallback"] = MovingWindowRateLimiter(MemoryStorage())
    return limiter


def _is_read() -> bool:
    return request.method in ("GET", "HEAD", "OPTIONS")


def _strategy():
    return current_app.extensions["limiter"].limiter


def _failed_login_limits(email: str) -> list[tuple]:
    config = current_app.config
    return [
        (parse(config["RATELIMIT_FAILED_LOGIN_ACCOUNT"]), "failed-login-account", email),
        (parse(config["RATELIMIT_FAILED_LOGIN_ADDRESS"]), "failed-login-address", request.remote_addr or "-"),
    ]


def _with_fallback(action):
    try:
        return action(_strategy())
    except Exception:  # storage outage: fall back to this process's memory
        log.warning("rate-limit storage unavailable; using in-memory fallback")
        return action(current_app.extensions["failed_login_fallback"])


def ensure_login_allowed(email: str) -> None:
    """429 with Retry-After when this account or address has failed too often lately."""
    for limit, *identifiers in _failed_login_limits(email):
        allowed = _with_fallback(lambda strategy, lim=limit, ids=identifiers: strategy.test(lim, *ids))
        if not allowed:
            reset_at, _remaining = _with_fallback(
                lambda strategy, lim=limit, ids=identifiers: strategy.get_window_stats(lim, *ids)
            )
            retry_after = max(1, math.ceil(reset_at - time.time()))
            abort(
                429,
                message="Too many failed sign-ins. Wait a little and try again.",
                headers={"Retry-After": str(retry_after)},
            )


def record_failed_login(email: str) -> None:
    for limit, *identifiers in _failed_login_limits(email):
        _with_fallback(lambda strategy, lim=limit, ids=identifiers: strategy.hit(lim, *ids))


def clear_failed_logins(email: str) -> None:
    limit, *identifiers = _failed_login_limits(email)[0]
    _with_fallback(lambda strategy: strategy.clear(limit, *identifiers))


def ensure_visitor_read_allowed() -> None:
    """429 with Retry-After when this address has read too much without signing in lately.

    Signed-out reads cost no sign-in lookup and may be scripted, so unlike members' reads they are
    counted in the shared storage (the reverse proxy's micro-cache answers most of them anyway).
    """
    limit = parse(current_app.config["RATELIMIT_VISITOR_READS"])
    identifiers = ("visitor-reads", get_remote_address() or "-")
    if not _with_fallback(lambda strategy: strategy.hit(limit, *identifiers)):
        reset_at, _remaining = _with_fallback(lambda strategy: strategy.get_window_stats(limit, *identifiers))
        abort(
            429,
            message="Too many requests from this address. Wait a little, or sign in.",
            headers={"Retry-After": str(max(1, math.ceil(reset_at - time.time())))},
        )


def ensure_posting_allowed(member_id) -> None:
    """429 with Retry-After when this member has written too many threads or replies lately.

    Counted per member (not per address: members share addresses behind a clinic's or a shelter's
    network) in the shared storage, so the limit holds across workers and instances."""
    limit = parse(current_app.config["RATELIMIT_POSTS"])
    identifiers = ("conversation-posts", str(member_id))
    if not _with_fallback(lambda strategy: strategy.hit(limit, *identifiers)):
        reset_at, _remaining = _with_fallback(lambda strategy: strategy.get_window_stats(limit, *identifiers))
        abort(
            429,
            message="You are posting very quickly. Take a breath and try again in a moment.",
            headers={"Retry-After": str(max(1, math.ceil(reset_at - time.time())))},
        )
