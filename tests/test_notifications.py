"""In-app notifications: my own only, marked read."""

from api.models.notifications import NotificationKind
from api.services.notifications import notify


def make_notification(db_session, member, title="Hello"):
    notify([member.id], NotificationKind.MEMBERSHIP_CHANGED, title=title, body="Body", link="/groups")
    db_session.commit()


def test_member_lists_own_notifications_newest_first(member_client, other_member_client, db_session):
    make_notification(db_session, member_client.member, "First")
    make_notification(db_session, member_client.member, "Second")
    make_notification(db_session, other_member_client.member, "Not yours")
    items = member_client.get("/api/v1/members/me/notifications").json["items"]
    assert [item["title"] for item in items] == ["Second", "First"]


def test_member_marks_a_notification_read(member_client, db_session):
    make_notification(db_session, member_client.member)
    item = member_client.get("/api/v1/members/me/notifications").json["items"][0]
    response = member_client.post(f"/api/v1/members/me/notifications/{item['id']}/read")
    assert response.status_code == 200 and response.json["read_at"]
    assert member_client.get("/api/v1/members/me/notifications?unread=true").json["items"] == []


def test_member_cannot_mark_another_members_notification(member_client, other_member_client, db_session):
    make_notification(db_session, other_member_client.member)
    theirs = other_member_client.get("/api/v1/members/me/notifications").json["items"][0]
    assert member_client.post(f"/api/v1/members/me/notifications/{theirs['id']}/read").status_code == 404
    assert other_member_client.get("/api/v1/members/me/notifications?unread=true").json["items"]


def test_notification_list_uses_a_fixed_number_of_queries(member_client, db_session, count_queries):
    for index in range(15):
        make_notification(db_session, member_client.member, f"n{index}")
    counts = []
    for limit in (1, 15):
        with count_queries() as counter:
            member_client.get(f"/api/v1/members/me/notifications?limit={limit}")
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_member_reads_the_unread_count(member_client, db_session):
    make_notification(db_session, member_client.member, "One")
    make_notification(db_session, member_client.member, "Two")
    assert member_client.get("/api/v1/members/me/notifications/unread-count").json == {"count": 2}


def test_member_marks_all_their_notifications_read(member_client, other_member_client, db_session):
    for title in ("One", "Two"):
        make_notification(db_session, member_client.member, title)
    make_notification(db_session, other_member_client.member, "Not yours")
    response = member_client.post("/api/v1/members/me/notifications/read-all")
    assert response.status_code == 200 and response.json == {"count": 0}
    assert member_client.get("/api/v1/members/me/notifications/unread-count").json == {"count": 0}
    assert other_member_client.get("/api/v1/members/me/notifications/unread-count").json == {"count": 1}
