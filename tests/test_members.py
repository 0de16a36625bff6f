"""Own profile, public profiles, export and erasure."""

import datetime as dt

from sqlalchemy import func, select

from api.models import IdempotencyRecord, LoginSession, Member, RefreshToken
from tests.conftest import sign_in
from tests.factories import PASSWORD, MemberFactory

ME = "/api/v1/members/me"
PRIVATE_FIELDS = {"email", "legal_name", "recovery_start_date", "time_zone", "notification_prefs", "role"}


def test_member_can_read_own_private_profile(member_client):
    response = member_client.get(ME)
    assert response.status_code == 200
    assert response.json["email"] == member_client.member.email
    assert PRIVATE_FIELDS <= set(response.json)
    assert response.json["created_at"].endswith("+00:00")


def test_own_profile_has_an_etag_and_answers_304_when_unchanged(member_client):
    first = member_client.get(ME)
    assert first.headers["ETag"]
    again = member_client.get(ME, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_member_can_update_own_profile(member_client):
    response = member_client.patch(
        ME,
        json={
            "display_name": "  Quiet Fox ",
            "pronouns": "she/her",
            "bio": "Walking, tea, meetings.",
            "time_zone": "America/New_York",
            "recovery_start_date": "2025-03-01",
        },
    )
    assert response.status_code == 200
    assert response.json["display_name"] == "Quiet Fox"
    assert response.json["time_zone"] == "America/New_York"
    assert response.json["recovery_start_date"] == "2025-03-01"
    assert member_client.get(ME).json["pronouns"] == "she/her"


def test_member_can_clear_optional_fields(member_client):
    member_client.patch(ME, json={"pronouns": "they/them"})
    response = member_client.patch(ME, json={"pronouns": None})
    assert response.status_code == 200
    assert response.json["pronouns"] is None


def test_member_cannot_set_role_or_email_through_profile_update(member_client):
    response = member_client.patch(ME, json={"role": "admin", "email": "x@example.org"})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"role", "email"}
    assert member_client.get(ME).json["role"] == "member"


def test_profile_update_rejects_bad_values_with_field_messages(member_client):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = member_client.patch(
        ME, json={"display_name": " ", "time_zone": "Nowhere/Land", "recovery_start_date": tomorrow}
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"display_name", "time_zone", "recovery_start_date"}


def test_profile_update_with_a_stale_etag_is_refused(member_client):
    etag = member_client.get(ME).headers["ETag"]
    member_client.patch(ME, json={"pronouns": "he/him"})
    response = member_client.patch(ME, json={"bio": "stale write"}, headers={"If-Match": etag})
    assert response.status_code == 412
    assert member_client.get(ME).json["bio"] is None


