"""Conversation pace and approval rules, the settings and approval queue routes, and the
facilitators' tools (pin, lock, hide with a reason and one appeal, restore, notes)."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import event, select

from api.db import Session, utcnow
from api.errors import Forbidden, Invalid, TooSoon
from api.models import AuditEntry, Membership, ModerationAction, Notification, Post, Thread
from api.models.conversations import ConversationSettings, PostStatus
from api.services import conversation_moderation as pace
from api.services import conversation_moderation_tools as tools
from api.services import moderation
from tests.factories import ResourceFactory

V1 = "/api/v1"


# --- helpers -------------------------------------------------------------------------------------


def thread_in(
    group, author, *, title="Checking in", status=PostStatus.PUBLISHED, ago=3600, **thread
) -> Thread:
    """A thread with its opening post written `ago` seconds back."""
    when = utcnow() - dt.timedelta(seconds=ago)
    row = Thread(
        group_id=group.id, author_id=author.id, title=title, last_post_at=when, created_at=when, **thread
    )
    Session.add(row)
    Session.flush()
    post_in(row, author, is_opening=True, status=status, ago=ago)
    return row


def post_in(thread, author, *, status=PostStatus.PUBLISHED, ago=3600, is_opening=False, **fields) -> Post:
    post = Post(
        thread_id=thread.id,
        group_id=thread.group_id,
        author_id=author.id,
        is_opening=is_opening,
        body=fields.pop("body", "A day at a time."),
        status=PostStatus(status).value,
        created_at=utcnow() - dt.timedelta(seconds=ago),
        **fields,
    )
    Session.add(post)
    Session.commit()
    return post


def configure(group, **settings) -> None:
    Session.add(ConversationSettings(group_id=group.id, **settings))
    Session.commit()


def membership(setup, signed_in):
    return next(m for m in _memberships(setup.group) if m.member_id == signed_in.member.id)


def _memberships(group):
    return Session.scalars(select(Membership).where(Membership.group_id == group.id)).all()


def notified(member, kind) -> list[Notification]:
    return Session.scalars(
        select(Notification).where(Notification.member_id == member.id, Notification.kind == kind)
    ).all()


def audited(action) -> list[AuditEntry]:
    return Session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def admit(setup, signed_in, thread=None):
    return pace.admit_post(setup.group, membership(setup, signed_in), signed_in.member, thread)


# --- pace: slow mode, daily cap, lock ------------------------------------------------------------


def test_member_cannot_post_again_within_the_groups_slow_mode(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, slow_mode_seconds=600)
    thread_in(setup.group, member.member, ago=60)
    with pytest.raises(TooSoon) as refused:
        admit(setup, member)
    assert 530 <= refused.value.retry_after <= 540


def test_member_can_post_once_the_slow_mode_has_passed(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, slow_mode_seconds=60)
    thread_in(setup.group, member.member, ago=61)
    assert admit(setup, member) == PostStatus.PUBLISHED


def test_member_cannot_reply_within_a_threads_slow_mode_the_stricter_applying(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, slow_mode_seconds=30)
    thread = thread_in(setup.group, setup.facilitator.member, slow_mode_seconds=900)
    post_in(thread, member.member, ago=100)
    with pytest.raises(TooSoon) as refused:
        admit(setup, member, thread)
    assert 790 <= refused.value.retry_after <= 800
    other = thread_in(setup.group, setup.facilitator.member)
    assert admit(setup, member, other) == PostStatus.PUBLISHED  # the thread's rule is its own


def test_facilitator_can_post_during_slow_mode_and_over_the_cap(group_setup):
    setup = group_setup()
    configure(setup.group, slow_mode_seconds=600, daily_post_cap=1)
    thread_in(setup.group, setup.facilitator.member, ago=5)
    assert admit(setup, setup.facilitator) == PostStatus.PUBLISHED


def test_member_cannot_post_over_the_daily_cap_in_a_rolling_day(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, daily_post_cap=2)
    thread = thread_in(setup.group, member.member, ago=23 * 3600)
    post_in(thread, member.member, ago=600)
    post_in(thread, member.member, ago=25 * 3600)  # outside the window
    with pytest.raises(TooSoon) as refused:
        admit(setup, member, thread)
    assert 3590 <= refused.value.retry_after <= 3610  # when the 23-hour-old post leaves the window


def test_declined_posts_do_not_count_towards_the_cap(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, daily_post_cap=1)
    thread_in(setup.group, member.member, status=PostStatus.DECLINED, ago=60)
    assert admit(setup, member) == PostStatus.PUBLISHED


def test_member_cannot_reply_in_a_locked_thread(group_setup):
    setup = group_setup()
    member = setup.member()
    thread = thread_in(setup.group, setup.facilitator.member, locked_at=utcnow())
    with pytest.raises(Forbidden):
        admit(setup, member, thread)


def test_facilitator_can_reply_in_a_locked_thread(group_setup):
    setup = group_setup()
    thread = thread_in(setup.group, setup.facilitator.member, locked_at=utcnow())
    assert admit(setup, setup.facilitator, thread) == PostStatus.PUBLISHED


def test_pace_counts_are_served_by_the_posts_author_index(group_setup, app):
    """Slow mode, the cap and the "new member" check read a member's posts in a group through
    `ix_posts_author_group_created`, never by scanning the group's posts."""
    setup = group_setup()
    member = setup.member()
    engine = app.extensions["engine"]
    statements = []

    def record(_conn, _cursor, statement, parameters, *_args):
        if "FROM posts" in statement:
            statements.append((statement, parameters))

    configure(setup.group, slow_mode_seconds=60, daily_post_cap=5, hold_first_posts=True)
    thread = thread_in(setup.group, setup.facilitator.member, slow_mode_seconds=30)
    event.listen(engine, "before_cursor_execute", record)
    try:
        admit(setup, member, thread)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(statements) >= 4  # group and thread slow mode, the cap, the first-post check
    connection = Session.connection()
    if engine.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a tiny table: plan as if big
    for statement, parameters in statements:
        if engine.dialect.name == "sqlite":
            plan = str(list(connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)))
            assert "ix_posts_author_group_created" in plan, plan
        else:  # PostgreSQL picks among the indexes by cost, which a nearly empty table does not show
            plan = str(list(connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)))
            assert "Index" in plan and "Seq Scan" not in plan, plan


