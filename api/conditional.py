"""ETag on single-object reads and If-Match on writes, computed from the representation."""

import hashlib

from flask import current_app, g, request
from flask_smorest import abort

# Marks an operation whose writes honour If-Match; the spec plugin adds the header parameter.
IF_MATCH = {"x-if-match": True}
IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "ETag from a previous read; the change is refused with 412 if it is stale.",
}


def etag_of_body(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def etag_of(schema, obj) -> str:
    """The ETag a read of `obj` answers with: over the JSON body the client would receive."""
    return etag_of_body(current_app.json.response(schema.dump(obj)).get_data())


def etag_header() -> dict[str, str]:
    """Ask for an ETag on this 200 answer. It is computed from the body once it is serialized
    (`add_requested_etag`), rather than by serializing the object a second time here."""
    g.etag_requested = True
    return {}


def add_requested_etag(response):
    if g.get("etag_requested") and response.status_code == 200 and not response.direct_passthrough:
        response.set_etag(etag_of_body(response.get_data()))
    return response


def ensure_if_match(schema, obj) -> None:
    """Refuse a write with 412 when the client's If-Match names another version."""
    if not request.if_match or request.if_match.star_tag:
        return
    if not any(request.if_match.contains(tag) for tag in _tags_of_version(etag_of(schema, obj))):
        abort(412, message="This was changed since you read it. Reload and try again.")


def _tags_of_version(etag: str) -> list[str]:
    """The ETags a client may hold for this version: a compressed read answered "<etag>:br" or
    "<etag>:gzip" (flask-compress keeps one strong ETag per representation, as RFC 9110 asks)."""
    return [etag, *(f"{etag}:{coding}" for coding in current_app.config.get("COMPRESS_ALGORITHM", ()))]
