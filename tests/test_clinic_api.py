"""Partner clinics' API: tokens, consent-bound reads, the refusal matrix, referrals."""

import base64
import datetime as dt

import pytest

from api.db import Session, utcnow
from api.models import AccessLogEntry, AuditEntry, Consent
from tests.factories import (
    CLIENT_SECRETS,
    CheckInFactory,
    ClinicClientFactory,
    ClinicFactory,
    ClinicPatientFactory,
    CoachingPlanFactory,
    ConsentFactory,
    GroupSessionFactory,
    MemberFactory,
    RsvpFactory,
)

TOKEN_URL = "/api/v1/oauth/token"
ALL_READ = ["members:read", "plans:read", "checkins:read", "attendance:read"]


def consented(clinic, scopes=ALL_READ, **consent_overrides):
    """A member with a consent for `clinic`; returns (member, the clinic's pseudonymous id)."""
    member = MemberFactory()
    patient = ClinicPatientFactory(clinic=clinic, member=member)
    ConsentFactory(member=member, clinic=clinic, scopes=scopes, **consent_overrides)
    return member, patient.id


# --- OAuth2 client credentials ---


def test_token_with_basic_auth_carries_the_granted_scopes(client):
    row = ClinicClientFactory(allowed_scopes=["members:read", "checkins:read"])
    basic = base64.b64encode(f"{row.client_id}:{CLIENT_SECRETS[row.client_id]}".encode()).decode()
    response = client.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "scope": "checkins:read"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200, response.json
    assert response.json["scope"] == "checkins:read"
    assert response.json["token_type"] == "Bearer"
    assert 0 < response.json["expires_in"] <= 900
    assert response.headers["Cache-Control"] == "no-store"


def test_token_refuses_scopes_the_client_may_not_have(client):
    row = ClinicClientFactory(allowed_scopes=["members:read"])
    response = client.post(
        TOKEN_URL,
        data={
            "grant_type": "client_credentials",
            "client_id": row.client_id,
            "client_secret": CLIENT_SECRETS[row.client_id],
            "scope": "members:read plans:read",
        },
    )
    assert response.status_code == 400
    assert response.json["error"] == "invalid_scope"
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("secret", ["wrong", ""])
def test_token_refuses_a_wrong_secret(client, secret):
    row = ClinicClientFactory()
    response = client.post(
        TOKEN_URL,
        data={"grant_type": "client_credentials", "client_id": row.client_id, "client_secret": secret},
    )
    assert response.status_code == 401
    assert response.json["error"] == "invalid_client"


def test_token_refuses_other_grant_types(client):
    row = ClinicClientFactory()
    response = client.post(
        TOKEN_URL,
        data={
            "grant_type": "password",
            "client_id": row.client_id,
            "client_secret": CLIENT_SECRETS[row.client_id],
        },
    )
    assert response.status_code == 400
    assert response.json["error"] == "unsupported_grant_type"


def test_revoking_a_client_ends_its_tokens_at_once(as_clinic, as_member):
    clinic = as_clinic()
    admin = as_member(role="admin")
    assert clinic.get("/api/v1/clinic/members").status_code == 200
    row = clinic.client_row
    response = admin.delete(f"/api/v1/clinics/{row.clinic_id}/clients/{row.id}")
    assert response.status_code == 200
    assert clinic.get("/api/v1/clinic/members").status_code == 401
    again = clinic.client.post(
        TOKEN_URL,
        data={
            "grant_type": "client_credentials",
            "client_id": row.client_id,
            "client_secret": CLIENT_SECRETS[row.client_id],
        },
    )
    assert again.status_code == 401


def test_rotating_the_secret_ends_old_tokens_and_the_old_secret(as_clinic, as_member):
    clinic = as_clinic()
    admin = as_member(role="admin")
    row = clinic.client_row
    response = admin.post(f"/api/v1/clinics/{row.clinic_id}/clients/{row.id}/secret")
    assert response.status_code == 200
    new_secret = response.json["client_secret"]
    assert clinic.get("/api/v1/clinic/members").status_code == 401
    form = {"grant_type": "client_credentials", "client_id": row.client_id}
    assert (
        clinic.client.post(
            TOKEN_URL, data={**form, "client_secret": CLIENT_SECRETS[row.client_id]}
        ).status_code
        == 401
    )
    assert clinic.client.post(TOKEN_URL, data={**form, "client_secret": new_secret}).status_code == 200


