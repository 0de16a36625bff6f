"""Group conversations: replies, notifications, edits and deletions, facilitators' fields,
reactions, crisis language, live events, rate limits, privacy and clinics."""

import datetime as dt
import logging
import uuid

import pytest
from sqlalchemy import select, update

from api import privacy
from api.db import Session, utcnow
from api.models import ConversationSettings, Member, Notification, Post, Reaction, Thread
from api.services import conversations as conversation_service
from tests.factories import ClinicPatientFactory, ConsentFactory, PostFactory, ThreadFactory
from tests.test_conversations import V1, attached, start_thread, threads_url

RISKY = "Some nights I want to end it all."


def reply(signed_in, thread_id, body="Same here. A walk after dinner helps me.", **extra):
    return signed_in.post(f"{V1}/threads/{thread_id}/posts", json={"body": body, **extra})


@pytest.fixture
def published(group_setup):
    """A group with an author, a peer, and the author's thread."""
    setup = group_setup()
    author, peer = setup.member(), setup.member()
    thread = start_thread(author, setup.group).json
    return setup, author, peer, thread


@pytest.fixture
def live_events(monkeypatch):
    sent = []
    monkeypatch.setattr(
        conversation_service, "publish", lambda channel, kind, data: sent.append((channel, kind))
    )
    from api.services import conversation_posts

    monkeypatch.setattr(
        conversation_posts, "publish", lambda channel, kind, data: sent.append((channel, kind))
    )
    return sent


# --- replies and notifications ---------------------------------------------------------------------


def test_member_can_reply_and_replies_come_oldest_first(published):
    setup, author, peer, thread = published
    first = reply(peer, thread["id"], body="first")
    second = reply(author, thread["id"], body="second")
    assert first.status_code == 201 and first.json["crisis_resources"] is None
    page = peer.get(f"{V1}/threads/{thread['id']}/posts?limit=1").json
    assert [item["body"] for item in page["items"]] == ["first"]
    rest = peer.get(f"{V1}/threads/{thread['id']}/posts?limit=1&cursor={page['next_cursor']}").json
    assert [item["id"] for item in rest["items"]] == [second.json["id"]] and rest["next_cursor"] is None
    assert peer.get(f"{V1}/threads/{thread['id']}").json["reply_count"] == 2


def test_thread_author_gets_one_unread_notification_per_thread_never_naming_the_replier(published):
    setup, author, peer, thread = published
    reply(peer, thread["id"], anonymous_to_peers=True)
    reply(peer, thread["id"])
    reply(author, thread["id"])  # their own reply tells them nothing
    rows = Session.scalars(select(Notification).where(Notification.member_id == author.member.id)).all()
    assert [row.kind for row in rows] == ["thread_reply"]
    assert peer.member.display_name not in rows[0].title + rows[0].body


def test_member_cannot_reply_to_a_thread_they_cannot_see(published, as_member):
    setup, author, peer, thread = published
    assert reply(as_member(), thread["id"]).status_code == 403
    assert reply(peer, uuid.uuid4()).status_code == 404


def test_member_cannot_reply_in_a_locked_thread_but_facilitator_can(published):
    setup, author, peer, thread = published
    Session.execute(update(Thread).values(locked_at=utcnow()))
    Session.commit()
    assert reply(peer, thread["id"]).status_code == 403
    assert reply(setup.facilitator, thread["id"]).status_code == 201


def test_member_cannot_post_faster_than_slow_mode(published):
    setup, author, peer, thread = published
    Session.add(ConversationSettings(group_id=uuid.UUID(thread["group_id"]), slow_mode_seconds=60))
    Session.commit()
    assert reply(peer, thread["id"]).status_code == 201
    too_soon = reply(peer, thread["id"])
    assert too_soon.status_code == 429 and int(too_soon.headers["Retry-After"]) > 0


