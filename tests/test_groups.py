"""Groups: create, find, read, edit, archive; guidelines and their versions."""

import pytest
from sqlalchemy import func, select

from api.models import Group, GroupGuidelines, Membership, Notification
from tests.factories import GroupFactory, GroupSessionFactory, MemberFactory, MembershipFactory

GROUPS = "/api/v1/groups"
NEW_GROUP = {
    "name": "Leeds Tuesday Circle",
    "description": "A peer-led circle for anyone affected by alcohol.",
    "topics": ["alcohol", "addiction_recovery"],
    "format": "hybrid",
    "language": "en",
    "region": "GB",
    "area": "Leeds city centre",
    "address": "Quaker Meeting House, 188 Woodhouse Lane, Leeds",
    "time_zone": "Europe/London",
    "join_policy": "approval",
    "guidelines": "What is said here stays here. Speak from your own experience.",
}


def test_facilitator_can_create_a_group_and_facilitates_it(as_member, db_session):
    facilitator = as_member(role="facilitator", is_trained_facilitator=True)
    response = facilitator.post(GROUPS, json=NEW_GROUP)
    assert response.status_code == 201, response.json
    body = response.json
    assert body["slug"] == "leeds-tuesday-circle"
    assert body["guidelines_version"] == 1
    assert body["my_membership"]["role"] == "facilitator"
    assert body["address"] == NEW_GROUP["address"]
    assert body["facilitators"][0]["badges"] == ["trained_facilitator"]
    assert response.headers["Location"] == f"{GROUPS}/{body['id']}"


def test_member_cannot_create_a_group(member_client, db_session):
    assert member_client.post(GROUPS, json=NEW_GROUP).status_code == 403
    assert db_session.scalar(select(func.count()).select_from(Group)) == 0


@pytest.mark.parametrize(
    "change, field",
    [
        ({"format": "in_person", "area": None}, "area"),
        ({"topics": ["astrology"]}, "topics.0"),
        ({"topics": []}, "topics"),
        ({"time_zone": "Narnia/Cair_Paravel"}, "time_zone"),
        ({"region": "Britain"}, "region"),
        ({"guidelines": "short"}, "guidelines"),
        ({"owner_id": "x"}, "owner_id"),
    ],
)
def test_bad_group_input_is_422_and_writes_nothing(as_member, db_session, change, field):
    facilitator = as_member(role="facilitator")
    response = facilitator.post(GROUPS, json={**NEW_GROUP, **change})
    assert response.status_code == 422
    assert field in response.json["errors"]
    assert db_session.scalar(select(func.count()).select_from(GroupGuidelines)) == 0


def test_two_groups_with_one_name_get_distinct_slugs(as_member):
    facilitator = as_member(role="facilitator")
    first = facilitator.post(GROUPS, json=NEW_GROUP).json
    second = facilitator.post(GROUPS, json=NEW_GROUP).json
    assert first["slug"] != second["slug"]


def test_member_finds_public_groups_but_not_private_ones(member_client):
    public = GroupFactory(name="Open Evening Circle")
    GroupFactory(name="Closed Circle", visibility="private")
    names = [group["name"] for group in member_client.get(GROUPS).json["items"]]
    assert names == [public.name]


def test_member_finds_private_groups_they_belong_to(member_client):
    private = GroupFactory(visibility="private")
    MembershipFactory(group=private, member=member_client.member)
    ids = [group["id"] for group in member_client.get(GROUPS).json["items"]]
    assert ids == [str(private.id)]


def test_archived_groups_are_not_listed(member_client):
    from api.db import utcnow

    GroupFactory(archived_at=utcnow())
    assert member_client.get(GROUPS).json["items"] == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("topic=gambling", {"Gamblers Circle"}),
        ("format=in_person", {"Gamblers Circle"}),
        ("language=es", {"Círculo de Ansiedad"}),
        ("region=US", {"Círculo de Ansiedad"}),
        ("free=false", {"Gamblers Circle"}),
        ("q=anxiety", {"Círculo de Ansiedad"}),
        ("q=betting%20support", {"Gamblers Circle"}),
        ("has_upcoming=true", {"Círculo de Ansiedad"}),
    ],
)
def test_member_can_filter_groups(member_client, query, expected):
    GroupFactory(
        name="Gamblers Circle",
        topics=["gambling"],
        format="in_person",
        is_free=False,
        description="Peer support for problem betting and gambling.",
    )
    spanish = GroupFactory(
        name="Círculo de Ansiedad",
        topics=["anxiety"],
        language="es",
        region="US",
        description="Support for anxiety, in Spanish.",
    )
    GroupSessionFactory(group=spanish)
    names = {group["name"] for group in member_client.get(f"{GROUPS}?{query}").json["items"]}
    assert names == expected


def test_group_list_uses_a_fixed_number_of_queries(member_client, count_queries):
    for _ in range(12):
        group = GroupFactory()
        MembershipFactory(group=group, member=MemberFactory(), role="facilitator")
        GroupSessionFactory(group=group)
    counts = []
    for limit in (1, 5, 12):
        with count_queries() as counter:
            response = member_client.get(f"{GROUPS}?limit={limit}")
        assert len(response.json["items"]) == limit
        assert response.json["items"][0]["facilitators"]
        assert response.json["items"][0]["next_session_at"]
        counts.append(counter.count)
    assert len(set(counts)) == 1, counts


