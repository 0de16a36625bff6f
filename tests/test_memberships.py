"""Joining, leaving, the member list, facilitator decisions and invitation codes."""

import datetime as dt

from sqlalchemy import select

from api.db import utcnow
from api.models import Membership, Notification
from tests.factories import GroupSessionFactory

GROUPS = "/api/v1/groups"


def join(client, group, **body):
    return client.post(f"{GROUPS}/{group.id}/memberships", json={"accepted_guidelines_version": 1, **body})


def test_member_joins_an_open_group_at_once(group_setup, member_client):
    setup = group_setup()
    response = join(member_client, setup.group)
    assert response.status_code == 201
    assert response.json["status"] == "active"
    assert response.json["member"]["display_name"] == member_client.member.display_name
    assert "email" not in response.json["member"]


def test_joining_an_approval_group_creates_a_pending_request(group_setup, member_client):
    setup = group_setup(join_policy="approval")
    assert join(member_client, setup.group).json["status"] == "pending"


def test_joining_needs_the_current_guidelines_version(group_setup, member_client):
    setup = group_setup(guidelines_version=3)
    response = join(member_client, setup.group)
    assert response.status_code == 409
    assert "accepted_guidelines_version" in response.json["errors"]


def test_member_cannot_join_twice(group_setup, member_client):
    setup = group_setup()
    join(member_client, setup.group)
    assert join(member_client, setup.group).status_code == 409


def test_invite_only_group_needs_a_valid_code(group_setup, member_client):
    setup = group_setup(join_policy="invite")
    assert join(member_client, setup.group).status_code == 403
    assert join(member_client, setup.group, invitation_code="nope-nope-nope").status_code == 403
    code = setup.facilitator.post(f"{GROUPS}/{setup.group.id}/invitations", json={}).json["code"]
    response = join(member_client, setup.group, invitation_code=code)
    assert response.status_code == 201 and response.json["status"] == "active"


def test_single_use_code_admits_one_person(group_setup, as_member):
    setup = group_setup(join_policy="invite")
    code = setup.facilitator.post(f"{GROUPS}/{setup.group.id}/invitations", json={"max_uses": 1}).json["code"]
    assert join(as_member(), setup.group, invitation_code=code).status_code == 201
    assert join(as_member(), setup.group, invitation_code=code).status_code == 403


def test_expired_code_is_refused(group_setup, member_client, db_session):
    from api.models import Invitation

    setup = group_setup(join_policy="invite")
    code = setup.facilitator.post(f"{GROUPS}/{setup.group.id}/invitations", json={}).json["code"]
    invitation = db_session.scalars(select(Invitation)).one()
    invitation.expires_at = utcnow() - dt.timedelta(minutes=1)
    db_session.commit()
    assert join(member_client, setup.group, invitation_code=code).status_code == 403


def test_invitation_codes_are_stored_only_as_hashes(group_setup, db_session):
    from api.models import Invitation

    setup = group_setup(join_policy="invite")
    code = setup.facilitator.post(f"{GROUPS}/{setup.group.id}/invitations", json={}).json["code"]
    assert db_session.scalars(select(Invitation)).one().code_hash != code


def test_private_group_can_be_joined_with_a_code_and_stays_hidden_without(group_setup, as_member):
    setup = group_setup(visibility="private", join_policy="invite")
    code = setup.facilitator.post(f"{GROUPS}/{setup.group.id}/invitations", json={}).json["code"]
    assert join(as_member(), setup.group, invitation_code="wrong-code-000").status_code == 404
    assert join(as_member(), setup.group).status_code == 404
    newcomer = as_member()
    assert join(newcomer, setup.group, invitation_code=code).status_code == 201
    assert newcomer.get(f"{GROUPS}/{setup.group.id}").status_code == 200


def test_member_cannot_create_invitations(group_setup):
    setup = group_setup(join_policy="invite")
    assert setup.member().post(f"{GROUPS}/{setup.group.id}/invitations", json={}).status_code == 403


def test_member_leaves_and_their_place_goes_to_the_waitlist(group_setup, db_session):
    setup = group_setup()
    leaver, waiting = setup.member(), setup.member()
    session = GroupSessionFactory(group=setup.group, capacity=1)
    leaver.put(f"/api/v1/sessions/{session.id}/rsvp")
    waiting.put(f"/api/v1/sessions/{session.id}/rsvp")
    assert leaver.delete(f"{GROUPS}/{setup.group.id}/memberships/me").status_code == 204
    assert waiting.get(f"/api/v1/sessions/{session.id}").json["my_rsvp"]["status"] == "confirmed"


def test_leaving_a_group_you_are_not_in_is_404(group_setup, member_client):
    setup = group_setup()
    assert member_client.delete(f"{GROUPS}/{setup.group.id}/memberships/me").status_code == 404


def test_members_see_the_member_list_without_private_details(group_setup):
    setup = group_setup()
    member = setup.member()
    response = member.get(f"{GROUPS}/{setup.group.id}/members")
    assert response.status_code == 200
    roles = {item["member"]["display_name"]: item["role"] for item in response.json["items"]}
    assert roles[setup.facilitator.member.display_name] == "facilitator"
    assert "email" not in response.get_data(as_text=True)


