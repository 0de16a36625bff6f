"""Signed-out visitors: public groups, their sessions and the directory, read without a token.

Each public read as a visitor: what shows, what never shows (online links, rooms, addresses, member
profiles, anything "my"), private and invitation-only groups as 404, caching headers, the 401 of
a bad token, and the per-address limit.
"""

import datetime as dt

import pytest

from api.db import utcnow
from tests.factories import (
    GroupFactory,
    GroupSessionFactory,
    MemberFactory,
    MembershipFactory,
    ResourceFactory,
)

V1 = "/api/v1"
ADDRESS = "Flat 9, Hidden Yard, London"
ONLINE_URL = "https://meet.example.org/visitor-must-not-see"
ROOM = "Back room behind the hall"


@pytest.fixture
def public_group(group_setup):
    setup = group_setup(address=ADDRESS, area="Camden, London", format="hybrid")
    setup.session = GroupSessionFactory(group=setup.group, online_url=ONLINE_URL, location=ROOM)
    setup.attendee = setup.member()
    setup.attendee.put(f"{V1}/sessions/{setup.session.id}/rsvp")
    return setup


@pytest.fixture
def private_group():
    group = GroupFactory(visibility="private")
    return group, GroupSessionFactory(group=group)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _never_personal(response, setup) -> None:
    text = _text(response)
    for secret in (
        ADDRESS,
        ONLINE_URL,
        ROOM,
        setup.facilitator.member.display_name,
        setup.attendee.member.email,
    ):
        assert secret not in text


def test_visitor_can_list_public_groups(client, public_group, private_group):
    response = client.get(f"{V1}/groups")
    assert response.status_code == 200
    ids = [item["id"] for item in response.json["items"]]
    assert str(public_group.group.id) in ids
    assert str(private_group[0].id) not in ids
    mine = next(item for item in response.json["items"] if item["id"] == str(public_group.group.id))
    assert mine["facilitators"] is None and mine["my_membership"] is None
    assert mine["area"] == "Camden, London" and mine["next_session_at"]
    _never_personal(response, public_group)


def test_visitor_can_read_a_public_group_without_its_address(client, public_group):
    response = client.get(f"{V1}/groups/{public_group.group.id}")
    assert response.status_code == 200
    assert response.json["name"] == public_group.group.name
    assert response.json["address"] is None and response.json["facilitators"] is None
    assert response.json["my_membership"] is None
    _never_personal(response, public_group)


def test_visitor_can_read_a_public_groups_guidelines(client, public_group):
    response = client.get(f"{V1}/groups/{public_group.group.id}/guidelines")
    assert response.status_code == 200
    assert response.json["version"] == 1 and response.json["text"]


