"""No personal data reaches the application logs: a full scenario, every log record scanned."""

import logging

from tests.conftest import sign_in
from tests.factories import CoachingPlanFactory, CoachingRelationshipFactory, GroupSessionFactory

SECRET_NOTE = "my private words about a hard night"
COACH_NOTE = "confidential coaching note text"
PASSWORD = "kettle-orbit-lantern-42"


def test_a_full_scenario_logs_no_emails_notes_or_passwords(app, client, as_member, group_setup, caplog):
    caplog.set_level(logging.DEBUG)
    email = "private.person@example.org"
    client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "Quiet", "time_zone": "Europe/London"},
    )
    client.post("/api/v1/auth/login", json={"email": email, "password": "wrong-password-0000"})
    tokens = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    client.patch("/api/v1/members/me", json={"legal_name": "Legal Name Here"}, headers=headers)
    coach = as_member(role="coach")
    member = as_member()
    CoachingRelationshipFactory(member=member.member, coach=coach.member)
    plan = CoachingPlanFactory(member=member.member)
    member.post(
        f"/api/v1/coaching-plans/{plan.id}/check-ins",
        json={
            "mood": 2,
            "craving": 8,
            "note": SECRET_NOTE,
            "feels_safe": False,
            "instruments": {"phq9": [3, 3, 3, 3, 3, 3, 3, 3, 2]},
        },
    )
    coach.post(f"/api/v1/coaching-plans/{plan.id}/notes", json={"body": COACH_NOTE})
    setup = group_setup()
    attendee = setup.member()
    session = GroupSessionFactory(group=setup.group)
    attendee.put(f"/api/v1/sessions/{session.id}/rsvp")
    app.test_cli_runner().invoke(args=["send-due-reminders"])
    client.get("/api/v1/members/me/export", headers=headers)
    sign_in(app, member.member).delete("/api/v1/members/me")
    logged = "\n".join(record.getMessage() + " " + str(record.args) for record in caplog.records)
    assert len([r for r in caplog.records if r.name == "peerway.requests"]) >= 10  # the scenario was logged
    for secret in (
        email,
        member.member.email,
        attendee.member.email,
        SECRET_NOTE,
        COACH_NOTE,
        PASSWORD,
        "Legal Name Here",
        tokens["access_token"],
        tokens["refresh_token"],
    ):
        assert secret not in logged
    assert "@example.org" not in logged
