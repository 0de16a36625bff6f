"""Coaching relationships and plans: who may see and change what."""

from sqlalchemy import select

from api.models import Notification, PlanChange
from tests.conftest import sign_in
from tests.factories import CoachingPlanFactory, CoachingRelationshipFactory, MemberFactory

RELATIONSHIPS = "/api/v1/coaching-relationships"
PLANS = "/api/v1/coaching-plans"


def coached(app, as_member):
    """A member with a plan and an active coach, both signed in."""
    member, coach = as_member(), as_member(role="coach")
    CoachingRelationshipFactory(member=member.member, coach=coach.member)
    plan = CoachingPlanFactory(member=member.member)
    return member, coach, plan


def test_member_asks_a_coach_who_accepts(as_member):
    member, coach = as_member(), as_member(role="coach")
    created = member.post(RELATIONSHIPS, json={"coach_id": str(coach.member.id)})
    assert created.status_code == 201 and created.json["status"] == "requested"
    assert member.patch(f"{RELATIONSHIPS}/{created.json['id']}", json={"action": "accept"}).status_code == 403
    accepted = coach.patch(f"{RELATIONSHIPS}/{created.json['id']}", json={"action": "accept"})
    assert accepted.json["status"] == "active" and accepted.json["started_at"]


def test_coach_invites_a_member_who_declines(as_member):
    member, coach = as_member(), as_member(role="coach")
    invited = coach.post(RELATIONSHIPS, json={"member_id": str(member.member.id)}).json
    assert invited["status"] == "invited"
    assert (
        member.patch(f"{RELATIONSHIPS}/{invited['id']}", json={"action": "decline"}).json["status"]
        == "declined"
    )


def test_coaches_list_shows_peer_coaches_only(as_member):
    member, coach = as_member(), as_member(role="coach")
    MemberFactory(role="facilitator")
    ids = [item["id"] for item in member.get("/api/v1/coaches").json["items"]]
    assert ids == [str(coach.member.id)]


def test_asking_someone_who_is_not_a_coach_is_422(as_member):
    member, other = as_member(), as_member()
    assert member.post(RELATIONSHIPS, json={"coach_id": str(other.member.id)}).status_code == 422


def test_members_cannot_invite(as_member):
    member, other = as_member(), as_member()
    assert member.post(RELATIONSHIPS, json={"member_id": str(other.member.id)}).status_code == 403


def test_only_one_open_relationship_per_pair(as_member):
    member, coach = as_member(), as_member(role="coach")
    member.post(RELATIONSHIPS, json={"coach_id": str(coach.member.id)})
    assert member.post(RELATIONSHIPS, json={"coach_id": str(coach.member.id)}).status_code == 409


def test_admin_assigns_a_coach_at_once(as_member):
    admin, member, coach = as_member(role="admin"), as_member(), as_member(role="coach")
    response = admin.post(
        RELATIONSHIPS, json={"member_id": str(member.member.id), "coach_id": str(coach.member.id)}
    )
    assert response.status_code == 201 and response.json["status"] == "active"


def test_either_side_ends_it_and_the_coach_loses_access(app, as_member):
    member, coach, plan = coached(app, as_member)
    assert coach.get(f"{PLANS}/{plan.id}").status_code == 200
    relationship = member.get(RELATIONSHIPS).json["items"][0]
    assert (
        member.patch(f"{RELATIONSHIPS}/{relationship['id']}", json={"action": "end"}).json["status"]
        == "ended"
    )
    assert coach.get(f"{PLANS}/{plan.id}").status_code == 404
    assert coach.get(PLANS).json["items"] == []


def test_strangers_cannot_see_or_change_a_relationship(app, as_member):
    member, coach, _plan = coached(app, as_member)
    relationship = member.get(RELATIONSHIPS).json["items"][0]
    stranger = as_member()
    assert stranger.patch(f"{RELATIONSHIPS}/{relationship['id']}", json={"action": "end"}).status_code == 404
    assert stranger.get(RELATIONSHIPS).json["items"] == []


