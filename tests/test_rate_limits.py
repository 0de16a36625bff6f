"""Rate limits in Redis (shared by every worker), and their fallback when Redis goes away."""

import os
import uuid

import pytest

from api import create_app
from api.config import TestConfig
from tests.factories import PASSWORD, MemberFactory

LOGIN = "/api/v1/auth/login"
REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def app_with_storage(app, db_session, monkeypatch, tmp_path):
    """Build another app (another worker) on the same database with the given limit storage."""

    def build(storage_url: str):
        connection = db_session.get_bind()
        db_session.remove()
        monkeypatch.setenv("TEST_REDIS_URL", storage_url)
        other = create_app(TestConfig(database_url=app.config["DATABASE_URL"], instance_path=tmp_path))
        # creating an app re-binds the shared session: keep it inside this test's transaction
        db_session.configure(bind=connection, join_transaction_mode="create_savepoint")
        return other

    return build


def _failed_logins(client, email, times):
    return [client.post(LOGIN, json={"email": email, "password": "wrong-password-123"}) for _ in range(times)]


@pytest.mark.skipif(not REDIS_URL, reason="needs TEST_REDIS_URL (CI sets it)")
def test_failed_logins_are_counted_in_redis_across_workers(app_with_storage):
    email = f"{uuid.uuid4().hex}@example.org"
    first, second = app_with_storage(REDIS_URL), app_with_storage(REDIS_URL)
    _failed_logins(first.test_client(), email, 3)
    responses = _failed_logins(second.test_client(), email, 3)
    assert [response.status_code for response in responses] == [401, 401, 429]


def test_limits_fall_back_to_memory_when_redis_is_unreachable(app_with_storage):
    degraded = app_with_storage("redis://127.0.0.1:1/0")
    client = degraded.test_client()
    email = f"{uuid.uuid4().hex}@example.org"
    statuses = [response.status_code for response in _failed_logins(client, email, 6)]
    assert 500 not in statuses
    assert statuses[-1] == 429
    member = MemberFactory()
    assert client.post(LOGIN, json={"email": member.email, "password": PASSWORD}).status_code == 200
