"""What each main page of the SPA costs on a first visit: bytes transferred, compressed and not.

    .venv/bin/python bench/transfer_sizes.py [--build] [--dist frontend/dist] [--markdown]
    .venv/bin/python bench/transfer_sizes.py --cpu     # what compressing a 20-item list costs

Serves the built SPA with the API on a local port (as the browser tests do: a throwaway SQLite
database with the demo data), then loads each route in a fresh headless Chromium context (empty
cache, service worker blocked: its precache downloads are not the page's first load), once asking
for gzip and once for no compression (identity), and reports per route the JavaScript, CSS, HTML
and total bytes as transferred (response bodies, encoded) and the number of requests. The group,
coaching and admin pages are loaded signed in as the demo admin. `--build` rebuilds the SPA first
(it is built when missing either way); `--dist` measures another build, e.g. an older one.

`--cpu` instead times the API's 20-item lists in-process (Flask test client, demo data): the CPU
of one request answered without compression, with gzip and with brotli (flask-compress at the
levels in api/config.py), and the bytes sent.
"""

import argparse
import logging
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import api.models  # noqa: E402, F401  (registers every table)
from api import create_app  # noqa: E402
from api.config import TestConfig  # noqa: E402
from api.db import Base  # noqa: E402
from api.demo import DEMO_PASSWORD  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ADMIN = "admin@demo.peerway.test"
# Chromium asks for br (and zstd) on HTTPS and loopback; gzip is what the budgets are set in.
ENCODINGS = {"br": "br", "gzip": "gzip, deflate", "identity": "identity"}
KINDS = {"script": "js", "stylesheet": "css", "document": "html"}


@dataclass
class Transfer:
    """Bytes of one page load by kind (js, css, html, other), and its number of requests."""

    bytes: Counter = field(default_factory=Counter)
    requests: int = 0

    @property
    def total(self) -> int:
        return sum(self.bytes.values())


def build_spa() -> None:
    subprocess.run(["npm", "run", "build"], cwd=REPO / "frontend", check=True)


def demo_app(dist: Path):
    """The app on a throwaway SQLite database holding the demo data."""
    instance = Path(tempfile.mkdtemp(prefix="peerway-transfer-"))
    config = TestConfig(database_url=f"sqlite:///{instance}/bench.sqlite3", instance_path=instance)
    # One local client makes every request: per-address limits would turn the runs into 429s.
    config.RATELIMIT_ENABLED = False
    config.RATELIMIT_VISITOR_READS = "1000000 per minute"
    config.REDIS_URL = None  # this server's own memory, not a shared Redis (as the browser tests)
    config.RATELIMIT_STORAGE_URI = "memory://"
    app = create_app(config)
    app.config["SPA_DIST"] = dist
    Base.metadata.create_all(app.extensions["engine"])
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    if result.exit_code != 0:
        raise SystemExit(f"seed-demo failed: {result.output}")
    return app


def start_server(dist: Path):
    """The API and the built SPA on an ephemeral port, with the demo data."""
    app = demo_app(dist)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("peerway.requests").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def admin_session(base_url: str, request_context) -> dict:
    """The demo admin's tokens, a group id and the storage state a signed-in browser would hold."""
    tokens = request_context.post(
        f"{base_url}/api/v1/auth/login", data={"email": ADMIN, "password": DEMO_PASSWORD}
    ).json()
    groups = request_context.get(f"{base_url}/api/v1/groups?limit=1").json()["items"]
    storage = {
        "cookies": [],
        "origins": [
            {
                "origin": base_url,
                "localStorage": [
                    {"name": "peerway.access_token", "value": tokens["access_token"]},
                    {"name": "peerway.refresh_token", "value": tokens["refresh_token"]},
                ],
            }
        ],
    }
    return {"storage_state": storage, "group_id": groups[0]["id"]}


def routes(group_id: str) -> list[tuple[str, bool]]:
    """(path, signed in) for each main route."""
    return [
        ("/", False),
        ("/sign-in", False),
        ("/sign-up", False),
        ("/groups", False),
        ("/help?region=GB", False),
        ("/resources", False),
        (f"/groups/{group_id}", True),
        ("/coaching", True),
        ("/admin/clinics", True),
    ]