def test_member_cannot_post_more_than_the_rate_limit(app, published, monkeypatch):
    setup, author, peer, thread = published
    monkeypatch.setitem(app.config, "RATELIMIT_POSTS", "3 per minute")
    app.extensions["limiter"].reset()
    statuses = [reply(peer, thread["id"], body=f"note {n}").status_code for n in range(4)]
    assert statuses == [201, 201, 201, 429]
    assert reply(author, thread["id"]).status_code == 201  # counted per member


def test_first_post_of_a_new_member_is_held_and_hidden_from_peers(group_setup):
    setup = group_setup()
    newcomer, peer = setup.member(), setup.member()
    Session.add(ConversationSettings(group_id=setup.group.id, hold_first_posts=True))
    Session.commit()
    held = start_thread(newcomer, setup.group)
    assert held.json["opening_post"]["status"] == "held"
    assert peer.get(f"{V1}/threads/{held.json['id']}").status_code == 404


# --- edits and deletions ---------------------------------------------------------------------------


def test_author_can_edit_within_the_window_and_it_is_marked_edited(published, live_events):
    setup, author, peer, thread = published
    read = author.get(f"{V1}/threads/{thread['id']}")
    edited = author.patch(
        f"{V1}/threads/{thread['id']}",
        json={"title": "Evenings", "body": "Better now"},
        headers={"If-Match": read.headers["ETag"]},
    )
    assert edited.status_code == 200, edited.json
    assert edited.json["title"] == "Evenings" and edited.json["opening_post"]["edited_at"]
    assert edited.headers["ETag"] == author.get(f"{V1}/threads/{thread['id']}").headers["ETag"]
    assert ("group:" + thread["group_id"], "post.updated") in live_events


def test_author_cannot_edit_after_the_window(published):
    setup, author, peer, thread = published
    Session.execute(update(Post).values(created_at=utcnow() - dt.timedelta(minutes=16)))
    Session.commit()
    response = author.patch(f"{V1}/threads/{thread['id']}", json={"body": "Too late"})
    assert response.status_code == 409


def test_author_is_told_until_when_they_may_edit_and_peers_are_not(published):
    setup, author, peer, thread = published
    mine = author.get(f"{V1}/threads/{thread['id']}").json["opening_post"]
    until = dt.datetime.fromisoformat(mine["editable_until"])
    assert until - dt.datetime.fromisoformat(mine["created_at"]) == dt.timedelta(minutes=15)
    assert peer.get(f"{V1}/threads/{thread['id']}").json["opening_post"]["editable_until"] is None
    Session.execute(update(Post).values(created_at=utcnow() - dt.timedelta(minutes=16)))
    Session.commit()
    later = author.get(f"{V1}/threads/{thread['id']}").json["opening_post"]["editable_until"]
    assert dt.datetime.fromisoformat(later) < utcnow()  # past: the SPA hides its edit button


def test_member_cannot_edit_someone_elses_post(published):
    setup, author, peer, thread = published
    assert peer.patch(f"{V1}/threads/{thread['id']}", json={"body": "Mine now"}).status_code == 403
    assert setup.facilitator.patch(f"{V1}/threads/{thread['id']}", json={"body": "Edited"}).status_code == 403


@pytest.mark.parametrize(
    "field", [{"is_pinned": True}, {"locked": True}, {"hidden": True, "hidden_reason": "x"}]
)
def test_member_cannot_use_a_facilitators_fields(published, field):
    setup, author, peer, thread = published
    assert author.patch(f"{V1}/threads/{thread['id']}", json=field).status_code == 403
    assert Session.scalar(select(Thread.is_pinned)) is False


def test_facilitator_can_pin_lock_and_hide_through_patch(published):
    setup, author, peer, thread = published
    url = f"{V1}/threads/{thread['id']}"
    changed = setup.facilitator.patch(url, json={"is_pinned": True, "locked": True})
    assert changed.status_code == 200 and changed.json["is_pinned"] and changed.json["locked"]
    hidden = setup.facilitator.patch(url, json={"hidden": True, "hidden_reason": "Off topic"})
    assert hidden.json["opening_post"]["status"] == "hidden"
    assert peer.get(url).json["opening_post"]["body"] is None


