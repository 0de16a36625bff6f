"""EXPLAIN every SQL statement the hot endpoints run, on the national-scale dataset.

    .venv/bin/python bench/explain_hot.py [--database peerway_bench]

Calls each hot endpoint in-process (as the load benchmark's members and clinic do) against the
`peerway_bench` database that `bench/load.py` seeds, captures the statements the app really
sends with their parameters, and runs `EXPLAIN (ANALYZE, BUFFERS)` on every SELECT. It fails
when a plan scans a large table sequentially, and prints each statement's plan root and time.
"""

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
LARGE_TABLES = {"members", "groups", "group_sessions", "rsvps", "memberships", "check_ins", "resources",
                "coaching_plans", "group_topics", "consents", "clinic_patients", "access_log",
                "threads", "posts", "post_reactions", "hidden_content_notes"}  # fmt: skip
BENCH_PASSWORD = "bench-harbour-lantern-2026"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="peerway_bench")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=f"{SERVER}/{args.database}",
        PEERWAY_INSTANCE_PATH="/tmp/peerway-bench-instance",
        RATELIMIT_DEFAULT="10000000 per minute",
        RATELIMIT_AUTH="10000000 per minute",
    )
    from api import create_app

    app = create_app()
    client = app.test_client()
    member = _sign_in(client)
    captured: list[tuple[str, str, dict]] = []
    engine = app.extensions["engine"]

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT") and current[0]:
            captured.append((current[0], statement, parameters))

    current = [None]
    event.listen(engine, "before_cursor_execute", capture)
    for name, path, headers in _hot_requests(client, engine, member):
        current[0] = name
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (
            name,
            response.status_code,
            response.get_data(as_text=True)[:200],
        )
    current[0] = None
    event.remove(engine, "before_cursor_execute", capture)
    return _explain_all(engine, captured)


def _sign_in(client) -> dict:
    body = {"email": "bench700@bench.peerway.test", "password": BENCH_PASSWORD}
    token = client.post("/api/v1/auth/login", json=body).json["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _hot_requests(client, engine, member):
    with engine.connect() as connection:
        plan = connection.execute(
            text("SELECT p.id FROM coaching_plans p JOIN members m ON m.id = p.member_id WHERE m.email = :e"),
            {"e": "bench700@bench.peerway.test"},
        ).scalar()
        group = connection.execute(text("SELECT id FROM groups WHERE visibility = 'public' LIMIT 1")).scalar()
        session = connection.execute(
            text("SELECT id FROM group_sessions WHERE group_id = :g ORDER BY starts_at DESC LIMIT 1"),
            {"g": group},
        ).scalar()
        resource = connection.execute(text("SELECT id FROM resources LIMIT 1")).scalar()
        # A busy group of bench700's (40 threads, see api/bench_seed_conversations.py) and its
        # longest thread.
        talk_group, thread = connection.execute(
            text(
                "SELECT t.group_id, t.id FROM threads t JOIN memberships ms ON ms.group_id = t.group_id "
                "JOIN members m ON m.id = ms.member_id WHERE m.email = :e ORDER BY t.reply_count DESC LIMIT 1"
            ),
            {"e": "bench700@bench.peerway.test"},
        ).one()
    yield "groups: topic + region", "/api/v1/groups?topic=alcohol&region=GB&limit=20", member
    yield "groups: text search", "/api/v1/groups?q=calm+circle&limit=20", member
    yield "group page", f"/api/v1/groups/{group}", member
    yield "group's sessions", f"/api/v1/groups/{group}/sessions", member
    yield "sessions: upcoming", "/api/v1/sessions?limit=20", member
    yield "session page", f"/api/v1/sessions/{session}", member
    yield "my sessions", "/api/v1/members/me/sessions?limit=20", member
    yield "check-ins", f"/api/v1/coaching-plans/{plan}/check-ins?limit=20", member
    yield "progress", f"/api/v1/coaching-plans/{plan}/progress", member
    yield "resources: search", "/api/v1/resources?q=calm&region=GB&limit=20", member
    yield "resource page", f"/api/v1/resources/{resource}", member
    yield "notifications", "/api/v1/members/me/notifications?limit=20", member
    yield "access log", "/api/v1/members/me/access-log?limit=20", member
    yield "threads", f"/api/v1/groups/{talk_group}/threads?limit=20", member
    yield "thread", f"/api/v1/threads/{thread}", member
    yield "thread posts", f"/api/v1/threads/{thread}/posts?limit=20", member


def _explain_all(engine, captured) -> int:
    failures = 0
    with engine.connect() as connection:
        for name, statement, parameters in captured:
            started = time.perf_counter()
            rows = connection.exec_driver_sql(
                f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}", parameters
            )
            elapsed = (time.perf_counter() - started) * 1000
            plan = rows.scalar()
            plan = plan if isinstance(plan, list) else json.loads(plan)
            scans = sorted(_sequential_scans(plan[0]["Plan"]) & LARGE_TABLES)
            root = plan[0]["Plan"]["Node Type"]
            table = _first_table(statement)
            flag = "SEQ SCAN " + ",".join(scans) if scans else "ok"
            failures += bool(scans)
            print(
                f"{name:22} {table:18} {root:24} {plan[0]['Execution Time']:7.2f} ms  ({elapsed:5.1f}) {flag}"
            )
            connection.rollback()
    print(f"\n{len(captured)} statements, {failures} with a sequential scan on a large table")
    return 1 if failures else 0


def _sequential_scans(node: dict) -> set[str]:
    found = (
        {node["Relation Name"]} if node.get("Node Type") == "Seq Scan" and "Relation Name" in node else set()
    )
    for child in node.get("Plans", []):
        found |= _sequential_scans(child)
    return found


def _first_table(statement: str) -> str:
    match = re.search(r"\bFROM\s+(\w+)", statement)
    return match.group(1) if match else "?"


if __name__ == "__main__":
    sys.exit(main())