def test_profile_update_with_the_current_etag_succeeds(member_client):
    etag = member_client.get(ME).headers["ETag"]
    response = member_client.patch(ME, json={"bio": "fresh"}, headers={"If-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_member_sees_only_the_public_profile_of_another(member_client, other_member_client):
    other = other_member_client.member
    response = member_client.get(f"/api/v1/members/{other.id}")
    assert response.status_code == 200
    assert set(response.json) == {"id", "display_name", "pronouns", "bio", "badges"}
    assert response.headers["ETag"]


def test_public_profile_shows_a_trained_facilitator_badge(member_client):
    facilitator = MemberFactory(role="facilitator", is_trained_facilitator=True)
    response = member_client.get(f"/api/v1/members/{facilitator.id}")
    assert response.json["badges"] == ["trained_facilitator"]


def test_unknown_member_is_404(member_client):
    response = member_client.get("/api/v1/members/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_visitor_cannot_read_profiles(client):
    member = MemberFactory()
    assert client.get(f"/api/v1/members/{member.id}").status_code == 401
    assert client.get(ME).status_code == 401


def test_member_ids_are_not_sequential(member_client, other_member_client):
    assert len(str(member_client.member.id)) == 36


def test_another_members_token_only_ever_reaches_its_own_profile(member_client, other_member_client):
    """There is no URL to read or change B's private profile with A's token."""
    other = other_member_client.member
    mine = member_client.get(ME).json
    assert mine["id"] != str(other.id)
    member_client.patch(ME, json={"display_name": "Changed by A"})
    assert other_member_client.get(ME).json["display_name"] == other.display_name


def test_member_can_export_everything_held_about_them(app, member_client):
    member_client.patch(ME, json={"legal_name": "Riley Example"})
    response = member_client.get(f"{ME}/export")
    assert response.status_code == 200
    data = response.json["data"]
    assert data["profile"]["email"] == member_client.member.email
    assert data["profile"]["legal_name"] == "Riley Example"
    assert len(data["login_sessions"]) == 1
    assert response.json["format_version"] == 1


def test_export_does_not_contain_other_members_data(member_client, other_member_client):
    body = member_client.get(f"{ME}/export").get_data(as_text=True)
    assert other_member_client.member.email not in body


def test_member_can_delete_their_account(app, client, member_client, db_session):
    member_id = member_client.member.id
    response = member_client.delete(ME)
    assert response.status_code == 204
    db_session.expire_all()
    assert db_session.get(Member, member_id) is None
    assert db_session.scalar(select(func.count()).select_from(LoginSession)) == 0
    assert db_session.scalar(select(func.count()).select_from(RefreshToken)) == 0
    assert member_client.get(ME).status_code == 401
    login = client.post(
        "/api/v1/auth/login", json={"email": member_client.member.email, "password": PASSWORD}
    )
    assert login.status_code == 401


def test_account_deletion_removes_stored_idempotent_responses(client, db_session):
    client.post(
        "/api/v1/auth/register",
        json={
            "email": "erase@example.org",
            "password": "kettle-orbit-lantern-42",
            "display_name": "Eraser",
            "time_zone": "UTC",
        },
        headers={"Idempotency-Key": "erase-me-1"},
    )
    member = db_session.scalars(select(Member).where(Member.email == "erase@example.org")).one()
    signed_in = sign_in_with(client, "erase@example.org", "kettle-orbit-lantern-42")
    assert client.delete(ME, headers=signed_in).status_code == 204
    remaining = db_session.scalars(select(IdempotencyRecord).where(IdempotencyRecord.member_id == member.id))
    assert list(remaining) == []


def sign_in_with(client, email, password) -> dict:
    tokens = client.post("/api/v1/auth/login", json={"email": email, "password": password}).json
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_account_deletion_needs_a_fresh_sign_in(app, client, member_client):
    refreshed = client.post("/api/v1/auth/refresh", json={"refresh_token": member_client.refresh_token}).json
    response = client.delete(ME, headers={"Authorization": f"Bearer {refreshed['access_token']}"})
    assert response.status_code == 401
    assert "fresh" in response.json["detail"]
    assert client.get(ME, headers={"Authorization": f"Bearer {refreshed['access_token']}"}).status_code == 200


def test_deleting_one_account_leaves_others(app, member_client, other_member_client):
    member_client.delete(ME)
    assert other_member_client.get(ME).status_code == 200


def test_member_can_list_and_revoke_own_sign_ins(app, member_client):
    laptop = sign_in(app, member_client.member)
    listing = member_client.get(f"{ME}/login-sessions")
    assert listing.status_code == 200
    items = listing.json["items"]
    assert len(items) == 2 and sum(item["current"] for item in items) == 1
    other_id = next(item["id"] for item in items if not item["current"])
    assert member_client.delete(f"{ME}/login-sessions/{other_id}").status_code == 204
    assert laptop.get(ME).status_code == 401


def test_member_cannot_revoke_another_members_sign_in(member_client, other_member_client):
    theirs = other_member_client.get(f"{ME}/login-sessions").json["items"][0]["id"]
    assert member_client.delete(f"{ME}/login-sessions/{theirs}").status_code == 404
    assert other_member_client.get(ME).status_code == 200


def test_sign_in_list_shows_only_own_devices(member_client, other_member_client):
    items = member_client.get(f"{ME}/login-sessions").json["items"]
    theirs = other_member_client.get(f"{ME}/login-sessions").json["items"]
    assert {item["id"] for item in items}.isdisjoint({item["id"] for item in theirs})


def test_member_sets_notification_preferences(member_client):
    response = member_client.patch(
        ME, json={"notification_prefs": {"email_reminders": False, "reminders": ["1h"]}}
    )
    assert response.status_code == 200
    assert response.json["notification_prefs"] == {
        "email_reminders": False,
        "in_app": True,
        "reminders": ["1h"],
    }
    bad = member_client.patch(ME, json={"notification_prefs": {"reminders": ["3 weeks"]}})
    assert bad.status_code == 422 and "notification_prefs.reminders.0" in bad.json["errors"]


def test_member_cannot_rename_themselves_with_a_bidirectional_override(member_client):
    response = member_client.patch(ME, json={"display_name": "Quiet\u202eFox"})
    assert response.status_code == 422
    assert "display_name" in response.json["errors"]
