"""Partner clinic clients: client credentials, their access tokens, and the scope check on views.

A clinic's access token is a JWT like a member's, told apart by its `cid` claim (the client's row
id). Every request re-reads the client row, so revoking a client, or retiring its clinic, ends
every token it holds at once on every worker. Client tokens work only on the clinic blueprints;
member tokens never work there.
"""

import hashlib
import hmac
import secrets
import uuid
from functools import wraps

from flask import current_app, g, request
from flask_jwt_extended import create_access_token, get_jwt, verify_jwt_in_request
from flask_smorest import abort
from sqlalchemy import select

from api.db import Session, utcnow
from api.errors import problem_response
from api.models.clinics import ClinicClient

CLIENT_CLAIM = "cid"
SCOPE_CLAIM = "scope"
ROTATION_CLAIM = "rot"  # which secret the token was issued under
# Blueprints whose views accept clinic client tokens (and only those).
CLINIC_BLUEPRINTS = {"clinic", "clinic_webhooks"}
CLIENT_ID_PREFIX = "pwc_"


class OAuthError(Exception):
    """An RFC 6749 §5.2 error from the token endpoint, sent as problem+json with `error`."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    def response(self):
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if self.error == "invalid_client":
            headers["WWW-Authenticate"] = 'Basic realm="peerway-clinics"'
        response = problem_response(self.status, self.description, headers=headers, kind=self.error)
        body = response.get_json()
        body.update(error=self.error, error_description=self.description)
        response.set_data(current_app.json.dumps(body))
        return response


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_client_credentials() -> tuple[str, str]:
    """A public client id and a secret of 256 random bits."""
    return CLIENT_ID_PREFIX + secrets.token_hex(12), "pws_" + secrets.token_urlsafe(32)


def authenticate_client(client_id: str | None, secret: str | None) -> ClinicClient:
    """The active client with these credentials; compares in constant time either way."""
    client = None
    if client_id:
        client = Session.scalars(select(ClinicClient).where(ClinicClient.client_id == client_id)).first()
    expected = client.secret_hash if client is not None else hash_secret(secrets.token_hex(16))
    if not (hmac.compare_digest(expected, hash_secret(secret or "")) and client and client.is_active):
        raise OAuthError(401, "invalid_client", "Unknown client, wrong secret, or the client was revoked.")
    return client


def grant_scopes(client: ClinicClient, requested: str | None) -> list[str]:
    """The requested scopes, all of which the client must be allowed; all allowed when none asked."""
    if not requested:
        return list(client.allowed_scopes)
    asked = requested.split()
    refused = [scope for scope in asked if scope not in client.allowed_scopes]
    if refused:
        raise OAuthError(400, "invalid_scope", f"This client may not ask for: {' '.join(refused)}.")
    return sorted(set(asked), key=asked.index)


def issue_client_token(client: ClinicClient, scopes: list[str]) -> dict:
    expires = current_app.config["CLINIC_TOKEN_EXPIRES"]
    client.last_used_at = utcnow()
    token = create_access_token(
        f"client:{client.id}",
        additional_claims={
            CLIENT_CLAIM: str(client.id),
            SCOPE_CLAIM: " ".join(scopes),
            ROTATION_CLAIM: _rotation_stamp(client),
        },
        expires_delta=expires,
    )
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": int(expires.total_seconds()),
        "scope": " ".join(scopes),
    }


def _rotation_stamp(client: ClinicClient) -> str:
    return client.secret_rotated_at.isoformat()


def is_client_token(payload: dict) -> bool:
    return CLIENT_CLAIM in payload


def client_token_revoked(payload: dict) -> bool:
    """For the blocklist loader: is the client behind this token gone, or used out of place?"""
    try:
        client = Session.get(ClinicClient, uuid.UUID(payload[CLIENT_CLAIM]))
    except ValueError:
        return True
    if client is None or not client.is_active:
        return True
    # A token issued before the secret was rotated dies with the old secret.
    if payload.get(ROTATION_CLAIM) != _rotation_stamp(client):
        return True
    if request.blueprint not in CLINIC_BLUEPRINTS:
        abort(403, message="A clinic client token only works on the /clinic endpoints.")
    g.clinic_client = client
    return False


def current_client() -> ClinicClient:
    return g.clinic_client


def clinic_scope_required(blp, scope: str | None):
    """Allow the view to clinic client tokens carrying `scope` (any clinic token when None).

    Documents the OAuth2 requirement on the operation. A member's token is refused with 403; a
    client token without the scope gets 403 `insufficient_scope` (RFC 6750 §3.1).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request()
            claims = get_jwt()
            if not is_client_token(claims):
                abort(403, message="This endpoint is for partner clinic clients (OAuth2 client credentials).")
            if scope and scope not in claims.get(SCOPE_CLAIM, "").split():
                return problem_response(
                    403,
                    f"This token lacks the {scope} scope.",
                    headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
                    kind="insufficient_scope",
                )
            return view(*args, **kwargs)

        return blp.doc(security=[{"clinicOAuth": [scope] if scope else []}])(wrapper)

    return decorator