def test_non_members_and_pending_members_cannot_see_the_member_list(group_setup, member_client):
    setup = group_setup(join_policy="approval")
    pending = setup.member(status="pending")
    assert member_client.get(f"{GROUPS}/{setup.group.id}/members").status_code == 403
    assert pending.get(f"{GROUPS}/{setup.group.id}/members").status_code == 403


def test_only_facilitators_list_pending_requests(group_setup):
    setup = group_setup(join_policy="approval")
    setup.member(status="pending")
    member = setup.member()
    assert member.get(f"{GROUPS}/{setup.group.id}/members?status=pending").status_code == 403
    pending = setup.facilitator.get(f"{GROUPS}/{setup.group.id}/members?status=pending").json["items"]
    assert len(pending) == 1


def decide(setup, target, action):
    return setup.facilitator.patch(
        f"{GROUPS}/{setup.group.id}/memberships/{target.member.id}", json={"action": action}
    )


def test_facilitator_approves_a_request_and_the_member_is_told(group_setup, db_session):
    setup = group_setup(join_policy="approval")
    pending = setup.member(status="pending")
    response = decide(setup, pending, "approve")
    assert response.status_code == 200 and response.json["status"] == "active"
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.member_id == pending.member.id)
    ).all()
    assert kinds == ["join_request_decided"]


def test_facilitator_declines_a_request(group_setup):
    setup = group_setup(join_policy="approval")
    pending = setup.member(status="pending")
    assert decide(setup, pending, "decline").json["status"] == "declined"
    assert pending.get(f"{GROUPS}/{setup.group.id}").json["my_membership"]["status"] == "declined"


def test_approving_an_active_member_is_409(group_setup):
    setup = group_setup()
    assert decide(setup, setup.member(), "approve").status_code == 409


def test_removed_member_loses_member_only_access_and_bookings(group_setup):
    setup = group_setup(format="in_person")
    removed = setup.member()
    session = GroupSessionFactory(group=setup.group)
    removed.put(f"/api/v1/sessions/{session.id}/rsvp")
    assert decide(setup, removed, "remove").json["status"] == "removed"
    assert removed.get(f"{GROUPS}/{setup.group.id}").json["address"] is None
    assert removed.get(f"{GROUPS}/{setup.group.id}/members").status_code == 403
    assert removed.get(f"/api/v1/sessions/{session.id}").json["my_rsvp"] is None
    assert join(removed, setup.group).status_code == 403


def test_muted_member_cannot_book(group_setup):
    setup = group_setup()
    muted = setup.member()
    decide(setup, muted, "mute")
    session = GroupSessionFactory(group=setup.group)
    assert muted.put(f"/api/v1/sessions/{session.id}/rsvp").status_code == 403
    decide(setup, muted, "unmute")
    assert muted.put(f"/api/v1/sessions/{session.id}/rsvp").status_code == 200


def test_facilitator_makes_a_co_facilitator_who_can_then_edit(group_setup):
    setup = group_setup()
    helper = setup.member()
    assert decide(setup, helper, "make_facilitator").json["role"] == "facilitator"
    assert helper.patch(f"{GROUPS}/{setup.group.id}", json={"cost_note": "Free"}).status_code == 200


def test_the_last_facilitator_cannot_step_down(group_setup):
    setup = group_setup()
    response = setup.facilitator.patch(
        f"{GROUPS}/{setup.group.id}/memberships/{setup.facilitator.member.id}", json={"action": "make_member"}
    )
    assert response.status_code == 409


def test_member_and_other_groups_facilitator_cannot_decide(group_setup):
    setup, other = group_setup(join_policy="approval"), group_setup()
    pending = setup.member(status="pending")
    url = f"{GROUPS}/{setup.group.id}/memberships/{pending.member.id}"
    assert setup.member().patch(url, json={"action": "approve"}).status_code == 403
    assert other.facilitator.patch(url, json={"action": "approve"}).status_code == 403


def test_unknown_action_is_422(group_setup):
    setup = group_setup()
    response = setup.facilitator.patch(
        f"{GROUPS}/{setup.group.id}/memberships/{setup.member().member.id}", json={"action": "ban_forever"}
    )
    assert response.status_code == 422


def test_member_list_uses_a_fixed_number_of_queries(group_setup, count_queries):
    setup = group_setup()
    for _ in range(10):
        setup.member()
    counts = []
    for limit in (1, 11):
        with count_queries() as counter:
            setup.facilitator.get(f"{GROUPS}/{setup.group.id}/members?limit={limit}")
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_membership_rows_are_unique_per_group_and_member(group_setup, db_session):
    import pytest
    from sqlalchemy.exc import IntegrityError

    setup = group_setup()
    member = setup.member()
    db_session.add(
        Membership(
            group_id=setup.group.id,
            member_id=member.member.id,
            status="active",
            accepted_guidelines_version=1,
        )
    )
    with pytest.raises(IntegrityError):
        db_session.flush()
    db_session.rollback()