def test_member_cannot_edit_with_a_stale_etag(published):
    setup, author, peer, thread = published
    url = f"{V1}/threads/{thread['id']}"
    assert author.patch(url, json={"body": "x"}, headers={"If-Match": '"stale"'}).status_code == 412
    assert author.delete(url, headers={"If-Match": '"stale"'}).status_code == 412


def test_author_can_delete_a_thread_and_its_replies_stay(published):
    setup, author, peer, thread = published
    reply(peer, thread["id"])
    assert peer.delete(f"{V1}/threads/{thread['id']}").status_code == 403
    assert author.delete(f"{V1}/threads/{thread['id']}").status_code == 204
    seen = peer.get(f"{V1}/threads/{thread['id']}").json
    assert seen["title"] == "Deleted by its author" and seen["opening_post"]["body"] is None
    assert seen["opening_post"]["placeholder"] == "Deleted by its author"
    assert len(peer.get(f"{V1}/threads/{thread['id']}/posts").json["items"]) == 1
    assert author.delete(f"{V1}/threads/{thread['id']}").status_code == 204  # again: nothing to do


def test_author_can_delete_a_reply_and_the_count_follows(published):
    setup, author, peer, thread = published
    post = reply(peer, thread["id"]).json
    assert author.delete(f"{V1}/posts/{post['id']}").status_code == 403
    assert peer.delete(f"{V1}/posts/{post['id']}").status_code == 204
    assert peer.get(f"{V1}/threads/{thread['id']}").json["reply_count"] == 0


def test_author_can_edit_a_reply(published):
    setup, author, peer, thread = published
    post = reply(peer, thread["id"]).json
    edited = peer.patch(f"{V1}/posts/{post['id']}", json={"body": "Edited", "content_notes": ["loss"]})
    assert edited.status_code == 200 and edited.json["body"] == "Edited" and edited.json["edited_at"]


# --- reactions -------------------------------------------------------------------------------------


def test_member_can_react_idempotently_and_see_counts_but_never_who(published, live_events):
    setup, author, peer, thread = published
    url = f"{V1}/posts/{thread['opening_post']['id']}/reactions/me_too"
    first, again = peer.put(url), peer.put(url)
    assert first.json == again.json
    counts = {item["kind"]: item for item in first.json["reactions"]}
    assert counts["me_too"] == {"kind": "me_too", "count": 1, "mine": True}
    assert str(peer.member.id) not in author.get(f"{V1}/threads/{thread['id']}").get_data(as_text=True)
    assert {item["kind"]: item["mine"] for item in author.put(url).json["reactions"]}["me_too"] is True
    assert peer.delete(url).json["reactions"][1]["count"] == 1
    assert peer.delete(url).status_code == 200
    assert live_events.count(("group:" + thread["group_id"], "reaction.changed")) == 3


def test_member_cannot_react_with_an_unsupportive_kind(published):
    setup, author, peer, thread = published
    assert peer.put(f"{V1}/posts/{thread['opening_post']['id']}/reactions/thumbs_down").status_code == 404


def test_muted_member_cannot_react(group_setup):
    setup = group_setup()
    muted = setup.member(is_muted=True)
    thread = start_thread(setup.facilitator, setup.group).json
    assert muted.put(f"{V1}/posts/{thread['opening_post']['id']}/reactions/me_too").status_code == 403
    assert Session.scalar(select(Reaction.kind)) is None


# --- crisis language -------------------------------------------------------------------------------


