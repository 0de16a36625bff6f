"""Check-ins, the safety path, progress series and recovery milestones."""

import datetime as dt

from sqlalchemy import select

from api.db import utcnow
from api.models import CheckIn, Goal, Notification
from tests.factories import CheckInFactory, CoachingPlanFactory, CoachingRelationshipFactory

PLANS = "/api/v1/coaching-plans"


def setup_plan(as_member, time_zone="Europe/London"):
    member, coach = as_member(time_zone=time_zone), as_member(role="coach")
    CoachingRelationshipFactory(member=member.member, coach=coach.member)
    plan = CoachingPlanFactory(member=member.member)
    return member, coach, plan


def test_member_checks_in_with_scored_questionnaires(as_member):
    member, _coach, plan = setup_plan(as_member)
    response = member.post(
        f"{PLANS}/{plan.id}/check-ins",
        json={
            "mood": 6,
            "craving": 2,
            "instruments": {
                "phq9": [1, 2, 1, 0, 3, 1, 2, 0, 0],
                "gad7": [1, 1, 1, 1, 1, 0, 0],
                "who5": [3, 3, 3, 3, 3],
            },
        },
    )
    assert response.status_code == 201
    scores = response.json["scores"]
    assert scores["phq9"] == {"total": 10, "band": "moderate"}
    assert scores["gad7"] == {"total": 5, "band": "mild"}
    assert scores["who5"] == {"total": 60, "band": "good_wellbeing"}
    assert scores["barc10"] is None
    assert response.json["risk_flag"] is False and response.json["crisis_resources"] is None


def test_phq9_item_nine_returns_crisis_lines_and_tells_the_coach(as_member, db_session):
    member, coach, plan = setup_plan(as_member)
    response = member.post(
        f"{PLANS}/{plan.id}/check-ins",
        json={"mood": 2, "craving": 7, "instruments": {"phq9": [2, 2, 2, 2, 2, 2, 2, 2, 1]}},
    )
    assert response.status_code == 201
    assert response.json["risk_flag"] is True
    crisis = response.json["crisis_resources"]
    assert crisis["region"] == "GB"
    assert any(line["phone"] == "116 123" for line in crisis["lines"])
    notes = db_session.scalars(select(Notification).where(Notification.member_id == coach.member.id)).all()
    assert [note.kind for note in notes] == ["checkin_risk"]
    assert "2, 2" not in notes[0].body  # no health details in the notification
    dashboard = coach.get("/api/v1/coaching-relationships?as_coach=true").json["items"][0]
    assert dashboard["last_risk_at"] is not None and dashboard["last_check_in_at"] is not None


def test_not_feeling_safe_is_a_risk_signal_with_lines_for_the_members_region(as_member):
    member, _coach, plan = setup_plan(as_member, time_zone="America/Chicago")
    response = member.post(
        f"{PLANS}/{plan.id}/check-ins", json={"mood": 3, "craving": 5, "feels_safe": False}
    )
    assert response.json["risk_flag"] is True
    assert any(line["phone"] == "988" for line in response.json["crisis_resources"]["lines"])


def test_out_of_range_answers_are_422_naming_the_item_and_nothing_is_saved(as_member, db_session):
    member, _coach, plan = setup_plan(as_member)
    response = member.post(
        f"{PLANS}/{plan.id}/check-ins",
        json={"mood": 5, "craving": 5, "instruments": {"gad7": [0, 0, 0, 9, 0, 0, 0]}},
    )
    assert response.status_code == 422
    assert "instruments.gad7.item4" in response.json["errors"]
    assert db_session.scalars(select(CheckIn)).all() == []


def test_mood_and_craving_ranges_are_enforced(as_member):
    member, _coach, plan = setup_plan(as_member)
    response = member.post(f"{PLANS}/{plan.id}/check-ins", json={"mood": 0, "craving": 11})
    assert response.status_code == 422 and {"mood", "craving"} <= set(response.json["errors"])


def test_coach_cannot_check_in_for_the_member(as_member):
    _member, coach, plan = setup_plan(as_member)
    assert coach.post(f"{PLANS}/{plan.id}/check-ins", json={"mood": 5, "craving": 1}).status_code == 403


def test_coach_reads_the_note_only_when_shared(as_member):
    member, coach, plan = setup_plan(as_member)
    member.post(f"{PLANS}/{plan.id}/check-ins", json={"mood": 5, "craving": 1, "note": "just for me"})
    member.post(
        f"{PLANS}/{plan.id}/check-ins",
        json={"mood": 6, "craving": 1, "note": "for my coach", "note_shared": True},
    )
    seen_by_coach = {
        item["mood"]: item["note"] for item in coach.get(f"{PLANS}/{plan.id}/check-ins").json["items"]
    }
    assert seen_by_coach == {5: None, 6: "for my coach"}
    seen_by_member = {
        item["mood"]: item["note"] for item in member.get(f"{PLANS}/{plan.id}/check-ins").json["items"]
    }
    assert seen_by_member == {5: "just for me", 6: "for my coach"}


