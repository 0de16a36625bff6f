"""Configuration: generated keys in the embedded default, refusal without secrets in production."""

import pytest

from api import create_app
from api.config import Config, ConfigurationError, TestConfig

STRONG_SECRET = "q3Vh8-Lk2mZp9RtXw4Yb7NcJ1sDfGa6E"
STRONG_JWT_SECRET = "Tn5bW8xK-2pLq7ZrV4mY9cHd3JfSa6Eu"


@pytest.fixture
def clean_environment(monkeypatch, tmp_path):
    for name in ("SECRET_KEY", "JWT_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PEERWAY_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PEERWAY_INSTANCE_PATH", str(tmp_path))
    return tmp_path


def test_embedded_default_generates_keys_once_into_the_instance_folder(clean_environment):
    first, second = Config(), Config()
    assert first.SECRET_KEY == second.SECRET_KEY and len(first.SECRET_KEY) >= 32
    assert first.JWT_SECRET_KEY != first.SECRET_KEY
    key_file = clean_environment / "secret_key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert first.DATABASE_URL == f"sqlite:///{clean_environment / 'peerway.sqlite3'}"
    assert first.RATELIMIT_STORAGE_URI == "memory://"


def test_production_refuses_to_start_without_secrets(clean_environment, monkeypatch):
    monkeypatch.setenv("PEERWAY_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/test")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app(Config())


def test_production_starts_with_secrets_from_the_environment(clean_environment, monkeypatch):
    monkeypatch.setenv("PEERWAY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)
    monkeypatch.setenv("JWT_SECRET_KEY", STRONG_JWT_SECRET)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    config = Config()
    assert config.SECRET_KEY == STRONG_SECRET
    assert config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    assert not (clean_environment / "secret_key").exists()


@pytest.mark.parametrize(
    ("secret", "jwt_secret", "problem"),
    [
        ("changeme", STRONG_JWT_SECRET, "SECRET_KEY is weak"),
        ("s" * 40, STRONG_JWT_SECRET, "SECRET_KEY is weak"),
        (STRONG_SECRET, TestConfig.JWT_SECRET_KEY, "JWT_SECRET_KEY is weak"),
        (STRONG_SECRET, STRONG_SECRET, "must differ"),
    ],
)
def test_production_refuses_weak_or_default_keys(clean_environment, monkeypatch, secret, jwt_secret, problem):
    monkeypatch.setenv("PEERWAY_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    monkeypatch.setenv("JWT_SECRET_KEY", jwt_secret)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    with pytest.raises(ConfigurationError, match=problem):
        Config()


# --- (fixes) live-update timings are configuration, not defaults buried in a view ----------------


def test_live_stream_timings_are_declared_in_config_and_lowered_for_tests(app):
    assert (Config.LIVE_HEARTBEAT_SECONDS, Config.LIVE_STREAM_LIFETIME_SECONDS, Config.LIVE_RETRY_MS) == (
        15.0,
        600.0,
        3000,
    )
    assert TestConfig.LIVE_STREAM_LIFETIME_SECONDS < 5 and TestConfig.LIVE_HEARTBEAT_SECONDS < 1
    from api.resources.events import _settings

    with app.test_request_context():
        settings = _settings()
    assert settings.lifetime_seconds == app.config["LIVE_STREAM_LIFETIME_SECONDS"]
    assert settings.retry_ms == app.config["LIVE_RETRY_MS"]
