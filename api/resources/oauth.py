"""OAuth2 token endpoint for partner clinic clients: the client credentials grant (RFC 6749 §4.4)."""

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from api.clinic_auth import OAuthError, authenticate_client, grant_scopes, issue_client_token
from api.db import Session
from api.errors import PROBLEM_CONTENT_TYPE, documents_errors
from api.schemas.clinics import OAuthProblemSchema, TokenRequestSchema, TokenSchema
from api.services.audit import audit

blp = Blueprint("oauth", __name__, url_prefix="/api/v1/oauth", description="Partner clinic authentication")


@blp.errorhandler(OAuthError)
def _oauth_error(error: OAuthError):
    return error.response()


@blp.route("/token")
class Token(MethodView):
    @blp.doc(operationId="issueClinicToken", security=[])
    @blp.arguments(TokenRequestSchema, location="form")
    @blp.response(200, TokenSchema)
    @blp.alt_response(
        400, schema=OAuthProblemSchema, content_type=PROBLEM_CONTENT_TYPE, description="Bad Request"
    )
    @blp.alt_response(
        401, schema=OAuthProblemSchema, content_type=PROBLEM_CONTENT_TYPE, description="Unauthorized"
    )
    @documents_errors(blp, 422)
    def post(self, form):
        """Trade a clinic client's id and secret (HTTP Basic, or in the form) for an access token

        The token is short-lived and carries the requested scopes, each of which the client must be
        allowed; omit `scope` for all of them. Errors carry RFC 6749's `error` code.
        """
        if form["grant_type"] != "client_credentials":
            raise OAuthError(400, "unsupported_grant_type", "Only the client_credentials grant is supported.")
        client_id, secret = _client_credentials(form)
        client = authenticate_client(client_id, secret)
        scopes = grant_scopes(client, form.get("scope"))
        token = issue_client_token(client, scopes)
        audit(
            "clinic.token_issued", "clinic_client", client.id, clinic_id=str(client.clinic_id), scopes=scopes
        )
        Session.commit()
        return token, 200, {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _client_credentials(form: dict) -> tuple[str | None, str | None]:
    """HTTP Basic authentication (RFC 6749 §2.3.1) or the form's client_id and client_secret."""
    basic = request.authorization
    if basic is not None and basic.type == "basic":
        if form.get("client_secret"):
            raise OAuthError(400, "invalid_request", "Authenticate the client one way, not both.")
        return basic.username, basic.password
    return form.get("client_id"), form.get("client_secret")
