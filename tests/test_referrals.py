"""Referrals from a coach to a member, followed up."""

import datetime as dt

from sqlalchemy import select

from api.models import Notification, Referral
from tests.conftest import sign_in
from tests.factories import CoachingRelationshipFactory, ResourceFactory

REFERRALS = "/api/v1/referrals"


def coach_and_member(as_member):
    member, coach = as_member(), as_member(role="coach")
    CoachingRelationshipFactory(member=member.member, coach=coach.member)
    return coach, member


def refer(coach, member, resource, **extra):
    body = {
        "member_id": str(member.member.id),
        "resource_id": str(resource.id),
        "note": "Worth a call",
        "follow_up_on": (dt.date.today() + dt.timedelta(days=7)).isoformat(),
        **extra,
    }
    return coach.post(REFERRALS, json=body)


def test_coach_refers_and_the_member_is_told_and_updates_it(as_member, db_session):
    coach, member = coach_and_member(as_member)
    resource = ResourceFactory(name="GamCare")
    created = refer(coach, member, resource)
    assert created.status_code == 201 and created.json["status"] == "suggested"
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.member_id == member.member.id)
    ).all()
    assert kinds == ["referral_suggested"]
    mine = member.get(REFERRALS).json["items"]
    assert [item["resource"]["name"] for item in mine] == ["GamCare"]
    url = f"{REFERRALS}/{created.json['id']}"
    assert member.patch(url, json={"status": "contacted"}).json["status"] == "contacted"
    assert member.patch(url, json={"status": "connected"}).json["status"] == "connected"


def test_not_suitable_needs_a_reason(as_member):
    coach, member = coach_and_member(as_member)
    referral = refer(coach, member, ResourceFactory()).json
    url = f"{REFERRALS}/{referral['id']}"
    assert member.patch(url, json={"status": "not_suitable"}).status_code == 422
    response = member.patch(url, json={"status": "not_suitable", "reason": "Too far away"})
    assert response.json["status"] == "not_suitable" and response.json["reason"] == "Too far away"


def test_only_a_coach_of_the_member_can_refer(as_member):
    coach, member = coach_and_member(as_member)
    stranger_coach, facilitator = as_member(role="coach"), as_member(role="facilitator")
    resource = ResourceFactory()
    assert refer(stranger_coach, member, resource).status_code == 404
    assert refer(facilitator, member, resource).status_code == 404
    assert refer(member, coach, resource).status_code == 404


def test_others_cannot_see_or_change_a_referral(as_member):
    coach, member = coach_and_member(as_member)
    referral = refer(coach, member, ResourceFactory()).json
    stranger = as_member()
    assert stranger.get(REFERRALS).json["items"] == []
    assert stranger.patch(f"{REFERRALS}/{referral['id']}", json={"status": "connected"}).status_code == 404


def test_only_the_referrer_moves_the_follow_up(as_member):
    coach, member = coach_and_member(as_member)
    referral = refer(coach, member, ResourceFactory()).json
    later = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    assert member.patch(f"{REFERRALS}/{referral['id']}", json={"follow_up_on": later}).status_code == 403
    assert (
        coach.patch(f"{REFERRALS}/{referral['id']}", json={"follow_up_on": later}).json["follow_up_on"]
        == later
    )


def test_follow_up_in_the_past_is_422(as_member):
    coach, member = coach_and_member(as_member)
    response = refer(coach, member, ResourceFactory(), follow_up_on="2020-01-01")
    assert response.status_code == 422 and "follow_up_on" in response.json["errors"]


def test_coach_sees_overdue_follow_ups_and_gets_reminded_once(app, as_member, db_session):
    coach, member = coach_and_member(as_member)
    referral = refer(coach, member, ResourceFactory(name="Drinkline")).json
    row = db_session.get(Referral, __import__("uuid").UUID(referral["id"]))
    row.follow_up_on = dt.date.today() - dt.timedelta(days=1)
    db_session.commit()
    overdue = coach.get(f"{REFERRALS}?made_by_me=true&overdue=true").json["items"]
    assert [item["id"] for item in overdue] == [referral["id"]] and overdue[0]["is_overdue"]
    runner = app.test_cli_runner()
    assert "Sent 1" in runner.invoke(args=["referral-reminders"]).output
    assert "Sent 0" in runner.invoke(args=["referral-reminders"]).output
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.member_id == coach.member.id)
    ).all()
    assert kinds == ["referral_follow_up"]


def test_export_and_erasure_cover_referrals_and_bookmarks(app, as_member, db_session):
    coach, member = coach_and_member(as_member)
    resource = ResourceFactory()
    refer(coach, member, resource)
    member.post(f"/api/v1/members/me/bookmarks/{resource.id}")
    data = member.get("/api/v1/members/me/export").json["data"]
    assert data["referrals"][0]["role"] == "member" and data["bookmarks"][0]["resource_id"] == str(
        resource.id
    )
    fresh = sign_in(app, member.member)
    assert fresh.delete("/api/v1/members/me").status_code == 204
    assert db_session.scalars(select(Referral)).all() == []
