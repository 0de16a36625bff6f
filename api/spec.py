"""OpenAPI document settings: security schemes and what every operation declares."""

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_instance

from api.conditional import IF_MATCH_PARAMETER
from api.idempotency import HEADER_PARAMETER as IDEMPOTENCY_PARAMETER

BEARER = [{"bearerAuth": []}]
# Marks an operation that never touches the database, so it cannot answer the 503 of an outage.
NO_DATABASE = {"x-no-database": True}
SECURITY_SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Access token from POST /api/v1/auth/login.",
    },
    "clinicOAuth": {
        "type": "oauth2",
        "description": "Partner clinic clients: OAuth2 client credentials (RFC 6749 §4.4) with "
        "scopes; tokens live 10 minutes and work only on /api/v1/clinic. A member is visible only "
        "while their consent to the clinic is in force, and only within it; see openapi/PARTNERS.md.",
        "flows": {
            "clientCredentials": {
                "tokenUrl": "/api/v1/oauth/token",
                "scopes": {
                    "members:read": "Read consented members' profiles",
                    "plans:read": "Read consented coaching plans",
                    "checkins:read": "Read consented check-ins",
                    "attendance:read": "Read consented attendance",
                    "referrals:write": "Refer patients (invitations that propose a consent)",
                },
            }
        },
    },
}
SPEC_INFO = {
    "description": (
        "Peer support groups, sessions, recovery coaching and resources.\n\n"
        "Errors are RFC 9457 `application/problem+json`. Lists are cursor-paginated: "
        "`{items, next_cursor}`; pass `next_cursor` back as `cursor`. Single-object reads carry "
        "an `ETag`; send it as `If-Match` on writes. Create endpoints honour `Idempotency-Key`. "
        "No text may contain a NUL character (U+0000): such a request gets a 422."
    ),
    "contact": {"name": "Peerway", "url": "https://peerway.org"},
}


class OperationDefaultsPlugin(BasePlugin):
    """Give each operation an explicit security requirement and its always-possible errors.

    There is no catch-all `default` response, so these are listed wherever they can happen:
    400 (a body that is not JSON) and 413 (over MAX_CONTENT_LENGTH) with a request body; 401 with
    a security requirement; 403 (a partner clinic's token on a member endpoint) with bearerAuth;
    429 and 500 everywhere; 503 (the database is unavailable) wherever the database is used.
    """

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if method == "parameters":
                continue
            parameters = operation.setdefault("parameters", [])
            if operation.pop("x-if-match", False):
                parameters.append(IF_MATCH_PARAMETER)
            if operation.pop("x-idempotent", False):
                parameters.append(IDEMPOTENCY_PARAMETER)
            if not parameters:
                del operation["parameters"]
            uses_database = not operation.pop("x-no-database", False)
            operation.setdefault("security", BEARER)
            responses = operation.setdefault("responses", {})
            defaults = []
            if "requestBody" in operation:
                defaults += [(400, "BAD_REQUEST"), (413, "REQUEST_ENTITY_TOO_LARGE")]
            if operation["security"]:
                defaults.append((401, "UNAUTHORIZED"))
            if any("bearerAuth" in requirement for requirement in operation["security"]):
                defaults.append((403, "FORBIDDEN"))
            defaults += [(429, "TOO_MANY_REQUESTS"), (500, "INTERNAL_SERVER_ERROR")]
            if uses_database:
                defaults.append((503, "SERVICE_UNAVAILABLE"))
            for status, response in defaults:
                # flask-smorest keys the responses a view documents by int, apispec by str
                if status not in responses and str(status) not in responses:
                    responses[str(status)] = response


def configure_spec(api) -> None:
    for name, scheme in SECURITY_SCHEMES.items():
        api.spec.components.security_scheme(name, scheme)
    api.spec.options["security"] = BEARER


class ResponseFieldsRequiredPlugin(MarshmallowPlugin):
    """Mark read-only fields required: the server always sends them (null where nullable).

    Typed clients then get `email: string` instead of `email?: string` for what always comes back.
    """

    def schema_helper(self, name, definition, schema=None, **kwargs):
        json_schema = super().schema_helper(name, definition, schema=schema, **kwargs)
        if json_schema is None:
            return None
        instance = resolve_schema_instance(schema)
        always_sent = [
            field.data_key or field_name
            for field_name, field in instance.fields.items()
            if field.dump_only and field_name not in getattr(instance, "exclude", ())
        ]
        if always_sent:
            json_schema["required"] = sorted(set(json_schema.get("required", [])) | set(always_sent))
        return json_schema
