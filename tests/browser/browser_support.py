"""Helpers shared by the browser journeys (a uniquely named module: tests/ has no packages)."""

import json
import urllib.error
import urllib.request
import uuid
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