def test_client_tokens_do_not_work_on_member_endpoints_and_member_tokens_not_on_clinic_ones(
    as_clinic, member_client
):
    clinic = as_clinic()
    assert clinic.get("/api/v1/members/me").status_code == 403
    assert clinic.get("/api/v1/groups").status_code == 403
    assert member_client.get("/api/v1/clinic/members").status_code == 403


# --- Admins manage clinics and clients ---


def test_admin_registers_a_clinic_and_issues_a_client_whose_secret_is_shown_once(as_member, client):
    admin = as_member(role="admin")
    created = admin.post("/api/v1/clinics", json={"name": "Harbour Community Clinic", "region": "GB"})
    assert created.status_code == 201, created.json
    clinic_id = created.json["id"]
    issued = admin.post(
        f"/api/v1/clinics/{clinic_id}/clients",
        json={"label": "EHR", "allowed_scopes": ["members:read", "referrals:write"]},
    )
    assert issued.status_code == 201, issued.json
    secret = issued.json["client_secret"]
    listed = admin.get(f"/api/v1/clinics/{clinic_id}/clients")
    assert listed.status_code == 200
    assert secret not in listed.get_data(as_text=True)
    token = client.post(
        TOKEN_URL,
        data={
            "grant_type": "client_credentials",
            "client_id": issued.json["client_id"],
            "client_secret": secret,
        },
    )
    assert token.status_code == 200
    assert token.json["scope"] == "members:read referrals:write"
    actions = {entry.action for entry in Session.query(AuditEntry).all()}
    assert {"clinic.created", "clinic_client.created", "clinic.token_issued"} <= actions


def test_members_cannot_manage_clinics(member_client):
    clinic = ClinicFactory()
    assert member_client.post("/api/v1/clinics", json={"name": "Mine"}).status_code == 403
    response = member_client.post(
        f"/api/v1/clinics/{clinic.id}/clients", json={"label": "x1", "allowed_scopes": ["members:read"]}
    )
    assert response.status_code == 403
    assert member_client.get(f"/api/v1/clinics/{clinic.id}/clients").status_code == 403
    assert member_client.get("/api/v1/clinics").status_code == 200


# --- Consents: grant, revoke, and what the clinic sees ---


def test_grant_read_revoke_refused(member_client, as_clinic):
    clinic = as_clinic()
    granted = member_client.post(
        "/api/v1/members/me/consents",
        json={
            "clinic_id": str(clinic.client_row.clinic_id),
            "scopes": ["members:read", "checkins:read"],
            "purpose": "Coordinate my care with my clinic",
            "expires_at": (utcnow() + dt.timedelta(days=90)).isoformat(),
            "expiry_event": "when my treatment ends",
            "right_to_revoke_acknowledged": True,
        },
    )
    assert granted.status_code == 201, granted.json
    assert granted.json["status"] == "active"
    assert granted.json["discloser"]
    CheckInFactory(plan=CoachingPlanFactory(member=member_client.member), note="private words")

    members = clinic.get("/api/v1/clinic/members")
    assert members.status_code == 200
    [item] = members.json["items"]
    assert item["id"] != str(member_client.member.id)
    assert item["profile"]["display_name"] == member_client.member.display_name
    check_ins = clinic.get(f"/api/v1/clinic/members/{item['id']}/check-ins")
    assert check_ins.status_code == 200
    assert "private words" not in check_ins.get_data(as_text=True)
    assert "note" not in check_ins.json["items"][0]
    # plans:read was not consented
    assert clinic.get(f"/api/v1/clinic/members/{item['id']}/coaching-plans").status_code == 404

    log = member_client.get("/api/v1/members/me/access-log").json["items"]
    assert {entry["viewer_role"] for entry in log} == {"clinic"}
    assert len(log) == 2

    revoked = member_client.delete(f"/api/v1/members/me/consents/{granted.json['id']}")
    assert revoked.status_code == 200
    assert revoked.json["status"] == "revoked"
    assert clinic.get(f"/api/v1/clinic/members/{item['id']}/check-ins").status_code == 404
    assert clinic.get("/api/v1/clinic/members").json["items"] == []
    actions = [entry.action for entry in Session.query(AuditEntry).order_by(AuditEntry.created_at)]
    assert "consent.granted" in actions and "consent.revoked" in actions


