"""Group conversations: who reads and writes, threads and their lists, anonymity, content notes,
preferences. Replies, edits, reactions, crisis language and privacy: tests/test_conversation_posts.py."""

import uuid

import pytest
from sqlalchemy import inspect, select

from api.db import Session, utcnow
from api.models import Group, Membership, Post, Thread
from tests.factories import GroupFactory, MembershipFactory, ThreadFactory

V1 = "/api/v1"


def attached(row):
    """The row again in the current session (factories' commits expire what requests detached)."""
    return Session.get(type(row), inspect(row).identity[0])


def threads_url(group) -> str:
    return f"{V1}/groups/{inspect(group).identity[0]}/threads"


def thread_body(**overrides) -> dict:
    return {"title": "Evenings are hard", "body": "How do you get through the evenings?", **overrides}


def start_thread(signed_in, group, **overrides):
    return signed_in.post(threads_url(group), json=thread_body(**overrides))


# --- reading and writing ---------------------------------------------------------------------------


def test_member_can_start_a_thread_and_find_it_under_the_guidelines(group_setup):
    setup = group_setup()
    member = setup.member()
    created = start_thread(member, setup.group, content_notes=["loss", "loss"])
    assert created.status_code == 201, created.json
    assert created.json["crisis_resources"] is None
    assert created.json["opening_post"]["content_notes"] == ["loss"]
    assert created.json["opening_post"]["author"]["id"] == str(member.member.id)
    listed = setup.facilitator.get(threads_url(setup.group)).json
    assert [item["id"] for item in listed["items"]] == [created.json["id"]]
    assert listed["guidelines"] == {"version": 1, "text": "Be kind. What is said here stays here."}


def test_facilitator_can_start_a_thread_without_a_member_row_of_guidelines(group_setup):
    setup = group_setup()
    assert start_thread(setup.facilitator, setup.group).status_code == 201


def test_threads_come_pinned_first_then_most_recently_active_page_by_page(group_setup):
    setup = group_setup()
    member = setup.member()
    ids = [start_thread(member, setup.group, title=f"Thread {n}").json["id"] for n in range(4)]
    Session.get(Thread, uuid.UUID(ids[0])).is_pinned = True
    Session.commit()
    seen, cursor = [], None
    while True:
        page = member.get(
            threads_url(setup.group) + "?limit=2" + (f"&cursor={cursor}" if cursor else "")
        ).json
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [ids[0], ids[3], ids[2], ids[1]]


def test_member_cannot_page_with_a_forged_cursor(group_setup):
    setup = group_setup()
    response = setup.member().get(threads_url(setup.group) + "?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 422 and "cursor" in response.json["errors"]


def test_non_member_cannot_read_a_public_groups_conversation(group_setup, as_member):
    setup = group_setup()
    assert as_member().get(threads_url(setup.group)).status_code == 403


def test_non_member_cannot_learn_of_a_private_groups_conversation(group_setup, as_member):
    setup = group_setup(visibility="private")
    thread_id = ThreadFactory(group=attached(setup.group)).id
    stranger = as_member()
    assert stranger.get(threads_url(setup.group)).status_code == 404
    assert stranger.get(f"{V1}/threads/{thread_id}").status_code == 404


@pytest.mark.parametrize("status", ["pending", "removed", "declined"])
def test_former_or_pending_member_cannot_read_the_conversation(group_setup, status):
    setup = group_setup()
    outsider = setup.member(status=status)
    thread_id = ThreadFactory(group=attached(setup.group)).id
    assert outsider.get(threads_url(setup.group)).status_code == 403
    assert outsider.get(f"{V1}/threads/{thread_id}").status_code == 403
    assert start_thread(outsider, setup.group).status_code == 403


def test_muted_member_can_read_but_cannot_post(group_setup):
    setup = group_setup()
    muted = setup.member(is_muted=True)
    thread_id = ThreadFactory(group=attached(setup.group)).id
    assert muted.get(threads_url(setup.group)).status_code == 200
    assert start_thread(muted, setup.group).status_code == 403
    assert muted.post(f"{V1}/threads/{thread_id}/posts", json={"body": "Hi"}).status_code == 403


def test_member_cannot_post_before_accepting_the_current_guidelines(group_setup):
    setup = group_setup()
    member = setup.member()
    Session.get(Group, setup.group.id).guidelines_version = 2
    Session.commit()
    response = start_thread(member, setup.group)
    assert response.status_code == 409
    assert "accepted_guidelines_version" in response.json["errors"]


def test_facilitator_cannot_post_in_an_archived_group(group_setup):
    setup = group_setup()
    Session.get(Group, setup.group.id).archived_at = utcnow()
    Session.commit()
    assert setup.facilitator.get(threads_url(setup.group)).status_code == 200
    assert start_thread(setup.facilitator, setup.group).status_code == 409


def test_admin_can_read_but_cannot_post_without_being_a_member(group_setup, as_member):
    setup = group_setup()
    admin = as_member(role="admin")
    assert admin.get(threads_url(setup.group)).status_code == 200
    assert start_thread(admin, setup.group).status_code == 403


# --- titles and bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["Evil \u202egnp.exe", "Zero\u200bwidth", "Isolate \u2066x\u2069", "Bell \x07"]
)
def test_member_cannot_use_invisible_control_characters_in_a_title(group_setup, title):
    setup = group_setup()
    response = start_thread(setup.member(), setup.group, title=title)
    assert response.status_code == 422 and "title" in response.json["errors"]
    assert Session.scalar(select(Thread.id)) is None