# --- first posts held for approval ----------------------------------------------------------------


def test_new_members_first_post_is_held_and_the_facilitators_told(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, hold_first_posts=True)
    assert admit(setup, member) == PostStatus.HELD
    assert len(notified(member.member, "post_held")) == 1
    assert len(notified(setup.facilitator.member, "post_awaiting_approval")) == 1


def test_member_with_a_published_post_is_not_held(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, hold_first_posts=True)
    thread_in(setup.group, member.member)
    assert admit(setup, member) == PostStatus.PUBLISHED


def test_member_whose_only_post_is_still_held_is_held_again(group_setup):
    setup = group_setup()
    member = setup.member()
    configure(setup.group, hold_first_posts=True)
    thread_in(setup.group, member.member, status=PostStatus.HELD)
    assert admit(setup, member) == PostStatus.HELD


# --- settings --------------------------------------------------------------------------------------


def settings_url(group):
    return f"{V1}/groups/{group.id}/conversation-settings"


def test_member_can_read_the_pace_rules(group_setup):
    setup = group_setup()
    configure(setup.group, slow_mode_seconds=60)
    response = setup.member().get(settings_url(setup.group))
    assert response.status_code == 200 and response.headers["ETag"]
    assert response.json["slow_mode_seconds"] == 60 and response.json["can_manage"] is False


def test_group_without_settings_reads_the_defaults(group_setup):
    setup = group_setup()
    body = setup.facilitator.get(settings_url(setup.group)).json
    assert body == {**body, "slow_mode_seconds": 0, "daily_post_cap": None, "hold_first_posts": False}
    assert body["can_manage"] is True