def test_a_new_grant_replaces_the_old_one(member_client):
    clinic = ClinicFactory()
    body = {
        "clinic_id": str(clinic.id),
        "scopes": ["members:read"],
        "purpose": "Coordinate my care",
        "expires_at": (utcnow() + dt.timedelta(days=30)).isoformat(),
        "right_to_revoke_acknowledged": True,
    }
    first = member_client.post("/api/v1/members/me/consents", json=body).json
    second = member_client.post(
        "/api/v1/members/me/consents", json={**body, "scopes": ["checkins:read"]}
    ).json
    statuses = {
        item["id"]: item["status"] for item in member_client.get("/api/v1/members/me/consents").json["items"]
    }
    assert statuses == {first["id"]: "revoked", second["id"]: "active"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("right_to_revoke_acknowledged", False),
        ("expires_at", "2020-01-01T00:00:00+00:00"),
        ("expires_at", (utcnow() + dt.timedelta(days=800)).isoformat()),
        ("scopes", ["referrals:write"]),
        ("scopes", []),
        ("scopes", ["members:read", "members:read"]),
        ("purpose", ""),
    ],
)
def test_grant_refuses_incomplete_consents(member_client, field, value):
    clinic = ClinicFactory()
    body = {
        "clinic_id": str(clinic.id),
        "scopes": ["members:read"],
        "purpose": "Coordinate my care",
        "expires_at": (utcnow() + dt.timedelta(days=30)).isoformat(),
        "right_to_revoke_acknowledged": True,
        field: value,
    }
    response = member_client.post("/api/v1/members/me/consents", json=body)
    assert response.status_code == 422
    assert any(key.split(".")[0] == field for key in response.json["errors"])
    assert Session.query(Consent).count() == 0


def test_another_members_consent_cannot_be_revoked(member_client, other_member_client):
    consent = ConsentFactory(member=other_member_client.member)
    assert member_client.delete(f"/api/v1/members/me/consents/{consent.id}").status_code == 404
    assert Session.get(Consent, consent.id).status == "active"


# --- The refusal matrix: every member endpoint x every reason a clinic must be refused ---

MEMBER_ENDPOINTS = {
    "": "members:read",
    "/coaching-plans": "plans:read",
    "/check-ins": "checkins:read",
    "/attendance": "attendance:read",
    "/fhir": "members:read",
}
REASONS = [
    "no_consent",
    "expired",
    "revoked",
    "declined",
    "proposed",
    "scope_not_consented",
    "other_clinics_id",
    "token_without_scope",
]
# The member view and the FHIR bundle need only a consent in force: they show what it covers.
MATRIX = [
    (suffix, reason)
    for suffix in MEMBER_ENDPOINTS
    for reason in REASONS
    if not (reason == "scope_not_consented" and MEMBER_ENDPOINTS[suffix] == "members:read")
]


def _situation(reason: str, clinic, scope: str):
    """Build the situation for `reason`: the id to ask for, and the scope of the token to use."""
    if reason == "no_consent":
        return ClinicPatientFactory(clinic=clinic, member=MemberFactory()).id, None
    if reason == "expired":
        return consented(clinic, expires_at=utcnow() - dt.timedelta(minutes=1))[1], None
    if reason in ("revoked", "declined"):
        return consented(clinic, status=reason, revoked_at=utcnow())[1], None
    if reason == "proposed":
        return consented(clinic, status="proposed", signed_at=None)[1], None
    if reason == "scope_not_consented":
        return consented(clinic, scopes=[other for other in ALL_READ if other != scope])[1], None
    if reason == "other_clinics_id":
        member, _ = consented(clinic)
        other = ClinicFactory()
        ConsentFactory(member=member, clinic=other)
        return ClinicPatientFactory(clinic=other, member=member).id, None
    if reason == "token_without_scope":
        return consented(clinic)[1], " ".join(other for other in ALL_READ if other != scope)
    raise AssertionError(reason)


