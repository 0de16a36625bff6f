"""A facilitator note names the directory entry it links, in every read of the post."""

import datetime as dt

from api.db import Session, utcnow
from api.models import Post
from api.models.conversations import PostStatus
from api.services import conversation_reads as reads
from api.services.conversation_note_resources import note_resources_by_id
from tests.factories import PostFactory, ResourceFactory, ThreadFactory

V1 = "/api/v1"
NOTE = "Questions about medication belong with a prescriber."


def noted(post, resource, **fields) -> None:
    row = Session.get(Post, post.id)
    row.facilitator_note, row.facilitator_note_resource_id = NOTE, resource.id
    for name, value in fields.items():
        setattr(row, name, value)
    Session.commit()


def test_threads_thread_and_replies_name_the_linked_resource(group_setup):
    setup = group_setup()
    member = setup.member()
    resource = ResourceFactory(name="Talk to Frank", verified_at=utcnow())
    thread = ThreadFactory(
        group=setup.group,
        author=member.member,
        opening__facilitator_note=NOTE,
        opening__facilitator_note_resource_id=resource.id,
    )
    reply = PostFactory(thread=thread, author=member.member)
    noted(reply, resource)
    expected = {"id": str(resource.id), "name": "Talk to Frank", "verified": True}

    listed = member.get(f"{V1}/groups/{setup.group.id}/threads").json["items"][0]["opening_post"]
    assert listed["facilitator_note"] == NOTE and listed["facilitator_note_resource"] == expected
    assert listed["facilitator_note_resource_id"] == str(resource.id)
    detail = member.get(f"{V1}/threads/{thread.id}").json["opening_post"]
    assert detail["facilitator_note_resource"] == expected
    (item,) = member.get(f"{V1}/threads/{thread.id}/posts").json["items"]
    assert item["facilitator_note_resource"] == expected


def test_a_post_without_a_linked_resource_has_none(group_setup):
    setup = group_setup()
    member = setup.member()
    thread = ThreadFactory(group=setup.group, author=member.member)
    opening = member.get(f"{V1}/threads/{thread.id}").json["opening_post"]
    assert opening["facilitator_note_resource"] is None and opening["facilitator_note_resource_id"] is None


def test_a_stale_or_retired_resource_is_named_but_not_verified(app):
    stale = ResourceFactory(verified_at=utcnow() - dt.timedelta(days=400))
    retired = ResourceFactory(verified_at=utcnow(), retired_at=utcnow())
    fresh = ResourceFactory(verified_at=utcnow())
    found = note_resources_by_id({stale.id, retired.id, fresh.id})
    assert {resource_id: view.verified for resource_id, view in found.items()} == {
        stale.id: False,
        retired.id: False,
        fresh.id: True,
    }
    assert found[stale.id].name == stale.name
    assert note_resources_by_id(set()) == {}


def test_a_hidden_post_shows_peers_no_note_and_no_resource(group_setup):
    setup = group_setup()
    author, peer = setup.member(), setup.member()
    thread = ThreadFactory(group=setup.group, author=author.member)
    reply = PostFactory(thread=thread, author=author.member)
    noted(
        reply,
        ResourceFactory(verified_at=utcnow()),
        status=PostStatus.HIDDEN.value,
        hidden_reason="Off topic",
    )
    (seen_by_peer,) = peer.get(f"{V1}/threads/{thread.id}/posts").json["items"]
    assert seen_by_peer["placeholder"] == reads.HIDDEN_LABEL
    assert seen_by_peer["facilitator_note_resource"] is None and seen_by_peer["facilitator_note"] is None
    (seen_by_facilitator,) = setup.facilitator.get(f"{V1}/threads/{thread.id}/posts").json["items"]
    assert seen_by_facilitator["facilitator_note_resource"]["verified"] is True
