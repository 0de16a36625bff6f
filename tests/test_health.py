"""Health checks: /healthz from the process alone, /readyz from the database and Redis."""

from api import create_app
from api.config import TestConfig


def test_healthz_answers_without_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_is_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"


def test_readyz_is_503_when_the_database_or_redis_is_down(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1"
    app = create_app(TestConfig(database_url=unreachable, instance_path=tmp_path))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.json["database"] == "unavailable" and response.json["redis"] == "unavailable"
    assert app.test_client().get("/healthz").status_code == 200


def test_retry_after_is_sent_only_with_refusals(client):
    counted = client.post("/api/v1/auth/register", json={})  # a write: counted, then refused (422)
    assert "X-RateLimit-Remaining" in counted.headers
    assert "Retry-After" not in counted.headers


def test_reads_are_not_counted_by_the_app(client):
    """Reads are limited per address by the reverse proxy, not with a Redis round trip each."""
    assert "X-RateLimit-Remaining" not in client.get("/healthz").headers