@pytest.mark.parametrize(("suffix", "reason"), MATRIX)
def test_clinic_is_refused(as_clinic, suffix, reason):
    scope = MEMBER_ENDPOINTS[suffix]
    clinic_row = ClinicClientFactory()
    pseudonym, token_scope = _situation(reason, clinic_row.clinic, scope)
    clinic = as_clinic(token_scope, **{"clinic": clinic_row.clinic})
    response = clinic.get(f"/api/v1/clinic/members/{pseudonym}{suffix}")
    expected = 403 if reason == "token_without_scope" else 404
    assert response.status_code == expected, response.json
    assert Session.query(AccessLogEntry).filter(AccessLogEntry.clinic_id.is_not(None)).count() == 0


@pytest.mark.parametrize("suffix", list(MEMBER_ENDPOINTS))
def test_clinic_reads_a_consented_member_and_logs_it(as_clinic, suffix):
    clinic = as_clinic()
    member, pseudonym = consented(clinic.clinic)
    response = clinic.get(f"/api/v1/clinic/members/{pseudonym}{suffix}")
    assert response.status_code == 200, response.json
    assert str(member.id) not in response.get_data(as_text=True)
    [entry] = Session.query(AccessLogEntry).filter(AccessLogEntry.member_id == member.id).all()
    assert entry.clinic_id == clinic.clinic.id and entry.viewer_role == "clinic"


def test_clinic_lists_only_its_consented_members(as_clinic):
    clinic = as_clinic()
    mine, pseudonym = consented(clinic.clinic)
    consented(clinic.clinic, expires_at=utcnow() - dt.timedelta(days=1))
    consented(clinic.clinic, status="revoked", revoked_at=utcnow())
    consented(ClinicFactory())
    ids = [item["id"] for item in clinic.get("/api/v1/clinic/members").json["items"]]
    assert ids == [str(pseudonym)]


def test_two_clinics_see_the_same_member_under_unlinkable_ids(as_clinic):
    first, second = as_clinic(), as_clinic()
    member = MemberFactory()
    for clinic in (first, second):
        ConsentFactory(member=member, clinic=clinic.clinic)
        ClinicPatientFactory(clinic=clinic.clinic, member=member)
    [seen_by_first] = first.get("/api/v1/clinic/members").json["items"]
    [seen_by_second] = second.get("/api/v1/clinic/members").json["items"]
    assert seen_by_first["id"] != seen_by_second["id"]
    assert str(member.id) not in (seen_by_first["id"], seen_by_second["id"])
    assert second.get(f"/api/v1/clinic/members/{seen_by_first['id']}").status_code == 404


def test_attendance_and_plans_show_what_was_consented(as_clinic):
    clinic = as_clinic()
    member, pseudonym = consented(clinic.clinic)
    session = GroupSessionFactory()
    RsvpFactory(session=session, member=member, attendance="attended")
    CoachingPlanFactory(member=member, title="Ninety days")
    attendance = clinic.get(f"/api/v1/clinic/members/{pseudonym}/attendance").json["items"]
    assert attendance[0]["attendance"] == "attended"
    plans = clinic.get(f"/api/v1/clinic/members/{pseudonym}/coaching-plans").json["items"]
    assert plans[0]["title"] == "Ninety days" and plans[0]["goals"] == []


def test_clinic_lists_use_a_fixed_number_of_queries(as_clinic, count_queries):
    clinic = as_clinic()
    for _ in range(3):
        member, pseudonym = consented(clinic.clinic)
    for _ in range(5):
        CheckInFactory(plan=CoachingPlanFactory(member=member))
    counts = {}
    for path in ("/api/v1/clinic/members", f"/api/v1/clinic/members/{pseudonym}/check-ins"):
        for size in (1, 20):
            with count_queries() as counter:
                assert clinic.get(f"{path}?limit={size}").status_code == 200
            counts[(path, size)] = counter.count
    for path in ("/api/v1/clinic/members", f"/api/v1/clinic/members/{pseudonym}/check-ins"):
        assert counts[(path, 1)] == counts[(path, 20)], counts