def test_member_creates_and_edits_their_own_plan(member_client):
    created = member_client.post(
        PLANS, json={"title": "Steady evenings", "focus_areas": ["sleep"], "status": "active"}
    )
    assert created.status_code == 201
    plan_id = created.json["id"]
    etag = member_client.get(f"{PLANS}/{plan_id}").headers["ETag"]
    updated = member_client.patch(f"{PLANS}/{plan_id}", json={"status": "paused"}, headers={"If-Match": etag})
    assert updated.json["status"] == "paused"
    assert updated.json["updated_by"]["id"] == str(member_client.member.id)
    stale = member_client.patch(f"{PLANS}/{plan_id}", json={"status": "active"}, headers={"If-Match": etag})
    assert stale.status_code == 412


def test_plan_dates_must_be_in_order(member_client):
    response = member_client.post(
        PLANS, json={"title": "Plan", "start_date": "2026-12-01", "review_date": "2026-11-01"}
    )
    assert response.status_code == 422 and "review_date" in response.json["errors"]


def test_coach_creates_a_plan_for_a_member_they_coach_only(app, as_member):
    member, coach, _plan = coached(app, as_member)
    created = coach.post(PLANS, json={"title": "Together", "member_id": str(member.member.id)})
    assert created.status_code == 201 and created.json["member"]["id"] == str(member.member.id)
    stranger = as_member()
    assert coach.post(PLANS, json={"title": "Nope", "member_id": str(stranger.member.id)}).status_code == 404


def test_plan_is_hidden_from_everyone_else(app, as_member):
    member, coach, plan = coached(app, as_member)
    other_coach = as_member(role="coach")
    facilitator, admin, stranger = as_member(role="facilitator"), as_member(role="admin"), as_member()
    for outsider in (other_coach, facilitator, admin, stranger):
        assert outsider.get(f"{PLANS}/{plan.id}").status_code == 404
        assert outsider.get(f"{PLANS}/{plan.id}/goals").status_code == 404
        assert outsider.get(f"{PLANS}/{plan.id}/check-ins").status_code == 404
        assert outsider.get(f"{PLANS}/{plan.id}/progress").status_code == 404
        assert outsider.get(f"{PLANS}/{plan.id}/notes").status_code == 404
        assert outsider.patch(f"{PLANS}/{plan.id}", json={"title": "Taken over"}).status_code == 404
        assert outsider.get(PLANS).json["items"] == []


def test_pending_coach_has_no_access(as_member):
    member, coach = as_member(), as_member(role="coach")
    member.post(RELATIONSHIPS, json={"coach_id": str(coach.member.id)})
    plan = CoachingPlanFactory(member=member.member)
    assert coach.get(f"{PLANS}/{plan.id}").status_code == 404


def test_goals_and_steps_record_who_changed_them(app, as_member, db_session):
    member, coach, plan = coached(app, as_member)
    goal = coach.post(
        f"{PLANS}/{plan.id}/goals",
        json={
            "what": "Walk three times a week",
            "why": "Clears my head",
            "measure": "Walks per week",
            "target_date": "2027-01-31",
        },
    ).json
    edited = member.patch(
        f"{PLANS}/{plan.id}/goals/{goal['id']}", json={"status": "in_progress", "progress_percent": 30}
    ).json
    assert edited["updated_by"]["id"] == str(member.member.id)
    step = member.post(
        f"{PLANS}/{plan.id}/goals/{goal['id']}/steps", json={"title": "Buy shoes", "due_date": "2026-12-01"}
    ).json
    ticked = coach.patch(f"{PLANS}/{plan.id}/goals/{goal['id']}/steps/{step['id']}", json={"done": True}).json
    assert ticked["done_at"] and ticked["updated_by"]["id"] == str(coach.member.id)
    actors = db_session.scalars(select(PlanChange.actor_id).order_by(PlanChange.created_at)).all()
    assert set(actors) == {member.member.id, coach.member.id}
    assert len(actors) == 4


