"""Reports, moderation actions and appeals, suspension, the audit log and the access log."""

import re

from sqlalchemy import select

from api.models import AuditEntry, Notification
from tests.conftest import sign_in
from tests.factories import (
    CoachingPlanFactory,
    CoachingRelationshipFactory,
    CoachMessageFactory,
    GroupSessionFactory,
    PostFactory,
    ThreadFactory,
)

REPORTS = "/api/v1/reports"


def report(client, subject, group, **extra):
    body = {
        "subject_member_id": str(subject.member.id),
        "group_id": str(group.id),
        "category": "dominating",
        "text": "Kept talking over newcomers in the session.",
        **extra,
    }
    return client.post(REPORTS, json=body)


def test_member_reports_and_the_groups_facilitators_see_it_without_the_reporter(group_setup, db_session):
    setup = group_setup()
    reporter, subject = setup.member(), setup.member()
    created = report(reporter, subject, setup.group)
    assert created.status_code == 201 and created.json["status"] == "open"
    queue = setup.facilitator.get(REPORTS).json["items"]
    assert [item["subject"]["id"] for item in queue] == [str(subject.member.id)]
    assert str(reporter.member.id) not in setup.facilitator.get(REPORTS).get_data(as_text=True)
    told = db_session.scalars(
        select(Notification.member_id).where(Notification.kind == "report_received")
    ).all()
    assert told == [setup.facilitator.member.id]


def test_other_groups_facilitators_and_members_do_not_see_reports(group_setup):
    setup, other = group_setup(), group_setup()
    reporter, subject = setup.member(), setup.member()
    report(reporter, subject, setup.group)
    assert other.facilitator.get(REPORTS).json["items"] == []
    assert reporter.get(REPORTS).json["items"] == []


def test_a_report_about_a_facilitator_goes_to_admins_only(group_setup, as_member, db_session):
    setup = group_setup()
    admin = as_member(role="admin")
    created = report(setup.member(), setup.facilitator, setup.group)
    assert setup.facilitator.get(REPORTS).json["items"] == []
    decided = setup.facilitator.patch(
        f"{REPORTS}/{created.json['id']}", json={"action": "dismiss", "reason": "Nothing to act on"}
    )
    assert decided.status_code == 404
    assert [item["id"] for item in admin.get(REPORTS).json["items"]] == [created.json["id"]]
    told = db_session.scalars(
        select(Notification.member_id).where(Notification.kind == "report_received")
    ).all()
    assert told == [admin.member.id]


def test_platform_reports_go_to_admins(as_member):
    reporter, subject, admin = as_member(), as_member(), as_member(role="admin")
    created = reporter.post(
        REPORTS,
        json={
            "subject_member_id": str(subject.member.id),
            "category": "spam",
            "text": "Sends everyone the same advert.",
        },
    )
    assert created.status_code == 201
    assert [item["id"] for item in admin.get(REPORTS).json["items"]] == [created.json["id"]]


def test_report_needs_a_subject_and_cannot_be_about_yourself(member_client):
    assert (
        member_client.post(REPORTS, json={"category": "spam", "text": "Something happened here."}).status_code
        == 422
    )
    body = {
        "subject_member_id": str(member_client.member.id),
        "category": "spam",
        "text": "About myself, oddly.",
    }
    assert member_client.post(REPORTS, json=body).status_code == 422


def test_report_about_a_hidden_groups_session_is_404(group_setup, member_client):
    setup = group_setup(visibility="private")
    session = GroupSessionFactory(group=setup.group)
    body = {"session_id": str(session.id), "category": "other", "text": "Something in that session."}
    assert member_client.post(REPORTS, json=body).status_code == 404


def decide(client, report_id, action, **extra):
    return client.patch(
        f"{REPORTS}/{report_id}", json={"action": action, "reason": "Please let others finish.", **extra}
    )