def measure(browser, base_url: str, path: str, accept_encoding: str, storage_state=None) -> Transfer:
    context = browser.new_context(
        base_url=base_url,
        service_workers="block",
        extra_http_headers={"Accept-Encoding": accept_encoding},
        storage_state=storage_state,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(path, wait_until="networkidle")
    page.locator("h1").first.wait_for()
    page.wait_for_load_state("networkidle")
    transfer = Transfer(requests=len(finished))
    for request in finished:
        transfer.bytes[KINDS.get(request.resource_type, "other")] += request.sizes()["responseBodySize"]
    context.close()
    return transfer


def kb(size: int) -> str:
    return f"{size / 1000:.1f}"


def report(results: dict[str, dict[str, Transfer]], markdown: bool) -> None:
    header = ["route", "requests", "JS br", "JS gz", "JS raw", "CSS gz", "CSS raw", "HTML gz", "HTML raw"]
    header += ["total br", "total gz", "total raw"]
    rows = []
    for path, by_encoding in results.items():
        br, gz, raw = by_encoding["br"], by_encoding["gzip"], by_encoding["identity"]
        rows.append(
            [path, str(gz.requests), kb(br.bytes["js"])]
            + [value for kind in ("js", "css", "html") for value in (kb(gz.bytes[kind]), kb(raw.bytes[kind]))]
            + [kb(br.total), kb(gz.total), kb(raw.total)]
        )
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.rjust(width) if i else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
    print("kB (1,000 bytes) of response bodies as transferred.")
    print("br / gz: Accept-Encoding: br / gzip; raw: identity (no compression).")


LISTS = ["/api/v1/groups?limit=20", "/api/v1/sessions?limit=20", "/api/v1/resources?limit=20"]
CPU_ENCODINGS = {"none": "identity", "gzip": "gzip", "br": "br"}


def compression_cpu(rounds: int) -> None:
    """Median CPU of one request per list and encoding, interleaved so drift hits all alike."""
    logging.getLogger("peerway.requests").setLevel(logging.WARNING)
    client = demo_app(REPO / "frontend" / "dist").test_client()
    samples = {(url, name): [] for url in LISTS for name in CPU_ENCODINGS}
    sizes = {}
    for _ in range(rounds):
        for url in LISTS:
            for name, accept in CPU_ENCODINGS.items():
                started = time.process_time()
                response = client.get(url, headers={"Accept-Encoding": accept})
                samples[url, name].append(time.process_time() - started)
                sizes[url, name] = len(response.data)
    print("| list (20 items) | " + " | ".join(f"{name}: ms CPU, kB" for name in CPU_ENCODINGS) + " |")
    print("| --- |" + " ---: |" * len(CPU_ENCODINGS))
    for url in LISTS:
        cells = [
            f"{statistics.median(samples[url, name]) * 1000:.2f}, {sizes[url, name] / 1000:.1f}"
            for name in CPU_ENCODINGS
        ]
        print(f"| `{url}` | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--build", action="store_true", help="rebuild the SPA first")
    parser.add_argument("--dist", type=Path, default=REPO / "frontend" / "dist", help="the build to measure")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--cpu", action="store_true", help="time compressing the API's 20-item lists")
    parser.add_argument("--rounds", type=int, default=300, help="requests per list and encoding (--cpu)")
    args = parser.parse_args()
    if args.cpu:
        compression_cpu(args.rounds)
        return
    dist = args.dist.resolve()
    if args.build or not (dist / "index.html").is_file():
        if dist != (REPO / "frontend" / "dist").resolve():
            raise SystemExit(f"{dist} has no index.html (only frontend/dist is built by this script)")
        build_spa()

    server, base_url = start_server(dist)
    results: dict[str, dict[str, Transfer]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            admin = admin_session(base_url, playwright.request.new_context())
            for path, signed_in in routes(admin["group_id"]):
                storage = admin["storage_state"] if signed_in else None
                results[path] = {
                    name: measure(browser, base_url, path, header, storage)
                    for name, header in ENCODINGS.items()
                }
            browser.close()
    finally:
        server.shutdown()
    report(results, args.markdown)


if __name__ == "__main__":
    main()
