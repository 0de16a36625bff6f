"""iCalendar for one session and the secret personal feed."""

import icalendar
from sqlalchemy import select

from api.models import CalendarFeed
from tests.factories import GroupSessionFactory


def test_member_downloads_a_session_as_icalendar_with_its_time_zone(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, content_warnings=["grief"])
    response = setup.member().get(f"/api/v1/sessions/{session.id}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert int(event.decoded("DTSTART").timestamp()) == int(session.starts_at.timestamp())
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert "grief" in event["DESCRIPTION"]
    assert session.online_url not in response.get_data(as_text=True)  # not booked yet


def test_session_calendar_of_a_hidden_group_is_404(group_setup, member_client):
    setup = group_setup(visibility="private")
    session = GroupSessionFactory(group=setup.group)
    assert member_client.get(f"/api/v1/sessions/{session.id}/calendar.ics").status_code == 404


def test_personal_feed_lists_my_bookings_without_signing_in(group_setup, client):
    setup = group_setup()
    member = setup.member()
    booked, other = (
        GroupSessionFactory(group=setup.group),
        GroupSessionFactory(group=setup.group, title="Other"),
    )
    member.put(f"/api/v1/sessions/{booked.id}/rsvp")
    feed = member.post("/api/v1/members/me/calendar-feed")
    assert feed.status_code == 201
    response = client.get(f"/api/v1/members/me/calendar.ics?token={feed.json['token']}")
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [f"{booked.id}@peerway"]
    assert booked.online_url in response.get_data(as_text=True)  # confirmed: the link is there
    assert other.title not in response.get_data(as_text=True)


def test_revoked_or_replaced_feed_token_stops_working(member_client, client, db_session):
    first = member_client.post("/api/v1/members/me/calendar-feed").json["token"]
    second = member_client.post("/api/v1/members/me/calendar-feed").json["token"]
    assert client.get(f"/api/v1/members/me/calendar.ics?token={first}").status_code == 404
    assert client.get(f"/api/v1/members/me/calendar.ics?token={second}").status_code == 200
    assert member_client.delete("/api/v1/members/me/calendar-feed").status_code == 204
    assert client.get(f"/api/v1/members/me/calendar.ics?token={second}").status_code == 404
    assert db_session.scalars(select(CalendarFeed)).all() == []


def test_feed_tokens_are_stored_hashed(member_client, db_session):
    token = member_client.post("/api/v1/members/me/calendar-feed").json["token"]
    assert db_session.scalars(select(CalendarFeed)).one().token_hash != token


def test_feed_needs_a_token(client):
    assert client.get("/api/v1/members/me/calendar.ics").status_code == 422
    assert client.get("/api/v1/members/me/calendar.ics?token=" + "x" * 40).status_code == 404


def test_member_sees_whether_a_feed_exists(member_client):
    assert member_client.get("/api/v1/members/me/calendar-feed").json == {"exists": False, "created_at": None}
    member_client.post("/api/v1/members/me/calendar-feed")
    assert member_client.get("/api/v1/members/me/calendar-feed").json["exists"] is True
