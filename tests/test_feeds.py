"""The public Meeting Guide feed."""

import jsonschema

from tests.test_sessions import next_weekday_at

# The fields of the Meeting Guide specification (code4recovery/spec) that this feed uses.
MEETING_GUIDE_ENTRY = {
    "type": "object",
    "required": ["name", "slug", "day", "time"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "slug": {"type": "string", "maxLength": 64, "pattern": "^[a-z0-9-]+$"},
        "day": {
            "oneOf": [
                {"type": "integer", "minimum": 0, "maximum": 6},
                {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}, "minItems": 1},
            ]
        },
        "time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "end_time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
        "timezone": {"type": "string"},
        "types": {"type": "array", "items": {"type": "string"}},
        "updated": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"},
        "formatted_address": {"type": "string"},
        "conference_url": {"type": "string"},
    },
}


def schedule(setup, rrule):
    starts_at = next_weekday_at(1, 19).isoformat()  # a Tuesday, 19:00 in London
    body = {"title": "Sharing circle", "starts_at": starts_at, "capacity": 10, "rrule": rrule}
    response = setup.facilitator.post(f"/api/v1/groups/{setup.group.id}/sessions", json=body)
    assert response.status_code == 201, response.json


def test_feed_lists_public_weekly_meetings_in_meeting_guide_format(client, group_setup):
    setup = group_setup(format="hybrid", topics=["lgbtq"])
    schedule(setup, "FREQ=WEEKLY;BYDAY=TU,TH")
    response = client.get("/api/v1/feeds/meeting-guide.json")
    assert response.status_code == 200
    [entry] = response.json
    jsonschema.validate(entry, MEETING_GUIDE_ENTRY)
    assert entry["day"] == [2, 4]
    assert entry["time"] == "19:00" and entry["end_time"] == "20:30"
    assert entry["timezone"] == "Europe/London"
    assert set(entry["types"]) == {"O", "ONL", "LGBTQ"}
    assert entry["formatted_address"].startswith(setup.group.area)


def test_feed_never_shows_links_addresses_or_private_groups(client, group_setup):
    public, private = group_setup(format="in_person"), group_setup(visibility="private")
    schedule(public, "FREQ=WEEKLY")
    schedule(private, "FREQ=WEEKLY")
    body = client.get("/api/v1/feeds/meeting-guide.json").get_data(as_text=True)
    assert public.group.address not in body
    assert "meet.example.org" not in body
    assert private.group.name not in body


def test_monthly_series_and_one_off_sessions_are_not_in_the_weekly_feed(client, group_setup):
    setup = group_setup()
    schedule(setup, "FREQ=MONTHLY;BYDAY=1TU")
    setup.facilitator.post(
        f"/api/v1/groups/{setup.group.id}/sessions",
        json={"title": "One-off", "starts_at": next_weekday_at(1, 19).isoformat(), "capacity": 5},
    )
    assert client.get("/api/v1/feeds/meeting-guide.json").json == []


def test_archived_groups_leave_the_feed(client, group_setup):
    setup = group_setup()
    schedule(setup, "FREQ=WEEKLY")
    setup.facilitator.delete(f"/api/v1/groups/{setup.group.id}")
    assert client.get("/api/v1/feeds/meeting-guide.json").json == []