def test_titles_are_stored_nfc_normalised_and_bodies_keep_newlines(group_setup):
    setup = group_setup()
    created = start_thread(setup.member(), setup.group, title="Cafe\u0301 mornings", body="one\ntwo")
    assert created.json["title"] == "Caf\u00e9 mornings"
    assert created.json["opening_post"]["body"] == "one\ntwo"


@pytest.mark.parametrize(
    ("field", "value"), [("body", ""), ("body", "x" * 10_001), ("title", "ab"), ("title", "t" * 201)]
)
def test_member_cannot_post_out_of_size_text(group_setup, field, value):
    setup = group_setup()
    response = start_thread(setup.member(), setup.group, **{field: value})
    assert response.status_code == 422 and field in response.json["errors"]


def test_member_cannot_send_unknown_fields_or_notes(group_setup):
    setup = group_setup()
    member = setup.member()
    assert start_thread(member, setup.group, pinned=True).status_code == 422
    assert start_thread(member, setup.group, content_notes=["spiders"]).status_code == 422


# --- anonymity, visibility and content notes ------------------------------------------------------


def test_peer_cannot_see_who_wrote_an_anonymous_thread_but_facilitator_can(group_setup):
    setup = group_setup()
    author, peer = setup.member(), setup.member()
    created = start_thread(author, setup.group, anonymous_to_peers=True).json
    url = f"{V1}/threads/{created['id']}"
    as_peer = peer.get(url).json["opening_post"]
    assert as_peer["author"] is None and as_peer["author_label"] == "A member of this group"
    assert str(author.member.id) not in peer.get(url).get_data(as_text=True)
    assert setup.facilitator.get(url).json["opening_post"]["author"]["id"] == str(author.member.id)
    mine = author.get(url).json
    assert mine["is_mine"] and mine["opening_post"]["is_mine"]


def test_peer_cannot_see_a_held_thread_but_its_author_and_facilitator_can(group_setup):
    setup = group_setup()
    author, peer = setup.member(), setup.member()
    thread_id = ThreadFactory(
        group=attached(setup.group), author=attached(author.member), opening__status="held"
    ).id
    assert peer.get(f"{V1}/threads/{thread_id}").status_code == 404
    assert peer.get(threads_url(setup.group)).json["items"] == []
    assert author.get(f"{V1}/threads/{thread_id}").json["opening_post"]["status"] == "held"
    assert len(setup.facilitator.get(threads_url(setup.group)).json["items"]) == 1


def test_peer_sees_a_hidden_thread_as_a_placeholder(group_setup):
    setup = group_setup()
    author, peer = setup.member(), setup.member()
    thread_id = ThreadFactory(
        group=attached(setup.group),
        author=attached(author.member),
        title="Something unkind",
        opening__status="hidden",
        opening__hidden_reason="Unkind",
    ).id
    seen = peer.get(f"{V1}/threads/{thread_id}").json
    assert seen["title"] == "Hidden by a facilitator"
    assert seen["opening_post"]["body"] is None and seen["opening_post"]["author"] is None
    assert seen["opening_post"]["hidden_reason"] is None
    assert author.get(f"{V1}/threads/{thread_id}").json["opening_post"]["hidden_reason"] == "Unkind"


