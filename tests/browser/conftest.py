"""Browser journeys: the built SPA and the real API in one local server, driven by Debian's Chromium.

Run `make build-frontend` first. No browser is downloaded: Playwright launches /usr/bin/chromium
(`apt-get install -y chromium`).
"""

import json
import os
import threading
import uuid
from pathlib import Path

import pytest
from browser_support import AXE_SCRIPT, PASSWORD, REPO, Account, call_api, new_email, put_tokens_in
from playwright.sync_api import expect
from werkzeug.serving import make_server

# PEERWAY_SPA_DIST runs the journeys against another build of the SPA (default: frontend/dist).
SPA_DIST = Path(os.environ.get("PEERWAY_SPA_DIST") or REPO / "frontend" / "dist")
CHROMIUM = Path("/usr/bin/chromium")
BLOCKING_IMPACTS = ("serious", "critical")

# CI machines have two cores shared with a server and a browser: give assertions some slack.
expect.set_options(timeout=10_000)


@pytest.fixture(autouse=True)
def db_session():
    """Neutralise the root conftest's per-test transaction: the server thread commits for real."""
    yield


@pytest.fixture(scope="session")
def spa_server(tmp_path_factory):
    """The API and the built SPA on one ephemeral port, with a throwaway SQLite database."""
    if not (SPA_DIST / "index.html").is_file():
        pytest.fail(f"{SPA_DIST / 'index.html'} is missing: run make build-frontend", pytrace=False)
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run make install-frontend", pytrace=False)

    import api.models  # noqa: F401  (registers every table on Base.metadata)
    from api import create_app
    from api.config import TestConfig
    from api.db import Base

    tmp = tmp_path_factory.mktemp("browser")
    config = TestConfig(database_url=f"sqlite:///{tmp}/browser.sqlite3", instance_path=tmp)
    # Every journey signs up and in from 127.0.0.1; the production-strength per-address limit
    # on /auth would turn the later journeys into 429s. Failed-login limits stay as they are.
    config.RATELIMIT_AUTH = "1000 per minute"
    # Likewise for signed-out reads of public groups, sessions and the directory (per address).
    config.RATELIMIT_VISITOR_READS = "10000 per minute"
    # This server's limits live in its own memory, not in a shared Redis (TEST_REDIS_URL): counts
    # left by other test runs must not turn these journeys into 429s, nor these theirs.
    config.REDIS_URL = None
    config.RATELIMIT_STORAGE_URI = "memory://"
    # Live streams as a member's browser holds them (TestConfig ends them after half a second so
    # API tests can read one to its end): the SPA keeps one stream open across pages.
    config.LIVE_HEARTBEAT_SECONDS = 5.0
    config.LIVE_STREAM_LIFETIME_SECONDS = 60.0
    app = create_app(config)
    app.config["SPA_DIST"] = SPA_DIST
    Base.metadata.create_all(app.extensions["engine"])

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="peerway-browser", daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["engine"].dispose()


@pytest.fixture(scope="session")
def base_url(spa_server):
    return spa_server[1]


@pytest.fixture(scope="session")
def spa_app(spa_server):
    """The Flask app behind the server, for setup the API does not offer (roles)."""
    return spa_server[0]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium", pytrace=False)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as an inline script, which the SPA's strict CSP would block;
    # test_spa_runs_under_its_content_security_policy checks the app with the CSP enforced.
    return {
        **browser_context_args,
        "bypass_csp": True,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
        "accept_downloads": True,
        # The journeys test the app, not its service worker: without this, every journey's first
        # page would have the worker precache the whole build (100 requests) behind its back.
        # test_browser_offline.py opens contexts with the worker allowed.
        "service_workers": "block",
    }


@pytest.fixture
def member(base_url):
    """A registered member who is not signed in anywhere yet."""
    details = {
        "email": f"member-{uuid.uuid4().hex[:12]}@example.org",
        "password": PASSWORD,
        "display_name": f"Wren {uuid.uuid4().hex[:4]}",
        "time_zone": "Europe/London",
    }
    status, body = call_api(base_url, "POST", "/api/v1/auth/register", details)
    assert status == 201, body
    return details


@pytest.fixture
def make_account(base_url, spa_app):
    """Register a member through the API (optionally granting a role with `flask grant-role`),
    sign them in, and return their details with tokens and id."""

    def make(display_name: str, role: str | None = None, trained: bool = False) -> Account:
        email = new_email()
        status, body = call_api(
            base_url,
            "POST",
            "/api/v1/auth/register",
            {
                "email": email,
                "password": PASSWORD,
                "display_name": display_name,
                "time_zone": "Europe/London",
            },
        )
        assert status == 201, body
        if role:
            args = ["grant-role", email, role] + (["--trained"] if trained else [])
            result = spa_app.test_cli_runner().invoke(args=args)
            assert result.exit_code == 0, result.output
        status, tokens = call_api(
            base_url, "POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD}
        )
        assert status == 200, tokens
        status, me = call_api(base_url, "GET", "/api/v1/members/me", token=tokens["access_token"])
        assert status == 200, me
        return Account(email, display_name, me["id"], tokens["access_token"], tokens["refresh_token"])

    return make


@pytest.fixture
def sign_in_as(page):
    """Put an account's tokens in the browser, as after signing in."""

    def sign_in(account: Account):
        return put_tokens_in(page, account)

    return sign_in


@pytest.fixture
def signed_in_page(page, base_url, member):
    """A page whose browser holds a member's tokens, as after signing in."""
    status, tokens = call_api(
        base_url, "POST", "/api/v1/auth/login", {"email": member["email"], "password": member["password"]}
    )
    assert status == 200, tokens
    page.goto("/help")
    page.evaluate(
        """([access, refresh]) => {
            localStorage.setItem("peerway.access_token", access);
            localStorage.setItem("peerway.refresh_token", refresh);
        }""",
        [tokens["access_token"], tokens["refresh_token"]],
    )
    return page


@pytest.fixture
def check_page():
    """Checks every page a journey visits: help link, one h1, a title, no serious axe violations."""

    def check(page) -> None:
        help_link = page.get_by_role("link", name="Get help now")
        help_link.wait_for(state="visible")
        assert help_link.get_attribute("href") == "/help"
        page.locator("main h1").first.wait_for()
        assert page.locator("h1").count() == 1, f"{page.url} should have exactly one h1"
        assert page.title().endswith("Peerway"), page.title()
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE_SCRIPT))
        results = page.evaluate(
            """() => axe.run(document, { resultTypes: ["violations"] })
                 .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)})))"""
        )
        blocking = [v for v in results if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe found serious problems on {page.url}:\n" + json.dumps(blocking, indent=2)

    return check
