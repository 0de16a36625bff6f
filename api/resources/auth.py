"""Sign-up, sign-in, token refresh and sign-out; the member's list of signed-in devices."""

import uuid

from flask import g
from flask.views import MethodView
from flask_jwt_extended import get_jwt, jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select

from api.db import Session
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.auth import LoginSession
from api.models.members import Member
from api.pagination import PageArgsSchema, page_schema, paginate_newest_first
from api.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from api.permissions import current_member
from api.ratelimits import clear_failed_logins, ensure_login_allowed, record_failed_login
from api.schemas.auth import (
    LoginSchema,
    LoginSessionSchema,
    PasswordChangeSchema,
    RefreshSchema,
    RegisterSchema,
    TokenPairSchema,
)
from api.schemas.members import MemberPrivateSchema
from api.services.consents import redeem_invitation
from api.tokens import (
    SESSION_CLAIM,
    revoke_all_sessions,
    revoke_login_session,
    rotate_refresh_token,
    start_login_session,
)

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign-up, sign-in and tokens")
# Refresh and logout are not password guesses: they get the ordinary per-client limit.
tokens_blp = Blueprint(
    "tokens", __name__, url_prefix="/api/v1/auth", description="Token refresh and sign-out"
)
devices_blp = Blueprint(
    "login_sessions",
    __name__,
    url_prefix="/api/v1/members/me/login-sessions",
    description="Where you are signed in",
)
LoginSessionPageSchema = page_schema(LoginSessionSchema, "LoginSessionPage")


@blp.route("/register")
class Register(MethodView):
    @blp.doc(operationId="register", security=[])
    @idempotent(blp)
    @blp.arguments(RegisterSchema)
    @blp.response(201, MemberPrivateSchema)
    @documents_errors(blp, 409, 413, 429)
    def post(self, data):
        """Create an account

        The display name is what other members see; a pseudonym is welcome. Sign in afterwards.
        A clinic's invitation code (`clinic_invitation`) proposes a consent for that clinic, which
        shares nothing until the member grants it.
        """
        email = data["email"].strip().lower()
        if Session.scalars(select(Member.id).where(Member.email == email)).first() is not None:
            abort(
                409,
                message="An account with this email already exists.",
                errors={"email": ["An account with this email already exists. Sign in instead."]},
            )
        member = Member(
            email=email,
            password_hash=hash_password(data["password"]),
            display_name=data["display_name"].strip(),
            time_zone=data["time_zone"],
        )
        Session.add(member)
        if data.get("clinic_invitation"):
            Session.flush()
            # A clinic's referral proposes a consent; the member grants or declines it later.
            redeem_invitation(member, data["clinic_invitation"])
        Session.commit()
        g.created_member_id = member.id
        return member, 201, {"Location": "/api/v1/members/me"}


@blp.route("/login")
class Login(MethodView):
    @blp.doc(operationId="login", security=[])
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenPairSchema)
    @documents_errors(blp, 401, 429)
    def post(self, data):
        """Sign in and receive an access and a refresh token

        Repeated failures for one account or from one address are refused with 429 for a while.
        """
        email = data["email"].strip().lower()
        ensure_login_allowed(email)
        member = Session.scalars(select(Member).where(Member.email == email)).first()
        if member is None:
            dummy_verify(data["password"])  # same cost as a real check: no account oracle
        if member is None or not verify_password(member.password_hash, data["password"]):
            record_failed_login(email)
            abort(401, message="The email or password is not right.")
        clear_failed_logins(email)
        if needs_rehash(member.password_hash):
            member.password_hash = hash_password(data["password"])
        tokens = start_login_session(member, data.get("client_label"))
        Session.commit()
        return tokens


@tokens_blp.route("/refresh")
class Refresh(MethodView):
    @tokens_blp.doc(operationId="refreshTokens", security=[])
    @tokens_blp.arguments(RefreshSchema)
    @tokens_blp.response(200, TokenPairSchema)
    @documents_errors(tokens_blp, 401, 429)
    def post(self, data):
        """Trade a refresh token for a new pair

        Each refresh token works once. Presenting a used one again revokes the whole sign-in,
        since it means the token was copied.
        """
        tokens = rotate_refresh_token(data["refresh_token"])
        Session.commit()
        return tokens


@tokens_blp.route("/logout")
class Logout(MethodView):
    decorators = [jwt_required()]

    @tokens_blp.doc(operationId="logout")
    @tokens_blp.response(204)
    @documents_errors(tokens_blp, 401)
    def post(self):
        """Sign out: revoke every token of this sign-in"""
        revoke_login_session(_current_login_session(), reason="logout")
        Session.commit()


@blp.route("/password")
class PasswordChange(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="changePassword")
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    @documents_errors(blp, 401, 403)
    def post(self, data):
        """Change your password; every other sign-in is signed out"""
        member = current_member()
        if not verify_password(member.password_hash, data["current_password"]):
            abort(403, message="The current password is not right.")
        member.password_hash = hash_password(data["new_password"])
        revoke_all_sessions(member, reason="password_changed", keep=_current_login_session().id)
        Session.commit()


@devices_blp.route("")
class LoginSessions(MethodView):
    decorators = [jwt_required()]

    @devices_blp.doc(operationId="listLoginSessions")
    @devices_blp.arguments(PageArgsSchema, location="query")
    @devices_blp.response(200, LoginSessionPageSchema)
    @documents_errors(devices_blp, 401)
    def get(self, page_args):
        """List the devices where you are signed in, newest first"""
        stmt = select(LoginSession).where(
            LoginSession.member_id == current_member().id, LoginSession.revoked_at.is_(None)
        )
        page = paginate_newest_first(stmt, LoginSession, page_args)
        current_id = _current_login_session().id
        for login_session in page["items"]:
            login_session.current = login_session.id == current_id
        return page


@devices_blp.route("/<uuid:login_session_id>")
class LoginSessionById(MethodView):
    decorators = [jwt_required()]

    @devices_blp.doc(operationId="revokeLoginSession")
    @devices_blp.response(204)
    @documents_errors(devices_blp, 401, 404)
    def delete(self, login_session_id: uuid.UUID):
        """Sign out one device"""
        login_session = Session.get(LoginSession, login_session_id)
        if login_session is None or login_session.member_id != current_member().id:
            abort(404, message="No such sign-in.")
        revoke_login_session(login_session, reason="signed_out_remotely")
        Session.commit()


def _current_login_session() -> LoginSession:
    return Session.get(LoginSession, uuid.UUID(get_jwt()[SESSION_CLAIM]))
