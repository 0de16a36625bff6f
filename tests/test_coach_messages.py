"""Coach messages: member <-> coach while the relationship is active, read-only history after."""

import logging
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from api import privacy
from api.db import Session, utcnow
from api.models import CoachingRelationship, CoachMessage, Member, Notification
from api.services import coach_messages
from tests.conftest import sign_in
from tests.factories import (
    ClinicPatientFactory,
    CoachingPlanFactory,
    CoachingRelationshipFactory,
    CoachMessageFactory,
    ConsentFactory,
    MemberFactory,
    ResourceFactory,
)

V1 = "/api/v1"
RISKY = "Honestly some nights I want to kill myself."


@pytest.fixture
def pair(app, as_member):
    """A member (in GB) and their coach, signed in, with an active relationship."""
    member, coach = as_member(country="GB"), as_member(role="coach", country="US")
    relationship = CoachingRelationshipFactory(member=member.member, coach=coach.member)
    return member, coach, SimpleNamespace(id=relationship.id)


def message(relationship, by: str = "member", **fields) -> CoachMessage:
    """A stored message in the relationship's conversation, by its member or its coach."""
    row = Session.get(CoachingRelationship, relationship.id)
    return CoachMessageFactory(relationship=row, author=getattr(row, by), **fields)


def url(relationship, suffix: str = "") -> str:
    return f"{V1}/coaching-relationships/{relationship.id}/messages{suffix}"


def end(relationship) -> None:
    row = Session.get(CoachingRelationship, relationship.id)
    row.status, row.ended_at = "ended", utcnow()
    Session.commit()


def test_member_and_coach_exchange_messages(pair):
    member, coach, relationship = pair
    sent = member.post(url(relationship), json={"body": "Hi, the walk went well."})
    assert sent.status_code == 201, sent.json
    assert sent.json["author_role"] == "member" and sent.json["is_mine"] is True
    assert sent.json["crisis_resources"] is None and sent.json["shows_risk_signs"] is False
    assert coach.post(url(relationship), json={"body": "Glad to hear it!"}).status_code == 201
    page = coach.get(url(relationship)).json
    assert [item["body"] for item in page["items"]] == ["Glad to hear it!", "Hi, the walk went well."]
    assert [item["is_mine"] for item in page["items"]] == [True, False]
    assert page["items"][1]["author"]["display_name"] == member.member.display_name
    assert page["can_write"] is True and page["closed_reason"] is None


def test_pages_are_newest_first_with_a_cursor_to_older_messages(pair):
    member, _coach, relationship = pair
    bodies = [f"note {n}" for n in range(5)]
    for body in bodies:
        assert member.post(url(relationship), json={"body": body}).status_code == 201
    first = member.get(url(relationship) + "?limit=3").json
    second = member.get(url(relationship) + f"?limit=3&cursor={first['next_cursor']}").json
    assert [item["body"] for item in first["items"] + second["items"]] == bodies[::-1]
    assert second["next_cursor"] is None


def test_member_reads_an_ended_conversation_but_cannot_write(pair):
    member, _coach, relationship = pair
    message(relationship, "coach", body="Take care.")
    end(relationship)
    page = member.get(url(relationship)).json
    assert page["can_write"] is False and page["closed_reason"] == "ended"
    assert page["items"][0]["body"] == "Take care."
    refused = member.post(url(relationship), json={"body": "Hello?"})
    assert refused.status_code == 409
    assert "ended" in refused.json["detail"]


def test_former_coach_cannot_read_or_write(pair):
    _member, coach, relationship = pair
    end(relationship)
    assert coach.get(url(relationship)).status_code == 404
    assert coach.post(url(relationship), json={"body": "Still there?"}).status_code == 404
    assert coach.post(url(relationship, "/read"), json={}).status_code == 404


@pytest.mark.parametrize("role", ["member", "coach", "admin", "facilitator"])
def test_anyone_else_gets_404(pair, as_member, role):
    _member, _coach, relationship = pair
    message(relationship)
    outsider = as_member(role=role)
    assert outsider.get(url(relationship)).status_code == 404
    assert outsider.post(url(relationship), json={"body": "Hi"}).status_code == 404


def test_pending_relationship_is_read_only_for_both(as_member):
    member, coach = as_member(), as_member(role="coach")
    relationship = CoachingRelationshipFactory(
        member=member.member, coach=coach.member, status="requested", started_at=None
    )
    for party in (member, coach):
        page = party.get(url(relationship)).json
        assert page["can_write"] is False and page["closed_reason"] == "pending"
        assert party.post(url(relationship), json={"body": "Hello"}).status_code == 409