def test_facilitator_mutes_and_the_member_sees_the_notice_and_cannot_book(group_setup, db_session):
    setup = group_setup()
    reporter, subject = setup.member(), setup.member()
    report_id = report(reporter, subject, setup.group).json["id"]
    decided = decide(setup.facilitator, report_id, "mute", mute_days=3)
    assert decided.status_code == 200 and decided.json["status"] == "actioned"
    notices = subject.get("/api/v1/members/me/moderation").json["items"]
    assert notices[0]["kind"] == "mute" and notices[0]["reason"] == "Please let others finish."
    assert str(reporter.member.id) not in subject.get("/api/v1/members/me/moderation").get_data(as_text=True)
    session = GroupSessionFactory(group=setup.group)
    assert subject.put(f"/api/v1/sessions/{session.id}/rsvp").status_code == 403
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert "moderation.mute" in actions


def test_a_report_is_handled_once(group_setup):
    setup = group_setup()
    report_id = report(setup.member(), setup.member(), setup.group).json["id"]
    decide(setup.facilitator, report_id, "warn")
    assert decide(setup.facilitator, report_id, "dismiss").status_code == 409


def test_facilitators_cannot_suspend_accounts(group_setup):
    setup = group_setup()
    report_id = report(setup.member(), setup.member(), setup.group).json["id"]
    assert decide(setup.facilitator, report_id, "ban").status_code == 403


def test_remove_takes_the_member_out_of_the_group(group_setup):
    setup = group_setup()
    subject = setup.member()
    report_id = report(setup.member(), subject, setup.group).json["id"]
    decide(setup.facilitator, report_id, "remove")
    assert subject.get(f"/api/v1/groups/{setup.group.id}/members").status_code == 403


def test_admin_suspends_an_account_everywhere_at_once(app, as_member, group_setup):
    setup = group_setup()
    subject = setup.member()
    admin = as_member(role="admin")
    report_id = report(setup.member(), subject, setup.group).json["id"]
    assert decide(admin, report_id, "ban").status_code == 200
    assert subject.get("/api/v1/groups").status_code == 401  # every earlier token was revoked
    fresh = sign_in(app, subject.member)  # sign-in still works, into a suspended account
    assert fresh.get("/api/v1/groups").status_code == 403
    assert fresh.get("/api/v1/sessions").status_code == 403
    assert fresh.get("/api/v1/members/me/moderation").status_code == 200
    assert fresh.get("/api/v1/members/me/export").status_code == 200


def test_member_appeals_once_and_an_admin_overturns(app, as_member, group_setup, db_session):
    setup = group_setup()
    subject, admin = setup.member(), as_member(role="admin")
    report_id = report(setup.member(), subject, setup.group).json["id"]
    decide(setup.facilitator, report_id, "mute")
    action_id = subject.get("/api/v1/members/me/moderation").json["items"][0]["id"]
    appeal = subject.post(
        f"/api/v1/moderation-actions/{action_id}/appeal", json={"text": "I did not realise; I will listen."}
    )
    assert appeal.status_code == 200 and appeal.json["appeal_status"] == "pending"
    again = subject.post(
        f"/api/v1/moderation-actions/{action_id}/appeal", json={"text": "Please look again at this."}
    )
    assert again.status_code == 409
    pending = admin.get("/api/v1/moderation-actions").json["items"]
    assert [item["id"] for item in pending] == [action_id]
    decided = admin.patch(f"/api/v1/moderation-actions/{action_id}", json={"decision": "overturn"})
    assert decided.json["appeal_status"] == "overturned"
    session = GroupSessionFactory(group=setup.group)
    assert subject.put(f"/api/v1/sessions/{session.id}/rsvp").status_code == 200


def test_only_the_member_appeals_and_only_admins_decide(group_setup, as_member):
    setup = group_setup()
    subject, bystander = setup.member(), setup.member()
    report_id = report(bystander, subject, setup.group).json["id"]
    decide(setup.facilitator, report_id, "warn")
    action_id = subject.get("/api/v1/members/me/moderation").json["items"][0]["id"]
    assert (
        bystander.post(
            f"/api/v1/moderation-actions/{action_id}/appeal", json={"text": "Not mine but anyway."}
        ).status_code
        == 404
    )
    subject.post(
        f"/api/v1/moderation-actions/{action_id}/appeal", json={"text": "I disagree with this warning."}
    )
    assert (
        setup.facilitator.patch(
            f"/api/v1/moderation-actions/{action_id}", json={"decision": "overturn"}
        ).status_code
        == 403
    )
    assert setup.facilitator.get("/api/v1/moderation-actions").status_code == 403


