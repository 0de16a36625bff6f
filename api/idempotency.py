"""`Idempotency-Key` for create endpoints: a retried key replays the first response.

Switch it on for a view with `@idempotent(blp)` placed above `@blp.response`. The first request
with a key claims it (a committed row), runs, and stores a 2xx response; a retry with the same
body gets that response back with `Idempotent-Replayed: true`; the same key with another body is
422; a retry while the first is still running is 409. Failed requests release the key.
"""

import datetime as dt
import hashlib
import hmac
import logging
import uuid
from functools import wraps

from flask import current_app, g, has_request_context, request
from flask_jwt_extended import get_jwt_identity
from flask_smorest import abort
from sqlalchemy import delete, event, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from api.db import Session, utcnow
from api.models.idempotency import IdempotencyRecord

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
HEADER_PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "A unique key (a UUID) per intended creation; retries with the same key "
    "and body return the first response and create nothing new. Kept for 24 hours.",
}


def idempotent(blp):
    """Decorator factory: honour Idempotency-Key on this create view and document the header."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            key = request.headers.get(HEADER)
            if key is None:
                return view(*args, **kwargs)
            record = _claim(key)
            if record.is_complete:
                return _replay(record)
            g.idempotency_claim = record.id  # the view's commit marks the claim (see below)
            try:
                response = current_app.make_response(view(*args, **kwargs))
            except BaseException:
                _release(record)
                raise
            if 200 <= response.status_code < 300:
                _store_or_carry_on(record, response)
            else:
                _release(record)
            return response

        return blp.doc(**{"x-idempotent": True})(wrapper)

    return decorator


def _scope() -> str:
    """The caller's identity, from the token the view's `jwt_required` already verified."""
    try:
        identity = get_jwt_identity()
    except RuntimeError:  # a public view (sign-up): no token was checked, none is needed
        identity = None
    return identity or "anonymous"


def _request_hash() -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    message = b"\n".join([request.method.encode(), request.path.encode(), request.get_data()])
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _claim(key: str) -> IdempotencyRecord:
    if not 1 <= len(key) <= 255:
        abort(422, errors={HEADER: ["Use a key of 1 to 255 characters, such as a UUID."]})
    scope, request_hash = _scope(), _request_hash()
    _forget_expired(scope, key)
    record = IdempotencyRecord(scope=scope, key=key, request_hash=request_hash)
    Session.add(record)
    try:
        Session.commit()
        return record
    except IntegrityError:
        Session.rollback()
    existing = Session.scalars(
        select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
    ).one()
    if not hmac.compare_digest(existing.request_hash, request_hash):
        abort(422, errors={HEADER: ["This key was used for a different request."]})
    if not existing.is_complete:
        if not _abandoned(existing):
            abort(409, message="A request with this Idempotency-Key is still in progress.")
        if existing.work_committed_at is not None:
            abort(
                409,
                message="The first request with this Idempotency-Key was carried out, but its answer "
                "was lost (the server stopped). Look the object up instead of retrying.",
            )
        # Its worker died before changing anything: forget the claim and start again.
        Session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == existing.id))
        Session.commit()
        return _claim(key)
    return existing


def _abandoned(record: IdempotencyRecord) -> bool:
    """Claimed longer ago than any request may run: the worker that claimed it is gone."""
    return record.created_at < utcnow() - current_app.config["IDEMPOTENCY_CLAIM_LEASE"]


@event.listens_for(Session, "before_commit")
def _mark_work_committed(session) -> None:
    """The view's first commit also marks its claim, in the same transaction.

    A retry after a crash can then tell a request that changed nothing (safe to run again) from
    one whose changes were committed but whose stored answer was lost (must not run again).
    """
    claim_id = g.pop("idempotency_claim", None) if has_request_context() else None
    if claim_id is not None:
        session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.id == claim_id)
            .values(work_committed_at=utcnow())
        )


def _forget_expired(scope: str, key: str) -> None:
    cutoff = utcnow() - current_app.config["IDEMPOTENCY_KEY_TTL"]
    Session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key == key,
            IdempotencyRecord.created_at < cutoff,
        )
    )


def _store_or_carry_on(record: IdempotencyRecord, response) -> None:
    """Store the answer; if the database fails now, the work is already committed: the client
    still gets its answer, and a retry with this key is told to look the object up."""
    try:
        _store(record, response)
    except SQLAlchemyError:
        log.warning("could not store the answer of an idempotent request", exc_info=True)
        try:
            Session.rollback()
        except SQLAlchemyError:
            Session.remove()


def _store(record: IdempotencyRecord, response) -> None:
    record = Session.merge(record)
    record.status_code = response.status_code
    record.response_body = response.get_data(as_text=True)
    record.response_location = response.headers.get("Location")
    record.member_id = _owner_id(record)
    Session.commit()


def _owner_id(record: IdempotencyRecord):
    """The member whose data the stored response holds, so erasure removes it too."""
    owner = g.get("created_member_id")
    if owner:
        return owner
    try:
        return uuid.UUID(record.scope)
    except ValueError:
        return None


def _release(record: IdempotencyRecord) -> None:
    g.pop("idempotency_claim", None)
    Session.rollback()
    Session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record.id))
    Session.commit()


def _replay(record: IdempotencyRecord):
    response = current_app.response_class(
        record.response_body, status=record.status_code, mimetype="application/json"
    )
    response.headers["Idempotent-Replayed"] = "true"
    if record.response_location:
        response.headers["Location"] = record.response_location
    return response


def purge_expired(now: dt.datetime | None = None) -> int:
    cutoff = (now or utcnow()) - current_app.config["IDEMPOTENCY_KEY_TTL"]
    result = Session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff))
    Session.commit()
    return result.rowcount
