"""Scheduling sessions: one-off and recurring across DST, editing, cancelling, visibility."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from api.db import utcnow
from api.models import GroupSession, Notification, SessionSeries
from tests.factories import GroupFactory, GroupSessionFactory

LONDON = ZoneInfo("Europe/London")


def next_weekday_at(weekday: int, hour: int, zone=LONDON) -> dt.datetime:
    """The next such local wall-clock time, at least two days ahead, as an aware datetime."""
    day = dt.datetime.now(zone).date() + dt.timedelta(days=2)
    while day.weekday() != weekday:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def new_session(**overrides) -> dict:
    return {
        "title": "Sharing circle",
        "starts_at": next_weekday_at(1, 19).isoformat(),
        "duration_minutes": 90,
        "capacity": 12,
        "online_url": "https://meet.example.org/circle",
        "content_warnings": ["relapse"],
        **overrides,
    }


def sessions_url(group) -> str:
    return f"/api/v1/groups/{group.id}/sessions"


def test_facilitator_schedules_a_one_off_session(group_setup):
    setup = group_setup()
    response = setup.facilitator.post(sessions_url(setup.group), json=new_session())
    assert response.status_code == 201, response.json
    [session] = response.json["items"]
    assert session["time_zone"] == "Europe/London"
    assert session["spots_left"] == 12 and session["series_id"] is None
    assert session["online_url"] == "https://meet.example.org/circle"  # facilitators see it


def test_weekly_series_keeps_its_wall_clock_time_across_dst(group_setup):
    setup = group_setup()
    body = new_session(rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=26")
    response = setup.facilitator.post(sessions_url(setup.group), json=body)
    assert response.status_code == 201, response.json
    items = response.json["items"]
    assert len(items) == 26
    local_times = {
        dt.datetime.fromisoformat(item["starts_at"]).astimezone(LONDON).strftime("%a %H:%M") for item in items
    }
    assert local_times == {"Tue 19:00"}
    utc_hours = {dt.datetime.fromisoformat(item["starts_at"]).astimezone(dt.UTC).hour for item in items}
    assert utc_hours == {18, 19}  # 26 weeks always span a change between GMT and BST
    assert len({item["series_id"] for item in items}) == 1


def test_open_ended_series_is_materialised_26_weeks_ahead(group_setup, db_session):
    setup = group_setup()
    response = setup.facilitator.post(sessions_url(setup.group), json=new_session(rrule="FREQ=WEEKLY"))
    assert 25 <= len(response.json["items"]) <= 27
    series = db_session.scalars(select(SessionSeries)).one()
    assert series.materialized_until > utcnow() + dt.timedelta(weeks=25)


def test_extend_series_command_adds_later_occurrences(app, group_setup, db_session):
    setup = group_setup()
    setup.facilitator.post(sessions_url(setup.group), json=new_session(rrule="FREQ=WEEKLY"))
    before = db_session.scalar(select(func.count()).select_from(GroupSession))
    series = db_session.scalars(select(SessionSeries)).one()
    series.materialized_until -= dt.timedelta(weeks=4)
    db_session.query(GroupSession).filter(GroupSession.starts_at > series.materialized_until).delete()
    db_session.commit()
    result = app.test_cli_runner().invoke(args=["extend-series"])
    assert result.exit_code == 0, result.output
    assert db_session.scalar(select(func.count()).select_from(GroupSession)) == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"rrule": "FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31"}, "rrule"),
        ({"rrule": "FREQ=HOURLY"}, "rrule"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "rrule"),
        ({"rrule": "not a rule at all"}, "rrule"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": -30}, "duration_minutes"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -5}, "capacity"),
        ({"time_zone": "Mars/Base"}, "time_zone"),
        ({"starts_at": "2020-01-01T19:00:00+00:00"}, "starts_at"),
        ({"starts_at": "2030-01-01T19:00:00"}, "starts_at"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"room": "big"}, "room"),
    ],
)
def test_bad_session_input_is_422_and_writes_nothing(group_setup, db_session, change, field):
    setup = group_setup()
    response = setup.facilitator.post(sessions_url(setup.group), json=new_session(**change))
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]
    assert db_session.scalar(select(func.count()).select_from(GroupSession)) == 0
    assert db_session.scalar(select(func.count()).select_from(SessionSeries)) == 0


def test_member_cannot_schedule_sessions(group_setup):
    setup = group_setup()
    assert setup.member().post(sessions_url(setup.group), json=new_session()).status_code == 403


def test_group_sessions_are_listed_soonest_first_within_a_window(group_setup):
    setup = group_setup()
    later = GroupSessionFactory(group=setup.group, starts_at=utcnow() + dt.timedelta(days=20))
    sooner = GroupSessionFactory(group=setup.group, starts_at=utcnow() + dt.timedelta(days=3))
    GroupSessionFactory(group=setup.group, starts_at=utcnow() - dt.timedelta(days=3))
    items = setup.member().get(sessions_url(setup.group)).json["items"]
    assert [item["id"] for item in items] == [str(sooner.id), str(later.id)]
    before = (utcnow() + dt.timedelta(days=10)).isoformat().replace("+00:00", "Z")
    windowed = setup.member().get(f"{sessions_url(setup.group)}?starts_before={before}").json["items"]
    assert [item["id"] for item in windowed] == [str(sooner.id)]


def test_window_end_before_start_is_422(group_setup):
    setup = group_setup()
    response = setup.member().get(
        f"{sessions_url(setup.group)}?starts_after=2030-01-02T00:00:00Z&starts_before=2030-01-01T00:00:00Z"
    )
    assert response.status_code == 422


def test_sessions_of_private_groups_are_hidden_from_others(group_setup, member_client):
    setup = group_setup(visibility="private")
    session = GroupSessionFactory(group=setup.group)
    assert member_client.get(f"/api/v1/sessions/{session.id}").status_code == 404
    assert member_client.get("/api/v1/sessions").json["items"] == []
    assert member_client.get(sessions_url(setup.group)).status_code == 404


def test_upcoming_sessions_can_be_filtered_like_groups(member_client):
    gambling = GroupFactory(topics=["gambling"], language="en")
    grief = GroupFactory(topics=["grief"], language="fr")
    GroupSessionFactory(group=gambling)
    mine = GroupSessionFactory(group=grief)
    items = member_client.get("/api/v1/sessions?topic=grief&language=fr").json["items"]
    assert [item["id"] for item in items] == [str(mine.id)]


def test_online_link_shows_only_once_the_place_is_confirmed(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group)
    member = setup.member()
    url = f"/api/v1/sessions/{session.id}"
    assert member.get(url).json["online_url"] is None
    member.put(f"{url}/rsvp")
    assert member.get(url).json["online_url"] == session.online_url


def test_waitlisted_member_does_not_see_the_online_link(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    setup.member().put(f"/api/v1/sessions/{session.id}/rsvp")
    waiting = setup.member()
    waiting.put(f"/api/v1/sessions/{session.id}/rsvp")
    assert waiting.get(f"/api/v1/sessions/{session.id}").json["online_url"] is None


def test_location_is_shown_to_group_members_only(group_setup, member_client):
    setup = group_setup(format="in_person")
    session = GroupSessionFactory(group=setup.group)
    assert member_client.get(f"/api/v1/sessions/{session.id}").json["location"] is None
    assert setup.member().get(f"/api/v1/sessions/{session.id}").json["location"] == "Room 2"


def test_facilitator_edits_one_occurrence_and_booked_members_are_told_it_moved(group_setup, db_session):
    setup = group_setup()
    items = setup.facilitator.post(
        sessions_url(setup.group), json=new_session(rrule="FREQ=WEEKLY;COUNT=3")
    ).json["items"]
    member = setup.member()
    member.put(f"/api/v1/sessions/{items[1]['id']}/rsvp")
    new_start = (dt.datetime.fromisoformat(items[1]["starts_at"]) + dt.timedelta(hours=1)).isoformat()
    response = setup.facilitator.patch(
        f"/api/v1/sessions/{items[1]['id']}", json={"starts_at": new_start, "title": "Special"}
    )
    assert response.status_code == 200
    assert response.json["starts_at"] == dt.datetime.fromisoformat(new_start).astimezone(dt.UTC).isoformat()
    others = [
        setup.facilitator.get(f"/api/v1/sessions/{item['id']}").json["title"] for item in (items[0], items[2])
    ]
    assert others == ["Sharing circle", "Sharing circle"]
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.member_id == member.member.id)
    ).all()
    assert kinds == ["session_moved"]


def test_series_edit_changes_this_and_later_unmodified_occurrences(group_setup):
    setup = group_setup()
    items = setup.facilitator.post(
        sessions_url(setup.group), json=new_session(rrule="FREQ=WEEKLY;COUNT=4")
    ).json["items"]
    setup.facilitator.patch(f"/api/v1/sessions/{items[3]['id']}", json={"title": "Kept apart"})
    response = setup.facilitator.patch(
        f"/api/v1/sessions/{items[1]['id']}?scope=series",
        json={"title": "Renamed", "starts_at": next_weekday_at(1, 18).isoformat()},
    )
    assert response.status_code == 200
    titles = [setup.facilitator.get(f"/api/v1/sessions/{item['id']}").json for item in items]
    assert [item["title"] for item in titles] == ["Sharing circle", "Renamed", "Renamed", "Kept apart"]
    local = [
        dt.datetime.fromisoformat(item["starts_at"]).astimezone(LONDON).strftime("%H:%M") for item in titles
    ]
    assert local == ["19:00", "18:00", "18:00", "19:00"]


def test_capacity_cannot_drop_below_confirmed_places(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=2)
    for _ in range(2):
        setup.member().put(f"/api/v1/sessions/{session.id}/rsvp")
    assert setup.facilitator.patch(f"/api/v1/sessions/{session.id}", json={"capacity": 1}).status_code == 409


def test_more_capacity_promotes_the_waitlist(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    setup.member().put(f"/api/v1/sessions/{session.id}/rsvp")
    waiting = setup.member()
    waiting.put(f"/api/v1/sessions/{session.id}/rsvp")
    setup.facilitator.patch(f"/api/v1/sessions/{session.id}", json={"capacity": 2})
    assert waiting.get(f"/api/v1/sessions/{session.id}").json["my_rsvp"]["status"] == "confirmed"


def test_cancelling_a_session_tells_everyone_booked(group_setup, db_session):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    booked, waiting = setup.member(), setup.member()
    booked.put(f"/api/v1/sessions/{session.id}/rsvp")
    waiting.put(f"/api/v1/sessions/{session.id}/rsvp")
    assert setup.facilitator.delete(f"/api/v1/sessions/{session.id}").status_code == 204
    assert booked.get(f"/api/v1/sessions/{session.id}").json["status"] == "cancelled"
    told = db_session.scalars(
        select(Notification.member_id).where(Notification.kind == "session_cancelled")
    ).all()
    assert set(told) == {booked.member.id, waiting.member.id}


def test_cancelling_a_series_cancels_this_and_later_ones(group_setup):
    setup = group_setup()
    items = setup.facilitator.post(
        sessions_url(setup.group), json=new_session(rrule="FREQ=WEEKLY;COUNT=3")
    ).json["items"]
    setup.facilitator.delete(f"/api/v1/sessions/{items[1]['id']}?scope=series")
    statuses = [setup.facilitator.get(f"/api/v1/sessions/{item['id']}").json["status"] for item in items]
    assert statuses == ["scheduled", "cancelled", "cancelled"]


def test_member_and_other_facilitator_cannot_edit_or_cancel(group_setup):
    setup, other = group_setup(), group_setup()
    session = GroupSessionFactory(group=setup.group)
    url = f"/api/v1/sessions/{session.id}"
    for client in (setup.member(), other.facilitator):
        assert client.patch(url, json={"title": "Nope"}).status_code == 403
        assert client.delete(url).status_code == 403


def test_session_lists_use_a_fixed_number_of_queries(group_setup, count_queries):
    setup = group_setup()
    member = setup.member()
    sessions = GroupSessionFactory.create_batch(12, group=setup.group, capacity=1)
    for session in sessions:
        member.put(f"/api/v1/sessions/{session.id}/rsvp")
        setup.member().put(f"/api/v1/sessions/{session.id}/rsvp")  # waitlisted
    for url in (sessions_url(setup.group), "/api/v1/sessions", "/api/v1/members/me/sessions"):
        counts = []
        for limit in (1, 12):
            with count_queries() as counter:
                assert member.get(f"{url}?limit={limit}").status_code == 200
            counts.append(counter.count)
        assert counts[0] == counts[1], (url, counts)
