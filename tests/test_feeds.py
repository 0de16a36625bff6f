"""The public Meeting Guide feed, checked against the specification's own schema and types list.

`tests/data/meeting_guide/` holds unchanged copies of code4recovery/spec's JSON schema and
`data/types.json` (source and licence in its README).
"""

import datetime as dt
import json
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from api.config import Config, ConfigurationError
from api.services.feeds import LANGUAGE_TYPES, TOPIC_TYPES, meeting_slug, weekly_days
from tests.test_sessions import new_session, next_weekday_at, sessions_url

FEED = "/api/v1/feeds/meeting-guide.json"
SPEC = Path(__file__).parent / "data" / "meeting_guide"
SPEC_SCHEMAS = ("feed.schema.json", "meeting.schema.json", "meeting-type.schema.json")
SPEC_TYPES = set(json.loads((SPEC / "types.json").read_text(encoding="utf-8")))
SYDNEY = ZoneInfo("Australia/Sydney")


def spec_validator() -> Draft7Validator:
    """The spec's feed schema, its `$ref`s resolved from the copies (no network), formats checked."""
    resources = [
        DRAFT7.create_resource(json.loads((SPEC / name).read_text(encoding="utf-8"))) for name in SPEC_SCHEMAS
    ]
    registry = Registry().with_resources((resource.contents["$id"], resource) for resource in resources)
    return Draft7Validator(
        resources[0].contents, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER
    )


def schedule(setup, rrule: str | None = "FREQ=WEEKLY;BYDAY=TU", **overrides) -> list[dict]:
    """Schedule through the API as the group's facilitator; the created sessions, soonest first."""
    body = new_session(rrule=rrule, **overrides) if rrule else new_session(**overrides)
    response = setup.facilitator.post(sessions_url(setup.group), json=body)
    assert response.status_code == 201, response.json
    return response.json["items"]


def feed(client) -> list[dict]:
    response = client.get(FEED)
    assert response.status_code == 200
    return response.json


def by_group(meetings: list[dict], group) -> list[dict]:
    return [meeting for meeting in meetings if meeting["group"] == group.name]


def test_the_whole_feed_validates_against_the_specs_own_schema(client, group_setup):
    variety = [
        group_setup(format="online", topics=["young_people", "anxiety"]),
        group_setup(format="hybrid", language="es", topics=["lgbtq"]),
        group_setup(format="in_person", join_policy="approval", area=None, language="pt-BR"),
        group_setup(slug="a-very-long-group-slug-" + "x" * 41, name="Zürich Genesungskreis", language="de"),
    ]
    rules = ["FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=SA"]
    for setup, rule in zip(variety, rules, strict=True):
        schedule(setup, rule, description="We read, then share.\nAll welcome.")
    meetings = feed(client)
    assert len(meetings) == len(variety)
    errors = [f"{list(error.path)}: {error.message}" for error in spec_validator().iter_errors(meetings)]
    assert errors == []


def test_the_validator_really_checks_formats_and_type_codes():
    """So that the test above cannot pass vacuously: URIs, codes and patterns are enforced."""
    validator = spec_validator()
    assert validator.is_valid([{"name": "Circle", "slug": "circle", "url": "https://peerway.example.org/"}])
    assert not validator.is_valid([{"name": "Circle", "slug": "circle", "url": "/groups/1"}])
    assert not validator.is_valid([{"name": "Circle", "slug": "circle", "types": ["ONL"]}])
    assert not validator.is_valid([{"name": "Circle", "slug": "circle", "time": "7pm"}])


def test_every_type_code_is_in_the_specs_types_list(client, group_setup):
    assert set(TOPIC_TYPES.values()) | set(LANGUAGE_TYPES.values()) <= SPEC_TYPES
    for setup in (
        group_setup(topics=["lgbtq", "young_people", "grief"], language="ko"),
        group_setup(join_policy="approval", format="hybrid", language="sv"),
    ):
        schedule(setup)
    codes = {code for meeting in feed(client) for code in meeting["types"]}
    assert codes == {"O", "C", "KOR", "SV", "LGBTQ", "Y"}
    assert codes <= SPEC_TYPES and "ONL" not in codes