def test_group_pages_walk_every_group_once(member_client):
    GroupFactory.create_batch(7)
    seen, cursor = [], ""
    while True:
        page = member_client.get(f"{GROUPS}?limit=3{cursor}").json
        seen += [group["id"] for group in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert len(seen) == len(set(seen)) == 7


def test_address_is_shown_to_members_only(group_setup):
    setup = group_setup(format="in_person")
    outsider = group_setup().facilitator
    member = setup.member()
    url = f"{GROUPS}/{setup.group.id}"
    assert member.get(url).json["address"] == setup.group.address
    assert outsider.get(url).json["address"] is None
    assert outsider.get(url).json["area"] == setup.group.area


def test_pending_member_does_not_see_the_address(group_setup):
    setup = group_setup(join_policy="approval")
    pending = setup.member(status="pending")
    assert pending.get(f"{GROUPS}/{setup.group.id}").json["address"] is None


def test_private_group_is_404_for_non_members(group_setup, member_client):
    setup = group_setup(visibility="private")
    assert member_client.get(f"{GROUPS}/{setup.group.id}").status_code == 404
    assert member_client.get(f"{GROUPS}/{setup.group.id}/guidelines").status_code == 404


def test_facilitator_can_edit_their_group(group_setup):
    setup = group_setup()
    response = setup.facilitator.patch(
        f"{GROUPS}/{setup.group.id}", json={"name": "Renamed Circle", "topics": ["grief"]}
    )
    assert response.status_code == 200
    assert response.json["name"] == "Renamed Circle" and response.json["topics"] == ["grief"]


def test_member_cannot_edit_the_group(group_setup):
    setup = group_setup()
    response = setup.member().patch(f"{GROUPS}/{setup.group.id}", json={"name": "Hijacked"})
    assert response.status_code == 403


def test_another_groups_facilitator_cannot_edit_the_group(group_setup):
    setup, other = group_setup(), group_setup()
    response = other.facilitator.patch(f"{GROUPS}/{setup.group.id}", json={"name": "Hijacked"})
    assert response.status_code == 403


def test_group_edit_with_a_stale_etag_is_412(group_setup):
    setup = group_setup()
    url = f"{GROUPS}/{setup.group.id}"
    etag = setup.facilitator.get(url).headers["ETag"]
    setup.facilitator.patch(url, json={"cost_note": "Donations welcome"})
    assert setup.facilitator.patch(url, json={"name": "Stale"}, headers={"If-Match": etag}).status_code == 412


def test_editing_to_in_person_needs_an_area(group_setup):
    setup = group_setup(area=None)
    response = setup.facilitator.patch(f"{GROUPS}/{setup.group.id}", json={"format": "in_person"})
    assert response.status_code == 422 and "area" in response.json["errors"]


def test_facilitator_archives_a_group_and_future_sessions_are_cancelled(group_setup, db_session):
    setup = group_setup()
    member = setup.member()
    session = GroupSessionFactory(group=setup.group)
    member.put(f"/api/v1/sessions/{session.id}/rsvp")
    assert setup.facilitator.delete(f"{GROUPS}/{setup.group.id}").status_code == 204
    assert member.get(f"/api/v1/sessions/{session.id}").status_code == 404
    kinds = db_session.scalars(
        select(Notification.kind).where(Notification.member_id == member.member.id)
    ).all()
    assert kinds == ["session_cancelled"]


def test_facilitator_cannot_change_an_archived_group(group_setup):
    """Found by spec fuzzing: after DELETE (archive), members could still be removed or muted."""
    setup = group_setup()
    member = setup.member()
    url = f"{GROUPS}/{setup.group.id}"
    assert setup.facilitator.delete(url).status_code == 204
    mute = setup.facilitator.patch(f"{url}/memberships/{member.member.id}", json={"action": "mute"})
    assert mute.status_code == 409
    assert setup.facilitator.post(f"{url}/invitations", json={}).status_code == 409
    assert setup.facilitator.get(url).status_code == 200  # its history stays readable


def test_member_cannot_archive_the_group(group_setup):
    setup = group_setup()
    assert setup.member().delete(f"{GROUPS}/{setup.group.id}").status_code == 403


def test_anyone_who_can_see_the_group_reads_its_guidelines(group_setup, member_client):
    setup = group_setup()
    response = member_client.get(f"{GROUPS}/{setup.group.id}/guidelines")
    assert response.status_code == 200
    assert response.json["version"] == 1 and response.json["text"]


def test_new_guidelines_bump_the_version_and_notify_members(group_setup, db_session):
    setup = group_setup()
    member = setup.member()
    response = setup.facilitator.put(
        f"{GROUPS}/{setup.group.id}/guidelines", json={"text": "New: cameras on if you can. Be kind always."}
    )
    assert response.status_code == 200 and response.json["version"] == 2
    notes = db_session.scalars(select(Notification).where(Notification.member_id == member.member.id)).all()
    assert [note.kind for note in notes] == ["guidelines_changed"]
    facilitator_membership = db_session.scalars(
        select(Membership).where(Membership.member_id == setup.facilitator.member.id)
    ).one()
    assert facilitator_membership.accepted_guidelines_version == 2


def test_member_cannot_change_guidelines(group_setup):
    setup = group_setup()
    response = setup.member().put(f"{GROUPS}/{setup.group.id}/guidelines", json={"text": "x" * 30})
    assert response.status_code == 403


def test_visitor_cannot_create_a_group(client):
    # Visitors may read public groups (tests/test_visitors.py); every change needs a token.
    assert client.post(GROUPS, json={}).status_code == 401


def test_facilitator_cannot_name_a_group_with_invisible_characters(as_member, db_session):
    facilitator = as_member(role="facilitator", is_trained_facilitator=True)
    response = facilitator.post(GROUPS, json={**NEW_GROUP, "name": "Leeds\u200b Tuesday Circle"})
    assert response.status_code == 422
    assert "name" in response.json["errors"]
    assert db_session.scalar(select(func.count()).select_from(Group)) == 0
