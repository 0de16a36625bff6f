"""Booking: confirmed or waitlisted, promotion in order, who may book, attendance."""

import datetime as dt

from sqlalchemy import select

from api.db import utcnow
from api.models import GroupSession, Notification
from tests.factories import GroupSessionFactory


def rsvp_url(session) -> str:
    return f"/api/v1/sessions/{session.id}/rsvp"


def test_member_books_a_confirmed_place(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=2)
    response = setup.member().put(rsvp_url(session))
    assert response.status_code == 200
    assert response.json["status"] == "confirmed"
    assert response.json["session"]["spots_left"] == 1


def test_booking_twice_changes_nothing(group_setup, db_session):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=2)
    member = setup.member()
    first, second = member.put(rsvp_url(session)), member.put(rsvp_url(session))
    assert first.json["id"] == second.json["id"]
    db_session.expire_all()
    assert db_session.get(GroupSession, session.id).confirmed_count == 1


def test_full_session_puts_members_on_the_waitlist_in_order(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    setup.member().put(rsvp_url(session))
    second, third = setup.member(), setup.member()
    assert second.put(rsvp_url(session)).json["waitlist_position"] == 1
    response = third.put(rsvp_url(session))
    assert response.json["status"] == "waitlisted" and response.json["waitlist_position"] == 2


def test_cancelling_promotes_the_first_waitlisted_member_and_tells_them(group_setup, db_session):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    booked, first_waiting, second_waiting = setup.member(), setup.member(), setup.member()
    for member in (booked, first_waiting, second_waiting):
        member.put(rsvp_url(session))
    assert booked.delete(rsvp_url(session)).status_code == 204
    assert first_waiting.get(f"/api/v1/sessions/{session.id}").json["my_rsvp"]["status"] == "confirmed"
    assert second_waiting.get(f"/api/v1/sessions/{session.id}").json["my_rsvp"]["waitlist_position"] == 1
    notes = db_session.scalars(
        select(Notification).where(Notification.member_id == first_waiting.member.id)
    ).all()
    assert [note.kind for note in notes] == ["waitlist_promoted"]


def test_leaving_the_waitlist_promotes_nobody(group_setup, db_session):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    booked, waiting = setup.member(), setup.member()
    booked.put(rsvp_url(session))
    waiting.put(rsvp_url(session))
    assert waiting.delete(rsvp_url(session)).status_code == 204
    db_session.expire_all()
    assert db_session.get(GroupSession, session.id).confirmed_count == 1


def test_cancelling_without_a_booking_is_404(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group)
    assert setup.member().delete(rsvp_url(session)).status_code == 404


def test_rebooking_after_cancelling_goes_to_the_back_of_the_waitlist(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    setup.member().put(rsvp_url(session))
    early, late = setup.member(), setup.member()
    early.put(rsvp_url(session))
    late.put(rsvp_url(session))
    early.delete(rsvp_url(session))
    assert early.put(rsvp_url(session)).json["waitlist_position"] == 2


def test_non_members_pending_and_removed_members_cannot_book(group_setup, member_client):
    setup = group_setup(join_policy="approval")
    session = GroupSessionFactory(group=setup.group)
    assert member_client.put(rsvp_url(session)).status_code == 403
    assert setup.member(status="pending").put(rsvp_url(session)).status_code == 403
    assert setup.member(status="removed").put(rsvp_url(session)).status_code == 403


def test_booking_in_a_hidden_group_is_404(group_setup, member_client):
    setup = group_setup(visibility="private")
    session = GroupSessionFactory(group=setup.group)
    assert member_client.put(rsvp_url(session)).status_code == 404


def test_changed_guidelines_must_be_accepted_before_booking(group_setup):
    setup = group_setup()
    member = setup.member()
    setup.facilitator.put(
        f"/api/v1/groups/{setup.group.id}/guidelines", json={"text": "Version two of our guidelines."}
    )
    session = GroupSessionFactory(group=setup.group)
    refused = member.put(rsvp_url(session))
    assert refused.status_code == 409
    assert "version 2" in refused.json["detail"]
    accept = member.patch(
        f"/api/v1/groups/{setup.group.id}/memberships/me", json={"accepted_guidelines_version": 2}
    )
    assert accept.status_code == 200
    assert member.put(rsvp_url(session)).status_code == 200


def test_cancelled_or_past_sessions_cannot_be_booked(group_setup):
    setup = group_setup()
    cancelled = GroupSessionFactory(group=setup.group, status="cancelled")
    past = GroupSessionFactory(group=setup.group, starts_at=utcnow() - dt.timedelta(days=1))
    member = setup.member()
    assert member.put(rsvp_url(cancelled)).status_code == 409
    assert member.put(rsvp_url(past)).status_code == 409


def test_capacity_is_enforced_by_the_database(group_setup, db_session):
    import pytest
    from sqlalchemy.exc import IntegrityError

    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    session.confirmed_count = 2
    with pytest.raises(IntegrityError):
        db_session.flush()
    db_session.rollback()


def test_only_facilitators_see_attendees(group_setup, member_client):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    booked, waiting = setup.member(), setup.member()
    booked.put(rsvp_url(session))
    waiting.put(rsvp_url(session))
    response = setup.facilitator.get(f"/api/v1/sessions/{session.id}/attendees")
    assert response.status_code == 200
    assert [(item["status"], item["waitlist_position"]) for item in response.json["items"]] == [
        ("confirmed", None),
        ("waitlisted", 1),
    ]
    assert "email" not in response.get_data(as_text=True)
    assert booked.get(f"/api/v1/sessions/{session.id}/attendees").status_code == 403
    assert member_client.get(f"/api/v1/sessions/{session.id}/attendees").status_code == 403


def test_facilitator_marks_attendance_and_no_shows(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group)
    came, missed = setup.member(), setup.member()
    came.put(rsvp_url(session))
    missed.put(rsvp_url(session))
    url = f"/api/v1/sessions/{session.id}/attendance"
    assert (
        setup.facilitator.post(url, json={"member_id": str(came.member.id)}).json["attendance"] == "attended"
    )
    response = setup.facilitator.post(url, json={"member_id": str(missed.member.id), "attended": False})
    assert response.json["attendance"] == "no_show"


def test_member_checks_in_only_during_the_session_window(group_setup, db_session):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group)
    member = setup.member()
    member.put(rsvp_url(session))
    url = f"/api/v1/sessions/{session.id}/attendance"
    assert member.post(url, json={}).status_code == 409
    session = db_session.get(GroupSession, session.id)
    session.starts_at = utcnow() - dt.timedelta(minutes=10)
    session.ends_at = utcnow() + dt.timedelta(minutes=80)
    db_session.commit()
    response = member.post(url, json={})
    assert response.status_code == 200 and response.json["attendance"] == "attended"


def test_member_cannot_mark_someone_else(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group)
    member, other = setup.member(), setup.member()
    other.put(rsvp_url(session))
    response = member.post(
        f"/api/v1/sessions/{session.id}/attendance", json={"member_id": str(other.member.id)}
    )
    assert response.status_code == 403


def test_attendance_needs_a_confirmed_place(group_setup):
    setup = group_setup()
    session = GroupSessionFactory(group=setup.group)
    member = setup.member()
    response = setup.facilitator.post(
        f"/api/v1/sessions/{session.id}/attendance", json={"member_id": str(member.member.id)}
    )
    assert response.status_code == 404


def test_my_sessions_lists_upcoming_and_past_bookings(group_setup, db_session):
    setup = group_setup()
    member = setup.member()
    upcoming = GroupSessionFactory(group=setup.group)
    earlier = GroupSessionFactory(group=setup.group)
    member.put(rsvp_url(upcoming))
    member.put(rsvp_url(earlier))
    earlier = db_session.get(GroupSession, earlier.id)
    earlier.starts_at, earlier.ends_at = (
        utcnow() - dt.timedelta(days=3),
        utcnow() - dt.timedelta(days=3, hours=-1),
    )
    db_session.commit()
    soon = member.get("/api/v1/members/me/sessions").json["items"]
    past = member.get("/api/v1/members/me/sessions?when=past").json["items"]
    assert [item["session"]["id"] for item in soon] == [str(upcoming.id)]
    assert [item["session"]["id"] for item in past] == [str(earlier.id)]
    assert setup.member().get("/api/v1/members/me/sessions").json["items"] == []


def test_erasing_an_account_frees_its_seats_for_the_waitlist(app, group_setup, db_session):
    from tests.conftest import sign_in

    setup = group_setup()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    leaving, waiting = setup.member(), setup.member()
    leaving.put(rsvp_url(session))
    waiting.put(rsvp_url(session))
    fresh = sign_in(app, leaving.member)
    assert fresh.delete("/api/v1/members/me").status_code == 204
    assert waiting.get(f"/api/v1/sessions/{session.id}").json["my_rsvp"]["status"] == "confirmed"


def test_export_includes_memberships_bookings_and_notifications(group_setup):
    setup = group_setup()
    member = setup.member()
    session = GroupSessionFactory(group=setup.group)
    member.put(rsvp_url(session))
    data = member.get("/api/v1/members/me/export").json["data"]
    assert data["group_memberships"][0]["group_id"] == str(setup.group.id)
    assert data["session_bookings"][0]["session_id"] == str(session.id)
    assert data["notifications"] == []


def test_erasure_keeps_past_attendance_anonymised(app, group_setup, db_session):
    from tests.conftest import sign_in

    setup = group_setup()
    member = setup.member()
    past = GroupSessionFactory(group=setup.group)
    member.put(rsvp_url(past))
    setup.facilitator.post(
        f"/api/v1/sessions/{past.id}/attendance", json={"member_id": str(member.member.id)}
    )
    session = db_session.get(GroupSession, past.id)
    session.starts_at, session.ends_at = (
        utcnow() - dt.timedelta(days=2),
        utcnow() - dt.timedelta(days=2, hours=-1),
    )
    db_session.commit()
    assert sign_in(app, member.member).delete("/api/v1/members/me").status_code == 204
    db_session.expire_all()
    from api.models import Rsvp

    [kept] = db_session.scalars(select(Rsvp).where(Rsvp.session_id == past.id)).all()
    assert kept.member_id is None and kept.attendance == "attended"
    attendees = setup.facilitator.get(f"/api/v1/sessions/{past.id}/attendees").json["items"]
    assert [(item["member"], item["attendance"]) for item in attendees] == [(None, "attended")]
