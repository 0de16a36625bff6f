"""Sign-up, sign-in, refresh rotation, sign-out and the password policy."""

import pytest

from tests.conftest import sign_in
from tests.factories import PASSWORD, MemberFactory

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/members/me"


def registration(**overrides) -> dict:
    return {
        "email": "River@Example.org",
        "password": "kettle-orbit-lantern-42",
        "display_name": "River",
        "time_zone": "Europe/London",
        **overrides,
    }


def test_visitor_can_register(client):
    response = client.post(REGISTER, json=registration())
    assert response.status_code == 201
    assert response.json["email"] == "river@example.org"
    assert response.json["display_name"] == "River"
    assert response.json["role"] == "member"
    assert "password" not in response.json and "password_hash" not in response.json
    assert response.headers["Location"] == ME


def test_visitor_cannot_register_an_email_twice_in_any_case(client):
    assert client.post(REGISTER, json=registration()).status_code == 201
    response = client.post(REGISTER, json=registration(email="RIVER@example.ORG"))
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert "email" in response.json["errors"]


@pytest.mark.parametrize(
    "password, reason",
    [
        ("short-pass", "at least 12"),
        ("password1234", "too common"),
        ("qwertyuiop123", "too common"),
        ("aaaaaaaaaaaaaaa", "variety"),
        ("river-is-my-secret", "email address or name"),
    ],
)
def test_visitor_cannot_register_with_a_weak_password(client, password, reason):
    response = client.post(REGISTER, json=registration(password=password))
    assert response.status_code == 422
    assert reason in " ".join(response.json["errors"]["password"])


