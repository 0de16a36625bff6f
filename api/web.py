"""HTTP hygiene for every response, the API docs page and the built SPA."""

import logging
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


@spa_blp.get("/", defaults={"path": ""})
@spa_blp.get("/<spa_path:path>")
def spa(path: str):
    """Serve the built SPA: real files as they are, any other path gets index.html (routing)."""
    dist = Path(current_app.config["SPA_DIST"])
    if path.startswith("api/") or not (dist / "index.html").exists():
        abort(404)
    if path and (dist / path).is_file():
        max_age = 31536000 if path.startswith("assets/") else 0
        return send_from_directory(dist, path, max_age=max_age)
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


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
        # Personal data must not linger in shared caches; ETags still allow revalidation.
        headers.setdefault("Cache-Control", "no-store" if _is_private(path) else "no-cache")
    else:
        headers.setdefault("Content-Security-Policy", SPA_CSP)
    if request.method == "GET" and response.status_code == 200 and headers.get("ETag"):
        response.make_conditional(request)
    return response


def _is_private(path: str) -> bool:
    return not path.startswith(("/api/v1/resources/crisis", "/api/openapi.json"))