def test_online_and_hybrid_meetings_link_the_public_session_page_with_notes(client, group_setup):
    online, hybrid, in_person = (group_setup(format=kind) for kind in ("online", "hybrid", "in_person"))
    first_online = schedule(online)[0]
    first_hybrid, second_hybrid = schedule(hybrid)[:2]
    schedule(in_person)
    # Cancelling one occurrence moves the link on to the next one that can be booked.
    assert hybrid.facilitator.delete(f"/api/v1/sessions/{first_hybrid['id']}").status_code == 204
    meetings = feed(client)
    [online_meeting], [hybrid_meeting], [in_person_meeting] = (
        by_group(meetings, setup.group) for setup in (online, hybrid, in_person)
    )
    assert online_meeting["conference_url"] == f"http://localhost/sessions/{first_online['id']}"
    assert hybrid_meeting["conference_url"] == f"http://localhost/sessions/{second_hybrid['id']}"
    for meeting in (online_meeting, hybrid_meeting):
        assert "joining link" in meeting["conference_url_notes"]
        assert "booking" in meeting["conference_url_notes"]
    assert "conference_url" not in in_person_meeting and "conference_url_notes" not in in_person_meeting
    assert "meet.example.org" not in json.dumps(meetings)  # the call's own link is for booked members


def test_locations_are_the_area_marked_approximate_never_the_address(client, group_setup):
    in_person, online_without_area = group_setup(format="in_person"), group_setup(area=None)
    schedule(in_person, location="Room 2, back door")
    schedule(online_without_area)
    meetings = feed(client)
    [meeting], [no_area] = by_group(meetings, in_person.group), by_group(meetings, online_without_area.group)
    assert meeting["region"] == in_person.group.area and meeting["country"] == "GB"
    assert meeting["approximate"] == "yes" and no_area["approximate"] == "yes"
    assert "region" not in no_area and no_area["country"] == "GB"
    body = json.dumps(meetings)
    assert in_person.group.address not in body and "Room 2" not in body
    assert not {"address", "formatted_address", "latitude", "longitude", "location"} & meeting.keys()


def test_url_is_the_public_group_page_that_a_visitor_can_open(app, client, group_setup):
    setup = group_setup()
    schedule(setup)
    [meeting] = feed(client)
    assert meeting["url"] == f"http://localhost/groups/{setup.group.id}"
    # The page reads the group without a token: a visitor sees it instead of a sign-in wall.
    assert app.test_client().get(f"/api/v1/groups/{setup.group.id}").status_code == 200


