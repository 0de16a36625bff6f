"""The scale-out deployment files agree with the app (deploy/; the live proof is deploy/prove.py).

No nginx, PostgreSQL or Redis needed: these read the nginx template and the environment the
topology gives its processes, and check them against what the app expects.
"""

import importlib.util
import re
import sys
import uuid
from pathlib import Path

import pytest

from api.config import Config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_session():
    """No database here."""
    yield None


@pytest.fixture(scope="module")
def scaleout():
    spec = importlib.util.spec_from_file_location("scaleout", ROOT / "deploy" / "scaleout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["scaleout"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def conf(scaleout, tmp_path):
    return scaleout.render_nginx_conf(tmp_path, "127.0.0.1:8480", [8481, 8482, 8483])


def directive(conf: str, name: str) -> list[str]:
    return re.findall(rf"^[ \t]*{name}[ \t]+([^;{{]+);", conf, flags=re.MULTILINE)


def test_every_placeholder_is_filled_and_every_instance_is_an_upstream(conf):
    assert not re.search(r"@@[A-Z_]+@@", conf)
    # The instances, then the live-event stream upstream (the same instances without stream pools).
    assert directive(conf, "server") == [
        f"127.0.0.1:{port} max_fails=1 fail_timeout=10s" for port in (8481, 8482, 8483) * 2
    ]
    assert directive(conf, "listen") == ["127.0.0.1:8480"]


def test_nginx_refuses_bodies_the_app_would_refuse(conf):
    assert directive(conf, "client_max_body_size") == ["1m"]
    assert Config.MAX_CONTENT_LENGTH == 1024 * 1024


def test_nginx_never_replays_a_write_that_reached_an_instance(conf):
    choices = directive(conf, "proxy_next_upstream")
    assert choices == ["error timeout", "off", "off"]  # everything / the live stream / publishing guidelines


def test_forwarded_headers_match_the_one_trusted_proxy(scaleout, conf):
    """ProxyFix trusts X-Forwarded-For/-Proto/-Host from TRUSTED_PROXY_COUNT proxies: nginx must
    set all three itself, or a client could choose its own rate-limit address or host."""
    headers = dict(value.split(None, 1) for value in directive(conf, "proxy_set_header"))
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"
    assert headers["X-Forwarded-Proto"] == "$scheme"
    assert headers["X-Forwarded-Host"] == "$host"
    assert scaleout.Topology().env["TRUSTED_PROXY_COUNT"] == "1"


def test_the_topology_environment_starts_a_production_app(scaleout, monkeypatch):
    env = scaleout.Topology().env
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "JWT_SECRET_KEY",
        "PEERWAY_ENV",
        "TRUSTED_PROXY_COUNT",
    ):
        monkeypatch.setenv(name, env[name])
    config = Config()
    assert config.ENVIRONMENT == "production"
    assert config.RATELIMIT_STORAGE_URI == env["REDIS_URL"]
    assert len(config.SECRET_KEY) >= 48 and config.SECRET_KEY != config.JWT_SECRET_KEY


def _cached_locations(conf: str) -> list[re.Pattern]:
    """The regex locations that turn on the micro-cache."""
    blocks = re.findall(r"location ~ (\S+) \{(.*?)\n        \}", conf, flags=re.DOTALL)
    return [re.compile(pattern) for pattern, body in blocks if "proxy_cache peerway_public;" in body]


def test_nginx_micro_caches_exactly_the_reads_open_to_visitors(conf, app):
    spec = app.extensions["smorest_api"].spec.to_dict()
    sample = str(uuid.UUID(int=1))
    cached = _cached_locations(conf)
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        url = re.sub(r"\{[^}]+\}", sample, path)
        is_cached = any(pattern.fullmatch(url) for pattern in cached)
        open_to_visitors = {} in get.get("security", [])
        # Other public reads (crisis lines, the feed) answer no-cache, which nginx never stores.
        assert is_cached == open_to_visitors or (is_cached and not get.get("security")), path


def test_nginx_never_caches_a_signed_in_request(conf):
    assert re.search(r'map "\$http_authorization\$http_cookie" \$peerway_signed_in \{\s*""\s+0;', conf)
    locations = conf.count("proxy_cache peerway_public;")
    assert locations >= 1
    assert directive(conf, "proxy_cache_bypass") == ["$peerway_signed_in"] * locations
    assert directive(conf, "proxy_no_cache") == ["$peerway_signed_in"] * locations
    # The key names the URL only: whoever asks, a visitor's answer is the same.
    assert set(directive(conf, "proxy_cache_key")) == {'"$scheme$host$request_uri"'}
    assert directive(conf, "proxy_cache_lock") == ["on"] * locations
