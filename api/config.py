"""Configuration from environment variables, with safe embedded defaults.

The embedded default (no environment at all) is a SQLite file, in-memory rate limits and keys
generated once into the instance folder. Production (`PEERWAY_ENV=production`) refuses to start
without explicit secrets and a real database.
"""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"
MIGRATIONS_PATH = PROJECT_ROOT / "migrations"


class ConfigurationError(RuntimeError):
    """Raised when the app is started without configuration it cannot run without."""


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def load_or_create_secret(instance_path: Path, name: str) -> str:
    """Read a key from the instance folder, creating it on first start (embedded default only).

    Several gunicorn workers may start at once: the key is written to a private temporary file
    and linked into place, which fails if another worker won, so every worker reads one key.
    """
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / name
    if not key_file.exists():
        fd, temporary = tempfile.mkstemp(dir=instance_path, prefix=f".{name}.")
        try:
            os.write(fd, secrets.token_urlsafe(48).encode())
            os.close(fd)
            os.link(temporary, key_file)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return key_file.read_text().strip()


KNOWN_WEAK_KEYS = {"secret", "changeme", "change-me", "dev", "development", "password", "peerway", "test"}
MIN_KEY_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 12  # a random URL-safe key of 32+ characters has about 25


def refuse_weak_keys(secret_key: str, jwt_secret_key: str) -> None:
    """Production keys must be long, random-looking, not a known default, and not the same."""
    for name, key in (("SECRET_KEY", secret_key), ("JWT_SECRET_KEY", jwt_secret_key)):
        weak = (
            len(key) < MIN_KEY_LENGTH
            or len(set(key)) < MIN_DISTINCT_CHARACTERS
            or key.lower() in KNOWN_WEAK_KEYS
            or "not-for-production" in key
        )
        if weak:
            raise ConfigurationError(
                f"{name} is weak: use at least {MIN_KEY_LENGTH} random characters, e.g. "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
    if secret_key == jwt_secret_key:
        raise ConfigurationError("SECRET_KEY and JWT_SECRET_KEY must differ.")


def checked_public_base_url(url: str | None) -> str | None:
    """`https://host[/path]` without a trailing slash, or None; anything else refuses to start."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigurationError(
            f"PUBLIC_BASE_URL must be an absolute http(s) URL, e.g. https://peerway.example.org, not {url!r}."
        )
    return url.strip().rstrip("/")


class Config:
    """Settings shared by every environment; values come from the environment when set."""

    ENVIRONMENT = "embedded"
    INSTANCE_PATH = DEFAULT_INSTANCE_PATH
    DATABASE_URL: str | None = None
    REDIS_URL: str | None = None
    JOB_QUEUE_URL: str | None = None
    SECRET_KEY: str | None = None
    JWT_SECRET_KEY: str | None = None

    # Connections each process may hold (see deploy/README.md for sizing against max_connections).
    DATABASE_POOL_SIZE = _env_int("DATABASE_POOL_SIZE", 5)
    DATABASE_MAX_OVERFLOW = _env_int("DATABASE_MAX_OVERFLOW", 5)

    API_TITLE = "Peerway API"
    API_VERSION = "1.0.0"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"

    MAX_CONTENT_LENGTH = 1024 * 1024
    JSON_SORT_KEYS = False

    JWT_ALGORITHM = "HS256"
    JWT_DECODE_ALGORITHMS = ["HS256"]
    JWT_TOKEN_LOCATION = ["headers"]
    JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=_env_int("ACCESS_TOKEN_MINUTES", 15))
    JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=_env_int("REFRESH_TOKEN_DAYS", 30))
    # A login gives a fresh access token; destructive actions (erasure) require one.
    FRESH_TOKEN_WINDOW = timedelta(minutes=10)
    JWT_ERROR_MESSAGE_KEY = "detail"

    # argon2id, OWASP's second recommended profile (m=19 MiB, t=2, p=1): about 50 ms a hash on
    # this class of machine, instead of about 200 ms at argon2-cffi's defaults.
    ARGON2_TIME_COST = _env_int("ARGON2_TIME_COST", 2)
    ARGON2_MEMORY_COST = _env_int("ARGON2_MEMORY_COST", 19 * 1024)
    ARGON2_PARALLELISM = _env_int("ARGON2_PARALLELISM", 1)

    RATELIMIT_ENABLED = True
    RATELIMIT_DEFAULT = os.environ.get("RATELIMIT_DEFAULT", "600 per minute")
    RATELIMIT_AUTH = os.environ.get("RATELIMIT_AUTH", "20 per minute")
    # Signed-out reads of public groups, sessions and the directory, per address.
    RATELIMIT_VISITOR_READS = os.environ.get("RATELIMIT_VISITOR_READS", "300 per minute")
    # Group conversations: new threads and replies per member, shared by every worker and instance
    # (slow mode and the daily cap are per group, on top of it).
    RATELIMIT_POSTS = os.environ.get("RATELIMIT_POSTS", "10 per minute")
    # Coach messages sent (and read markers) per member, shared by every worker and instance.
    RATELIMIT_COACH_MESSAGES = os.environ.get("RATELIMIT_COACH_MESSAGES", "30 per minute")
    # Live updates (Server-Sent Events, api/resources/events.py). A heartbeat comment on an idle
    # stream keeps proxies (nginx's proxy_read_timeout is 60 s) from closing it; a stream ends after
    # its lifetime so the client reconnects with a new ticket, which re-checks its sign-in and
    # channels; `retry:` tells the browser how long to wait before reconnecting after a drop.
    LIVE_HEARTBEAT_SECONDS = _env_float("LIVE_HEARTBEAT_SECONDS", 15.0)
    LIVE_STREAM_LIFETIME_SECONDS = _env_float("LIVE_STREAM_LIFETIME_SECONDS", 600.0)
    LIVE_RETRY_MS = _env_int("LIVE_RETRY_MS", 3000)
    # An open stream re-checks its sign-in and channels this often and ends once one fails (a coach
    # whose relationship ended, a member removed from a group): at most this long of stale access.
    LIVE_RECHECK_SECONDS = _env_float("LIVE_RECHECK_SECONDS", 60.0)
    RATELIMIT_FAILED_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_FAILED_LOGIN_ACCOUNT", "5 per 15 minutes")
    RATELIMIT_FAILED_LOGIN_ADDRESS = os.environ.get("RATELIMIT_FAILED_LOGIN_ADDRESS", "20 per 15 minutes")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.2, "socket_connect_timeout": 0.2}

    CORS_ORIGINS = _env_list("CORS_ORIGINS", "http://localhost:5173,http://127.0.0.1:5173")
    # Number of reverse proxies in front of the app whose X-Forwarded-For can be trusted.
    TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)
    HSTS_ENABLED = os.environ.get("HSTS_ENABLED", "0") == "1"
    IDEMPOTENCY_KEY_TTL = timedelta(hours=24)
    # Longer than any request may run (gunicorn's timeout is 30 s): an older unfinished claim was
    # left by a worker that died.
    IDEMPOTENCY_CLAIM_LEASE = timedelta(seconds=120)
    MAIL_FROM = os.environ.get("MAIL_FROM", "Peerway <no-reply@peerway.invalid>")
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = _env_int("SMTP_PORT", 587)
    SMTP_USER = os.environ.get("SMTP_USER")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "1") == "1"
    JOB_QUEUE_NAME = os.environ.get("JOB_QUEUE_NAME", "peerway")
    PROJECT_ROOT_MIGRATIONS = MIGRATIONS_PATH
    # Partner clinics: client-credentials access tokens live minutes, and are checked against the
    # client on every request, so revoking a client ends its tokens at once.
    CLINIC_TOKEN_EXPIRES = timedelta(minutes=_env_int("CLINIC_TOKEN_MINUTES", 10))
    CLINIC_INVITATION_DAYS = 30
    # Webhooks: https only, except http to loopback outside production (a local receiver);
    # targets that resolve to private, loopback or link-local addresses are refused in production.
    WEBHOOK_ALLOW_LOOPBACK_HTTP = True
    WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    WEBHOOK_TIMEOUT_SECONDS = 5
    WEBHOOK_REPLAY_WINDOW_SECONDS = 300
    # Exponential back-off between attempts (seconds); the delivery fails after the last one.
    WEBHOOK_RETRY_DELAYS = (10, 60, 300, 1800, 7200)
    SPA_DIST = Path(os.environ.get("SPA_DIST", PROJECT_ROOT / "frontend" / "dist"))

    # Compression of dynamic answers (flask-compress): JSON, the /help page and its data. The SPA's
    # files are precompressed at build time instead (api/web.py). Levels measured on a 20-item
    # list of 16.6 kB (bench/README.md, "Transfer sizes"): brotli 3 ~0.11 ms of CPU -> 22 %, gzip 1
    # ~0.08 ms -> 24 %; gzip 6 would cost 0.22 ms for 11 % fewer bytes. Below one TCP segment's
    # worth of body, compressing saves no packet, only CPU. Streams are left as they are.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 3
    COMPRESS_LEVEL = 1
    COMPRESS_MIN_SIZE = 1400
    COMPRESS_STREAMS = False
    COMPRESS_MIMETYPES = [
        "application/json",
        "application/manifest+json",
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "image/svg+xml",
    ]
    # Where visitors open the SPA, e.g. https://peerway.example.org: absolute links that leave the
    # site (the Meeting Guide feed) are built on it. Unset, the request's own origin is used.
    PUBLIC_BASE_URL: str | None = None

    def __init__(self) -> None:
        self.read_environment()
        self.finalize()

    def read_environment(self) -> None:
        """Read deployment settings when the app is created, not when this module is imported."""
        self.ENVIRONMENT = os.environ.get("PEERWAY_ENV", self.ENVIRONMENT)
        self.INSTANCE_PATH = Path(os.environ.get("PEERWAY_INSTANCE_PATH", self.INSTANCE_PATH))
        self.DATABASE_URL = os.environ.get("DATABASE_URL") or self.DATABASE_URL
        self.REDIS_URL = os.environ.get("REDIS_URL") or self.REDIS_URL
        # Background jobs go to RQ on this Redis; unset, they run inline (the embedded default).
        self.JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL") or self.REDIS_URL
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or self.SECRET_KEY
        self.JWT_SECRET_KEY = os.environ.get("JWT_SECRET_KEY") or self.JWT_SECRET_KEY
        self.CORS_ORIGINS = _env_list("CORS_ORIGINS", ",".join(self.CORS_ORIGINS))
        self.PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL") or self.PUBLIC_BASE_URL

    def finalize(self) -> None:
        """Fill in generated defaults, or refuse to start in production without real settings."""
        if self.ENVIRONMENT == "production":
            missing = [
                name for name in ("SECRET_KEY", "JWT_SECRET_KEY", "DATABASE_URL") if not getattr(self, name)
            ]
            if missing:
                raise ConfigurationError(
                    f"PEERWAY_ENV=production needs these environment variables: {', '.join(missing)}"
                )
            refuse_weak_keys(self.SECRET_KEY, self.JWT_SECRET_KEY)
        self.SECRET_KEY = self.SECRET_KEY or load_or_create_secret(self.INSTANCE_PATH, "secret_key")
        self.JWT_SECRET_KEY = self.JWT_SECRET_KEY or load_or_create_secret(
            self.INSTANCE_PATH, "jwt_secret_key"
        )
        if not self.DATABASE_URL:
            self.DATABASE_URL = f"sqlite:///{self.INSTANCE_PATH / 'peerway.sqlite3'}"
        if self.ENVIRONMENT == "production":
            self.WEBHOOK_ALLOW_LOOPBACK_HTTP = False
            self.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.PUBLIC_BASE_URL = checked_public_base_url(self.PUBLIC_BASE_URL)
        self.SQLALCHEMY_DATABASE_URI = self.DATABASE_URL


class TestConfig(Config):
    """Fast hashing, a throwaway instance folder and the database named by TEST_DATABASE_URL."""

    __test__ = False  # not a pytest test class
    TESTING = True
    ENVIRONMENT = "test"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1
    SECRET_KEY = "test-secret-key-not-for-production-use-0123456789"
    JWT_SECRET_KEY = "test-jwt-secret-key-not-for-production-use-0123456789"
    # A test that opens a stream reads it to its end: seconds, not the 10 minutes of a deployment.
    LIVE_HEARTBEAT_SECONDS = 0.05
    LIVE_STREAM_LIFETIME_SECONDS = 0.5

    def __init__(self, database_url: str | None = None, instance_path: Path | None = None) -> None:
        self._database_url = database_url
        self._instance_path = instance_path
        super().__init__()

    def read_environment(self) -> None:
        """Tests never read the deployment's variables, only their own TEST_* ones."""
        self.DATABASE_URL = self._database_url or os.environ.get("TEST_DATABASE_URL")
        self.REDIS_URL = os.environ.get("TEST_REDIS_URL")
        self.JOB_QUEUE_URL = None  # jobs run inline in tests, unless a test starts real workers
        if self._instance_path:
            self.INSTANCE_PATH = self._instance_path
