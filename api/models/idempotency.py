"""Stored first responses of create requests, keyed by the client's Idempotency-Key."""

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.db import Base, new_id, utcnow


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # The member's id, or "anonymous" for sign-up; a key never crosses scopes.
    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    # HMAC of method, path and body: the body may hold a password, so it is never stored.
    request_hash: Mapped[str] = mapped_column(String(64))
    # Set in the same transaction as the request's own changes: a claim left behind by a crashed
    # worker with this still empty changed nothing, and may be run again.
    work_committed_at: Mapped[dt.datetime | None]
    status_code: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    response_location: Mapped[str | None] = mapped_column(String(500))
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    @property
    def is_complete(self) -> bool:
        return self.status_code is not None