def test_clinic_and_signed_out_callers_are_refused(pair, client, as_clinic):
    _member, _coach, relationship = pair
    assert client.get(url(relationship)).status_code == 401
    clinic = as_clinic()
    response = clinic.client.get(url(relationship), headers=clinic.headers())
    assert response.status_code in (401, 403)


def test_member_message_with_risk_signs_is_sent_with_crisis_lines_and_alerts_the_coach(pair, monkeypatch):
    member, coach, relationship = pair
    published = []
    monkeypatch.setattr(coach_messages, "publish", lambda *args: published.append(args))
    response = member.post(url(relationship), json={"body": RISKY})
    assert response.status_code == 201
    assert response.json["shows_risk_signs"] is True and response.json["body"] == RISKY
    assert response.json["crisis_resources"]["region"] == "GB"  # the author's region, not the coach's
    alerts = Session.scalars(
        select(Notification).where(
            Notification.member_id == coach.member.id, Notification.kind == "message_risk"
        )
    ).all()
    assert len(alerts) == 1 and alerts[0].urgent is True
    assert alerts[0].link == f"/coaching/relationships/{relationship.id}/messages"
    assert RISKY not in alerts[0].body
    assert (f"relationship:{relationship.id}", "message.created", {"message_id": response.json["id"]}) in [
        (channel, kind, {key: str(value) for key, value in data.items()}) for channel, kind, data in published
    ]


def test_coach_message_with_risk_words_gets_crisis_lines_but_no_alert(pair):
    member, coach, relationship = pair
    response = coach.post(url(relationship), json={"body": "Are you thinking about suicide?"})
    assert response.status_code == 201
    assert response.json["crisis_resources"]["region"] == "US"
    assert not Session.scalars(select(Notification).where(Notification.kind == "message_risk")).all()


def test_every_message_notifies_the_other_party_once_per_unread_conversation(pair):
    member, coach, relationship = pair
    for body in ("one", "two", "three"):
        member.post(url(relationship), json={"body": body})
    told = Session.scalars(
        select(Notification).where(
            Notification.member_id == coach.member.id, Notification.kind == "coach_message"
        )
    ).all()
    assert len(told) == 1 and "one" not in told[0].body


def test_coach_shares_a_directory_resource_as_a_card(pair):
    member, coach, relationship = pair
    resource = ResourceFactory(name="Samaritans", phone="116 123", verified_at=utcnow())
    response = coach.post(url(relationship), json={"resource_id": str(resource.id)})
    assert response.status_code == 201, response.json
    card = response.json["resource"]
    assert card == {
        "id": str(resource.id),
        "name": "Samaritans",
        "kind": "helpline",
        "phone": "116 123",
        "url": None,
        "verified": True,
    }
    assert member.get(url(relationship)).json["items"][0]["resource"] == card


def test_member_cannot_share_a_card_and_unknown_resources_are_422(pair):
    member, coach, relationship = pair
    resource = ResourceFactory()
    by_member = member.post(url(relationship), json={"resource_id": str(resource.id)})
    assert by_member.status_code == 422 and "resource_id" in by_member.json["errors"]
    unknown = coach.post(url(relationship), json={"resource_id": "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"})
    assert unknown.status_code == 422 and "resource_id" in unknown.json["errors"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "_schema"),
        ({"body": ""}, "body"),
        ({"body": "   \n "}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "hi", "author_id": "x"}, "author_id"),
    ],
)
def test_bad_messages_are_422_and_write_nothing(pair, body, field):
    member, _coach, relationship = pair
    response = member.post(url(relationship), json=body)
    assert response.status_code == 422 and field in response.json["errors"]
    assert Session.scalar(select(func.count()).select_from(CoachMessage)) == 0


def test_read_marker_marks_the_other_partys_messages_and_the_notification(pair):
    member, coach, relationship = pair
    member.post(url(relationship), json={"body": "first"})
    member.post(url(relationship), json={"body": "second"})
    coach.post(url(relationship), json={"body": "mine"})
    assert coach.get(f"{V1}/coaching-relationships?as_coach=true").json["items"][0]["unread_messages"] == 2
    receipt = coach.post(url(relationship, "/read"), json={})
    assert receipt.status_code == 200 and receipt.json == {"marked_read": 2, "unread_count": 0}
    items = coach.get(url(relationship)).json["items"]
    assert [item["read_at"] is not None for item in items] == [False, True, True]  # mine stays unread
    unread = Session.scalars(
        select(Notification).where(Notification.member_id == coach.member.id, Notification.read_at.is_(None))
    ).all()
    assert unread == []
    assert coach.get(f"{V1}/coaching-relationships?as_coach=true").json["items"][0]["unread_messages"] == 0


