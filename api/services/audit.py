"""Recording who did what (audit log) and who read a member's private data (access log)."""

import uuid

from flask import has_request_context, request
from flask_jwt_extended import current_user
from sqlalchemy import insert

from api.db import Session, new_id, utcnow
from api.models.members import Member
from api.models.moderation import AccessLogEntry, AuditEntry


def audit(action: str, target_type: str, target_id=None, actor: Member | None = None, **details) -> None:
    """Add an audit entry in the current transaction. Details must never hold personal data."""
    if actor is None and has_request_context():
        actor = current_user if _signed_in() else None
    Session.add(
        AuditEntry(
            actor_id=actor.id if actor else None,
            action=action,
            target_type=target_type,
            target_id=str(target_id) if target_id is not None else None,
            details=details,
            ip_address=request.remote_addr if has_request_context() else "cli",
        )
    )


def record_access(
    member_id: uuid.UUID, viewer: Member | None, viewer_role: str, object_id=None, clinic_id=None
) -> None:
    """Log a read of `member_id`'s private data by someone else, named by the route read."""
    what = _route_read()
    Session.add(
        AccessLogEntry(
            member_id=member_id,
            viewer_id=viewer.id if viewer else None,
            clinic_id=clinic_id,
            viewer_role=viewer_role,
            what=what,
            object_id=str(object_id) if object_id is not None else None,
        )
    )
    # Reads commit nothing else: record the access now, before the data leaves.
    Session.commit()


def record_accesses(reads: list[tuple[uuid.UUID, object]], viewer: Member, viewer_role: str) -> None:
    """Several reads at once, each `(member_id, object_id)` (one per member read): one INSERT,
    committed before the data leaves, like `record_access`."""
    if not reads:
        return
    what, now = _route_read(), utcnow()
    Session.execute(
        insert(AccessLogEntry),
        [
            {
                "id": new_id(),
                "member_id": member_id,
                "viewer_id": viewer.id,
                "viewer_role": viewer_role,
                "what": what,
                "object_id": str(object_id),
                "created_at": now,
            }
            for member_id, object_id in reads
        ],
    )
    Session.commit()


def _route_read() -> str:
    """The route read, e.g. "GET /api/v1/threads/<uuid:thread_id>/posts" (never its values)."""
    if has_request_context() and request.url_rule:
        return f"{request.method} {request.url_rule.rule}"
    return "read"


def _signed_in() -> bool:
    """A member is signed in (a clinic client's token is not a member's)."""
    try:
        return isinstance(current_user._get_current_object(), Member)
    except RuntimeError:
        return False
