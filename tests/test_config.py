"""Configuration: generated keys in the embedded default, refusal without secrets in production."""

import pytest

from api import create_app
from api.config import Config, ConfigurationError


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
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("JWT_SECRET_KEY", "j" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    config = Config()
    assert config.SECRET_KEY == "s" * 40
    assert config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    assert not (clean_environment / "secret_key").exists()