def test_read_marker_up_to_a_message(pair):
    member, coach, relationship = pair
    first = member.post(url(relationship), json={"body": "first"}).json
    member.post(url(relationship), json={"body": "second"})
    receipt = coach.post(url(relationship, "/read"), json={"up_to": first["id"]}).json
    assert receipt == {"marked_read": 1, "unread_count": 1}
    other = CoachMessageFactory()
    assert coach.post(url(relationship, "/read"), json={"up_to": str(other.id)}).status_code == 422


def test_idempotency_key_replays_the_first_message(pair):
    member, _coach, relationship = pair
    headers = {"Idempotency-Key": "3c1b2a9e-message-once"}
    first = member.post(url(relationship), json={"body": "once"}, headers=headers)
    again = member.post(url(relationship), json={"body": "once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["id"] == first.json["id"]
    assert Session.scalar(select(func.count()).select_from(CoachMessage)) == 1


def test_sending_is_rate_limited_per_member(app, pair):
    member, coach, relationship = pair
    limit = int(app.config["RATELIMIT_COACH_MESSAGES"].split()[0])
    statuses = [member.post(url(relationship), json={"body": f"m{n}"}).status_code for n in range(limit + 1)]
    assert statuses[:limit] == [201] * limit and statuses[-1] == 429
    assert coach.post(url(relationship), json={"body": "the coach is not limited by it"}).status_code == 201


def test_export_holds_my_conversations_as_I_see_them(pair, as_member):
    member, coach, relationship = pair
    message(relationship, body="from me")
    message(relationship, "coach", body="from my coach")
    exported = privacy.REGISTRY["coach_messages"].export(Session.get(Member, member.member.id))
    assert [message["body"] for message in exported[0]["messages"]] == ["from me", "from my coach"]
    end(relationship)
    former = privacy.REGISTRY["coach_messages"].export(Session.get(Member, coach.member.id))
    assert [message["body"] for message in former[0]["messages"]] == ["from my coach"]


def test_erasure_leaves_no_body_of_the_erased_member(app, pair):
    member, coach, relationship = pair
    message(relationship, "coach", body="coach words")
    message(relationship, body="member words")
    assert sign_in(app, coach.member).delete(f"{V1}/members/me").status_code == 204
    bodies = Session.scalars(select(CoachMessage.body)).all()
    assert "coach words" not in bodies


def test_clinics_never_see_messages(app, pair, as_clinic):
    member, _coach, relationship = pair
    message(relationship, body="never for a clinic")
    clinic = as_clinic()
    patient = ClinicPatientFactory(clinic=clinic.client_row.clinic, member=member.member)
    ConsentFactory(member=member.member, clinic=clinic.client_row.clinic)
    CoachingPlanFactory(member=member.member)
    for suffix in ("", "/coaching-plans", "/check-ins", "/attendance", "/fhir"):
        response = clinic.client.get(f"{V1}/clinic/members/{patient.id}{suffix}", headers=clinic.headers())
        assert response.status_code == 200, (suffix, response.json)
        assert "never for a clinic" not in response.get_data(as_text=True)


def test_an_erased_coachs_messages_show_the_author_left(pair):
    member, _coach, relationship = pair
    stored = message(relationship, "coach")
    row = Session.get(CoachMessage, stored.id)
    row.body, row.erased_at, row.author_id = None, utcnow(), None
    Session.commit()
    (item,) = member.get(url(relationship)).json["items"]
    assert item["author_left"] is True and item["author"] is None and item["body"] is None
    assert item["author_role"] == "coach"


def test_no_member_has_direct_messages_with_another_member(app):
    rules = [rule.rule for rule in app.url_map.iter_rules() if "message" in rule.rule]
    assert all(rule.startswith(f"{V1}/coaching-relationships/") for rule in rules), rules
    assert MemberFactory  # members reach each other only in moderated group spaces


def test_logs_never_hold_message_bodies(pair, caplog):
    member, coach, relationship = pair
    caplog.set_level(logging.DEBUG)
    member.post(url(relationship), json={"body": RISKY})
    coach.post(url(relationship), json={"body": "private words from the coach"})
    coach.get(url(relationship))
    coach.post(url(relationship, "/read"), json={})
    logged = "\n".join(record.getMessage() + " " + str(record.args) for record in caplog.records)
    assert "peerway.requests" in {record.name for record in caplog.records}  # the requests were logged
    assert RISKY not in logged and "private words" not in logged
