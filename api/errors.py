"""RFC 9457 problem details for every error the API can answer, set up in one place."""

import http
import logging

import marshmallow as ma
from flask import current_app, jsonify
from flask_limiter.errors import RateLimitExceeded
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError, PendingRollbackError
from werkzeug.exceptions import HTTPException, InternalServerError

from api.db import Session

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://peerway.org/problems/"
log = logging.getLogger(__name__)


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem details object."""

    type = ma.fields.String(
        required=True,
        metadata={
            "example": PROBLEM_TYPE_BASE + "not-found",
            "description": "A stable URI per kind of problem. 401s tell apart: token-missing, "
            "token-invalid, token-expired (refresh it), token-revoked and account-gone (sign in "
            "again), fresh-sign-in-required (confirm the password again).",
        },
    )
    title = ma.fields.String(required=True, metadata={"example": "Not Found"})
    status = ma.fields.Integer(required=True, metadata={"example": 404})
    detail = ma.fields.String(required=True, metadata={"example": "No member with that id."})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={
            "description": "Per-field messages, for validation failures only.",
            "example": {"password": ["Use at least 12 characters."]},
        },
    )


class DomainError(Exception):
    """A rule a service refuses to break; mapped to problem+json once, in `register_error_handlers`.

    Services raise these instead of calling Flask's `abort`, so they stay free of HTTP.
    """

    status = 400
    kind: str | None = None

    def __init__(self, detail: str, *, errors: dict[str, list[str]] | None = None, kind: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.kind = kind or self.kind


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class Invalid(DomainError):
    """Input that passed the schema but breaks a domain rule (422, with per-field messages)."""

    status = 422


class TooSoon(DomainError):
    """A domain pace rule (slow mode, a daily cap): 429 with the seconds to wait in Retry-After."""

    status = 429

    def __init__(self, detail: str, *, retry_after: int, kind: str | None = None):
        super().__init__(detail, kind=kind)
        self.retry_after = max(1, int(retry_after))


def problem_response(
    status: int, detail: str | None = None, errors=None, headers=None, kind: str | None = None
):
    """Build a problem+json response; `type` is a stable slug: `kind`, or the status title."""
    title = _title_for(status)
    body = {
        "type": PROBLEM_TYPE_BASE + (kind or title.lower().replace(" ", "-").replace("'", "")),
        "title": title,
        "status": status,
        "detail": detail or title,
    }
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_CONTENT_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _title_for(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def flatten_errors(messages) -> dict[str, list[str]]:
    """Turn webargs' {"json": {"field": [...]}} into {"field": [...]}; nested paths use dots."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            flat.setdefault(prefix or "_schema", []).extend(value)
        else:
            flat.setdefault(prefix or "_schema", []).append(str(value))

    if isinstance(messages, dict):
        for location_or_field, value in messages.items():
            # webargs groups messages under the location they were read from
            if location_or_field in ("json", "query", "headers", "path", "form", "cookies"):
                walk("", value)
            else:
                walk(str(location_or_field), value)
    else:
        walk("", messages)
    return flat


class PeerwayApi(Api):
    """flask-smorest's Api, answering and documenting errors as problem+json."""

    ERROR_SCHEMA = ProblemSchema
    # No catch-all `default` response: each operation lists the error statuses it can answer, so
    # clients (and spec fuzzing) can tell a documented error from an undocumented one.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        headers = dict(data.get("headers") or {})
        # Werkzeug puts Allow (405) and WWW-Authenticate on the exception itself
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                headers.setdefault(name, value)
        errors = data.get("errors") or data.get("messages")
        detail = data.get("message") or _safe_description(error)
        if isinstance(error, RateLimitExceeded):
            detail = f"Too many requests (limit: {error.description}). Wait a little and try again."
        if errors:
            errors = flatten_errors(errors)
            detail = data.get("message") or "The request has invalid fields."
        return problem_response(error.code or 500, detail, errors, headers)

    def _register_pagination_header(self):
        """Lists carry their cursor in the body; there is no X-Pagination header to document."""

    def _register_responses(self):
        """Document every error response with the problem schema and its media type."""
        for status in http.HTTPStatus:
            if status < 400:
                continue
            response = {"description": status.phrase, "schema": self.ERROR_SCHEMA}
            if status == http.HTTPStatus.TOO_MANY_REQUESTS:
                response["headers"] = {
                    "Retry-After": {
                        "description": "Seconds to wait before trying again.",
                        "schema": {"type": "integer"},
                    }
                }
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)


