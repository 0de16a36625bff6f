"""Crisis lines: public, real, sourced, and served without the database."""

import datetime as dt

import pytest

from api.resources.crisis import crisis_data

CRISIS = "/api/v1/resources/crisis"


def test_visitor_gets_uk_crisis_lines_without_a_token(client):
    response = client.get(f"{CRISIS}?region=GB")
    assert response.status_code == 200
    lines = {line["name"]: line for line in response.json["lines"]}
    assert lines["Samaritans"]["phone"] == "116 123"
    assert lines["Shout"]["sms"] == "85258"
    assert response.json["emergency_number"] == "999"


def test_visitor_gets_us_988(client):
    response = client.get(f"{CRISIS}?region=us")
    assert any(line["phone"] == "988" for line in response.json["lines"])
    assert response.json["emergency_number"] == "911"


def test_unknown_region_still_gets_an_emergency_number_and_a_directory(client):
    response = client.get(f"{CRISIS}?region=ZZ")
    assert response.status_code == 200
    assert response.json["lines"] == []
    assert response.json["emergency_number"] == "112"
    assert response.json["directory"]["url"].startswith("https://")


def test_response_lists_every_region_for_a_picker(client):
    regions = {region["code"]: region for region in client.get(CRISIS).json["regions"]}
    assert regions["GB"] == {"code": "GB", "name": "United Kingdom", "emergency_number": "999"}
    assert regions["US"]["emergency_number"] == "911"


def test_bad_region_is_422(client):
    assert client.get(f"{CRISIS}?region=Britain").status_code == 422


def test_every_line_records_its_source_and_check_date():
    for line in crisis_data()["lines"]:
        assert line["source_url"].startswith("https://"), line["name"]
        assert dt.date.fromisoformat(line["checked_on"]) <= dt.date.today()


@pytest.fixture
def database_down(app, monkeypatch):
    from api.db import Session

    def refuse(*_args, **_kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(Session, "execute", refuse)
    monkeypatch.setattr(Session, "scalars", refuse)
    monkeypatch.setattr(Session, "get", refuse)


def test_crisis_lines_are_served_when_the_database_is_down(client, database_down):
    response = client.get(f"{CRISIS}?region=GB")
    assert response.status_code == 200
    assert response.json["lines"]