def test_admins_search_the_audit_log_and_others_cannot(as_member, group_setup):
    setup = group_setup()
    admin = as_member(role="admin")
    report_id = report(setup.member(), setup.member(), setup.group).json["id"]
    decide(setup.facilitator, report_id, "warn")
    entries = admin.get("/api/v1/audit-log?action=moderation.warn").json["items"]
    assert len(entries) == 1 and entries[0]["actor_id"] == str(setup.facilitator.member.id)
    assert entries[0]["ip_address"]
    assert setup.facilitator.get("/api/v1/audit-log").status_code == 403
    assert admin.delete("/api/v1/audit-log").status_code == 405


def test_members_see_every_coach_read_of_their_plan(as_member):
    member, coach = as_member(), as_member(role="coach")
    CoachingRelationshipFactory(member=member.member, coach=coach.member)
    plan = CoachingPlanFactory(member=member.member)
    coach.get(f"/api/v1/coaching-plans/{plan.id}")
    coach.get(f"/api/v1/coaching-plans/{plan.id}/check-ins")
    member.get(f"/api/v1/coaching-plans/{plan.id}")  # my own reads are not logged
    log = member.get("/api/v1/members/me/access-log").json["items"]
    assert len(log) == 2
    assert {entry["viewer"]["id"] for entry in log} == {str(coach.member.id)}
    assert all(entry["viewer_role"] == "coach" for entry in log)
    assert coach.get("/api/v1/members/me/access-log").json["items"] == []


def test_erasure_keeps_moderation_records_without_the_member(app, group_setup, db_session):
    from api.models import ModerationAction, Report

    setup = group_setup()
    reporter, subject = setup.member(), setup.member()
    report_id = report(reporter, subject, setup.group).json["id"]
    decide(setup.facilitator, report_id, "warn")
    assert sign_in(app, subject.member).delete("/api/v1/members/me").status_code == 204
    assert sign_in(app, reporter.member).delete("/api/v1/members/me").status_code == 204
    db_session.expire_all()
    [action] = db_session.scalars(select(ModerationAction)).all()
    assert action.member_id is None and action.kind == "warn"
    [kept] = db_session.scalars(select(Report)).all()
    assert kept.reporter_id is None and kept.subject_member_id is None
    assert "Kept talking" not in kept.text


def test_a_suspended_member_is_refused_on_every_other_endpoint(app, as_member):
    """Sweep every authenticated route: all answer 403 to a suspended member, except data rights."""
    from api.db import Session, utcnow
    from api.tokens import ALLOWED_WHILE_SUSPENDED

    suspended = as_member()
    member = Session.get(type(suspended.member), suspended.member.id)
    member.banned_at = utcnow()
    Session.commit()
    placeholder = "00000000-0000-4000-8000-000000000000"
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.endpoint in ALLOWED_WHILE_SUSPENDED:
            continue
        if (
            rule.endpoint.startswith(("crisis.", "feeds.", "auth.", "tokens.", "oauth."))
            or "calendar.ics" in rule.rule
            or rule.endpoint in ("events.EventStream", "events.RecentEvents")
        ):
            continue  # public routes, sign-in itself, or a stream ticket (refused to the suspended)
        url = rule.rule
        url = re.sub(r"<any\(([^,)]+)[^>]*>", r"\1", url)  # a fixed set: its first value
        for argument in rule.arguments:
            url = url.replace(f"<uuid:{argument}>", placeholder).replace(f"<{argument}>", placeholder)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = suspended.client.open(url, method=method, headers=suspended.headers(), json={})
            assert response.status_code == 403, (method, url, response.status_code)
            checked += 1
    assert checked > 60


# --- reports on conversation posts and coach messages ---------------------------------------------


