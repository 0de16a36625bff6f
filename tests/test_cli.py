"""Operator commands."""

from sqlalchemy import func, select

from api.demo import DEMO_GROUPS, DEMO_MEMBERS, DEMO_PASSWORD
from api.models import CheckIn, Group, GroupSession, Member
from tests.factories import MemberFactory


def test_operator_can_grant_a_role(app, db_session):
    member = MemberFactory(email="sam@example.org")
    result = app.test_cli_runner().invoke(args=["grant-role", "SAM@example.org", "facilitator", "--trained"])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    member = db_session.get(Member, member.id)
    assert member.role == "facilitator" and member.is_trained_facilitator


def test_grant_role_refuses_unknown_roles_and_members(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["grant-role", "x@example.org", "superuser"]).exit_code != 0
    result = runner.invoke(args=["grant-role", "nobody@example.org", "coach"])
    assert result.exit_code != 0 and "No member" in result.output


def test_seed_demo_is_idempotent_and_prints_logins(app, client, db_session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == second.exit_code == 0
    assert DEMO_MEMBERS[0][0] in first.output and DEMO_PASSWORD in first.output
    assert db_session.scalar(select(func.count()).select_from(Member)) == len(DEMO_MEMBERS)
    assert db_session.scalar(select(func.count()).select_from(Group)) == len(DEMO_GROUPS)
    assert db_session.scalar(select(func.count()).select_from(GroupSession)) == 12 * len(DEMO_GROUPS)
    assert db_session.scalar(select(func.count()).select_from(CheckIn)) == 120
    login = client.post("/api/v1/auth/login", json={"email": DEMO_MEMBERS[1][0], "password": DEMO_PASSWORD})
    assert login.status_code == 200


def test_purge_expired_deletes_only_ended_sign_ins(app, db_session):
    import datetime as dt

    from api.db import utcnow
    from api.models import LoginSession
    from tests.factories import LoginSessionFactory

    ended = LoginSessionFactory(expires_at=utcnow() - dt.timedelta(days=1))
    active = LoginSessionFactory()
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert db_session.get(LoginSession, ended.id) is None
    assert db_session.get(LoginSession, active.id) is not None
