"""HTTP hygiene for every response, the API docs page and the built SPA."""

import logging
import mimetypes
import time
from pathlib import Path

import swagger_ui_bundle
from flask import Blueprint, abort, current_app, g, request, send_from_directory
from werkzeug.routing import PathConverter

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
SPA_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
# Swagger UI sets inline styles; its page holds no member data.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'"
)
DOCS_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)
DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Peerway API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>
"""
DOCS_INIT = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui" });
});
"""

# Seconds a signed-out answer to a public read (groups, sessions, directory) may be reused: short,
# so a cancelled session or a group made private is not shown for long.
PUBLIC_READ_MAX_AGE = 60

docs_blp = Blueprint("docs", __name__)
spa_blp = Blueprint("spa", __name__)


class SpaPathConverter(PathConverter):
    """Any path outside /api/: the SPA's catch-all must not add GET to an API URL's methods.

    Otherwise POST-only API URLs would answer GET with the SPA's 404 instead of 405, and
    advertise GET in `Allow`.
    """

    regex = r"(?!api/)[^/].*?"


spa_blp.record_once(lambda state: state.app.url_map.converters.setdefault("spa_path", SpaPathConverter))


@docs_blp.get("/api/docs")
def docs_page():
    return current_app.response_class(DOCS_PAGE, mimetype="text/html")


@docs_blp.get("/api/docs/init.js")
def docs_init():
    return current_app.response_class(DOCS_INIT, mimetype="text/javascript")


@docs_blp.get("/api/docs/assets/<path:filename>")
def docs_asset(filename: str):
    return send_from_directory(DOCS_ASSETS, filename, max_age=86400)


# The build's hashed files (assets/) never change under their name: browsers keep them a year
# without asking. Everything else (index.html, sw.js, the manifest, icons) is revalidated on every
# use (ETag), so a deploy is seen at once and the service worker updates.
IMMUTABLE = "public, max-age=31536000, immutable"
# The build writes name.br (brotli, best level) and name.gz (gzip -9) beside each text file
# (frontend/vite.config.ts): the best compression at no cost per request. Server order breaks ties.
PRECOMPRESSED_SUFFIXES = {"br": ".br", "gzip": ".gz"}
# Types Python's table lacks or names differently (RFC 9239 for JavaScript).
SPA_MIMETYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".webmanifest": "application/manifest+json",
}


@spa_blp.get("/", defaults={"path": ""})
@spa_blp.get("/<spa_path:path>")
def spa(path: str):
    """Serve the built SPA: real files as they are, any other path gets index.html (routing)."""
    dist = Path(current_app.config["SPA_DIST"])
    if path.startswith("api/") or not (dist / "index.html").exists():
        abort(404)
    if path and (dist / path).is_file():
        return _built_file(dist, path)
    if path.startswith("assets/"):
        # A chunk of an older build: index.html in its place would fail as a script, obscurely.
        abort(404)
    return _built_file(dist, "index.html")


def _built_file(dist: Path, name: str):
    """One file of the build, precompressed when the client accepts it, with its cache policy."""
    encoding = _precompressed_encoding(dist, name)
    suffix = Path(name).suffix
    mimetype = SPA_MIMETYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    stored = name + PRECOMPRESSED_SUFFIXES[encoding] if encoding else name
    # Each stored file has its own strong ETag (mtime, size, name), as each encoding must.
    response = send_from_directory(dist, stored, mimetype=mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = IMMUTABLE if name.startswith("assets/") else "no-cache"
    return response


def _precompressed_encoding(dist: Path, name: str) -> str | None:
    """The client's most preferred encoding that the build stored for this file, if any.

    A Range request gets the identity file: a byte range then means the same bytes whatever the
    client accepts next time (and resuming a download never mixes two encodings).
    """
    if request.range is not None:
        return None
    accepted = request.accept_encodings
    preferred = sorted(
        (coding for coding in PRECOMPRESSED_SUFFIXES if accepted.quality(coding) > 0),
        key=accepted.quality,
        reverse=True,
    )
    for coding in preferred:
        if (dist / (name + PRECOMPRESSED_SUFFIXES[coding])).is_file():
            return coding
    return None


request_log = logging.getLogger("peerway.requests")


def start_timer() -> None:
    g.request_started = time.perf_counter()


def log_request(response):
    """One line per request: method, path without its query string, status, duration.

    Paths carry only opaque ids; query strings (search text, a calendar token) are left out.
    """
    elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    request_log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, elapsed)
    return response


def keep_retry_after_for_refusals(response):
    """Retry-After tells a client when to try again: only a 429 or a 503 asks it to wait."""
    if response.status_code not in (429, 503):
        response.headers.pop("Retry-After", None)
    return response


def add_security_headers(response):
    """Deliberate headers on every response: no sniffing, no framing, no referrer leaks."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    if current_app.config["HSTS_ENABLED"]:
        headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
    path = request.path
    if path.startswith("/api/docs"):
        headers.setdefault("Content-Security-Policy", DOCS_CSP)
    elif path.startswith("/api/"):
        headers.setdefault("Content-Security-Policy", API_CSP)
        headers.setdefault("Cache-Control", _api_cache_control(path, response.status_code))
        if g.get("visitor_readable"):
            # The same URL answers a visitor and a member differently: caches must key on the token.
            response.vary.add("Authorization")
    else:
        headers.setdefault("Content-Security-Policy", SPA_CSP)
    if request.method == "GET" and response.status_code == 200 and headers.get("ETag"):
        response.make_conditional(request)
    return response


def _api_cache_control(path: str, status: int) -> str:
    """A visitor's answer to a public read may be cached briefly by anyone (the reverse proxy's
    micro-cache too); personal data must not linger in shared caches; ETags still allow
    revalidation of the rest."""
    if g.get("answered_visitor") and status == 200:
        return f"public, max-age={PUBLIC_READ_MAX_AGE}"
    return "no-store" if _is_private(path) else "no-cache"


def _is_private(path: str) -> bool:
    """Everything under /api/ but the crisis lines and the spec may be personal, unless a public
    read answered a signed-out visitor (`_api_cache_control`)."""
    return not path.startswith(("/api/v1/resources/crisis", "/api/openapi.json"))