def _thread_with_reply(group, opener, replier, **reply):
    """A published thread by `opener` and a reply by `replier` (rows, built after sign-ins)."""
    thread = ThreadFactory(group=group, author=opener)
    return PostFactory(thread=thread, author=replier, body="Just stop your meds.", **reply)


def _message(relationship, author, body="You should skip your appointment."):
    return CoachMessageFactory(relationship=relationship, author=author, body=body)


def report_post(client, post, category="harmful_advice"):
    body = {"post_id": str(post.id), "category": category, "text": "This could hurt someone reading it."}
    return client.post(REPORTS, json=body)


def test_member_can_report_a_post_as_harmful_advice_and_its_facilitators_see_the_author(
    group_setup, db_session
):
    setup = group_setup()
    reporter, author = setup.member(), setup.member()
    post = _thread_with_reply(setup.group, setup.facilitator.member, author.member, anonymous_to_peers=True)
    created = report_post(reporter, post)
    assert created.status_code == 201
    assert set(created.json) == {"id", "status", "created_at"}  # nothing about the (anonymous) author
    [queued] = setup.facilitator.get(REPORTS).json["items"]
    assert queued["post_id"] == str(post.id) and queued["category"] == "harmful_advice"
    assert queued["subject"]["id"] == str(author.member.id) and queued["group_id"] == str(setup.group.id)


def test_member_cannot_name_the_group_or_subject_of_a_post_report(group_setup):
    setup = group_setup()
    post = _thread_with_reply(setup.group, setup.facilitator.member, setup.member().member)
    body = {"post_id": str(post.id), "subject_member_id": str(setup.facilitator.member.id)}
    response = setup.member().post(
        REPORTS, json={**body, "category": "spam", "text": "Pointing it elsewhere."}
    )
    assert response.status_code == 422 and "subject_member_id" in response.json["errors"]


def test_member_cannot_report_a_post_they_cannot_read(group_setup, member_client):
    private = group_setup(visibility="private")
    post = _thread_with_reply(private.group, private.facilitator.member, private.member().member)
    assert report_post(member_client, post).status_code == 404
    public = group_setup()
    visible = _thread_with_reply(public.group, public.facilitator.member, public.member().member)
    assert report_post(member_client, visible).status_code == 403  # a visible group, not a member


def test_member_cannot_report_someone_elses_held_post(group_setup):
    setup = group_setup()
    held = _thread_with_reply(setup.group, setup.facilitator.member, setup.member().member, status="held")
    assert report_post(setup.member(), held).status_code == 404


def test_member_cannot_report_their_own_post(group_setup):
    setup = group_setup()
    author = setup.member()
    post = _thread_with_reply(setup.group, setup.facilitator.member, author.member)
    assert report_post(author, post).status_code == 422


def test_member_can_report_their_coachs_message_and_it_goes_to_admins(as_member):
    admin = as_member(role="admin")
    relationship = CoachingRelationshipFactory()
    member = sign_in(admin.client.application, relationship.member)
    message = _message(relationship, relationship.coach)
    body = {"message_id": str(message.id), "category": "harmful_advice", "text": "Told me to skip my doctor."}
    assert member.post(REPORTS, json=body).status_code == 201
    [queued] = admin.get(REPORTS).json["items"]
    assert queued["message_id"] == str(message.id) and queued["group_id"] is None
    assert queued["subject"]["id"] == str(relationship.coach.id)


def test_former_coach_and_strangers_cannot_report_a_message(as_member, member_client):
    relationship = CoachingRelationshipFactory(status="ended")
    message = _message(relationship, relationship.member, body="I am struggling today.")
    coach = sign_in(member_client.client.application, relationship.coach)
    body = {"message_id": str(message.id), "category": "other", "text": "Reporting after it ended."}
    assert coach.post(REPORTS, json=body).status_code == 404
    assert member_client.post(REPORTS, json=body).status_code == 404