def test_post_with_signs_of_risk_is_published_with_crisis_lines_and_facilitators_are_alerted(published):
    setup, author, peer, thread = published
    Session.execute(update(Member).where(Member.id == peer.member.id).values(country="GB"))
    Session.commit()
    risky = reply(peer, thread["id"], body=RISKY)
    assert risky.status_code == 201
    assert risky.json["status"] == "published" and risky.json["shows_risk_signs"]
    assert risky.json["crisis_resources"]["region"] == "GB"
    alerts = Session.scalars(select(Notification).where(Notification.kind == "post_risk")).all()
    assert [(row.member_id, row.urgent) for row in alerts] == [(setup.facilitator.member.id, True)]
    assert risky.json["id"] in alerts[0].link
    assert author.get(f"{V1}/threads/{thread['id']}/posts").json["items"][0]["shows_risk_signs"]


def test_thread_title_with_signs_of_risk_counts_too(group_setup):
    setup = group_setup()
    created = start_thread(setup.member(), setup.group, title="I want to die", body="That is all.")
    assert created.json["crisis_resources"] is not None


def test_edit_that_adds_signs_of_risk_alerts_facilitators(published):
    setup, author, peer, thread = published
    edited = author.patch(f"{V1}/threads/{thread['id']}", json={"body": RISKY})
    assert edited.json["crisis_resources"] is not None and edited.json["opening_post"]["shows_risk_signs"]
    assert Session.scalar(select(Notification.urgent).where(Notification.kind == "post_risk")) is True


def test_held_post_with_signs_of_risk_still_alerts_facilitators(group_setup):
    setup = group_setup()
    newcomer = setup.member()
    Session.add(ConversationSettings(group_id=setup.group.id, hold_first_posts=True))
    Session.commit()
    held = start_thread(newcomer, setup.group, body=RISKY)
    assert held.json["opening_post"]["status"] == "held" and held.json["crisis_resources"]
    recipients = Session.scalars(select(Notification.member_id).where(Notification.kind == "post_risk")).all()
    assert recipients == [setup.facilitator.member.id]


def test_ordinary_post_carries_no_crisis_lines(published):
    setup, author, peer, thread = published
    assert reply(peer, thread["id"], body="I could kill for a coffee").json["crisis_resources"] is None


# --- live, privacy, clinics ------------------------------------------------------------------------


def test_every_change_is_signalled_live_to_the_group(group_setup, live_events):
    setup = group_setup()
    member = setup.member()
    thread = start_thread(member, setup.group).json
    post = reply(member, thread["id"]).json
    member.delete(f"{V1}/posts/{post['id']}")
    kinds = [kind for channel, kind in live_events if channel == f"group:{setup.group.id}"]
    assert kinds == ["thread.created", "post.created", "post.updated"]


def test_member_export_holds_their_posts_and_erasure_removes_the_words(published):
    setup, author, peer, thread = published
    reply(peer, thread["id"], body="My words")
    peer.put(f"{V1}/posts/{thread['opening_post']['id']}/reactions/thank_you")
    author_row = Session.get(Member, author.member.id)
    exported = privacy.export_member(author_row)["group_conversations"]
    assert exported["threads"][0]["title"] == "Evenings are hard"
    peer_export = privacy.export_member(Session.get(Member, peer.member.id))["group_conversations"]
    assert (
        peer_export["posts"][0]["body"] == "My words" and peer_export["reactions"][0]["kind"] == "thank_you"
    )
    privacy.erase_member_data(author_row)
    Session.delete(author_row)
    Session.commit()
    seen = peer.get(f"{V1}/threads/{thread['id']}").json
    assert seen["title"] == "Removed when its author left"
    assert (
        seen["opening_post"]["body"] is None
        and seen["opening_post"]["author_label"] == "Removed when its author left"
    )
    assert Session.scalar(select(Post.body).where(Post.id == uuid.UUID(thread["opening_post"]["id"]))) is None