def test_achieving_a_goal_stamps_it(member_client):
    plan = member_client.post(PLANS, json={"title": "Plan"}).json
    goal = member_client.post(f"{PLANS}/{plan['id']}/goals", json={"what": "Call my sister"}).json
    done = member_client.patch(f"{PLANS}/{plan['id']}/goals/{goal['id']}", json={"status": "achieved"}).json
    assert done["achieved_at"] and done["progress_percent"] == 100


def test_goal_of_another_plan_is_404(as_member):
    first, second = as_member(), as_member()
    plan = first.post(PLANS, json={"title": "Mine"}).json
    goal = first.post(f"{PLANS}/{plan['id']}/goals", json={"what": "Sleep by 11"}).json
    other_plan = second.post(PLANS, json={"title": "Theirs"}).json
    assert (
        second.patch(
            f"{PLANS}/{other_plan['id']}/goals/{goal['id']}", json={"what": "Sleep by ten"}
        ).status_code
        == 404
    )
    assert second.delete(f"{PLANS}/{plan['id']}/goals/{goal['id']}").status_code == 404


def test_goal_input_is_validated(member_client):
    plan = member_client.post(PLANS, json={"title": "Plan"}).json
    response = member_client.post(
        f"{PLANS}/{plan['id']}/goals", json={"what": "", "progress_percent": 120, "status": "done"}
    )
    assert response.status_code == 422
    assert {"what", "progress_percent", "status"} <= set(response.json["errors"])


def test_coach_writes_notes_the_member_can_read(app, as_member):
    member, coach, plan = coached(app, as_member)
    assert coach.post(f"{PLANS}/{plan.id}/notes", json={"body": "Talked about evenings."}).status_code == 201
    assert member.post(f"{PLANS}/{plan.id}/notes", json={"body": "Can I?"}).status_code == 403
    notes = member.get(f"{PLANS}/{plan.id}/notes").json["items"]
    assert [note["body"] for note in notes] == ["Talked about evenings."]
    assert notes[0]["coach"]["id"] == str(coach.member.id)


def test_plan_lists_use_a_fixed_number_of_queries(app, as_member, count_queries):
    coach = as_member(role="coach")
    for _ in range(8):
        member = MemberFactory()
        CoachingRelationshipFactory(member=member, coach=coach.member)
        CoachingPlanFactory(member=member)
    for url in (PLANS, RELATIONSHIPS):
        counts = []
        for limit in (1, 8):
            with count_queries() as counter:
                assert len(coach.get(f"{url}?limit={limit}").json["items"]) == limit
            counts.append(counter.count)
        assert counts[0] == counts[1], (url, counts)


def test_export_and_erasure_cover_plans_and_check_ins(app, as_member, db_session):
    member, coach, plan = coached(app, as_member)
    member.post(f"{PLANS}/{plan.id}/goals", json={"what": "Walk"})
    member.post(f"{PLANS}/{plan.id}/check-ins", json={"mood": 5, "craving": 2, "note": "private words"})
    coach.post(f"{PLANS}/{plan.id}/notes", json={"body": "A note."})
    data = member.get("/api/v1/members/me/export").json["data"]
    assert data["coaching_plans"][0]["goals"][0]["what"] == "Walk"
    assert data["coaching_plans"][0]["notes"][0]["body"] == "A note."
    assert data["check_ins"][0]["note"] == "private words"
    assert data["coaching_relationships"][0]["role"] == "member"
    fresh = sign_in(app, member.member)
    assert fresh.delete("/api/v1/members/me").status_code == 204
    assert coach.get(f"{PLANS}/{plan.id}").status_code == 404
    assert coach.get(RELATIONSHIPS).json["items"] == []
    assert db_session.scalars(select(Notification)).all() == []
