"""Partner clinics and their API clients: admins register clinics and issue credentials."""

import uuid

from flask.views import MethodView
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint, abort
from sqlalchemy import select, update

from api.clinic_auth import hash_secret, new_client_credentials
from api.db import Session, utcnow
from api.errors import documents_errors
from api.idempotency import idempotent
from api.models.clinics import Clinic, ClinicClient, Consent, ConsentStatus
from api.models.members import Role
from api.pagination import PageArgsSchema, page_schema, paginate, paginate_newest_first
from api.permissions import current_member, require_role
from api.schemas.clinics import (
    ClinicClientCreateSchema,
    ClinicClientCredentialsSchema,
    ClinicClientSchema,
    ClinicQuerySchema,
    ClinicSchema,
    ClinicUpdateSchema,
    ClinicWriteSchema,
)
from api.services.audit import audit

blp = Blueprint("clinics", __name__, url_prefix="/api/v1/clinics", description="Partner clinics")
ClinicPageSchema = page_schema(ClinicSchema, "ClinicPage")
ClinicClientPageSchema = page_schema(ClinicClientSchema, "ClinicClientPage")


@blp.route("")
class Clinics(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listClinics")
    @blp.arguments(ClinicQuerySchema, location="query")
    @blp.response(200, ClinicPageSchema)
    @documents_errors(blp, 422)
    def get(self, query):
        """Partner clinics by name: members choose whom to consent to; admins also see retired ones"""
        stmt = select(Clinic)
        if not (query["include_retired"] and current_member().has_role(Role.ADMIN)):
            stmt = stmt.where(Clinic.retired_at.is_(None))
        return paginate(stmt, query, Clinic.name, Clinic.id)

    @blp.doc(operationId="createClinic")
    @require_role(Role.ADMIN)
    @idempotent(blp)
    @blp.arguments(ClinicWriteSchema)
    @blp.response(201, ClinicSchema)
    @documents_errors(blp, 403, 409)
    def post(self, data):
        """Register a partner clinic (admins)"""
        if Session.scalars(select(Clinic.id).where(Clinic.name == data["name"])).first():
            abort(409, errors={"name": ["A clinic with this name is already registered."]})
        clinic = Clinic(**data)
        Session.add(clinic)
        Session.flush()
        audit("clinic.created", "clinic", clinic.id)
        Session.commit()
        return clinic, 201


@blp.route("/<uuid:clinic_id>")
class ClinicById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="getClinic")
    @blp.response(200, ClinicSchema)
    @documents_errors(blp, 404)
    def get(self, clinic_id: uuid.UUID):
        """One partner clinic"""
        return _clinic(clinic_id, include_retired=current_member().has_role(Role.ADMIN))

    @blp.doc(operationId="updateClinic")
    @require_role(Role.ADMIN)
    @blp.arguments(ClinicUpdateSchema)
    @blp.response(200, ClinicSchema)
    @documents_errors(blp, 403, 404, 409)
    def patch(self, changes, clinic_id: uuid.UUID):
        """Edit a clinic, or retire it: its clients stop working and its consents end (admins)"""
        clinic = _clinic(clinic_id, include_retired=True)
        retire = changes.pop("retired", None)
        if "name" in changes and changes["name"] != clinic.name:
            if Session.scalars(select(Clinic.id).where(Clinic.name == changes["name"])).first():
                abort(409, errors={"name": ["A clinic with this name is already registered."]})
        for field, value in changes.items():
            setattr(clinic, field, value)
        if retire and clinic.retired_at is None:
            _retire(clinic)
        elif retire is False:
            clinic.retired_at = None
        audit("clinic.updated", "clinic", clinic.id, fields=sorted(changes), retired=retire)
        Session.commit()
        return clinic


def _retire(clinic: Clinic) -> None:
    """A retired clinic's clients stop working at once, and its consents end (revoked)."""
    now = utcnow()
    clinic.retired_at = now
    Session.execute(
        update(Consent)
        .where(
            Consent.clinic_id == clinic.id, Consent.status.in_([ConsentStatus.ACTIVE, ConsentStatus.PROPOSED])
        )
        .values(status=ConsentStatus.REVOKED.value, revoked_at=now, revocation_reason="clinic_retired")
    )


