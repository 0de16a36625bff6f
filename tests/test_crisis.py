"""Crisis help: one service behind the API, the check-in risk path and the /help page, and never
another country's number."""

import base64
import hashlib
import json
import re

import pytest

from api.services.crisis import (
    EMERGENCY_NUMBERS_FILE,
    crisis_help,
    crisis_help_for_member,
    known_region,
    offline_document,
    region_from_accept_language,
)
from tests.factories import CoachingPlanFactory

CRISIS = "/api/v1/resources/crisis"
ME = "/api/v1/members/me"
ALL_REGIONS = [choice.code for choice in crisis_help(None).regions]
PAGE_LIMIT_BYTES = 30 * 1024
EMERGENCY_DATA = json.loads(EMERGENCY_NUMBERS_FILE.read_text(encoding="utf-8"))["regions"]


def tel_numbers(html: str) -> set[str]:
    return set(re.findall(r'href="(?:tel|sms):([0-9+]+)', html))


def own_numbers(region: str) -> set[str]:
    help_ = crisis_help(region)
    numbers = {number for number, _reaches in help_.emergency.dial_list()}
    for line in help_.lines:
        numbers |= {number for number in (line.phone, line.sms) if number}
    return {re.sub(r"[^0-9+]", "", number) for number in numbers}


def test_visitor_gets_uk_crisis_lines_and_structured_emergency_numbers_without_a_token(client):
    response = client.get(f"{CRISIS}?region=GB")
    assert response.status_code == 200
    lines = {line["name"]: line for line in response.json["lines"]}
    assert lines["Samaritans"]["phone"] == "116 123"
    assert lines["Shout"]["sms"] == "85258"
    assert response.json["emergency_number"] == "999"
    assert response.json["emergency"]["general"] == "999"
    assert response.json["emergency"]["also"] == ["112"]
    assert response.json["verified_lines"] is True


def test_japan_gets_110_and_119_not_112(client):
    answer = client.get(f"{CRISIS}?region=jp").json
    assert answer["emergency_number"] == "119"
    assert (answer["emergency"]["police"], answer["emergency"]["ambulance"]) == ("110", "119")
    assert "112" not in str(answer["emergency"])


def test_mexico_gets_911(client):
    assert client.get(f"{CRISIS}?region=MX").json["emergency_number"] == "911"


def test_country_without_a_verified_line_says_so_and_shows_its_own_emergency_number(client):
    answer = client.get(f"{CRISIS}?region=KE").json
    assert answer["lines"] == [] and answer["verified_lines"] is False
    assert answer["emergency_number"] == "999"
    assert answer["directory"]["url"] == "https://findahelpline.com"


def test_without_a_region_the_answer_has_no_number_at_all(client):
    answer = client.get(CRISIS).json
    assert answer["region"] is None and answer["emergency_number"] is None and answer["emergency"] is None
    assert answer["lines"] == []
    assert answer["directory"]["url"].startswith("https://")


def test_unknown_region_is_422_not_a_default_number(client):
    response = client.get(f"{CRISIS}?region=ZZ")
    assert response.status_code == 422
    assert response.content_type.startswith("application/problem+json")
    assert "region" in response.json["errors"]


def test_bad_region_is_422(client):
    assert client.get(f"{CRISIS}?region=Britain").status_code == 422


def test_response_lists_every_region_for_a_picker(client):
    regions = {region["code"]: region for region in client.get(CRISIS).json["regions"]}
    assert regions["GB"] == {"code": "GB", "name": "United Kingdom", "emergency_number": "999"}
    assert regions["JP"]["emergency_number"] == "119"
    assert len(regions) == len(ALL_REGIONS) > 240


@pytest.mark.parametrize("region", ALL_REGIONS)
def test_no_answer_for_a_region_carries_another_regions_line(client, region):
    answer = client.get(f"{CRISIS}?region={region}").json
    assert answer["region"] == region
    assert {line["region"] for line in answer["lines"]} <= {region}
    assert answer["emergency_number"] == EMERGENCY_DATA[region]["call_first"]


