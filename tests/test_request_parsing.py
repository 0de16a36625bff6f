"""Requests are held to the OpenAPI document: defects spec fuzzing found, each pinned by a test."""

import pytest

from api.parsing import NUL_MESSAGE


def test_member_cannot_store_a_nul_character(member_client):
    response = member_client.patch("/api/v1/members/me", json={"bio": "calm\u0000harbour"})
    assert response.status_code == 422
    assert response.json["errors"] == {"bio": [NUL_MESSAGE]}


def test_member_cannot_search_with_a_nul_character(member_client):
    response = member_client.get("/api/v1/resources?q=help%00line")
    assert response.status_code == 422
    assert response.json["errors"] == {"q": [NUL_MESSAGE]}


def test_member_cannot_update_without_a_body(member_client):
    response = member_client.patch("/api/v1/members/me")
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"show_recovery_counter": 1}, "show_recovery_counter"),  # marshmallow would take 1 as true
        ({"show_recovery_counter": "true"}, "show_recovery_counter"),
    ],
)
def test_member_cannot_send_a_value_of_another_json_type(member_client, body, field):
    response = member_client.patch("/api/v1/members/me", json=body)
    assert response.status_code == 422
    assert list(response.json["errors"]) == [field]


def test_member_cannot_send_an_integer_as_a_string_or_a_fraction(group_setup):
    setup = group_setup()
    for capacity in ("12", 12.5):
        response = setup.facilitator.post(
            f"/api/v1/groups/{setup.group.id}/sessions",
            json={"title": "Sharing circle", "starts_at": "2030-01-08T19:00:00+00:00", "capacity": capacity},
        )
        assert response.status_code == 422
        assert "capacity" in response.json["errors"]


def test_member_cannot_send_an_unknown_query_parameter(member_client):
    response = member_client.get("/api/v1/members/me/access-log?colour=blue")
    assert response.status_code == 422
    assert "colour" in response.json["errors"]


def test_admin_cannot_end_a_pattern_with_a_newline(as_member):
    """Python's `$` matches before a final newline; "GB-SCT\\n" overflowed a six-character column."""
    admin = as_member(role="admin")
    resource = {
        "name": "Breathing Space",
        "kind": "helpline",
        "description": "Free, confidential phone line for anyone in Scotland feeling low.",
        "region": "GB",
        "subdivision": "GB-SCT\n",
    }
    response = admin.post("/api/v1/resources", json=resource)
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["subdivision"]


@pytest.mark.parametrize("moment", ["9999-12-31T23:00:00-12:00", "0001-01-01T00:00:00+14:00"])
def test_member_cannot_filter_by_a_time_without_a_utc_equivalent(member_client, moment):
    response = member_client.get("/api/v1/sessions", query_string={"starts_after": moment})
    assert response.status_code == 422
    assert response.json["errors"] == {"starts_after": ["This date and time is out of range."]}


def test_visitor_gets_405_with_allow_for_a_method_an_api_url_lacks(client):
    """The SPA's catch-all route once added GET (a 404) to every POST-only API URL."""
    response = client.get("/api/v1/auth/login")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