def test_visitor_cannot_register_with_an_unknown_time_zone(client):
    response = client.post(REGISTER, json=registration(time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 422
    assert "time_zone" in response.json["errors"]


def test_visitor_cannot_set_role_when_registering(client):
    response = client.post(REGISTER, json=registration(role="admin"))
    assert response.status_code == 422
    assert response.json["errors"] == {"role": ["Unknown field."]}


def test_password_is_stored_as_argon2id(client, db_session):
    from api.models import Member

    client.post(REGISTER, json=registration())
    member = db_session.query(Member).filter_by(email="river@example.org").one()
    assert member.password_hash.startswith("$argon2id$")


def test_member_can_sign_in_and_read_profile(client):
    member = MemberFactory()
    response = client.post(LOGIN, json={"email": member.email.upper(), "password": PASSWORD})
    assert response.status_code == 200
    assert response.json["token_type"] == "Bearer"
    profile = client.get(ME, headers={"Authorization": f"Bearer {response.json['access_token']}"})
    assert profile.status_code == 200
    assert profile.json["id"] == str(member.id)


def test_sign_in_with_a_wrong_password_is_refused(client):
    member = MemberFactory()
    response = client.post(LOGIN, json={"email": member.email, "password": "not-the-password-1"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_sign_in_to_an_unknown_account_looks_like_a_wrong_password(client):
    MemberFactory()
    response = client.post(LOGIN, json={"email": "nobody@example.org", "password": PASSWORD})
    assert response.status_code == 401
    assert response.json["detail"] == "The email or password is not right."


def test_repeated_failed_sign_ins_lock_the_account_for_a_while(client):
    member = MemberFactory()
    for _ in range(5):
        client.post(LOGIN, json={"email": member.email, "password": "wrong-password-123"})
    response = client.post(LOGIN, json={"email": member.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.mimetype == "application/problem+json"


def test_failed_sign_ins_from_one_address_are_limited_across_accounts(app, client):
    members = [MemberFactory() for _ in range(5)]
    for member in members:
        for _ in range(4):
            client.post(LOGIN, json={"email": member.email, "password": "wrong-password-123"})
    response = client.post(LOGIN, json={"email": MemberFactory().email, "password": PASSWORD})
    assert response.status_code == 429


def test_login_rehashes_a_password_hashed_with_old_parameters(client, db_session):
    from argon2 import PasswordHasher

    member = MemberFactory(
        password_hash=PasswordHasher(time_cost=1, memory_cost=16, parallelism=1).hash(PASSWORD)
    )
    old_hash = member.password_hash
    assert client.post(LOGIN, json={"email": member.email, "password": PASSWORD}).status_code == 200
    db_session.expire_all()
    assert db_session.get(type(member), member.id).password_hash != old_hash


def test_refresh_rotates_the_pair(app, client):
    signed_in = sign_in(app, MemberFactory())
    response = client.post(REFRESH, json={"refresh_token": signed_in.refresh_token})
    assert response.status_code == 200
    assert response.json["refresh_token"] != signed_in.refresh_token
    assert (
        client.get(ME, headers={"Authorization": f"Bearer {response.json['access_token']}"}).status_code
        == 200
    )


def test_reusing_a_refresh_token_revokes_the_whole_sign_in(app, client):
    signed_in = sign_in(app, MemberFactory())
    rotated = client.post(REFRESH, json={"refresh_token": signed_in.refresh_token}).json
    reused = client.post(REFRESH, json={"refresh_token": signed_in.refresh_token})
    assert reused.status_code == 401
    # the thief's copy and the legitimate new tokens are all dead now
    assert client.post(REFRESH, json={"refresh_token": rotated["refresh_token"]}).status_code == 401
    assert client.get(ME, headers={"Authorization": f"Bearer {rotated['access_token']}"}).status_code == 401
    assert signed_in.get(ME).status_code == 401


def test_access_token_cannot_be_used_to_refresh(app, client):
    signed_in = sign_in(app, MemberFactory())
    response = client.post(REFRESH, json={"refresh_token": signed_in.access_token})
    assert response.status_code == 401


def test_logout_revokes_access_and_refresh_tokens(app, client):
    signed_in = sign_in(app, MemberFactory())
    assert signed_in.post(LOGOUT).status_code == 204
    assert signed_in.get(ME).status_code == 401
    assert client.post(REFRESH, json={"refresh_token": signed_in.refresh_token}).status_code == 401


def test_logout_survives_a_restart(app, db_session, tmp_path):
    """Revocation lives in the database: a new app (a restarted worker) still refuses the token."""
    from api import create_app
    from api.config import TestConfig

    member = MemberFactory()
    signed_out, still_signed_in = sign_in(app, member), sign_in(app, member)
    signed_out.post(LOGOUT)
    test_connection = db_session.get_bind()
    db_session.remove()
    restarted = create_app(TestConfig(database_url=app.config["DATABASE_URL"], instance_path=tmp_path))
    db_session.configure(bind=test_connection, join_transaction_mode="create_savepoint")
    client = restarted.test_client()
    assert client.get(ME, headers=signed_out.headers()).status_code == 401
    assert client.get(ME, headers=still_signed_in.headers()).status_code == 200


def test_logout_of_one_device_keeps_the_other(app):
    member = MemberFactory()
    phone, laptop = sign_in(app, member), sign_in(app, member)
    phone.post(LOGOUT)
    assert laptop.get(ME).status_code == 200


def test_member_can_change_password_and_other_devices_are_signed_out(app, client):
    member = MemberFactory()
    phone, laptop = sign_in(app, member), sign_in(app, member)
    response = phone.post(
        "/api/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "harbour-violet-meadow-7"},
    )
    assert response.status_code == 204
    assert phone.get(ME).status_code == 200
    assert laptop.get(ME).status_code == 401
    new_login = client.post(LOGIN, json={"email": member.email, "password": "harbour-violet-meadow-7"})
    assert new_login.status_code == 200


def test_member_cannot_change_password_without_the_current_one(member_client):
    response = member_client.post(
        "/api/v1/auth/password",
        json={"current_password": "wrong-password-123", "new_password": "harbour-violet-meadow-7"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["Jules\u202e", "Ju\u200bles", "\u2066Jules\u2069", "Jules\x07"])
def test_visitor_cannot_register_a_display_name_with_invisible_characters(client, name):
    """A right-to-left override or a zero-width space would let one name pass for another."""
    response = client.post(REGISTER, json=registration(display_name=name))
    assert response.status_code == 422
    assert "display_name" in response.json["errors"]