@pytest.fixture
def database_down(app, monkeypatch):
    from api.db import Session

    def refuse(*_args, **_kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(Session, "execute", refuse)
    monkeypatch.setattr(Session, "scalars", refuse)
    monkeypatch.setattr(Session, "get", refuse)


def test_crisis_lines_and_page_are_served_when_the_database_is_down(client, database_down):
    assert client.get(f"{CRISIS}?region=GB").json["lines"]
    assert b"116 123" in client.get("/help?region=GB").data


def test_region_comes_from_accept_language_only_when_it_names_a_country():
    assert region_from_accept_language("en-GB,en;q=0.9") == "GB"
    assert region_from_accept_language("fr;q=0.9, es-MX;q=0.95") == "MX"
    assert region_from_accept_language("zh-Hant-TW") == "TW"
    assert region_from_accept_language("en") is None
    assert region_from_accept_language("en-001, de-ZZ") is None
    assert region_from_accept_language(None) is None


def test_member_region_prefers_the_profile_country_then_the_time_zone_then_nothing():
    assert crisis_help_for_member("JP", "Europe/London").region == "JP"
    assert crisis_help_for_member(None, "America/Mexico_City").emergency_number == "911"
    nowhere = crisis_help_for_member(None, "Etc/UTC")
    assert nowhere.region is None and nowhere.emergency_number is None and nowhere.lines == ()
    assert known_region("zz") is None


# The member's country, used by the check-in risk path.


def test_member_can_choose_their_country_and_it_is_exported(member_client):
    response = member_client.patch(ME, json={"country": "JP"})
    assert response.status_code == 200 and response.json["country"] == "JP"
    export = member_client.get(f"{ME}/export").json["data"]["profile"]
    assert export["country"] == "JP"
    assert member_client.patch(ME, json={"country": None}).json["country"] is None


@pytest.mark.parametrize("country", ["ZZ", "jp", "JPN", "EU"])
def test_member_country_must_be_an_iso_code(member_client, country):
    response = member_client.patch(ME, json={"country": country})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"country"}


def test_risky_check_in_shows_the_members_country_over_their_time_zone(as_member):
    member = as_member(time_zone="Europe/London", country="JP")
    plan = CoachingPlanFactory(member=member.member)
    response = member.post(
        f"/api/v1/coaching-plans/{plan.id}/check-ins", json={"mood": 2, "craving": 5, "feels_safe": False}
    )
    crisis = response.json["crisis_resources"]
    assert crisis["region"] == "JP" and crisis["emergency_number"] == "119"
    assert {line["region"] for line in crisis["lines"]} == {"JP"}


def test_risky_check_in_without_a_known_country_shows_no_foreign_number(as_member):
    member = as_member(time_zone="Etc/UTC")
    plan = CoachingPlanFactory(member=member.member)
    response = member.post(
        f"/api/v1/coaching-plans/{plan.id}/check-ins", json={"mood": 2, "craving": 5, "feels_safe": False}
    )
    crisis = response.json["crisis_resources"]
    assert crisis["region"] is None and crisis["emergency_number"] is None and crisis["lines"] == []
    assert crisis["directory"]["url"] == "https://findahelpline.com"


# The server-rendered page.


def test_help_page_for_japan_shows_110_and_119_first(client):
    response = client.get("/help?region=JP")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert html.index('href="tel:119"') < html.index('href="tel:110"') < html.index("Inochi no Denwa")
    assert 'href="tel:112"' not in html


def test_help_page_guesses_the_region_from_the_browser_language(client):
    html = client.get("/help", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True)
    assert 'data-region="MX"' in html and 'href="tel:911"' in html


def test_help_page_with_no_known_region_shows_the_picker_and_no_number(client):
    for headers, query in (({"Accept-Language": "en"}, ""), ({}, "?region=ZZ")):
        html = client.get(f"/help{query}", headers=headers).get_data(as_text=True)
        assert tel_numbers(html) == set()
        assert '<select id="region" name="region">' in html and "findahelpline.com" in html
        assert "Call your local emergency number" in html


@pytest.mark.parametrize("region", ALL_REGIONS)
def test_help_page_for_a_region_shows_only_its_own_numbers_within_30_kb(client, region):
    response = client.get(f"/help?region={region}")
    assert len(response.data) <= PAGE_LIMIT_BYTES
    assert tel_numbers(response.get_data(as_text=True)) <= own_numbers(region)


def test_help_page_allows_exactly_its_inline_style_and_only_its_own_script(client):
    response = client.get("/help?region=GB")
    html = response.get_data(as_text=True)
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    csp = response.headers["Content-Security-Policy"]
    assert f"style-src 'sha256-{digest}'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert re.search(r'<script src="/help/help.js" defer></script>', html)
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_help_page_is_revalidated_with_an_etag(client):
    response = client.get("/help?region=GB")
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Accept-Language" in response.headers["Vary"]
    again = client.get("/help?region=GB", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_help_data_holds_every_region_and_the_time_zone_map(client):
    response = client.get("/help/data.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    data = response.json
    assert set(data["regions"]) == set(ALL_REGIONS)
    assert data["time_zones"]["Asia/Tokyo"] == "JP"
    assert data["regions"]["JP"]["emergency"]["call_first"] == "119"
    assert data["regions"]["GB"]["lines"][0]["region"] == "GB"
    assert response.headers["ETag"].strip('"') == offline_document()[1]
    assert (
        client.get("/help/data.json", headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    )


def test_help_script_is_small_and_revalidated(client):
    response = client.get("/help/help.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]
    assert len(response.data) < 10 * 1024
    assert b"innerHTML" not in response.data
