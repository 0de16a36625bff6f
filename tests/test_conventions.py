"""Cross-cutting conventions: problem+json errors, headers, CORS, pagination, idempotency."""

import datetime as dt
import json

import jwt as pyjwt
import pytest
from flask_jwt_extended import create_access_token
from sqlalchemy import func, select

from api.db import utcnow
from api.models import IdempotencyRecord, LoginSession, Member
from api.resources.auth import LoginSessionPageSchema
from tests.conftest import sign_in
from tests.factories import LoginSessionFactory

ME = "/api/v1/members/me"
REGISTER = "/api/v1/auth/register"
SIGN_UP = {
    "email": "new@example.org",
    "password": "kettle-orbit-lantern-42",
    "display_name": "Newcomer",
    "time_zone": "Europe/Berlin",
}


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert {"type", "title", "status", "detail"} <= set(response.json)
    assert response.json["status"] == status


# --- errors -----------------------------------------------------------------------------


def test_unknown_path_is_a_problem_404(client):
    assert_problem(client.get("/api/v1/nothing-here"), 404)


def test_wrong_method_is_a_problem_405_with_allow(client):
    response = client.put("/api/v1/auth/login", json={})
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_malformed_json_is_a_4xx_problem(client):
    response = client.post(REGISTER, data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"


def test_wrong_types_are_422_with_field_messages(client):
    response = client.post(REGISTER, json={**SIGN_UP, "display_name": 42, "email": ["x"]})
    assert_problem(response, 422)
    assert {"display_name", "email"} <= set(response.json["errors"])


def test_missing_fields_are_422_with_field_messages(client):
    response = client.post(REGISTER, json={})
    assert_problem(response, 422)
    assert set(response.json["errors"]) == {"email", "password", "display_name", "time_zone"}


def test_json_array_body_is_422(client):
    assert_problem(client.post(REGISTER, json=[SIGN_UP]), 422)


def test_oversized_body_is_413(client):
    response = client.post(REGISTER, json={**SIGN_UP, "display_name": "x" * (2 * 1024 * 1024)})
    assert_problem(response, 413)


def test_integrity_conflict_is_409_and_writes_nothing(client, db_session):
    client.post(REGISTER, json=SIGN_UP)
    response = client.post(REGISTER, json={**SIGN_UP, "display_name": "Twin"})
    assert_problem(response, 409)
    assert db_session.scalar(select(func.count()).select_from(Member)) == 1


def test_unexpected_error_is_a_500_problem_without_a_stack_trace(app, member_client, monkeypatch):
    from api.resources import members

    def explode(_member):
        raise RuntimeError("secret internals /work/main/api")

    monkeypatch.setattr(members.privacy, "export_member", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = member_client.get(f"{ME}/export")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert_problem(response, 500)
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


# --- tokens -----------------------------------------------------------------------------


def test_missing_token_is_a_problem_401(client):
    response = client.get(ME)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_refused(app, member_client):
    with app.app_context():
        sid = _session_id(member_client)
        token = create_access_token(
            str(member_client.member.id),
            additional_claims={"sid": sid},
            expires_delta=dt.timedelta(seconds=-5),
        )
    response = member_client.client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert_problem(response, 401)
    assert response.json["type"].endswith("/token-expired")


def _session_id(signed_in) -> str:
    return pyjwt.decode(signed_in.access_token, options={"verify_signature": False})["sid"]


def test_tampered_token_is_refused(member_client):
    header, payload, signature = member_client.access_token.split(".")
    claims = json.loads(pyjwt.utils.base64url_decode(payload))
    claims["sub"] = "00000000-0000-4000-8000-000000000000"
    forged = pyjwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    response = member_client.client.get(
        ME, headers={"Authorization": f"Bearer {header}.{forged}.{signature}"}
    )
    assert_problem(response, 401)


def test_token_signed_with_another_key_is_refused(member_client):
    claims = pyjwt.decode(member_client.access_token, options={"verify_signature": False})
    token = pyjwt.encode(claims, "some-other-key-that-is-long-enough-32b", algorithm="HS256")
    assert_problem(member_client.client.get(ME, headers={"Authorization": f"Bearer {token}"}), 401)


def test_alg_none_token_is_refused(member_client):
    claims = pyjwt.decode(member_client.access_token, options={"verify_signature": False})
    token = pyjwt.encode(claims, None, algorithm="none")
    assert_problem(member_client.client.get(ME, headers={"Authorization": f"Bearer {token}"}), 401)


def test_refresh_token_cannot_be_used_as_access_token(member_client):
    response = member_client.client.get(
        ME, headers={"Authorization": f"Bearer {member_client.refresh_token}"}
    )
    assert_problem(response, 401)


def test_revoked_token_is_refused(member_client):
    member_client.post("/api/v1/auth/logout")
    response = member_client.get(ME)
    assert_problem(response, 401)
    assert "revoked" in response.json["detail"]


def test_garbage_bearer_is_refused(client):
    assert_problem(client.get(ME, headers={"Authorization": "Bearer not.a.token"}), 401)


# --- headers and CORS ---------------------------------------------------------------------


def test_security_headers_are_set(member_client):
    response = member_client.get(ME)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"


def test_cors_allows_configured_origin_and_exposes_headers(client):
    response = client.options(
        ME,
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "Authorization, If-Match",
        },
    )
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    actual = client.get("/api/v1/resources/crisis", headers={"Origin": "http://localhost:5173"})
    assert "ETag" in actual.headers["Access-Control-Expose-Headers"]


def test_cors_ignores_unknown_origins(client):
    response = client.get("/api/v1/resources/crisis", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_strict_auth_limit_answers_429_with_retry_after(app, client):
    """Sign-up and sign-in carry the strict limit (20 a minute per address)."""
    responses = [client.post("/api/v1/auth/register", json={}) for _ in range(21)]
    assert responses[-1].status_code == 429
    assert responses[-1].mimetype == "application/problem+json"
    assert int(responses[-1].headers["Retry-After"]) > 0


def test_token_refresh_is_not_held_to_the_strict_sign_in_limit(client):
    responses = [client.post("/api/v1/auth/refresh", json={"refresh_token": "x"}) for _ in range(25)]
    assert {response.status_code for response in responses} == {401}


# --- pagination ---------------------------------------------------------------------------


def test_list_pages_are_bounded_and_walk_every_item_once(app, member_client):
    for _ in range(4):
        sign_in(app, member_client.member)
    seen, cursor = [], None
    while True:
        url = f"{ME}/login-sessions?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = member_client.get(url).json
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=abc", "cursor=%%%", "cursor=bm90IGpzb24"])
def test_bad_page_arguments_are_422(member_client, query):
    assert_problem(member_client.get(f"{ME}/login-sessions?{query}"), 422)


def test_list_issues_a_fixed_number_of_queries_whatever_the_page_size(app, member_client, count_queries):
    LoginSessionFactory.create_batch(30, member=member_client.member)
    counts = []
    for limit in (1, 10, 30):
        with count_queries() as counter:
            response = member_client.get(f"{ME}/login-sessions?limit={limit}")
        assert len(response.json["items"]) == limit
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2]
    assert counts[0] <= 3  # token check + the page


def test_page_schema_documents_items_and_cursor():
    assert set(LoginSessionPageSchema().fields) == {"items", "next_cursor"}


# --- idempotency --------------------------------------------------------------------------


def test_retried_idempotency_key_replays_the_first_response(client, db_session):
    first = client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-1"})
    second = client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-1"})
    assert first.status_code == second.status_code == 201
    assert second.json == first.json
    assert second.headers["Idempotent-Replayed"] == "true"
    assert db_session.scalar(select(func.count()).select_from(Member)) == 1


def test_reused_idempotency_key_with_another_body_is_422(client):
    client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-2"})
    other = client.post(
        REGISTER, json={**SIGN_UP, "email": "other@example.org"}, headers={"Idempotency-Key": "key-2"}
    )
    assert_problem(other, 422)
    assert "Idempotency-Key" in other.json["errors"]


def test_failed_request_releases_its_idempotency_key(client, db_session):
    bad = client.post(REGISTER, json={**SIGN_UP, "password": "short"}, headers={"Idempotency-Key": "key-3"})
    assert bad.status_code == 422
    assert db_session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0


def test_idempotent_response_body_never_stores_the_password(client, db_session):
    client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-4"})
    record = db_session.scalars(select(IdempotencyRecord)).one()
    assert SIGN_UP["password"] not in (record.response_body + record.request_hash)


def test_expired_idempotency_key_can_be_used_again(client, db_session):
    client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-5"})
    record = db_session.scalars(select(IdempotencyRecord)).one()
    record.created_at = record.created_at - dt.timedelta(days=2)
    db_session.commit()
    again = client.post(
        REGISTER, json={**SIGN_UP, "email": "later@example.org"}, headers={"Idempotency-Key": "key-5"}
    )
    assert again.status_code == 201


def test_a_completed_request_marks_its_claim_as_committed(client, db_session):
    client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-6"})
    record = db_session.scalars(select(IdempotencyRecord)).one()
    assert record.work_committed_at is not None and record.status_code == 201


def _abandoned_claim(app, db_session, key: str, work_committed: bool) -> None:
    """A claim left by a worker killed mid-request: never completed, claimed long ago."""
    from api.idempotency import _request_hash

    with app.test_request_context(REGISTER, method="POST", json=SIGN_UP):
        request_hash = _request_hash()
    db_session.add(
        IdempotencyRecord(
            scope="anonymous",
            key=key,
            request_hash=request_hash,
            created_at=utcnow() - dt.timedelta(minutes=5),
            work_committed_at=utcnow() - dt.timedelta(minutes=5) if work_committed else None,
        )
    )
    db_session.commit()


def test_a_claim_abandoned_before_any_change_is_run_again(app, client, db_session):
    _abandoned_claim(app, db_session, "key-7", work_committed=False)
    retried = client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-7"})
    assert retried.status_code == 201
    assert db_session.scalar(select(func.count()).select_from(Member)) == 1


def test_a_claim_whose_changes_were_committed_is_never_run_twice(app, client, db_session):
    _abandoned_claim(app, db_session, "key-8", work_committed=True)
    retried = client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-8"})
    assert_problem(retried, 409)
    assert "lost" in retried.json["detail"]
    assert db_session.scalar(select(func.count()).select_from(Member)) == 0


def test_a_recent_unfinished_claim_is_still_in_progress(app, client, db_session):
    _abandoned_claim(app, db_session, "key-9", work_committed=False)
    record = db_session.scalars(select(IdempotencyRecord)).one()
    record.created_at = utcnow()
    db_session.commit()
    retried = client.post(REGISTER, json=SIGN_UP, headers={"Idempotency-Key": "key-9"})
    assert_problem(retried, 409)
    assert "in progress" in retried.json["detail"]


def test_login_sessions_are_stored_in_utc(member_client, db_session):
    login_session = db_session.scalars(select(LoginSession)).first()
    assert login_session.created_at.tzinfo is not None
    assert login_session.created_at.utcoffset() == dt.timedelta(0)