def test_member_can_fold_topics_always_and_posts_say_so(group_setup):
    setup = group_setup()
    member = setup.member()
    prefs = member.get(f"{V1}/members/me/content-preferences").json
    assert (
        prefs["always_folded"] == [] and {"key": "loss", "label": "Loss and grief"} in prefs["content_notes"]
    )
    assert [option["key"] for option in prefs["reactions"]][0] == "sending_support"
    saved = member.put(f"{V1}/members/me/content-preferences", json={"always_folded": ["loss", "suicide"]})
    assert saved.json["always_folded"] == ["loss", "suicide"]
    ThreadFactory(group=attached(setup.group), opening__content_notes=["loss"])
    ThreadFactory(group=attached(setup.group), opening__content_notes=["medical"])
    folded = [
        item["opening_post"]["folded_by_preference"]
        for item in member.get(threads_url(setup.group)).json["items"]
    ]
    assert sorted(folded) == [False, True]
    member.put(f"{V1}/members/me/content-preferences", json={"always_folded": ["suicide"]})
    assert member.get(f"{V1}/members/me/content-preferences").json["always_folded"] == ["suicide"]


def test_member_cannot_fold_an_unknown_topic(member_client):
    response = member_client.put(f"{V1}/members/me/content-preferences", json={"always_folded": ["spiders"]})
    assert response.status_code == 422


def test_membership_rows_are_untouched_by_reading(group_setup):
    """Reading is side-effect free: no membership or post row changes."""
    setup = group_setup()
    member = setup.member()
    ThreadFactory(group=attached(setup.group))
    before = Session.scalars(select(Membership.updated_at)).all()
    member.get(threads_url(setup.group))
    assert Session.scalars(select(Membership.updated_at)).all() == before
    assert Session.scalar(select(Post.edited_at)) is None


def test_other_groups_facilitator_cannot_read_this_groups_threads(group_setup):
    setup, other = group_setup(), group_setup()
    thread_id = ThreadFactory(group=attached(setup.group)).id
    assert other.facilitator.get(f"{V1}/threads/{thread_id}").status_code == 403
    assert other.facilitator.get(threads_url(setup.group)).status_code == 403
    hidden = GroupFactory(visibility="private")
    MembershipFactory(group=hidden, member=setup.facilitator.member, role="facilitator")
    assert other.facilitator.get(threads_url(hidden)).status_code == 404


# --- crafted cursors: a 422, never a 500 (review) --------------------------------------------------


def crafted_cursor(*values) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


