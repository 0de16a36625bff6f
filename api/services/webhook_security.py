"""Webhook signing and the SSRF guard on webhook targets.

Signing: `Peerway-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
Receivers check it with `verify_signature`, which refuses timestamps outside the replay window.

Targets: https only (http only to loopback, outside production), no credentials in the URL and,
in production, no host resolving to a private, loopback, link-local, reserved or multicast
address (IPv4-mapped IPv6 included). `check_target` runs on subscribing and again before each
attempt; `guarded_http` also checks the socket actually connected, which catches a DNS answer
that changes between the check and the connection (DNS rebinding).
"""

import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from flask import current_app, has_app_context
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

DEFAULT_TOLERANCE = 300  # seconds; WEBHOOK_REPLAY_WINDOW_SECONDS in the config


class TargetRefused(ValueError):
    """A subscription URL, or an address it resolves to, that Peerway does not send to."""


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The Peerway-Signature header for `body` sent at `timestamp` (now by default)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(
    secret: str,
    header: str | None,
    body: bytes | str,
    now: float | None = None,
    tolerance: int | None = None,
) -> bool:
    """A receiver's check: a v1 signature of `body` matches and its timestamp is within `tolerance`.

    Verify the raw body as received, before parsing it. `now` is Unix time (the clock by default);
    `tolerance` defaults to WEBHOOK_REPLAY_WINDOW_SECONDS (300).
    """
    if tolerance is None:
        tolerance = (
            current_app.config["WEBHOOK_REPLAY_WINDOW_SECONDS"] if has_app_context() else DEFAULT_TOLERANCE
        )
    body = body.encode() if isinstance(body, str) else body
    try:
        pairs = [item.strip().split("=", 1) for item in (header or "").split(",")]
        timestamp = int(next(value for key, value in pairs if key == "t"))
        candidates = [value for key, value in pairs if key == "v1"]
    except (ValueError, StopIteration):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)


# --- Targets (SSRF) ----------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPolicy:
    allow_loopback_http: bool
    allow_private: bool

    @classmethod
    def from_config(cls) -> "TargetPolicy":
        config = current_app.config
        return cls(config["WEBHOOK_ALLOW_LOOPBACK_HTTP"], config["WEBHOOK_ALLOW_PRIVATE_TARGETS"])

    def permits(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address, scheme: str) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if scheme == "http":
            return self.allow_loopback_http and address.is_loopback
        return self.allow_private or _is_public(address)


def _is_public(address) -> bool:
    special = (
        address.is_private
        or address.is_loopback
        or address.is_link_local  # 169.254.169.254, the cloud metadata service, among them
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )
    return address.is_global and not special


def check_target(url: str, policy: TargetPolicy | None = None) -> str:
    """Refuse (TargetRefused) a URL Peerway must not send to; return its scheme otherwise."""
    policy = policy or TargetPolicy.from_config()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused("This is not a valid URL.") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or (scheme == "http" and not policy.allow_loopback_http):
        raise TargetRefused("Use an https:// URL.")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("Leave credentials out of the URL: every delivery is signed instead.")
    if not parts.hostname:
        raise TargetRefused("The URL needs a host name.")
    addresses = _resolve(parts.hostname, port or (443 if scheme == "https" else 80))
    if not all(policy.permits(address, scheme) for address in addresses):
        if scheme == "http":
            raise TargetRefused("Use an https:// URL (http is only for a loopback receiver in development).")
        raise TargetRefused(
            "This host resolves to an address that is not public (private, loopback, link-local or reserved)."
        )
    return scheme


def _resolve(host: str, port: int) -> list:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise TargetRefused("This host name does not resolve.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise TargetRefused("This host name does not resolve.")
    return addresses


class _PeerCheckingAdapter(HTTPAdapter):
    """Checks the address of the socket actually connected, before a byte is sent on it."""

    def __init__(self, permits) -> None:
        self._permits = permits
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("Pool", (HTTPConnectionPool,), {"ConnectionCls": self._checked(HTTPConnection)}),
            "https": type("Pool", (HTTPSConnectionPool,), {"ConnectionCls": self._checked(HTTPSConnection)}),
        }

    def _checked(self, base):
        permits = self._permits

        class Checked(base):
            def _new_conn(self):
                sock = super()._new_conn()
                address = ipaddress.ip_address(sock.getpeername()[0].split("%", 1)[0])
                if not permits(address):
                    sock.close()
                    raise TargetRefused("The host now resolves to an address Peerway does not send to.")
                return sock

        return Checked


@contextmanager
def guarded_http(policy: TargetPolicy, scheme: str):
    """A requests session that sends only to addresses `policy` permits, through no proxy."""
    with requests.Session() as http:
        http.trust_env = False  # no proxy from the environment: the peer must be the target
        adapter = _PeerCheckingAdapter(lambda address: policy.permits(address, scheme))
        http.mount("http://", adapter)
        http.mount("https://", adapter)
        yield http