def test_the_public_base_url_setting_builds_the_links(app, client, group_setup, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://peerway.example.org")
    setup = group_setup(format="hybrid")
    first = schedule(setup)[0]
    [meeting] = feed(client)
    assert meeting["url"] == f"https://peerway.example.org/groups/{setup.group.id}"
    assert meeting["conference_url"] == f"https://peerway.example.org/sessions/{first['id']}"


@pytest.mark.parametrize("value", ["peerway.example.org", "ftp://peerway.example.org", "https://x.org/?a=1"])
def test_a_malformed_public_base_url_refuses_to_start(value, monkeypatch, tmp_path):
    monkeypatch.setenv("PEERWAY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PUBLIC_BASE_URL", value)
    with pytest.raises(ConfigurationError, match="PUBLIC_BASE_URL"):
        Config()


def test_the_public_base_url_is_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PEERWAY_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://peerway.example.org/app/")
    assert Config().PUBLIC_BASE_URL == "https://peerway.example.org/app"


def test_private_invitation_only_and_archived_groups_are_absent(client, group_setup):
    public, private, archived = group_setup(), group_setup(visibility="private"), group_setup()
    invitation_only = group_setup(join_policy="invite")
    for setup in (public, private, archived, invitation_only):
        schedule(setup)
    assert archived.facilitator.delete(f"/api/v1/groups/{archived.group.id}").status_code == 204
    names = {meeting["group"] for meeting in feed(client)}
    assert names == {public.group.name}


def test_a_cancelled_series_leaves_the_feed(client, group_setup):
    kept, cancelled = group_setup(), group_setup()
    schedule(kept)
    first = schedule(cancelled)[0]
    response = cancelled.facilitator.delete(f"/api/v1/sessions/{first['id']}?scope=series")
    assert response.status_code == 204
    assert [meeting["group"] for meeting in feed(client)] == [kept.group.name]


def test_only_weekly_series_are_listed(client, group_setup):
    setup = group_setup()
    schedule(setup, "FREQ=MONTHLY;BYDAY=1TU", title="Monthly")
    schedule(setup, "FREQ=WEEKLY;INTERVAL=2", title="Fortnightly")
    schedule(setup, None, title="One-off")
    schedule(setup, "FREQ=WEEKLY;COUNT=4", title="Four weeks")
    assert [meeting["name"] for meeting in feed(client)] == ["Four weeks"]


def test_day_and_time_match_every_occurrence_in_the_meetings_time_zone_across_dst(client, group_setup):
    """Sydney and London change clocks in different months, so 26 weeks of either or both span a change."""
    london = group_setup(time_zone="Europe/London")
    sydney = group_setup(time_zone="Australia/Sydney", region="AU", area="Newtown, Sydney")
    occurrences = {
        london.group.name: schedule(london, "FREQ=WEEKLY;BYDAY=TU,TH"),
        # Monday 07:00 in Sydney is still Sunday in UTC: the feed must say Monday.
        sydney.group.name: schedule(
            sydney, "FREQ=WEEKLY", starts_at=next_weekday_at(0, 7, SYDNEY).isoformat(), duration_minutes=60
        ),
    }
    offsets = set()
    for meeting in feed(client):
        zone = ZoneInfo(meeting["timezone"])
        days = meeting["day"] if isinstance(meeting["day"], list) else [meeting["day"]]
        for occurrence in occurrences[meeting["group"]]:
            start = dt.datetime.fromisoformat(occurrence["starts_at"]).astimezone(zone)
            end = dt.datetime.fromisoformat(occurrence["ends_at"]).astimezone(zone)
            assert start.isoweekday() % 7 in days
            assert (start.strftime("%H:%M"), end.strftime("%H:%M")) == (meeting["time"], meeting["end_time"])
            offsets.add((meeting["timezone"], start.utcoffset()))
    assert len(offsets) > 2, "no daylight-saving change was crossed"
    [sydney_meeting] = [meeting for meeting in feed(client) if meeting["timezone"] == "Australia/Sydney"]
    assert [sydney_meeting[key] for key in ("day", "time", "end_time")] == [1, "07:00", "08:00"]


def test_meetings_carry_no_person_and_a_spec_timestamp(client, group_setup):
    setup = group_setup()
    schedule(setup)
    [meeting] = feed(client)
    assert setup.facilitator.member.display_name not in json.dumps(meeting)
    assert not any(key.startswith("contact_") for key in meeting)
    updated = dt.datetime.strptime(meeting["updated"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    assert abs(dt.datetime.now(dt.UTC) - updated) < dt.timedelta(minutes=5)


def test_slugs_are_unique_and_at_most_64_characters(client, group_setup):
    setup = group_setup(slug="s" * 64)
    schedule(setup, title="Tuesday")
    schedule(setup, "FREQ=WEEKLY;BYDAY=TH", title="Thursday")
    slugs = [meeting["slug"] for meeting in feed(client)]
    assert len(set(slugs)) == 2 and all(len(slug) <= 64 for slug in slugs)
    assert meeting_slug("-" * 64, uuid.uuid4()).startswith("group-")


def test_the_feed_is_public_briefly_cacheable_and_readable_from_other_sites(client):
    response = client.get(FEED, headers={"Origin": "https://meetings.example.org"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_the_feed_costs_two_statements_however_many_meetings(client, group_setup, count_queries):
    """The series with their groups and next sessions in one statement, the groups' topics in one."""
    schedule(group_setup())
    with count_queries() as one:
        assert len(feed(client)) == 1
    for _ in range(4):
        schedule(group_setup(topics=["lgbtq", "grief"]))
    with count_queries() as five:
        assert len(feed(client)) == 5
    assert one.count == five.count == 2


@pytest.mark.parametrize(
    ("rule", "days"),
    [
        ("FREQ=WEEKLY", (2,)),  # the weekday of the first start, a Tuesday
        ("FREQ=WEEKLY;BYDAY=SU,SA", (0, 6)),
        ("RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20300101T000000Z", (1,)),
        ("FREQ=WEEKLY;INTERVAL=1;WKST=MO", (2,)),
        ("FREQ=DAILY", (0, 1, 2, 3, 4, 5, 6)),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", (1, 2, 3, 4, 5)),
        ("FREQ=WEEKLY;INTERVAL=2", None),
        ("FREQ=MONTHLY;BYDAY=1TU", None),
        ("FREQ=WEEKLY;BYDAY=1TU", None),
        ("FREQ=WEEKLY;BYMONTH=1", None),
        ("FREQ=YEARLY", None),
    ],
)
def test_weekly_days_are_read_from_the_rule(rule, days):
    assert weekly_days(rule, dt.datetime(2030, 1, 1, 19)) == days
