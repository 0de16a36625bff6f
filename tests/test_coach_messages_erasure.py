"""A coach who erases their account leaves the member's coaching history in place, read-only."""

import pytest
from sqlalchemy import select

from api.db import Session
from api.models import CoachingRelationship, CoachMessage, Member
from api.services import coaching
from tests.factories import CoachingRelationshipFactory, CoachMessageFactory

V1 = "/api/v1"


@pytest.fixture
def erased_coach(app, as_member):
    """A member and their active coach exchanged messages; then the coach erased their account."""
    member, coach = as_member(), as_member(role="coach")
    relationship = CoachingRelationshipFactory(member=member.member, coach=coach.member)
    CoachMessageFactory(relationship=relationship, author=member.member, body="member words")
    CoachMessageFactory(relationship=relationship, author=coach.member, body="coach words")
    relationship_id, coach_id = relationship.id, coach.member.id
    assert coach.delete(f"{V1}/members/me").status_code == 204
    Session.expire_all()
    return member, relationship_id, coach_id


def test_the_relationship_stays_ended_without_its_coach(erased_coach):
    member, relationship_id, coach_id = erased_coach
    assert Session.get(Member, coach_id) is None
    relationship = Session.get(CoachingRelationship, relationship_id)
    assert relationship is not None
    assert relationship.coach_id is None and relationship.coach is None
    assert relationship.status == "ended" and relationship.ended_at is not None
    assert coaching.active_coach_ids(member.member.id) == []


def test_the_coachs_bodies_go_and_the_members_stay(erased_coach):
    _member, relationship_id, _coach_id = erased_coach
    rows = Session.scalars(select(CoachMessage).where(CoachMessage.relationship_id == relationship_id)).all()
    by_body = {row.body: row for row in rows}
    assert set(by_body) == {"member words", None}
    assert by_body[None].erased_at is not None and by_body[None].author_id is None
    assert by_body["member words"].erased_at is None


def test_the_member_still_reads_the_history_but_cannot_write(erased_coach):
    member, relationship_id, _coach_id = erased_coach
    page = member.get(f"{V1}/coaching-relationships/{relationship_id}/messages")
    assert page.status_code == 200, page.json
    assert page.json["can_write"] is False and page.json["closed_reason"] == "ended"
    theirs, mine = page.json["items"]
    assert mine["body"] == "member words" and mine["is_mine"] is True
    assert theirs["author_left"] is True and theirs["author"] is None and theirs["body"] is None
    assert theirs["author_role"] == "coach"
    refused = member.post(f"{V1}/coaching-relationships/{relationship_id}/messages", json={"body": "hello?"})
    assert refused.status_code == 409


def test_the_members_relationship_list_shows_a_coach_who_left_as_null(erased_coach):
    member, relationship_id, _coach_id = erased_coach
    listed = member.get(f"{V1}/coaching-relationships")
    assert listed.status_code == 200, listed.json
    (item,) = listed.json["items"]
    assert item["id"] == str(relationship_id) and item["coach"] is None and item["status"] == "ended"


def test_the_members_export_still_works(erased_coach):
    member, relationship_id, _coach_id = erased_coach
    exported = member.get(f"{V1}/members/me/export")
    assert exported.status_code == 200, exported.json
    (conversation,) = exported.json["data"]["coach_messages"]
    (relationship,) = exported.json["data"]["coaching_relationships"]
    assert relationship["status"] == "ended" and relationship["role"] == "member"
    assert conversation["relationship_id"] == str(relationship_id) and conversation["my_role"] == "member"
    assert [message["body"] for message in conversation["messages"]] == ["member words", None]
    assert "coach words" not in exported.get_data(as_text=True)


def test_the_member_can_then_ask_another_coach(erased_coach, as_member):
    member, _relationship_id, _coach_id = erased_coach
    other = as_member(role="coach")
    asked = member.post(f"{V1}/coaching-relationships", json={"coach_id": str(other.member.id)})
    assert asked.status_code == 201, asked.json


def test_a_members_erasure_still_removes_their_relationships(app, as_member):
    member, coach = as_member(), as_member(role="coach")
    relationship = CoachingRelationshipFactory(member=member.member, coach=coach.member)
    CoachMessageFactory(relationship=relationship, author=member.member, body="gone with me")
    relationship_id = relationship.id
    assert member.delete(f"{V1}/members/me").status_code == 204
    Session.expire_all()
    assert Session.get(CoachingRelationship, relationship_id) is None
    assert (
        Session.scalars(select(CoachMessage.id).where(CoachMessage.relationship_id == relationship_id)).all()
        == []
    )