# A time without its zone (the database refuses it), and ones that overflow once moved to UTC.
CRAFTED_TIMES = ["2020-01-01T00:00:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]


@pytest.mark.parametrize("moment", CRAFTED_TIMES)
def test_member_cannot_page_threads_or_posts_with_a_crafted_time(group_setup, moment):
    setup = group_setup()
    member = setup.member()
    thread_id = start_thread(member, setup.group).json["id"]
    lists = [
        threads_url(setup.group) + "?cursor=" + crafted_cursor(False, moment, str(uuid.uuid4())),
        f"{V1}/threads/{thread_id}/posts?cursor=" + crafted_cursor(moment, str(uuid.uuid4())),
    ]
    for url in lists:
        response = member.get(url)
        assert response.status_code == 422, (url, response.get_data(as_text=True))
        assert "cursor" in response.json["errors"]


@pytest.mark.parametrize("moment", CRAFTED_TIMES)
def test_facilitator_cannot_page_held_posts_or_members_with_a_crafted_time(group_setup, moment):
    setup = group_setup()
    cursor = crafted_cursor(moment, str(uuid.uuid4()))
    for url in (  # the approval queue, and a list paged by api/pagination.py
        f"{V1}/groups/{setup.group.id}/held-posts?cursor={cursor}",
        f"{V1}/groups/{setup.group.id}/members?cursor={cursor}",
    ):
        response = setup.facilitator.get(url)
        assert response.status_code == 422, (url, response.get_data(as_text=True))
        assert "cursor" in response.json["errors"]


@pytest.mark.parametrize("moment", CRAFTED_TIMES)
def test_member_cannot_page_coach_messages_with_a_crafted_time(app, moment):
    from tests.conftest import sign_in
    from tests.factories import CoachingRelationshipFactory

    relationship = CoachingRelationshipFactory(status="active")
    member = sign_in(app, relationship.member)
    cursor = crafted_cursor(moment, str(uuid.uuid4()))
    response = member.get(f"{V1}/coaching-relationships/{relationship.id}/messages?cursor={cursor}")
    assert response.status_code == 422 and "cursor" in response.json["errors"]


def test_member_can_page_with_a_genuine_cursor_in_another_zone(group_setup):
    setup = group_setup()
    member = setup.member()
    for title in ("First thread", "Second thread"):
        start_thread(member, setup.group, title=title)
    newest = member.get(threads_url(setup.group) + "?limit=1").json["items"][0]
    cursor = crafted_cursor(False, newest["last_post_at"].replace("+00:00", "+02:00"), newest["id"])
    # The same instant two hours "later" on the clock but in +02:00: still a valid position.
    assert member.get(threads_url(setup.group) + f"?cursor={cursor}").status_code == 200


# --- admins' reads of what peers cannot see go to the authors' access logs (review) --------------


def hidden_anonymous_reply(setup, author) -> tuple[dict, dict]:
    thread = start_thread(setup.facilitator, setup.group).json
    post = author.post(
        f"{V1}/threads/{thread['id']}/posts", json={"body": "Secret words", "anonymous_to_peers": True}
    ).json
    hidden = setup.facilitator.patch(
        f"{V1}/posts/{post['id']}", json={"hidden": True, "hidden_reason": "Detail"}
    )
    assert hidden.status_code == 200, hidden.json
    return thread, post


def access_log(signed_in) -> list[dict]:
    return signed_in.get(f"{V1}/members/me/access-log").json["items"]


def test_admin_can_read_hidden_anonymous_posts_and_the_author_sees_it_in_their_access_log(
    group_setup, as_member
):
    setup = group_setup(visibility="private")
    author = setup.member()
    admin = as_member(role="admin")
    thread, post = hidden_anonymous_reply(setup, author)
    page = admin.get(f"{V1}/threads/{thread['id']}/posts").json["items"]
    assert page[0]["body"] == "Secret words"
    entries = access_log(author)
    assert len(entries) == 1
    assert entries[0]["viewer_role"] == "admin" and entries[0]["object_id"] == post["id"]
    assert entries[0]["what"] == "GET /api/v1/threads/<uuid:thread_id>/posts"
    # The thread's opening post is the facilitator's own and public: nothing logged for them.
    assert access_log(setup.facilitator) == []


def test_admin_reading_an_anonymous_opening_post_or_held_queue_is_logged(group_setup, as_member):
    setup = group_setup()
    author = setup.member()
    admin = as_member(role="admin")
    thread = start_thread(author, setup.group, anonymous_to_peers=True).json
    assert admin.get(threads_url(setup.group)).status_code == 200
    assert admin.get(f"{V1}/threads/{thread['id']}").status_code == 200
    assert [entry["what"] for entry in access_log(author)] == [
        "GET /api/v1/threads/<uuid:thread_id>",
        "GET /api/v1/groups/<uuid:group_id>/threads",
    ]
    held = Post(
        thread_id=uuid.UUID(thread["id"]),
        group_id=setup.group.id,
        author_id=author.member.id,
        body="Held",
        status="held",
        created_at=utcnow(),
    )
    Session.add(held)
    Session.commit()
    assert admin.get(f"{V1}/groups/{setup.group.id}/held-posts").status_code == 200
    assert access_log(author)[0]["what"] == "GET /api/v1/groups/<uuid:group_id>/held-posts"


def test_member_and_facilitator_reads_are_not_logged_nor_an_admins_ordinary_reads(group_setup, as_member):
    setup = group_setup()
    author, peer = setup.member(), setup.member()
    thread, _post = hidden_anonymous_reply(setup, author)
    plain = start_thread(author, setup.group, title="Nothing private here").json
    admin = as_member(role="admin")
    peer.get(f"{V1}/threads/{thread['id']}/posts")
    setup.facilitator.get(f"{V1}/threads/{thread['id']}/posts")
    admin.get(f"{V1}/threads/{plain['id']}")
    assert access_log(author) == []
    # An admin who is an active member of the group reads as a member: not logged either.
    MembershipFactory(group=attached(setup.group), member=attached(admin.member))
    admin.get(f"{V1}/threads/{thread['id']}/posts")
    assert access_log(author) == []


def test_admin_page_of_private_posts_costs_one_insert_whatever_its_size(
    group_setup, as_member, count_queries
):
    setup = group_setup()
    authors = [setup.member() for _ in range(4)]
    thread = start_thread(setup.facilitator, setup.group).json
    for author in authors:
        author.post(f"{V1}/threads/{thread['id']}/posts", json={"body": "Mine", "anonymous_to_peers": True})
    admin, member = as_member(role="admin"), authors[0]
    url = f"{V1}/threads/{thread['id']}/posts"
    counts = {}
    for who, limit in ((member, 1), (admin, 1), (admin, 4)):
        with count_queries() as counter:
            assert who.get(f"{url}?limit={limit}").status_code == 200
        counts[(who is admin, limit)] = counter.count
    inserts = [s for s in counter.statements if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and "access_log" in inserts[0]
    assert counts[(True, 1)] == counts[(True, 4)] <= counts[(False, 1)] + 1
    assert {entry["object_id"] for author in authors for entry in access_log(author)} == {
        item["id"] for item in admin.get(url).json["items"]
    }