@blp.route("/<uuid:clinic_id>/clients")
class ClinicClients(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="listClinicClients")
    @require_role(Role.ADMIN)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ClinicClientPageSchema)
    @documents_errors(blp, 403, 404, 422)
    def get(self, page_args, clinic_id: uuid.UUID):
        """A clinic's API clients, newest first (admins); secrets are never shown again"""
        _clinic(clinic_id, include_retired=True)
        stmt = select(ClinicClient).where(ClinicClient.clinic_id == clinic_id)
        return paginate_newest_first(stmt, ClinicClient, page_args)

    @blp.doc(operationId="createClinicClient")
    @require_role(Role.ADMIN)
    @idempotent(blp)
    @blp.arguments(ClinicClientCreateSchema)
    @blp.response(201, ClinicClientCredentialsSchema)
    @documents_errors(blp, 403, 404, 409)
    def post(self, data, clinic_id: uuid.UUID):
        """Issue client credentials to a clinic (admins): the secret is in this response only"""
        clinic = _clinic(clinic_id)
        client_id, secret = new_client_credentials()
        client = ClinicClient(clinic=clinic, client_id=client_id, secret_hash=hash_secret(secret), **data)
        Session.add(client)
        Session.flush()
        audit(
            "clinic_client.created",
            "clinic_client",
            client.id,
            clinic_id=str(clinic.id),
            scopes=data["allowed_scopes"],
        )
        Session.commit()
        return _with_secret(client, secret), 201


@blp.route("/<uuid:clinic_id>/clients/<uuid:client_row_id>")
class ClinicClientById(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="revokeClinicClient")
    @require_role(Role.ADMIN)
    @blp.response(200, ClinicClientSchema)
    @documents_errors(blp, 403, 404)
    def delete(self, clinic_id: uuid.UUID, client_row_id: uuid.UUID):
        """Revoke a client: its secret and every token it holds stop working at once (admins)"""
        client = _client(clinic_id, client_row_id)
        if client.revoked_at is None:
            client.revoked_at = utcnow()
            audit("clinic_client.revoked", "clinic_client", client.id, clinic_id=str(clinic_id))
            Session.commit()
        return client


@blp.route("/<uuid:clinic_id>/clients/<uuid:client_row_id>/secret")
class ClinicClientSecret(MethodView):
    decorators = [jwt_required()]

    @blp.doc(operationId="rotateClinicClientSecret")
    @require_role(Role.ADMIN)
    @blp.response(200, ClinicClientCredentialsSchema)
    @documents_errors(blp, 403, 404, 409)
    def post(self, clinic_id: uuid.UUID, client_row_id: uuid.UUID):
        """Rotate a client's secret (admins): the old secret and its tokens stop working at once"""
        client = _client(clinic_id, client_row_id)
        if client.revoked_at is not None:
            abort(409, message="This client is revoked; issue a new one.")
        _, secret = new_client_credentials()
        client.secret_hash = hash_secret(secret)
        client.secret_rotated_at = utcnow()
        audit("clinic_client.secret_rotated", "clinic_client", client.id, clinic_id=str(clinic_id))
        Session.commit()
        return _with_secret(client, secret)


def _clinic(clinic_id: uuid.UUID, include_retired: bool = False) -> Clinic:
    clinic = Session.get(Clinic, clinic_id)
    if clinic is None or (clinic.retired_at is not None and not include_retired):
        abort(404, message="No such clinic.")
    return clinic


def _client(clinic_id: uuid.UUID, client_row_id: uuid.UUID) -> ClinicClient:
    client = Session.get(ClinicClient, client_row_id)
    if client is None or client.clinic_id != clinic_id:
        abort(404, message="No such client for this clinic.")
    return client


def _with_secret(client: ClinicClient, secret: str) -> ClinicClient:
    """The client with its new secret attached for this one response; only the hash is stored."""
    client.client_secret = secret
    return client