def test_facilitator_can_hide_a_reported_post_and_the_author_can_appeal(group_setup, db_session):
    setup = group_setup()
    reporter, author = setup.member(), setup.member()
    post = _thread_with_reply(setup.group, setup.facilitator.member, author.member)
    report_id = report_post(reporter, post).json["id"]
    decided = decide(setup.facilitator, report_id, "hide_post")
    assert decided.status_code == 200 and decided.json["status"] == "actioned"
    [notice] = author.get("/api/v1/members/me/moderation").json["items"]
    assert notice["kind"] == "hide_post" and notice["post_id"] == str(post.id)
    appeal = author.post(
        f"/api/v1/moderation-actions/{notice['id']}/appeal", json={"text": "Please look again."}
    )
    assert appeal.status_code == 200


def test_hide_post_is_not_a_decision_for_a_report_about_a_member(group_setup):
    setup = group_setup()
    report_id = report(setup.member(), setup.member(), setup.group).json["id"]
    assert decide(setup.facilitator, report_id, "hide_post").status_code == 409


def test_admin_overturning_a_hide_post_appeal_restores_the_post(group_setup, as_member, db_session):
    from api.models import Post

    setup = group_setup()
    reporter, author = setup.member(), setup.member()
    admin = as_member(role="admin")
    post = _thread_with_reply(setup.group, setup.facilitator.member, author.member)
    decide(setup.facilitator, report_post(reporter, post).json["id"], "hide_post")
    [notice] = author.get("/api/v1/members/me/moderation").json["items"]
    author.post(f"/api/v1/moderation-actions/{notice['id']}/appeal", json={"text": "It was my own story."})
    admin.patch(f"/api/v1/moderation-actions/{notice['id']}", json={"decision": "overturn"})
    assert db_session.get(Post, post.id).status == "published"


def test_admin_reads_reported_content_and_the_author_sees_it_in_the_access_log(group_setup, as_member):
    setup = group_setup()
    reporter, author = setup.member(), setup.member()
    admin = as_member(role="admin")
    post = _thread_with_reply(setup.group, setup.facilitator.member, author.member, anonymous_to_peers=True)
    report_id = report_post(reporter, post).json["id"]
    content = admin.get(f"{REPORTS}/{report_id}/content")
    assert content.status_code == 200
    assert content.json["body"] == "Just stop your meds." and content.json["author"]["id"] == str(
        author.member.id
    )
    [entry] = author.get("/api/v1/members/me/access-log").json["items"]
    assert entry["viewer_role"] == "admin" and entry["object_id"] == str(post.id)


def test_facilitator_reads_a_reported_published_post_without_an_access_log_entry(group_setup):
    setup = group_setup()
    reporter, author = setup.member(), setup.member()
    post = _thread_with_reply(setup.group, setup.facilitator.member, author.member)
    report_id = report_post(reporter, post).json["id"]
    assert setup.facilitator.get(f"{REPORTS}/{report_id}/content").status_code == 200
    assert author.get("/api/v1/members/me/access-log").json["items"] == []


def test_facilitator_reading_a_hidden_reported_post_is_in_the_access_log(group_setup):
    setup = group_setup()
    reporter, author = setup.member(), setup.member()
    post = _thread_with_reply(setup.group, setup.facilitator.member, author.member)
    report_id = report_post(reporter, post).json["id"]
    decide(setup.facilitator, report_id, "hide_post")
    assert setup.facilitator.get(f"{REPORTS}/{report_id}/content").json["status"] == "hidden"
    [entry] = author.get("/api/v1/members/me/access-log").json["items"]
    assert entry["viewer_role"] == "facilitator"


def test_reporter_and_other_groups_facilitators_cannot_read_reported_content(group_setup):
    setup, other = group_setup(), group_setup()
    reporter = setup.member()
    post = _thread_with_reply(setup.group, setup.facilitator.member, setup.member().member)
    report_id = report_post(reporter, post).json["id"]
    assert reporter.get(f"{REPORTS}/{report_id}/content").status_code == 404
    assert other.facilitator.get(f"{REPORTS}/{report_id}/content").status_code == 404


def test_reported_content_of_a_member_report_is_404(group_setup):
    setup = group_setup()
    report_id = report(setup.member(), setup.member(), setup.group).json["id"]
    assert setup.facilitator.get(f"{REPORTS}/{report_id}/content").status_code == 404
