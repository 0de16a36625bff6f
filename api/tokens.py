"""Issuing, rotating and revoking tokens; wired into flask-jwt-extended's loaders."""

import uuid

from flask import current_app, g, request
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token
from flask_smorest import abort
from jwt import InvalidTokenError
from sqlalchemy import delete, select, update

from api.clinic_auth import client_token_revoked, is_client_token
from api.db import Session, utcnow
from api.models.auth import LoginSession, RefreshToken
from api.models.clinics import ClinicClient
from api.models.members import Member

SESSION_CLAIM = "sid"


def start_login_session(member: Member, client_label: str | None) -> dict:
    """Open a new token family for `member` and return its first token pair."""
    login_session = LoginSession(
        member=member,
        expires_at=utcnow() + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"],
        client_label=(client_label or "")[:120] or None,
    )
    Session.add(login_session)
    Session.flush()
    return _issue_pair(login_session, fresh=True)


def rotate_refresh_token(raw_refresh_token: str) -> dict:
    """Trade a refresh token for a new pair; a reused one revokes its whole family."""
    claims = _decode_refresh(raw_refresh_token)
    jti = uuid.UUID(claims["jti"])
    login_session = Session.get(LoginSession, uuid.UUID(claims[SESSION_CLAIM]))
    if login_session is None or not login_session.is_active():
        abort(401, message="This sign-in has ended. Sign in again.")
    # One atomic UPDATE decides the race between two uses of the same token, on any database.
    claimed = Session.execute(
        update(RefreshToken)
        .where(RefreshToken.jti == jti, RefreshToken.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if claimed != 1:
        revoke_login_session(login_session, reason="refresh_token_reused")
        Session.commit()
        abort(401, message="This refresh token was already used; every token of this sign-in is now revoked.")
    login_session.last_used_at = utcnow()
    return _issue_pair(login_session, fresh=False)


def revoke_login_session(login_session: LoginSession, reason: str) -> None:
    if login_session.revoked_at is None:
        login_session.revoked_at = utcnow()
        login_session.revoked_reason = reason


def revoke_all_sessions(member: Member, reason: str, keep: uuid.UUID | None = None) -> None:
    Session.execute(
        update(LoginSession)
        .where(
            LoginSession.member_id == member.id,
            LoginSession.revoked_at.is_(None),
            LoginSession.id != (keep or uuid.UUID(int=0)),
        )
        .values(revoked_at=utcnow(), revoked_reason=reason)
    )


def _issue_pair(login_session: LoginSession, fresh: bool) -> dict:
    config = current_app.config
    identity = str(login_session.member_id)
    claims = {SESSION_CLAIM: str(login_session.id)}
    refresh_jti = uuid.uuid4()
    Session.add(RefreshToken(jti=refresh_jti, session_id=login_session.id))
    access_token = create_access_token(
        identity, additional_claims=claims, fresh=config["FRESH_TOKEN_WINDOW"] if fresh else False
    )
    refresh_token = create_refresh_token(identity, additional_claims={**claims, "jti": str(refresh_jti)})
    return {
        "access_token": access_token,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": int(config["JWT_ACCESS_TOKEN_EXPIRES"].total_seconds()),
    }


def _decode_refresh(raw: str) -> dict:
    try:
        claims = decode_token(raw)
    except InvalidTokenError:
        abort(401, message="The refresh token is not valid or has expired.")
    except Exception:  # flask-jwt-extended's own decode errors (wrong type, missing claim)
        abort(401, message="The refresh token is not valid.")
    if claims.get("type") != "refresh" or SESSION_CLAIM not in claims:
        abort(401, message="That is not a refresh token.")
    return claims


# A suspended (banned) member keeps their data rights and their one appeal, and nothing else.
ALLOWED_WHILE_SUSPENDED = {
    "members.MyProfile",
    "members.MyExport",
    "moderation.MyNotices",
    "moderation.Appeal",
    "tokens.Logout",
    # Stopping what is shared with clinics is a data right too.
    "consents.MyConsents",
    "consents.MyConsentById",
}


def ensure_allowed_while_suspended(member: Member) -> None:
    if member.banned_at is not None and request.endpoint not in ALLOWED_WHILE_SUSPENDED:
        abort(
            403,
            message="This account is suspended. You can read your notices, appeal once, "
            "export your data or delete your account.",
        )


def register_token_loaders(jwt) -> None:
    """Every access token is checked against its login session: one indexed read a request."""

    @jwt.token_in_blocklist_loader
    def is_revoked(_header, payload) -> bool:
        if is_client_token(payload):
            return client_token_revoked(payload)
        session_id = payload.get(SESSION_CLAIM)
        if payload.get("type") != "access" or not session_id:
            return payload.get("type") != "refresh"
        try:
            login_session = Session.scalars(
                select(LoginSession).where(LoginSession.id == uuid.UUID(session_id))
            ).first()
        except ValueError:
            return True
        g.login_session = login_session
        if login_session is None or not login_session.is_active():
            return True
        ensure_allowed_while_suspended(login_session.member)
        return False

    @jwt.user_lookup_loader
    def load_member(_header, payload) -> Member | ClinicClient | None:
        if is_client_token(payload):
            return g.get("clinic_client")
        login_session = g.get("login_session")
        if login_session is not None and str(login_session.member_id) == payload["sub"]:
            return login_session.member
        return None


def purge_expired_login_sessions() -> int:
    """Delete sign-ins whose refresh tokens can no longer be used; their tokens cascade."""
    result = Session.execute(delete(LoginSession).where(LoginSession.expires_at < utcnow()))
    Session.commit()
    return result.rowcount