def test_clinic_cannot_reach_any_conversation_and_its_exports_hold_no_post(app, published, as_clinic):
    setup, author, peer, thread = published
    secret = f"only for the group {uuid.uuid4().hex}"
    reply(author, thread["id"], body=secret)
    clinic = as_clinic()
    ConsentFactory(member=attached(author.member), clinic=attached(clinic.clinic))
    pseudonym = ClinicPatientFactory(clinic=attached(clinic.clinic), member=attached(author.member)).id
    for suffix in ("", "/coaching-plans", "/check-ins", "/attendance", "/fhir"):
        body = clinic.get(f"{V1}/clinic/members/{pseudonym}{suffix}").get_data(as_text=True)
        assert secret not in body and "Evenings are hard" not in body
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("conversations."):
            url = rule.rule.replace("<uuid:group_id>", thread["group_id"]).replace(
                "<uuid:thread_id>", thread["id"]
            )
            url = url.replace("<uuid:post_id>", thread["opening_post"]["id"])
            url = url.split("<any(")[0] + "me_too" if "<any(" in url else url
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert clinic.client.open(url, method=method, headers=clinic.headers()).status_code == 403


def test_threads_and_posts_are_registered_for_export_and_erasure():
    tables = privacy.registered_tables()
    assert {"threads", "posts", "post_reactions", "hidden_content_notes"} <= tables
    assert PostFactory and ThreadFactory  # factories exist for other suites


def test_logs_never_hold_a_post_body_or_a_thread_title(group_setup, caplog):
    caplog.set_level(logging.DEBUG)
    setup = group_setup()
    member = setup.member()
    title, body, edited = (f"{label} {uuid.uuid4().hex}" for label in ("Title", "Body", "Edited"))
    thread = start_thread(member, setup.group, title=title, body=body).json
    reply(setup.facilitator, thread["id"], body=f"{body} {RISKY}")
    member.patch(f"{V1}/threads/{thread['id']}", json={"body": edited})
    member.get(threads_url(setup.group))
    member.delete(f"{V1}/threads/{thread['id']}")
    logged = "\n".join(record.getMessage() + " " + str(record.args) for record in caplog.records)
    assert caplog.records and not any(secret in logged for secret in (title, body, edited))


# --- review fixes: deletions of unpublished posts, the opening post, notes, live events ----------


def hold_first_posts(group) -> None:
    Session.add(ConversationSettings(group_id=group.id, hold_first_posts=True))
    Session.commit()


def decline(setup, post_id) -> None:
    response = setup.facilitator.post(f"{V1}/posts/{post_id}/approval", json={"approve": False})
    assert response.status_code == 200, response.json


def test_author_can_delete_an_opening_post_through_posts_and_its_title_goes(published, live_events):
    setup, author, peer, thread = published
    assert author.delete(f"{V1}/posts/{thread['opening_post']['id']}").status_code == 204
    seen = peer.get(threads_url(setup.group)).json["items"][0]
    assert seen["title"] == "Deleted by its author" and seen["opening_post"]["body"] is None
    assert Session.scalar(select(Thread.title).where(Thread.id == uuid.UUID(thread["id"]))) == (
        "Deleted by its author"
    )
    assert live_events[-2:] == [(f"group:{setup.group.id}", "thread.updated")] + [
        (f"group:{setup.group.id}", "post.updated")
    ]


def test_author_deleting_a_held_thread_leaves_nothing_for_peers(group_setup, live_events):
    setup = group_setup()
    newcomer, peer = setup.member(), setup.member()
    hold_first_posts(setup.group)
    held = start_thread(newcomer, setup.group, title="Secret held title").json
    assert newcomer.delete(f"{V1}/threads/{held['id']}").status_code == 204
    assert peer.get(threads_url(setup.group)).json["items"] == []
    assert setup.facilitator.get(threads_url(setup.group)).json["items"] == []
    assert Session.get(Thread, uuid.UUID(held["id"])) is None
    assert live_events == []  # never announced, not even its deletion