# --- Referrals: an invitation that proposes (never grants) a consent ---


def test_referral_proposes_a_consent_the_patient_decides_on(as_clinic, client):
    clinic = as_clinic("referrals:write members:read")
    referral = clinic.post(
        "/api/v1/clinic/referrals",
        json={
            "patient_reference": "MRN-1",
            "proposed_scopes": ["members:read", "checkins:read"],
            "purpose": "Follow your progress",
        },
        headers={"Idempotency-Key": "ref-1"},
    )
    assert referral.status_code == 201, referral.json
    replay = clinic.post(
        "/api/v1/clinic/referrals",
        json={
            "patient_reference": "MRN-1",
            "proposed_scopes": ["members:read", "checkins:read"],
            "purpose": "Follow your progress",
        },
        headers={"Idempotency-Key": "ref-1"},
    )
    assert replay.json["id"] == referral.json["id"]
    assert replay.headers["Idempotent-Replayed"] == "true"
    code = referral.json["code"]

    registered = client.post(
        "/api/v1/auth/register",
        json={
            "email": "patient@example.org",
            "password": "calm-harbour-lantern-7391",
            "display_name": "Patient",
            "time_zone": "Europe/London",
            "clinic_invitation": code,
        },
    )
    assert registered.status_code == 201, registered.json
    assert clinic.get("/api/v1/clinic/members").json["items"] == []  # proposed shares nothing

    from api.models import Member
    from tests.conftest import sign_in

    patient = sign_in(client.application, Session.query(Member).filter_by(email="patient@example.org").one())
    [proposal] = patient.get("/api/v1/members/me/consents").json["items"]
    assert proposal["status"] == "proposed" and proposal["from_referral"]
    granted = patient.post(
        "/api/v1/members/me/consents",
        json={
            "clinic_id": proposal["clinic"]["id"],
            "proposal_id": proposal["id"],
            "scopes": ["members:read"],  # less than the clinic asked for
            "purpose": proposal["purpose"],
            "expires_at": proposal["expires_at"],
            "right_to_revoke_acknowledged": True,
        },
    )
    assert granted.status_code == 201, granted.json
    assert granted.json["id"] == proposal["id"]
    [item] = clinic.get("/api/v1/clinic/members").json["items"]
    assert item["patient_reference"] == "MRN-1"
    assert item["consent"]["scopes"] == ["members:read"]
    listed = clinic.get("/api/v1/clinic/referrals").json["items"]
    assert listed[0]["redeemed"] is True and "code" not in listed[0]

    again = client.post(
        "/api/v1/auth/register",
        json={
            "email": "someone@example.org",
            "password": "calm-harbour-lantern-7391",
            "display_name": "Someone",
            "time_zone": "Europe/London",
            "clinic_invitation": code,
        },
    )
    assert again.status_code == 422
    assert "clinic_invitation" in again.json["errors"]
    assert Session.query(Member).filter_by(email="someone@example.org").count() == 0


def test_referrals_need_the_referrals_scope(as_clinic):
    clinic = as_clinic("members:read")
    response = clinic.post(
        "/api/v1/clinic/referrals",
        json={"proposed_scopes": ["members:read"], "purpose": "Follow your progress"},
    )
    assert response.status_code == 403


def test_fhir_endpoint_returns_a_valid_r4_bundle_within_the_consent(as_clinic):
    from fhir.resources.R4B.bundle import Bundle

    clinic = as_clinic()
    member, pseudonym = consented(clinic.clinic, scopes=["members:read", "checkins:read"])
    plan = CoachingPlanFactory(member=member)
    CheckInFactory(plan=plan, phq9_total=7, gad7_total=4, note="only mine")
    response = clinic.get(f"/api/v1/clinic/members/{pseudonym}/fhir")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    Bundle.model_validate(response.json)
    kinds = {entry["resource"]["resourceType"] for entry in response.json["entry"]}
    assert {"Patient", "Consent", "Organization", "QuestionnaireResponse", "Observation"} <= kinds
    assert not kinds & {"CarePlan", "Goal"}  # plans:read was not consented
    body = response.get_data(as_text=True)
    assert str(member.id) not in body and "only mine" not in body and member.email not in body


