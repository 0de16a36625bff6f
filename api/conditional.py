"""ETag on single-object reads and If-Match on writes, computed from the representation."""

import hashlib
import json

from flask import request
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


def etag_of(schema, obj) -> str:
    """A strong ETag over the JSON the client would receive for `obj`."""
    body = json.dumps(schema.dump(obj), sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def etag_header(schema, obj) -> dict[str, str]:
    return {"ETag": etag_of(schema, obj)}


def ensure_if_match(schema, obj) -> None:
    """Refuse a write with 412 when the client's If-Match names another version."""
    if not request.if_match or request.if_match.star_tag:
        return
    if not request.if_match.contains(etag_of(schema, obj).strip('"')):
        abort(412, message="This was changed since you read it. Reload and try again.")
