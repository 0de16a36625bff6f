"""All models, imported so that Alembic and the privacy registry see every table."""

from api.models.auth import LoginSession, RefreshToken
from api.models.idempotency import IdempotencyRecord
from api.models.members import Member, Role

__all__ = ["IdempotencyRecord", "LoginSession", "Member", "RefreshToken", "Role"]
