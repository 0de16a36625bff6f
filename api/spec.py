"""OpenAPI document settings: security schemes and what every operation declares."""

from apispec import BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_instance

from api.conditional import IF_MATCH_PARAMETER
from api.idempotency import HEADER_PARAMETER as IDEMPOTENCY_PARAMETER

BEARER = [{"bearerAuth": []}]
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
        "an `ETag`; send it as `If-Match` on writes. Create endpoints honour `Idempotency-Key`."
    ),
    "contact": {"name": "Peerway", "url": "https://peerway.org"},
}


class OperationDefaultsPlugin(BasePlugin):
    """Give each operation an explicit security requirement and its always-possible errors."""

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
            operation.setdefault("security", BEARER)
            responses = operation.setdefault("responses", {})
            if operation["security"]:
                responses.setdefault("401", "UNAUTHORIZED")
            responses.setdefault("429", "TOO_MANY_REQUESTS")
            responses.setdefault("500", "INTERNAL_SERVER_ERROR")


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