def test_every_clinic_and_consent_list_uses_a_fixed_number_of_queries(as_clinic, as_member, count_queries):
    """Each list costs the same number of statements for a page of 1 as for a page of 20."""
    clinic = as_clinic()
    admin = as_member(role="admin")
    member, pseudonym = consented(clinic.clinic)
    patient = as_member()
    for _ in range(3):
        plan = CoachingPlanFactory(member=member)
        RsvpFactory(session=GroupSessionFactory(), member=member, attendance="attended")
        ConsentFactory(member=patient.member, clinic=ClinicFactory())
        ClinicClientFactory(clinic=clinic.clinic)
        clinic.post(
            "/api/v1/clinic/referrals", json={"proposed_scopes": ["members:read"], "purpose": "Follow up"}
        )
    from api.models import Goal, Step

    for index in range(3):
        goal = Goal(plan_id=plan.id, what=f"Goal {index}")
        Session.add(goal)
        Session.flush()
        Session.add(Step(goal_id=goal.id, title="A step"))
    Session.commit()
    cases = [
        (clinic, f"/api/v1/clinic/members/{pseudonym}/coaching-plans"),
        (clinic, f"/api/v1/clinic/members/{pseudonym}/attendance"),
        (clinic, "/api/v1/clinic/referrals"),
        (patient, "/api/v1/members/me/consents"),
        (admin, "/api/v1/clinics"),
        (admin, f"/api/v1/clinics/{clinic.clinic.id}/clients"),
    ]
    for caller, path in cases:
        counts = []
        for size in (1, 20):
            with count_queries() as counter:
                response = caller.get(f"{path}?limit={size}")
            assert response.status_code == 200, (path, response.json)
            counts.append(counter.count)
        assert counts[0] == counts[1], (path, counts)


def test_a_member_reads_one_consent_and_filters_the_ended_ones(member_client, other_member_client):
    clinic = ClinicFactory()
    active = ConsentFactory(member=member_client.member, clinic=clinic)
    ConsentFactory(member=member_client.member, clinic=clinic, status="revoked", revoked_at=utcnow())
    ConsentFactory(member=member_client.member, expires_at=utcnow() - dt.timedelta(days=1))
    ConsentFactory(member=member_client.member, status="declined", revoked_at=utcnow())
    response = member_client.get(f"/api/v1/members/me/consents/{active.id}")
    assert response.status_code == 200 and response.json["status"] == "active"
    assert other_member_client.get(f"/api/v1/members/me/consents/{active.id}").status_code == 404
    ended = member_client.get("/api/v1/members/me/consents?status=ended").json["items"]
    assert sorted(item["status"] for item in ended) == ["declined", "expired", "revoked"]
    revoked = member_client.delete(f"/api/v1/members/me/consents/{active.id}").json
    assert revoked["revocation_reason"] == "member"


def test_accepting_a_proposal_cannot_share_more_than_was_asked(member_client):
    clinic = ClinicFactory()
    proposal = ConsentFactory(
        member=member_client.member, clinic=clinic, status="proposed", signed_at=None, scopes=["members:read"]
    )
    response = member_client.post(
        "/api/v1/members/me/consents",
        json={
            "clinic_id": str(clinic.id),
            "proposal_id": str(proposal.id),
            "scopes": ["members:read", "checkins:read"],
            "purpose": "Coordinate my care",
            "expires_at": (utcnow() + dt.timedelta(days=30)).isoformat(),
            "right_to_revoke_acknowledged": True,
        },
    )
    assert response.status_code == 422 and "scopes" in response.json["errors"]
    assert Session.get(Consent, proposal.id).status == "proposed"