@pytest.mark.parametrize("overrides", [{"visibility": "private"}, {"join_policy": "invite"}])
def test_visitor_cannot_see_a_private_or_invitation_only_group(client, overrides):
    group = GroupFactory(**overrides)
    session = GroupSessionFactory(group=group)
    for url in (
        f"{V1}/groups/{group.id}",
        f"{V1}/groups/{group.id}/guidelines",
        f"{V1}/groups/{group.id}/sessions",
        f"{V1}/sessions/{session.id}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["Content-Type"] == "application/problem+json"
    assert str(group.id) not in _text(client.get(f"{V1}/groups"))
    assert str(session.id) not in _text(client.get(f"{V1}/sessions"))


def test_visitor_cannot_see_an_archived_group(client):
    group = GroupFactory(archived_at=utcnow())
    assert client.get(f"{V1}/groups/{group.id}").status_code == 404


def test_visitor_reads_a_session_without_link_room_or_booking(client, public_group):
    response = client.get(f"{V1}/sessions/{public_group.session.id}")
    assert response.status_code == 200
    body = response.json
    assert body["online_url"] is None and body["location"] is None and body["my_rsvp"] is None
    assert body["can_manage"] is False
    assert body["group"]["area"] == "Camden, London"
    assert body["spots_left"] == body["capacity"] - 1  # the attendee's place, counted, never named
    _never_personal(response, public_group)


def test_visitor_lists_a_groups_sessions_and_all_public_sessions(client, public_group, private_group):
    listed = client.get(f"{V1}/groups/{public_group.group.id}/sessions")
    upcoming = client.get(f"{V1}/sessions")
    for response in (listed, upcoming):
        assert response.status_code == 200
        assert str(public_group.session.id) in [item["id"] for item in response.json["items"]]
        assert all(item["online_url"] is None and item["my_rsvp"] is None for item in response.json["items"])
        _never_personal(response, public_group)
    assert str(private_group[1].id) not in _text(upcoming)


def test_visitor_asking_for_mine_gets_no_groups(client, public_group):
    assert client.get(f"{V1}/groups?mine=true").json["items"] == []
    assert client.get(f"{V1}/sessions?mine=true").json["items"] == []


def test_visitor_reads_the_directory_without_bookmarks_or_verifier(client, as_member):
    coach = MemberFactory(role="coach", display_name="Verifying Coach")
    resource = ResourceFactory(verified_at=utcnow(), verified_by_id=coach.id)
    as_member().post(f"{V1}/members/me/bookmarks/{resource.id}")
    listed = client.get(f"{V1}/resources")
    one = client.get(f"{V1}/resources/{resource.id}")
    assert listed.status_code == 200 and one.status_code == 200
    assert one.json["name"] == resource.name and one.json["phone"] == resource.phone
    assert one.json["is_bookmarked"] is None
    assert one.json["verification"]["verified_by"] is None and one.json["verification"]["stale"] is False
    entry = next(item for item in listed.json["items"] if item["id"] == str(resource.id))
    assert entry["is_bookmarked"] is None
    for response in (listed, one):
        assert "Verifying Coach" not in _text(response)


def test_visitor_gets_404_for_an_unknown_resource(client):
    assert client.get(f"{V1}/resources/00000000-0000-4000-8000-000000000000").status_code == 404


def test_member_still_sees_what_the_member_may_see(public_group):
    attendee = public_group.attendee
    session = attendee.get(f"{V1}/sessions/{public_group.session.id}").json
    assert session["online_url"] == ONLINE_URL and session["my_rsvp"]["status"] == "confirmed"
    group = attendee.get(f"{V1}/groups/{public_group.group.id}").json
    assert group["address"] == ADDRESS and group["facilitators"]


def test_visitor_answers_may_be_cached_publicly_for_a_minute(client, public_group):
    for url in (
        f"{V1}/groups",
        f"{V1}/groups/{public_group.group.id}",
        f"{V1}/groups/{public_group.group.id}/guidelines",
        f"{V1}/groups/{public_group.group.id}/sessions",
        f"{V1}/sessions",
        f"{V1}/sessions/{public_group.session.id}",
        f"{V1}/resources",
    ):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "public, max-age=60", url
        assert "Authorization" in response.headers["Vary"], url


def test_member_answers_on_the_same_paths_stay_out_of_shared_caches(public_group):
    response = public_group.attendee.get(f"{V1}/groups/{public_group.group.id}")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Authorization" in response.headers["Vary"]


def test_a_visitors_404_is_not_cached(client, private_group):
    response = client.get(f"{V1}/groups/{private_group[0].id}")
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"


def test_visitor_group_page_answers_304_when_unchanged(client, public_group):
    first = client.get(f"{V1}/groups/{public_group.group.id}")
    again = client.get(
        f"{V1}/groups/{public_group.group.id}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-token", "Bearer", "Basic dXNlcjpwYXNz", ""],
)
def test_a_bad_credential_is_401_never_the_visitors_answer(client, public_group, authorization):
    response = client.get(f"{V1}/groups/{public_group.group.id}", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json"


def test_a_signed_out_token_is_401_on_public_reads(app, public_group):
    attendee = public_group.attendee
    attendee.post(f"{V1}/auth/logout")
    assert attendee.get(f"{V1}/groups").status_code == 401


def test_an_expired_token_is_401_on_public_reads(app, public_group):
    from flask_jwt_extended import create_access_token

    with app.app_context():
        expired = create_access_token(
            str(public_group.attendee.member.id), expires_delta=dt.timedelta(seconds=-5)
        )
    response = app.test_client().get(f"{V1}/sessions", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401


def test_writes_still_need_a_token(client, public_group):
    group_id = public_group.group.id
    assert client.patch(f"{V1}/groups/{group_id}", json={"name": "Renamed by a visitor"}).status_code == 401
    assert (
        client.post(
            f"{V1}/groups/{group_id}/memberships", json={"accepted_guidelines_version": 1}
        ).status_code
        == 401
    )
    assert client.put(f"{V1}/sessions/{public_group.session.id}/rsvp").status_code == 401
    assert client.get(f"{V1}/groups/{group_id}/members").status_code == 401
    assert client.get(f"{V1}/sessions/{public_group.session.id}/attendees").status_code == 401


def test_visitor_reads_are_limited_per_address(app, client, public_group, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_VISITOR_READS", "3 per minute")
    app.extensions["limiter"].reset()
    statuses = [client.get(f"{V1}/groups").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"{V1}/resources")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # members' reads are not counted against the address
    assert public_group.attendee.get(f"{V1}/groups").status_code == 200
    app.extensions["limiter"].reset()


def test_the_spec_documents_public_reads_as_optionally_signed_in(app):
    spec = app.extensions["smorest_api"].spec.to_dict()
    public = {
        ("/api/v1/groups", "get"),
        ("/api/v1/groups/{group_id}", "get"),
        ("/api/v1/groups/{group_id}/guidelines", "get"),
        ("/api/v1/groups/{group_id}/sessions", "get"),
        ("/api/v1/sessions", "get"),
        ("/api/v1/sessions/{session_id}", "get"),
        ("/api/v1/resources", "get"),
        ("/api/v1/resources/{resource_id}", "get"),
    }
    optional = {
        (path, method)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and {} in operation.get("security", [])
    }
    assert optional == public
    for path, method in public:
        assert {"bearerAuth": []} in spec["paths"][path][method]["security"]


def test_membership_of_a_public_group_does_not_change_what_a_visitor_sees(client, public_group):
    MembershipFactory(group=public_group.group, member=MemberFactory(), role="facilitator")
    response = client.get(f"{V1}/groups/{public_group.group.id}")
    assert response.json["facilitators"] is None
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert response.json["next_session_at"] is not None
    assert dt.datetime.fromisoformat(response.json["next_session_at"]) > utcnow()