def test_author_deleting_a_held_or_declined_reply_leaves_no_placeholder(published, live_events):
    setup, author, peer, thread = published
    hold_first_posts(setup.group)
    newcomer = setup.member()
    held = reply(newcomer, thread["id"], body="my first reply").json
    declined = reply(newcomer, thread["id"], body="another first reply").json
    assert held["status"] == "held"
    decline(setup, declined["id"])
    for post in (held, declined):
        assert newcomer.delete(f"{V1}/posts/{post['id']}").status_code == 204
    assert peer.get(f"{V1}/threads/{thread['id']}/posts").json["items"] == []
    assert setup.facilitator.get(f"{V1}/threads/{thread['id']}/posts").json["items"] == []
    assert peer.get(f"{V1}/threads/{thread['id']}").json["reply_count"] == 0
    assert live_events == []


def test_erasure_removes_held_and_declined_posts_and_keeps_reply_counts(published):
    setup, author, peer, thread = published
    reply(peer, thread["id"], body="a peer's reply")
    hold_first_posts(setup.group)
    newcomer = setup.member()
    held_thread = start_thread(newcomer, setup.group, title="Held thread").json
    held_reply = reply(newcomer, thread["id"], body="held reply").json
    decline(setup, held_reply["id"])
    # Published replies of the newcomer (approved) become placeholders and leave the count.
    approved = reply(newcomer, thread["id"], body="approved reply").json
    setup.facilitator.post(f"{V1}/posts/{approved['id']}/approval", json={"approve": True})
    assert peer.get(f"{V1}/threads/{thread['id']}").json["reply_count"] == 2
    newcomer_row = Session.get(Member, newcomer.member.id)
    privacy.erase_member_data(newcomer_row)
    Session.delete(newcomer_row)
    Session.commit()
    assert Session.get(Thread, uuid.UUID(held_thread["id"])) is None
    assert Session.get(Post, uuid.UUID(held_reply["id"])) is None
    seen = peer.get(f"{V1}/threads/{thread['id']}/posts").json["items"]
    assert [item["placeholder"] for item in seen] == [None, "Removed when its author left"]
    assert peer.get(f"{V1}/threads/{thread['id']}").json["reply_count"] == 1
    assert [item["id"] for item in peer.get(threads_url(setup.group)).json["items"]] == [thread["id"]]


def test_author_cannot_remove_content_notes_a_facilitator_added(published):
    setup, author, peer, thread = published
    url = f"{V1}/posts/{thread['opening_post']['id']}"
    added = setup.facilitator.patch(url, json={"add_content_notes": ["self_harm"]})
    assert added.status_code == 200 and added.json["content_notes"] == ["self_harm"]
    edited = author.patch(url, json={"content_notes": []})
    assert edited.status_code == 200 and edited.json["content_notes"] == ["self_harm"]
    # The author still chooses their own notes, alongside the facilitator's.
    edited = author.patch(url, json={"content_notes": ["loss"]})
    assert edited.json["content_notes"] == ["loss", "self_harm"]
    assert author.patch(url, json={"content_notes": []}).json["content_notes"] == ["self_harm"]
    seen = peer.get(f"{V1}/threads/{thread['id']}").json["opening_post"]
    assert seen["content_notes"] == ["self_harm"]


def test_facilitator_changes_to_a_held_thread_are_not_signalled_to_the_group(group_setup, monkeypatch):
    from api.services import conversation_moderation_tools, conversation_posts

    sent = []
    for module in (conversation_service, conversation_posts, conversation_moderation_tools):
        monkeypatch.setattr(module, "publish", lambda channel, kind, data: sent.append(kind))
    setup = group_setup()
    newcomer = setup.member()
    hold_first_posts(setup.group)
    held = start_thread(newcomer, setup.group).json
    url = f"{V1}/threads/{held['id']}"
    assert newcomer.patch(url, json={"title": "A better held title"}).status_code == 200
    assert setup.facilitator.patch(url, json={"is_pinned": True}).status_code == 200
    post_url = f"{V1}/posts/{held['opening_post']['id']}"
    assert setup.facilitator.patch(post_url, json={"add_content_notes": ["loss"]}).status_code == 200
    assert setup.facilitator.patch(post_url, json={"facilitator_note": "Welcome"}).status_code == 200
    assert sent == []