def _safe_description(error: HTTPException) -> str:
    if isinstance(error, InternalServerError):
        return "Something went wrong on our side. It has been logged."
    return error.description or ""


def register_error_handlers(app) -> None:
    """Errors that do not come through flask-smorest's handler."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        Session.rollback()
        headers = {"Retry-After": str(error.retry_after)} if isinstance(error, TooSoon) else None
        return problem_response(
            error.status, error.detail, errors=error.errors, headers=headers, kind=error.kind
        )

    @app.errorhandler(IntegrityError)
    def integrity_conflict(error):
        Session.rollback()
        log.info("integrity conflict: %s", type(error.orig).__name__)
        return problem_response(409, "This conflicts with something that already exists.")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InternalError)
    @app.errorhandler(PendingRollbackError)  # a statement after the connection died mid-request
    def database_unavailable(error):
        """The database is down, restarting, read-only or out of disk: a clear 503, and the pool
        reconnects by itself once it is back (pool_pre_ping), with no restart of the app."""
        if isinstance(error, InternalError) and not _is_read_only(error):
            return unexpected(error)
        _rollback_quietly()
        log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
        return problem_response(
            503,
            "The service is briefly unavailable. Nothing was changed; please try again in a minute.",
            headers={"Retry-After": "30"},
            kind="database-unavailable",
        )

    @app.errorhandler(Exception)
    def unexpected(error):
        if isinstance(error, HTTPException):
            return current_app.extensions["smorest_api"].handle_http_exception(error)
        Session.rollback()
        log.exception("unhandled error")
        return problem_response(500, "Something went wrong on our side. It has been logged.")


def _is_read_only(error: InternalError) -> bool:
    """PostgreSQL's read_only_sql_transaction (25006): a read-only database, e.g. a failed-over
    replica, is unavailable for writes rather than broken."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "25006"


def _rollback_quietly() -> None:
    try:
        Session.rollback()
    except Exception:  # the connection itself may be gone; the pool discards it
        Session.remove()


def register_jwt_error_loaders(jwt) -> None:
    """flask-jwt-extended answers {"msg": ...} by default; make every 401 a problem."""
    bearer = {"WWW-Authenticate": 'Bearer realm="peerway"'}

    @jwt.unauthorized_loader
    def missing_token(reason):
        return problem_response(
            401, "Sign in first: this needs a bearer token.", headers=bearer, kind="token-missing"
        )

    @jwt.invalid_token_loader
    def invalid_token(reason):
        return problem_response(401, "The token is not valid.", headers=bearer, kind="token-invalid")

    @jwt.expired_token_loader
    def expired_token(_header, _payload):
        return problem_response(401, "The token has expired.", headers=bearer, kind="token-expired")

    @jwt.revoked_token_loader
    def revoked_token(_header, _payload):
        return problem_response(401, "The token has been revoked.", headers=bearer, kind="token-revoked")

    @jwt.needs_fresh_token_loader
    def stale_token(_header, _payload):
        return problem_response(
            401,
            "Confirm your password again to do this (a fresh sign-in is needed).",
            headers=bearer,
        )

    @jwt.user_lookup_error_loader
    def unknown_member(_header, _payload):
        return problem_response(
            401, "The account for this token no longer exists.", headers=bearer, kind="account-gone"
        )

    @jwt.token_verification_failed_loader
    def failed_claims(_header, _payload):
        return problem_response(401, "The token is not valid.", headers=bearer, kind="token-invalid")


def documents_errors(blp, *status_codes: int):
    """Document the error responses a view can give, each with the problem schema."""

    def decorator(view):
        for status in sorted(status_codes, reverse=True):
            view = blp.alt_response(status, response=http.HTTPStatus(status).name)(view)
        return view

    return decorator