def test_former_coach_sees_no_check_ins(as_member):
    member, coach, plan = setup_plan(as_member)
    relationship = member.get("/api/v1/coaching-relationships").json["items"][0]
    coach.patch(f"/api/v1/coaching-relationships/{relationship['id']}", json={"action": "end"})
    assert coach.get(f"{PLANS}/{plan.id}/check-ins").status_code == 404


def test_progress_gives_weekly_series_and_trends(as_member, db_session):
    member, coach, plan = setup_plan(as_member)
    now = utcnow()
    for days_ago in range(56):
        mood = 4 if days_ago >= 28 else 7
        CheckInFactory(
            plan=plan,
            mood=mood,
            craving=8 - mood,
            created_at=now - dt.timedelta(days=days_ago, hours=1),
            phq9_total=10 if days_ago % 7 == 0 else None,
        )
    db_session.add(
        Goal(
            plan_id=plan.id,
            what="Walk",
            status="achieved",
            progress_percent=100,
            achieved_at=now - dt.timedelta(days=3),
        )
    )
    db_session.add(Goal(plan_id=plan.id, what="Sleep", status="in_progress", progress_percent=20))
    db_session.commit()
    body = coach.get(f"{PLANS}/{plan.id}/progress?weeks=12").json
    assert sum(week["check_ins"] for week in body["weeks"]) == 56
    assert body["mood_trend"] == {"direction": "better", "recent": 7.0, "previous": 4.0}
    assert body["craving_trend"]["direction"] == "better"
    assert body["goals_total"] == 2 and body["goals_achieved"] == 1
    assert sum(week["goals_achieved"] for week in body["weeks"]) == 1
    assert any(week["phq9"] == 10.0 for week in body["weeks"])
    weeks = [week["week"] for week in body["weeks"]]
    assert weeks == sorted(weeks)
    assert all(dt.date.fromisoformat(week).weekday() == 0 for week in weeks)


def test_progress_without_check_ins_says_not_enough_data(member_client):
    plan = member_client.post(PLANS, json={"title": "New"}).json
    body = member_client.get(f"{PLANS}/{plan['id']}/progress").json
    assert body["weeks"] == [] and body["mood_trend"]["direction"] == "not_enough_data"


def test_progress_uses_a_fixed_number_of_queries(as_member, count_queries):
    member, _coach, plan = setup_plan(as_member)
    counts = []
    for days in (7, 200):
        for days_ago in range(days):
            CheckInFactory(plan=plan, created_at=utcnow() - dt.timedelta(days=days_ago))
        with count_queries() as counter:
            member.get(f"{PLANS}/{plan.id}/progress?weeks=52")
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_check_in_list_uses_a_fixed_number_of_queries(as_member, count_queries):
    member, _coach, plan = setup_plan(as_member)
    CheckInFactory.create_batch(15, plan=plan)
    counts = []
    for limit in (1, 15):
        with count_queries() as counter:
            member.get(f"{PLANS}/{plan.id}/check-ins?limit={limit}")
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_milestones_count_from_the_private_start_date(member_client):
    start = dt.date.today() - dt.timedelta(days=95)
    member_client.patch("/api/v1/members/me", json={"recovery_start_date": start.isoformat()})
    body = member_client.get("/api/v1/members/me/milestones").json
    assert body["days"] in (94, 95, 96)  # depends on the member's time zone versus the server's date
    assert [item["label"] for item in body["reached"]] == ["24 hours", "30 days", "60 days", "90 days"]
    assert body["next"]["label"] == "6 months"


def test_milestones_continue_yearly_after_18_months(member_client):
    start = dt.date.today() - dt.timedelta(days=365 * 3 + 10)
    member_client.patch("/api/v1/members/me", json={"recovery_start_date": start.isoformat()})
    body = member_client.get("/api/v1/members/me/milestones").json
    assert [item["label"] for item in body["reached"]][-3:] == ["18 months", "2 years", "3 years"]
    assert body["next"]["label"] == "4 years"


def test_member_can_hide_the_counter_or_reset_the_date(member_client):
    member_client.patch(
        "/api/v1/members/me", json={"recovery_start_date": "2025-01-01", "show_recovery_counter": False}
    )
    assert member_client.get("/api/v1/members/me/milestones").json["shown"] is False
    member_client.patch("/api/v1/members/me", json={"recovery_start_date": dt.date.today().isoformat()})
    body = member_client.get("/api/v1/members/me/milestones").json
    assert body["days"] in (0, 1) and body["reached"] in (
        [],
        [{"label": "24 hours", "date": dt.date.today().isoformat()}],
    )
    member_client.patch("/api/v1/members/me", json={"recovery_start_date": None})
    assert member_client.get("/api/v1/members/me/milestones").json["next"] is None