def test_member_cannot_change_the_pace_rules(group_setup):
    setup = group_setup()
    assert setup.member().patch(settings_url(setup.group), json={"slow_mode_seconds": 5}).status_code == 403


def test_non_member_cannot_read_a_visible_groups_pace_rules(group_setup, member_client):
    setup = group_setup()
    assert member_client.get(settings_url(setup.group)).status_code == 403


def test_non_member_cannot_find_a_private_groups_pace_rules(group_setup, member_client):
    setup = group_setup(visibility="private")
    assert member_client.get(settings_url(setup.group)).status_code == 404


def test_facilitator_can_change_the_pace_rules_and_it_is_audited(group_setup):
    setup = group_setup()
    changed = setup.facilitator.patch(
        settings_url(setup.group),
        json={"slow_mode_seconds": 120, "daily_post_cap": 10, "hold_first_posts": True},
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["slow_mode_seconds"] == 120 and changed.json["hold_first_posts"] is True
    [entry] = audited("conversation_settings.updated")
    assert entry.details == {"slow_mode_seconds": 120, "daily_post_cap": 10, "hold_first_posts": True}
    assert pace.settings_for(setup.group.id).daily_post_cap == 10


def test_facilitator_cannot_change_the_pace_rules_with_a_stale_etag(group_setup):
    setup = group_setup()
    etag = setup.facilitator.get(settings_url(setup.group)).headers["ETag"]
    setup.facilitator.patch(
        settings_url(setup.group), json={"slow_mode_seconds": 5}, headers={"If-Match": etag}
    )
    stale = setup.facilitator.patch(
        settings_url(setup.group), json={"slow_mode_seconds": 9}, headers={"If-Match": etag}
    )
    assert stale.status_code == 412


@pytest.mark.parametrize(
    "body", [{"slow_mode_seconds": -1}, {"slow_mode_seconds": 86401}, {"daily_post_cap": 0}, {"extra": 1}]
)
def test_facilitator_cannot_set_out_of_range_pace_rules(group_setup, body):
    setup = group_setup()
    response = setup.facilitator.patch(settings_url(setup.group), json=body)
    assert response.status_code == 422 and response.json["errors"]


def test_facilitator_cannot_change_an_archived_groups_pace_rules(group_setup):
    setup = group_setup(archived_at=utcnow())
    response = setup.facilitator.patch(settings_url(setup.group), json={"slow_mode_seconds": 5})
    assert response.status_code == 409


# --- the approval queue ----------------------------------------------------------------------------


def held_url(group):
    return f"{V1}/groups/{group.id}/held-posts"


def approval_url(post):
    return f"{V1}/posts/{post.id}/approval"


def test_facilitator_sees_held_posts_oldest_first_with_anonymous_authors_named(group_setup):
    setup = group_setup()
    member = setup.member()
    thread = thread_in(setup.group, setup.facilitator.member)
    newer = post_in(thread, member.member, status=PostStatus.HELD, ago=10, anonymous_to_peers=True)
    older = post_in(thread, member.member, status=PostStatus.HELD, ago=20)
    post_in(thread, member.member, ago=30)  # published: not in the queue
    first = setup.facilitator.get(f"{held_url(setup.group)}?limit=1").json
    assert [item["id"] for item in first["items"]] == [str(older.id)]
    second = setup.facilitator.get(f"{held_url(setup.group)}?limit=1&cursor={first['next_cursor']}").json
    assert [item["id"] for item in second["items"]] == [str(newer.id)] and second["next_cursor"] is None
    assert second["items"][0]["author"]["id"] == str(member.member.id)
    assert second["items"][0]["thread_title"] == "Checking in"


def test_member_cannot_list_held_posts(group_setup):
    setup = group_setup()
    assert setup.member().get(held_url(setup.group)).status_code == 403


def test_facilitator_can_approve_a_held_reply(group_setup):
    setup = group_setup()
    member = setup.member()
    thread = thread_in(setup.group, setup.facilitator.member, ago=7200)
    held = post_in(thread, member.member, status=PostStatus.HELD)
    response = setup.facilitator.post(approval_url(held), json={"approve": True})
    assert response.status_code == 200 and response.json["status"] == "published"
    thread = Session.get(Thread, thread.id)
    assert thread.reply_count == 1 and thread.last_post_at > utcnow() - dt.timedelta(minutes=1)
    assert len(notified(member.member, "post_approved")) == 1
    assert len(notified(setup.facilitator.member, "thread_reply")) == 1
    assert audited("post.approved")


def test_approving_held_replies_tells_the_thread_author_once_until_read(group_setup):
    """The same rule as a reply written directly: one unread "new replies" per thread."""
    setup = group_setup()
    thread = thread_in(setup.group, setup.facilitator.member, ago=7200)
    for _ in range(2):
        held = post_in(thread, setup.member().member, status=PostStatus.HELD)
        assert setup.facilitator.post(approval_url(held), json={"approve": True}).status_code == 200
    assert len(notified(setup.facilitator.member, "thread_reply")) == 1


def test_approving_a_held_opening_post_publishes_its_thread(group_setup):
    setup = group_setup()
    member = setup.member()
    thread = thread_in(setup.group, member.member, status=PostStatus.HELD)
    opening = Session.scalars(select(Post).where(Post.thread_id == thread.id)).one()
    assert setup.facilitator.post(approval_url(opening), json={"approve": True}).status_code == 200
    opening, thread = Session.get(Post, opening.id), Session.get(Thread, thread.id)
    assert opening.status == "published" and thread.reply_count == 0


def test_facilitator_can_decline_a_held_post_gently(group_setup):
    setup = group_setup()
    member = setup.member()
    held = post_in(thread_in(setup.group, setup.facilitator.member), member.member, status=PostStatus.HELD)
    response = setup.facilitator.post(
        approval_url(held), json={"approve": False, "reason": "Please leave out names."}
    )
    assert response.json["status"] == "declined"
    [note] = notified(member.member, "post_declined")
    assert note.body.startswith("Please leave out names.")
    assert audited("post.declined")


def test_facilitator_cannot_decide_a_post_twice(group_setup):
    setup = group_setup()
    held = post_in(thread_in(setup.group, setup.facilitator.member), setup.member().member, status="held")
    setup.facilitator.post(approval_url(held), json={"approve": True})
    assert setup.facilitator.post(approval_url(held), json={"approve": False}).status_code == 409


def test_other_groups_facilitator_cannot_approve_a_held_post(group_setup):
    setup, other = group_setup(), group_setup()
    held = post_in(thread_in(setup.group, setup.facilitator.member), setup.member().member, status="held")
    assert other.facilitator.post(approval_url(held), json={"approve": True}).status_code == 403
    private = group_setup(visibility="private")
    hidden_held = post_in(
        thread_in(private.group, private.facilitator.member), private.member().member, status="held"
    )
    assert other.facilitator.post(approval_url(hidden_held), json={"approve": True}).status_code == 404


def test_author_cannot_approve_their_own_held_post(group_setup):
    setup = group_setup()
    member = setup.member()
    held = post_in(thread_in(setup.group, setup.facilitator.member), member.member, status="held")
    assert member.post(approval_url(held), json={"approve": True}).status_code == 403


def test_member_cannot_learn_of_someone_elses_held_post(group_setup):
    setup = group_setup()
    held = post_in(thread_in(setup.group, setup.facilitator.member), setup.member().member, status="held")
    assert setup.member().post(approval_url(held), json={"approve": True}).status_code == 404


# --- facilitator tools ---------------------------------------------------------------------------


def test_facilitator_can_pin_lock_and_slow_a_thread_with_an_audit_entry(group_setup):
    setup = group_setup()
    thread = thread_in(setup.group, setup.member().member)
    pace.apply_thread_moderation(
        thread, {"is_pinned": True, "locked": True, "slow_mode_seconds": 300}, setup.facilitator.member
    )
    assert thread.is_pinned and thread.locked_at is not None and thread.slow_mode_seconds == 300
    [entry] = audited("thread.moderated")
    assert entry.details["locked"] is True
    pace.apply_thread_moderation(thread, {"is_pinned": False, "locked": False}, setup.facilitator.member)
    assert not thread.is_pinned and thread.locked_at is None


def test_facilitator_cannot_hide_a_post_without_a_reason(group_setup):
    setup = group_setup()
    post = post_in(thread_in(setup.group, setup.facilitator.member), setup.member().member)
    with pytest.raises(Invalid) as refused:
        pace.apply_post_moderation(post, {"hidden": True, "hidden_reason": "  "}, setup.facilitator.member)
    assert "hidden_reason" in refused.value.errors


def test_facilitator_hides_a_post_and_its_author_is_told_why(group_setup):
    setup = group_setup()
    author = setup.member()
    thread = thread_in(setup.group, setup.facilitator.member)
    post = post_in(thread, author.member)
    thread.reply_count = 1
    reason = "Please keep medication advice to prescribers."
    pace.apply_post_moderation(post, {"hidden": True, "hidden_reason": reason}, setup.facilitator.member)
    Session.commit()
    assert post.status == "hidden" and post.hidden_reason == reason and thread.reply_count == 0
    [told] = notified(author.member, "post_hidden")
    assert reason in told.body
    notices = author.get(f"{V1}/members/me/moderation").json["items"]
    assert [(n["kind"], n["post_id"], n["reason"]) for n in notices] == [("hide_post", str(post.id), reason)]
    assert audited("post.hidden")


def test_author_can_appeal_a_hidden_post_once(group_setup):
    setup = group_setup()
    author = setup.member()
    post = post_in(thread_in(setup.group, setup.facilitator.member), author.member)
    action = tools.hide_post(post, "Off topic for this group.", setup.facilitator.member)
    Session.commit()
    url = f"{V1}/moderation-actions/{action.id}/appeal"
    assert (
        author.post(url, json={"text": "It was about my own recovery, please look again."}).status_code == 200
    )
    assert author.post(url, json={"text": "Appealing a second time, to be sure."}).status_code == 409


def test_overturned_appeal_restores_the_hidden_post(group_setup, as_member):
    setup = group_setup()
    author = setup.member()
    thread = thread_in(setup.group, setup.facilitator.member)
    post = post_in(thread, author.member)
    action = tools.hide_post(post, "Off topic for this group.", setup.facilitator.member)
    Session.commit()
    author.post(f"{V1}/moderation-actions/{action.id}/appeal", json={"text": "It was on topic, honestly."})
    admin = as_member(role="admin")
    decided = admin.patch(f"{V1}/moderation-actions/{action.id}", json={"decision": "overturn"})
    assert decided.status_code == 200
    post = Session.get(Post, post.id)
    assert post.status == "published" and post.hidden_reason is None


def test_facilitator_can_restore_a_hidden_post(group_setup):
    setup = group_setup()
    author = setup.member()  # signing in ends the session: build the rows after it
    thread = thread_in(setup.group, setup.facilitator.member)
    post = post_in(thread, author.member)
    tools.hide_post(post, "Checking with the author first.", setup.facilitator.member)
    pace.apply_post_moderation(post, {"hidden": False}, setup.facilitator.member)
    assert post.status == "published" and post.hidden_at is None and thread.reply_count == 1
    assert audited("post.restored")


def test_facilitator_can_add_content_notes_to_someone_elses_post(group_setup):
    setup = group_setup()
    post = post_in(
        thread_in(setup.group, setup.facilitator.member), setup.member().member, content_notes=["loss"]
    )
    pace.apply_post_moderation(post, {"add_content_notes": ["medical", "loss"]}, setup.facilitator.member)
    assert post.content_notes == ["loss", "medical"]
    assert audited("post.content_notes_added")
    with pytest.raises(Invalid):
        pace.apply_post_moderation(post, {"add_content_notes": ["gossip"]}, setup.facilitator.member)


def test_facilitator_note_links_a_verified_resource(group_setup):
    setup = group_setup()
    post = post_in(thread_in(setup.group, setup.facilitator.member), setup.member().member)
    resource = ResourceFactory(verified_at=utcnow())
    note = "Questions about medication belong with a prescriber."
    pace.apply_post_moderation(
        post,
        {"facilitator_note": note, "facilitator_note_resource_id": resource.id},
        setup.facilitator.member,
    )
    assert post.facilitator_note == note and post.facilitator_note_resource_id == resource.id
    assert post.facilitator_note_by_id == setup.facilitator.member.id
    pace.apply_post_moderation(post, {"facilitator_note": None}, setup.facilitator.member)
    assert post.facilitator_note is None and post.facilitator_note_resource_id is None


@pytest.mark.parametrize("verified", [False, None])
def test_facilitator_note_cannot_link_an_unverified_or_unknown_resource(group_setup, verified):
    setup = group_setup()
    post = post_in(thread_in(setup.group, setup.facilitator.member), setup.member().member)
    resource_id = ResourceFactory(verified_at=None).id if verified is False else uuid.uuid4()
    with pytest.raises(Invalid) as refused:
        pace.apply_post_moderation(
            post,
            {"facilitator_note": "See this.", "facilitator_note_resource_id": resource_id},
            setup.facilitator.member,
        )
    assert "facilitator_note_resource_id" in refused.value.errors


def test_facilitator_note_cannot_exceed_500_characters(group_setup):
    setup = group_setup()
    post = post_in(thread_in(setup.group, setup.facilitator.member), setup.member().member)
    with pytest.raises(Invalid):
        pace.apply_post_moderation(post, {"facilitator_note": "x" * 501}, setup.facilitator.member)


def test_hide_post_action_is_recorded_for_the_author(group_setup):
    setup = group_setup()
    author = setup.member()
    post = post_in(thread_in(setup.group, setup.facilitator.member), author.member)
    action = tools.hide_post(post, "Personal details of someone else.", setup.facilitator.member)
    row = Session.get(ModerationAction, action.id)
    assert (row.kind, row.member_id, row.group_id, row.post_id) == (
        "hide_post",
        author.member.id,
        setup.group.id,
        post.id,
    )
    moderation.overturn(row)
    assert post.status == "published"


def test_approval_and_hiding_are_announced_live_with_ids_only(group_setup, monkeypatch):
    from api.services import conversation_moderation_queue as queue
    from api.services import conversation_moderation_tools

    sent = []
    monkeypatch.setattr(queue, "signal", lambda group_id, kind, post: sent.append((kind, post.id)))
    monkeypatch.setattr(
        conversation_moderation_tools,
        "publish",
        lambda channel, kind, data: sent.append((kind, data["post_id"])),
    )
    setup = group_setup()
    member = setup.member()
    held = post_in(thread_in(setup.group, setup.facilitator.member), member.member, status="held")
    queue.decide_held_post(held.id, True, None, setup.facilitator.member)
    tools.hide_post(held, "Names someone outside the group.", setup.facilitator.member)
    assert sent == [("post.created", held.id), ("post.hidden", held.id)]


def test_admin_can_change_any_groups_pace_rules(group_setup, as_member):
    setup = group_setup()
    admin = as_member(role="admin")
    response = admin.patch(settings_url(setup.group), json={"hold_first_posts": True})
    assert response.status_code == 200 and response.json["can_manage"] is True


def test_facilitator_who_changed_the_pace_rules_finds_it_in_their_export(group_setup):
    from api import privacy

    setup = group_setup()
    setup.facilitator.patch(settings_url(setup.group), json={"slow_mode_seconds": 30})
    exported = privacy.REGISTRY["conversation_settings_changed"].export(setup.facilitator.member)
    assert [row["group_id"] for row in exported] == [str(setup.group.id)]
