"""Helpers shared by the browser journeys (a uniquely named module: tests/ has no packages)."""

import json
import os
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "calm-harbour-lantern-7391"


def call_api(base_url: str, method: str, path: str, body: dict | None = None, token: str | None = None):
    """A direct API call (setup and checks outside the browser): (status, parsed JSON or None)."""
    request = urllib.request.Request(f"{base_url}{path}", method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(request, data=data, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


def new_email() -> str:
    return f"member-{uuid.uuid4().hex[:12]}@example.org"


@dataclass
class Account:
    """A registered, signed-in member (tokens from the API, not the browser)."""

    email: str
    display_name: str
    id: str
    access_token: str
    refresh_token: str


PHONE = {"width": 390, "height": 844}


def record_csp_violations(page) -> list[str]:
    """The Content-Security-Policy violations the page reports on its console, as they happen."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    return violations


def phone_screenshot(page, name: str) -> None:
    """With PEERWAY_SCREENSHOTS=<dir>, save a full-page phone-width screenshot for a human to look at."""
    folder = os.environ.get("PEERWAY_SCREENSHOTS")
    if not folder:
        return
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        page.wait_for_timeout(150)
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
        # Long pages also in readable slices.
        height = page.evaluate("() => document.documentElement.scrollHeight")
        for index, top in enumerate(range(0, height, 1200) if height > 1600 else []):
            clip = {"x": 0, "y": top, "width": PHONE["width"], "height": min(1200, height - top)}
            page.screenshot(path=str(Path(folder) / f"{name}-{index + 1}.png"), full_page=True, clip=clip)
    finally:
        if size:
            page.set_viewport_size(size)


def account_menu_button(page):
    """The header's "Account" button (signed in only): My sessions, Profile, Sharing with clinics,
    Moderation and Partner clinics by role, and Sign out are in the menu it opens."""
    return page.get_by_role("navigation", name="Account").get_by_role("button", name="Account", exact=True)


def open_account_menu(page):
    """Open the header's account menu (if it is not open yet); returns the Account navigation."""
    button = account_menu_button(page)
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    return page.get_by_role("navigation", name="Account")


def put_tokens_in(page, account: Account):
    """Store an account's tokens in the page's origin, as the SPA does after signing in."""
    page.goto("/help")
    page.evaluate(
        """([access, refresh]) => {
            localStorage.setItem("peerway.access_token", access);
            localStorage.setItem("peerway.refresh_token", refresh);
        }""",
        [account.access_token, account.refresh_token],
    )
    return page
